"""The bank's coverage: how many resources each pair of facet values has (key stage × subject...).

A resource counts once in every cell its values make (a KS2–KS3 music and dance resource
counts in four cells of key stage × art form). Rows and columns are every term of the
vocabularies, so an empty cell (no KS4 dance) shows as 0 rather than disappearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from ..schema import Schema

Values = Callable[[Mapping[str, Any]], Sequence[str]]


@dataclass(frozen=True)
class CrossTab:
    """Counts of resources per (row term, column term), with every term of both vocabularies."""

    key: str  # e.g. key_stages-subjects, for file names and anchors
    title: str
    row_field: str
    column_field: str
    rows: tuple[tuple[str, str], ...]  # (key, label)
    columns: tuple[tuple[str, str], ...]
    counts: Mapping[tuple[str, str], int]
    row_totals: Mapping[str, int]  # resources with that row value (not the sum of its cells)

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)

    def cells(self) -> list[tuple[str, str, int]]:
        return [(r, c, self.count(r, c)) for r, _ in self.rows for c, _ in self.columns]

    @property
    def crowded_at(self) -> int:
        """The count from which a cell is among the busiest tenth of non-empty cells."""
        filled = sorted((n for _, _, n in self.cells() if n), reverse=True)
        return filled[max(0, len(filled) // 10 - 1)] if filled else 0


def crosstab(resources: Sequence[Mapping[str, Any]], schema: Schema, row_field: str, column_field: str,
             rows_of: Values, columns_of: Values, title: str) -> CrossTab:
    counts: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = {}
    for r in resources:
        row_values, column_values = set(rows_of(r)), set(columns_of(r))
        for a in row_values:
            totals[a] = totals.get(a, 0) + 1
            for b in column_values:
                counts[(a, b)] = counts.get((a, b), 0) + 1

    def terms(field: str) -> tuple[tuple[str, str], ...]:
        vocab = schema.vocabularies[_vocabulary(schema, field)]
        return tuple((t.key, t.label) for t in vocab.terms)

    return CrossTab(f"{row_field}-{column_field}", title, row_field, column_field, terms(row_field),
                    terms(column_field), counts, totals)


def _vocabulary(schema: Schema, field: str) -> str:
    for table in schema.tables():
        f = table.field(field)
        if f is not None and f.vocabulary:
            return f.vocabulary
    raise KeyError(field)


def coverage(resources: Sequence[Mapping[str, Any]], organisations: Mapping[str, Mapping[str, Any]],
             schema: Schema) -> list[CrossTab]:
    """Key stage × subject, key stage × art form and region (the organisation's) × art form."""
    def field(name: str) -> Values:
        return lambda r: r.get(name) or []

    def region(r: Mapping[str, Any]) -> list[str]:
        value = organisations.get(r["organisation"], {}).get("region")
        return [value] if value else []

    def title(a: str, b: str) -> str:
        return f"Resources by {_singular(schema, a)} and {_singular(schema, b)}"

    return [
        crosstab(resources, schema, "key_stages", "subjects", field("key_stages"), field("subjects"),
                 title("key_stages", "subjects")),
        crosstab(resources, schema, "key_stages", "art_forms", field("key_stages"), field("art_forms"),
                 title("key_stages", "art_forms")),
        crosstab(resources, schema, "region", "art_forms", region, field("art_forms"),
                 title("region", "art_forms")),
    ]


def _singular(schema: Schema, field: str) -> str:
    """"Key stages" -> "key stage": the field's title, as one of its values is named."""
    for table in schema.tables():
        f = table.field(field)
        if f is not None:
            return f.title.lower().removesuffix("s")
    return field
