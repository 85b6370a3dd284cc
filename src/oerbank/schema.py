"""The catalogue's single source of truth: the data package descriptor plus the vocabularies.

Everything that needs to know the fields or their allowed values (validation, the data dumps,
the editor JSON Schema, the field reference, the issue form, the spreadsheet template) asks
this module, so no list of allowed values is ever written twice.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources as importlib_resources
from typing import Any

import yaml

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    definition: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    description: str
    terms: tuple[Term, ...]
    # Anything else the file says at its top level (stages.yml: the nations).
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def keys(self) -> list[str]:
        return [t.key for t in self.terms]

    @cached_property
    def _by_key(self) -> dict[str, Term]:
        return {t.key: t for t in self.terms}

    def term(self, key: str) -> Term | None:
        return self._by_key.get(key)

    def label(self, key: str) -> str:
        term = self.term(key)
        return term.label if term else key


@dataclass(frozen=True)
class Field:
    """One field of a record, as contributors write it."""

    name: str
    type: str  # string, integer, date or list
    title: str
    description: str
    required: bool = False
    recommended: bool = False
    derived: bool = False
    vocabulary: str | None = None
    format: str | None = None
    url_kind: str | None = None  # "web" (http or https), "image" or "https" (https only)
    markdown: bool = False
    max_length: int | None = None
    max_items: int | None = None
    pattern: str | None = None
    minimum: int | None = None
    maximum: int | None = None
    unique: bool = False
    item_pattern: str | None = None
    item_max_length: int | None = None
    default: Any = None
    example: Any = None

    @property
    def is_list(self) -> bool:
        return self.type == "list"

    @property
    def https_only(self) -> bool:
        """A link that must be https: pictures (the page would be mixed content) and the links an organisation lists."""
        return self.url_kind in ("image", "https")

    @property
    def item_name(self) -> str:
        return self.name[:-1] if self.name.endswith("s") else self.name


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    key_name: str  # what the long tables call this table's id column

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def contributed(self) -> tuple[Field, ...]:
        """Fields a contributor may write (the id comes from the file's path)."""
        return tuple(f for f in self.fields if not f.derived)

    @property
    def list_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_list)

    @property
    def scalar_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_list)


@dataclass(frozen=True)
class Schema:
    descriptor: dict[str, Any]
    organisations: Table
    resources: Table
    vocabularies: dict[str, Vocabulary]

    def table(self, name: str) -> Table:
        return {"organisations": self.organisations, "resources": self.resources}[name]

    def vocabulary_for(self, f: Field) -> Vocabulary | None:
        return self.vocabularies.get(f.vocabulary) if f.vocabulary else None

    def long_table_name(self, table: Table, f: Field) -> str:
        return f"{table.key_name.removesuffix('_id')}_{f.name}"

    # --- Frictionless descriptors -------------------------------------------------------

    def field_descriptor(self, f: Field) -> dict[str, Any]:
        """A Table Schema field, with the vocabulary's keys as its enum."""
        d: dict[str, Any] = {"name": f.name, "title": f.title, "description": f.description}
        constraints: dict[str, Any] = {}
        if f.is_list:
            d["type"] = "list"
            d["itemType"] = "string"
            d["delimiter"] = LIST_SEPARATOR
            d["description"] += (f" Several values are joined with '{LIST_SEPARATOR}'; "
                                 "see the long table for one row per value.")
        else:
            d["type"] = f.type
            if f.format:
                d["format"] = f.format
            if f.required:
                constraints["required"] = True
            vocab = self.vocabulary_for(f)
            if vocab:
                constraints["enum"] = vocab.keys
            if f.max_length:
                constraints["maxLength"] = f.max_length
            if f.pattern:
                constraints["pattern"] = f.pattern
            if f.minimum is not None:
                constraints["minimum"] = f.minimum
            if f.maximum is not None:
                constraints["maximum"] = f.maximum
            if f.unique:
                constraints["unique"] = True
        if constraints:
            d["constraints"] = constraints
        return d

    def long_table_descriptor(self, table: Table, f: Field) -> dict[str, Any]:
        """One row per value of a multi-valued field, so researchers can join and count."""
        item: dict[str, Any] = {"name": f.item_name, "type": "string", "title": f.title,
                                "description": f.description, "constraints": {"required": True}}
        vocab = self.vocabulary_for(f)
        if vocab:
            item["constraints"]["enum"] = vocab.keys
        if f.item_pattern:
            item["constraints"]["pattern"] = f.item_pattern
        if f.item_max_length:
            item["constraints"]["maxLength"] = f.item_max_length
        return {
            "name": self.long_table_name(table, f),
            "title": f"{table.title}: {f.title.lower()}",
            "description": f"One row per {table.name[:-1]} and {f.item_name.replace('_', ' ')}.",
            "schema": {
                "fields": [
                    {"name": table.key_name, "type": "string", "constraints": {"required": True}},
                    item,
                ],
                "primaryKey": [table.key_name, f.item_name],
                "foreignKeys": [{"fields": [table.key_name],
                                 "reference": {"resource": table.name, "fields": ["id"]}}],
            },
        }

    def table_descriptor(self, table: Table, with_lists: bool) -> dict[str, Any]:
        raw = next(r for r in self.descriptor["resources"] if r["name"] == table.name)
        fields = [self.field_descriptor(f) for f in table.fields if with_lists or not f.is_list]
        schema: dict[str, Any] = {"fields": fields, "primaryKey": raw["schema"]["primaryKey"]}
        if "foreignKeys" in raw["schema"]:
            schema["foreignKeys"] = copy.deepcopy(raw["schema"]["foreignKeys"])
        return {"name": table.name, "title": table.title, "description": table.description, "schema": schema}

    def tables(self) -> list[Table]:
        return [self.organisations, self.resources]


