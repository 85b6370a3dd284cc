"""The insight CSV files (insight/*.csv on the site), written with the data files' CSV writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from ..export.csvfiles import write_csv
from ..export.tables import DumpTable
from ..schema import Schema
from . import Insight
from .organisations import recommended_fields

FOLDER = "insight"


def _table(name: str, columns: list[str], rows: Callable[[], Iterator[list[Any]]]) -> DumpTable:
    return DumpTable(name, {"name": name}, columns, frozenset(), rows)


def coverage_table(insight: Insight) -> DumpTable:
    """One row per cell of every coverage table: two facet values and how many resources have both."""
    def rows() -> Iterator[list[Any]]:
        for tab in insight.coverage:
            rows_ = dict(tab.rows)
            cols = dict(tab.columns)
            for r, c, n in tab.cells():
                yield [tab.key, tab.row_field, r, rows_[r], tab.column_field, c, cols[c], n]
    return _table("coverage", ["table", "row_field", "row_key", "row_label", "column_field", "column_key",
                               "column_label", "resources"], rows)


def organisations_table(insight: Insight, names: Mapping[str, str], schema: Schema) -> DumpTable:
    """One row per organisation: its share of the catalogue and of each kind of place, what only it
    offers, freshness, completeness of each recommended field, link health and near-duplicates."""
    recommended = recommended_fields(schema)
    similar: dict[str, int] = {}
    for p in insight.similar:
        for rid in (p.a, p.b):
            org = rid.split("/", 1)[0]
            similar[org] = similar.get(org, 0) + 1
    places = insight.exposure
    columns = (["organisation_id", "name", "resources"] + [f"{p.key}_share" for p in places]
               + ["only_here_combinations", "overlaps_most_with", "last_updated", "median_last_updated",
                  "oldest_last_updated"] + [f"{f}_filled" for f in recommended]
               + ["links_checked", "links_broken", "similar_elsewhere"])

    def rows() -> Iterator[list[Any]]:
        for o in insight.organisations:
            yield ([o.id, names.get(o.id, o.id), o.resources] + [round(p.share(o.id), 4) for p in places]
                   + [len(o.only_here), o.overlaps[0].organisation if o.overlaps else None,
                      o.freshness.newest or None, o.freshness.median or None, o.freshness.oldest or None]
                   + [n for _, n in o.completeness] + [o.links.checked, o.links.broken, similar.get(o.id, 0)])
    return _table("organisations", columns, rows)


def write_insight_files(insight: Insight, names: Mapping[str, str], schema: Schema, site: Path) -> list[Path]:
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(coverage_table(insight), folder / "coverage.csv"),
            write_csv(organisations_table(insight, names, schema), folder / "organisations.csv")]
