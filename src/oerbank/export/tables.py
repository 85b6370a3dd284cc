"""The tables every data file is cut from: columns, Frictionless descriptors and row streams.

CSV, JSON and SQLite all read these, so the files can't drift apart, and every column comes
from load_schema() plus a few columns the build adds (the description, the page on the site,
the Git dates and the source file). Rows are produced one record at a time, in id order, so
no writer ever holds a second copy of the catalogue.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..curriculum import NATIONS, load_curriculum
from ..githistory import CHANGES, change_rows, history_for
from ..insight.similar import THRESHOLD, Similar, near_duplicates
from ..load import Catalogue, Record
from ..schema import Field, Schema, Table, Vocabulary, load_schema

Dates = dict[str, tuple[str | None, str | None]]

FORMULA_NOTE = ("In the CSV files, a text cell that would start with =, +, -, @, a tab or a carriage return "
                "(optionally after apostrophes) gets one apostrophe (') put in front, so spreadsheets "
                "show it as text instead of running it as a formula. To get the original value, remove "
                "one leading apostrophe from such cells. The JSON and SQLite files hold the values unchanged.")


def _extra(name: str, type_: str, title: str, description: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, "title": title, "description": description, **more}


def _dates_fields(kind: str) -> list[dict[str, Any]]:
    return [
        _extra("first_published", "date", "First published",
               f"When the {kind}'s file was first committed to the catalogue (from Git history; "
               "empty if not known)."),
        _extra("last_updated", "date", "Last updated",
               f"When the {kind}'s file was last changed in the catalogue (from Git history; "
               "empty if not known)."),
    ]


def added_fields(table: Table) -> list[dict[str, Any]]:
    """Columns the build adds after the schema's fields, as Table Schema field descriptors."""
    kind = table.name[:-1]
    fields: list[dict[str, Any]] = []
    if table.name == "resources":
        fields.append(_extra("description", "string", "Description",
                             "The longer description in Markdown: the text below the front matter."))
    fields.append(_extra("page_url", "string", "Catalogue page", f"The {kind}'s page on the catalogue website.",
                         format="uri", constraints={"required": True}))
    fields.extend(_dates_fields(kind))
    fields.append(_extra("path", "string", "Source file",
                         "The record's file in the catalogue repository, relative to its root.",
                         constraints={"required": True}))
    return fields


def linked_vocabulary(schema: Schema, f: Field) -> Vocabulary | None:
    """The vocabulary of a one-value field whose terms link to a page defining them (the licence).

    Such a field gets its term's label and link in columns right beside its key, so a reader of
    resources.csv or resources.json knows what a key means without joining vocabularies.csv.
    """
    vocabulary = schema.vocabulary_for(f)
    if f.is_list or vocabulary is None or not any(t.extra.get("url") for t in vocabulary.terms):
        return None
    return vocabulary