def _table(raw: dict[str, Any], key_name: str) -> Table:
    fields = []
    for fd in raw["schema"]["fields"]:
        c = fd.get("constraints", {})
        item = fd.get("x-item", {})
        fields.append(Field(
            name=fd["name"], type=fd["type"], title=fd.get("title", fd["name"]),
            description=fd.get("description", ""), required=bool(c.get("required")),
            recommended=bool(fd.get("x-recommended")), derived=bool(fd.get("x-derived")),
            vocabulary=fd.get("x-vocabulary"), format=fd.get("format"), url_kind=fd.get("x-url"),
            markdown=bool(fd.get("x-markdown")), max_length=c.get("maxLength"),
            max_items=c.get("maxItems"), pattern=c.get("pattern"), minimum=c.get("minimum"),
            maximum=c.get("maximum"), unique=bool(c.get("unique")), item_pattern=item.get("pattern"),
            item_max_length=item.get("maxLength"), default=fd.get("x-default"),
            example=fd.get("x-example"),
        ))
    return Table(name=raw["name"], title=raw.get("title", raw["name"]),
                 description=raw.get("description", ""), fields=tuple(fields), key_name=key_name)


def _read(name: str) -> str:
    return importlib_resources.files("oerbank").joinpath("schema", name).read_text(encoding="utf-8")


def _curriculum_vocabulary() -> Vocabulary:
    """The curriculum statements of the four nations as one vocabulary of ids (see curriculum.py)."""
    from .curriculum import load_curriculum

    curriculum = load_curriculum()
    terms = []
    for s in curriculum.statements:
        fw = curriculum.framework(s.framework)
        where = f"{fw.title} ({fw.nation_label}), {', '.join(curriculum.stage_labels(s))}"
        code = f" ({s.code})" if s.code else ""
        # The id is the label: the web form and spreadsheet offer ids, which are unique and have no ", "
        # (the separator of several answers); the wording is in the definition.
        terms.append(Term(key=s.id, label=s.id, definition=f"{where}{code}: {s.wording}",
                          extra={"url": s.uri, "nation": s.nation, "framework": s.framework}))
    return Vocabulary("curriculum", "Curriculum statement",
                      "Statements of the curricula of England, Scotland, Wales and Northern Ireland.", tuple(terms))


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read the descriptor and vocabularies shipped with the package (once per process)."""
    descriptor = json.loads(_read("datapackage.json"))
    vocabularies: dict[str, Vocabulary] = {}
    folder = importlib_resources.files("oerbank").joinpath("schema", "vocabularies")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yml"):
            continue
        raw = yaml.safe_load(entry.read_text(encoding="utf-8"))
        name = entry.name[:-4]
        terms = tuple(
            Term(key=str(v["key"]), label=v["label"], definition=v["definition"],
                 extra={k: x for k, x in v.items() if k not in ("key", "label", "definition")})
            for v in raw["values"]
        )
        meta = {k: x for k, x in raw.items() if k not in ("title", "description", "values")}
        vocabularies[name] = Vocabulary(name, raw["title"], raw["description"], terms, meta)
    vocabularies["curriculum"] = _curriculum_vocabulary()
    by_name = {r["name"]: r for r in descriptor["resources"]}
    return Schema(
        descriptor=descriptor,
        organisations=_table(by_name["organisations"], "organisation_id"),
        resources=_table(by_name["resources"], "resource_id"),
        vocabularies=vocabularies,
    )
