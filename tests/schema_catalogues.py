"""Hypothesis strategies for small catalogues drawn from the schema, written as contributors write them.

Every field, its type, pattern, limits and allowed values come from load_schema() (the data
package descriptor and the vocabularies), so a field or value added to the schema is generated
without touching this file. Each optional field is absent from every record, filled in some
(sparse) or filled in all of them, chosen once per catalogue, so catalogues where nobody uses a
field (as in real ones) turn up as often as ones where everybody does.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from catalogues import write_files
from oerbank.load import SLUG
from oerbank.schema import Field, Table, load_schema

SCHEMA = load_schema()
MODES = ("absent", "sparse", "everywhere")
BODY = "body"  # a resource's Markdown description, below its front matter


def folder_fields(table: Table) -> set[str]:
    """Fields the catalogue fills from a record's folder (the foreign keys): optional to write."""
    raw = next(r for r in SCHEMA.descriptor["resources"] if r["name"] == table.name)
    return {name for fk in raw["schema"].get("foreignKeys", []) for name in fk["fields"]}


def optional_fields(table: Table) -> list[str]:
    """Fields a contributor may leave out of a record, by the schema."""
    by_folder = folder_fields(table)
    return [f.name for f in table.contributed if not f.required or f.name in by_folder]


# Plain words most of the time, with the characters that need escaping; sometimes any printable text.
_plain = st.text(string.ascii_letters + string.digits + "éøß&<>'\"-", min_size=1, max_size=10)
_any = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=10)
# Words that have broken text handling elsewhere: punctuation only, combining marks, case folds that grow.
_tricky = st.sampled_from(["-", "&", "!!!", "<3", "🎨", "١٢٣", "ﬁ", "İstanbul", "STRASSE", "e\u0301", "..."])
_words = st.lists(st.one_of(_plain, _plain, _plain, _any, _tricky), min_size=1, max_size=6).map(" ".join)


def _text(limit: int | None) -> st.SearchStrategy[str]:
    return _words.map(lambda s: s[:limit] if limit else s).filter(lambda s: s.strip())


def _pattern(pattern: str, limit: int | None) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True).filter(lambda s: not limit or len(s) <= limit)


def value(table: Table, f: Field, n: int, folder: str) -> st.SearchStrategy[Any]:
    """A value of field `f` for the n-th record of `table`, within the schema's limits."""
    vocabulary = SCHEMA.vocabulary_for(f)
    if f.name in folder_fields(table):
        return st.just(folder)
    if vocabulary is not None:
        keys = st.sampled_from(vocabulary.keys)
        return st.lists(keys, min_size=1, max_size=min(3, f.max_items or 3), unique=True) if f.is_list else keys
    if f.is_list:
        item = _pattern(f.item_pattern, f.item_max_length) if f.item_pattern else _text(f.item_max_length)
        return st.lists(item, min_size=1, max_size=min(3, f.max_items or 3), unique=True)
    if f.type == "integer":
        return st.integers(f.minimum if f.minimum is not None else 0, f.maximum if f.maximum is not None else 10**6)
    if f.type == "date":
        return st.dates(date(2000, 1, 1), date(2025, 12, 31))
    if f.url_kind:
        schemes = ["https"] if f.url_kind == "image" else ["https", "http"]
        # Each record's own address: the schema wants resource links unique.
        return st.sampled_from(schemes).map(lambda s: f"{s}://{folder}.example/{table.name}/{f.name}/{n}")
    if f.format == "email":
        return st.just(f"learning{n}@{folder}.example")
    if f.pattern:
        return _pattern(f.pattern, f.max_length)
    return _text(min(f.max_length or 120, 120))


@dataclass
class Generated:
    """A catalogue as files, and which optional field was absent, sparse or everywhere."""

    files: dict[str, str]
    modes: dict[str, str] = field(default_factory=dict)
    resource_ids: list[str] = field(default_factory=list)
    organisation_ids: list[str] = field(default_factory=list)

    def write(self, root: Path) -> Path:
        (root / "organisations").mkdir(parents=True, exist_ok=True)
        (root / "resources").mkdir(parents=True, exist_ok=True)
        write_files(root, self.files)
        return root


def _record(draw: st.DrawFn, table: Table, modes: dict[str, str], n: int, folder: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for f in table.contributed:
        mode = modes.get(f"{table.name}.{f.name}", "everywhere")
        if mode == "absent" or (mode == "sparse" and not draw(st.booleans())):
            continue
        data[f.name] = draw(value(table, f, n, folder))
    return data


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


@st.composite
def catalogues(draw: st.DrawFn, max_organisations: int = 3, max_resources: int = 6) -> Generated:
    """A small catalogue: 1 to 3 organisations, 0 to 6 resources spread among them."""
    orgs, res = SCHEMA.organisations, SCHEMA.resources
    optional = [f"organisations.{n}" for n in optional_fields(orgs)] + \
               [f"resources.{n}" for n in optional_fields(res) + [BODY]]
    modes = {name: draw(st.sampled_from(MODES)) for name in optional}
    # "index" is the name MkDocs gives a folder's own page: a record may still be called that.
    org_id = st.one_of(_pattern(orgs.field("id").pattern, 20), st.just("index"))
    org_ids = draw(st.lists(org_id, min_size=1, max_size=max_organisations, unique=True))
    slugs: set[str] = set()
    out = Generated(files={}, modes=modes, organisation_ids=org_ids)
    for n, org_id in enumerate(org_ids):
        out.files[f"organisations/{org_id}.yml"] = _dump(_record(draw, orgs, modes, n, org_id))
    for n in range(draw(st.integers(0, max_resources))):
        org_id = draw(st.sampled_from(org_ids))
        slug = draw(st.one_of(_pattern(SLUG.pattern, 20), st.just("index")))
        slug = slug if f"{org_id}/{slug}" not in slugs else f"{slug}-{n}"
        slugs.add(f"{org_id}/{slug}")
        front = _record(draw, res, modes, n, org_id)
        body_mode = modes[f"resources.{BODY}"]
        body = draw(_text(400)) if body_mode == "everywhere" or (body_mode == "sparse" and draw(st.booleans())) else ""
        out.files[f"resources/{org_id}/{slug}.md"] = f"---\n{_dump(front)}---\n{body}\n" if body else f"---\n{_dump(front)}---\n"
        out.resource_ids.append(f"{org_id}/{slug}")
    return out