def term_fields(f: Field, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """The label and link columns that follow field `f`'s key, as Table Schema field descriptors."""
    what = f.title.lower()
    required = {"constraints": {"required": True}} if f.required else {}
    return [
        _extra(f"{f.name}_label", "string", f"{f.title} name",
               f"The {what}'s name, from the {vocabulary.title.lower()} vocabulary (the label of "
               f"{f.name} in vocabularies.csv).", **required),
        _extra(f"{f.name}_url", "string", f"{f.title} link",
               f"The page that sets out the {what}'s terms; empty where there is none.", format="uri"),
    ]


@dataclass(frozen=True)
class DumpTable:
    """One table of the dumps: its columns (in file order) and a fresh stream of rows."""

    name: str
    descriptor: dict[str, Any]  # a Frictionless resource, without path, format or stats
    columns: list[str]
    list_columns: frozenset[str]
    rows: Callable[[], Iterator[list[Any]]]


class Source:
    """The catalogue as the dumps see it: records in id order, with dates and page URLs.

    A record's id in the data is its permanent id (the one it was first published under, kept
    through renames; see githistory); its page_url is where its page is now.
    """

    def __init__(self, catalogue: Catalogue, dates: Dates | None, site_url: str,
                 schema: Schema | None = None) -> None:
        self.schema = schema or load_schema()
        self.site_url = site_url if site_url.endswith("/") or not site_url else site_url + "/"
        self.dates = dates or {}
        self.history = history_for(dates, catalogue)
        self.renamed = bool(self.history.ids)
        self.organisations = sorted(catalogue.organisations, key=self.id)
        self.resources = sorted(catalogue.resources, key=self.id)
        self._org_by_id = {o.id: o for o in self.organisations}
        self._org_pid = {o.id: self.id(o) for o in self.organisations}
        self._kind_cache: dict[str, list[tuple[str, str, Vocabulary | None]]] = {}

    def id(self, record: Record) -> str:
        """The record's permanent id."""
        return self.history.permanent_id(record.path, record.id)

    def organisation_id(self, org_id: str) -> str:
        """The permanent id of the organisation known by `org_id` now."""
        return self._org_pid.get(org_id, org_id)

    def records(self, table: Table) -> list[Record]:
        return self.organisations if table.name == "organisations" else self.resources

    def organisation(self, org_id: str) -> Record | None:
        return self._org_by_id.get(org_id)

    def page_url(self, table: Table, record: Record) -> str:
        return f"{self.site_url}{table.name}/{record.id}/"

    def row(self, table: Table, record: Record) -> list[Any]:
        """The record's values in column order: lists stay lists, integers stay integers."""
        data = record.data
        kinds = self._kinds(table)
        row = [_value(kind, data.get(name), vocabulary) for name, kind, vocabulary in kinds]
        if self.renamed:
            columns = [name for name, _, _ in kinds]  # a field's own column comes before its label and url
            row[columns.index("id")] = self.id(record)
            if table.name == "resources":
                at = columns.index("organisation")
                row[at] = self.organisation_id(row[at]) if row[at] else row[at]
        if table.name == "resources":
            row.append(data.get("body") or None)
        first, last = self.dates.get(record.path, (None, None))
        row.extend([self.page_url(table, record), first, last, record.path])
        return row

    def _kinds(self, table: Table) -> list[tuple[str, str, Vocabulary | None]]:
        """(field, kind of column, vocabulary) per column; a linked vocabulary adds label and url."""
        kinds = self._kind_cache.get(table.name)
        if kinds is None:
            kinds = []
            for f in table.fields:
                kinds.append((f.name, "list" if f.is_list else "integer" if f.type == "integer" else "text", None))
                vocabulary = linked_vocabulary(self.schema, f)
                if vocabulary is not None:
                    kinds += [(f.name, "label", vocabulary), (f.name, "url", vocabulary)]
            self._kind_cache[table.name] = kinds
        return kinds


def _value(kind: str, value: Any, vocabulary: Vocabulary | None = None) -> Any:
    if vocabulary is not None:
        term = vocabulary.term(value) if value else None
        if term is None:
            return None
        return term.label if kind == "label" else term.extra.get("url") or None
    if kind == "list":
        return [v if type(v) is str else str(v) for v in value] if value else []
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(value)
    return value if type(value) is str else str(value)


def main_table(source: Source, table: Table) -> DumpTable:
    descriptor = source.schema.table_descriptor(table, with_lists=True)
    fields = []
    for f, fd in zip(table.fields, descriptor["schema"]["fields"], strict=False):
        fields.append(fd)
        vocabulary = linked_vocabulary(source.schema, f)
        if vocabulary is not None:
            fields += term_fields(f, vocabulary)
    descriptor["schema"]["fields"] = fields + added_fields(table)
    columns = [fd["name"] for fd in descriptor["schema"]["fields"]]
    records = source.records(table)
    return DumpTable(
        name=table.name, descriptor=descriptor, columns=columns,
        list_columns=frozenset(f.name for f in table.list_fields),
        rows=lambda: (source.row(table, r) for r in records),
    )


def long_table(source: Source, table: Table, f: Field) -> DumpTable:
    """One row per record and value, in the order the contributor listed the values."""
    descriptor = source.schema.long_table_descriptor(table, f)
    if f.vocabulary == "curriculum":
        descriptor["schema"]["foreignKeys"].append({"fields": [f.item_name],
                                                    "reference": {"resource": "curriculum", "fields": ["id"]}})
    key = descriptor["schema"]["fields"][0]
    key["title"] = f"{table.title[:-1]} identifier"
    key["description"] = f"The {table.name[:-1]}'s id in {table.name}.csv."
    columns = [fd["name"] for fd in descriptor["schema"]["fields"]]
    records = source.records(table)

    def rows() -> Iterator[list[Any]]:
        for r in records:
            rid = source.id(r)
            for value in r.data.get(f.name) or []:
                yield [rid, str(value)]

    return DumpTable(descriptor["name"], descriptor, columns, frozenset(), rows)


def curriculum_table(source: Source) -> DumpTable:
    """Every curriculum statement records may link to, from the curriculum vocabularies."""
    curriculum = load_curriculum()
    nations = list(NATIONS)

    def rows() -> Iterator[list[Any]]:
        for fw in curriculum.frameworks:
            for s in fw.statements:
                yield [s.id, fw.id, s.nation, "; ".join(curriculum.stage_labels(s)), list(s.key_stages),
                       s.subject, s.code, s.wording, s.uri, f"{fw.source} ({fw.version}; {fw.licence})"]

    req: dict[str, Any] = {"constraints": {"required": True}}
    descriptor: dict[str, Any] = {
        "name": "curriculum",
        "title": "Curriculum statements",
        "description": ("The statements of the curricula of England, Scotland, Wales and Northern Ireland that "
                        "resources link to (resource_curriculum.csv): content descriptors, experiences and "
                        "outcomes, statements of what matters and subject strands, each with its source."),
        "schema": {
            "fields": [
                _extra("id", "string", "Identifier", "The statement's id, as records write it (England's are the "
                       "ids of Oak National Academy's curriculum ontology).", **req),
                _extra("framework", "string", "Framework", "The curriculum it belongs to.", **req),
                _extra("nation", "string", "Nation", "Where that curriculum is taught.",
                       constraints={"required": True, "enum": nations}),
                _extra("stage", "string", "Stage", "The framework's stages it is taught at (key stages, CfE "
                       "levels, progression steps), joined with '; '.", **req),
                _extra("key_stages", "list", "Key stages", "The catalogue's key stages these stages match "
                       "(keys of the key_stages vocabulary), joined with ';'.", delimiter=";", itemType="string"),
                _extra("subject", "string", "Subject", "Its subject (a key of the subjects vocabulary); empty for "
                       "statements of a whole area of learning."),
                _extra("code", "string", "Code", "Its official code, where it has one (EXA 3-16a)."),
                _extra("wording", "string", "Wording", "The statement's exact wording.", **req),
                _extra("uri", "string", "Official statement", "Where the statement is published.", format="uri",
                       **req),
                _extra("source", "string", "Source", "Where the vocabulary was taken from, its version and "
                       "licence.", **req),
            ],
            "primaryKey": ["id"],
        },
    }
    columns = [fd["name"] for fd in descriptor["schema"]["fields"]]
    return DumpTable("curriculum", descriptor, columns, frozenset({"key_stages"}), rows)


VOCABULARY_COLUMNS = ["field", "key", "label", "definition", "url"]


def vocabulary_table(source: Source) -> DumpTable:
    """Every allowed value of every vocabulary field, keyed by (field, key)."""
    schema = source.schema
    uses = [(t, f) for t in schema.tables() for f in t.fields if f.vocabulary]

    def rows() -> Iterator[list[Any]]:
        for _, f in uses:
            vocab = schema.vocabulary_for(f)
            assert vocab is not None
            for term in vocab.terms:
                yield [f.name, term.key, term.label, term.definition, term.extra.get("url") or None]

    descriptor = {
        "name": "vocabularies",
        "title": "Vocabularies",
        "description": "The allowed values of every vocabulary field, with their labels and definitions.",
        "schema": {
            "fields": [
                _extra("field", "string", "Field", "The column that takes these values (in organisations.csv, "
                       "resources.csv or a long table).", constraints={"required": True,
                                                                      "enum": [f.name for _, f in uses]}),
                _extra("key", "string", "Key", "The value as it appears in the data.", constraints={"required": True}),
                _extra("label", "string", "Label", "A short human-readable name.", constraints={"required": True}),
                _extra("definition", "string", "Definition", "What the value means.", constraints={"required": True}),
                _extra("url", "string", "Link", "A page defining the value, where there is one (licences).",
                       format="uri"),
            ],
            "primaryKey": ["field", "key"],
        },
    }
    return DumpTable("vocabularies", descriptor, list(VOCABULARY_COLUMNS), frozenset(), rows)


def changes_table(source: Source) -> DumpTable:
    """What changed in the catalogue and when, from the same pass over Git history as the dates."""
    schema = source.schema
    descriptor = copy.deepcopy(next(r for r in schema.descriptor["resources"] if r["name"] == "changes"))
    allowed = {"change": list(CHANGES), "record_type": [t.name[:-1] for t in schema.tables()]}
    for fd in descriptor["schema"]["fields"]:
        if fd["name"] in allowed:
            fd["constraints"]["enum"] = allowed[fd["name"]]
    columns = [fd["name"] for fd in descriptor["schema"]["fields"]]
    history = source.history
    return DumpTable("changes", descriptor, columns, frozenset(),
                     lambda: (list(row) for row in change_rows(history)))


def similar_table(source: Source, pairs: Sequence[Similar]) -> DumpTable:
    """Near-duplicates across organisations (oerbank.insight.similar), by permanent id."""
    descriptor = copy.deepcopy(next(r for r in source.schema.descriptor["resources"]
                                    if r["name"] == "similar_resources"))
    descriptor["description"] += (f" Two resources are listed when the cosine of their word vectors is at least "
                                  f"{THRESHOLD}.")
    columns = [fd["name"] for fd in descriptor["schema"]["fields"]]
    permanent = {r.id: source.id(r) for r in source.resources}

    def rows() -> Iterator[list[Any]]:
        found = [sorted((permanent.get(p.a, p.a), permanent.get(p.b, p.b))) + [p.score] for p in pairs]
        yield from sorted(found)

    return DumpTable("similar_resources", descriptor, columns, frozenset(), rows)


def dump_tables(source: Source, similar: Sequence[Similar] | None = None) -> list[DumpTable]:
    """Every table, parents before children (the order SQLite's foreign keys need).

    `similar`: the near-duplicates, if the build has found them already (else found here).
    """
    out: list[DumpTable] = []
    for table in source.schema.tables():
        out.append(main_table(source, table))
    out.append(curriculum_table(source))
    for table in source.schema.tables():
        for f in table.list_fields:
            out.append(long_table(source, table, f))
    out.append(vocabulary_table(source))
    out.append(changes_table(source))
    if similar is None:
        similar = near_duplicates([r.data for r in source.resources])
    out.append(similar_table(source, similar))
    return out
