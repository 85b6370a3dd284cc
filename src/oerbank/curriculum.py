"""The four nations' curriculum vocabularies: frameworks, their stages, and the statements records link to.

One YAML file per framework in `schema/vocabularies/curriculum/` is the single source: validation,
the `curriculum` field's allowed ids, the field reference, the pages, the coverage pages, the
open data's `curriculum` table and the suggestions all read them through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from collections.abc import Callable, Iterable
from typing import Any

import yaml

NATIONS: dict[str, str] = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern-ireland": "Northern Ireland",
}
HEADER_KEYS = ("source", "version", "licence", "date")


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    ages: tuple[int, int]
    key_stages: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """One thing a record can say it teaches: a content descriptor, outcome, statement or strand."""

    id: str
    framework: str
    nation: str
    kind: str
    stages: tuple[str, ...]
    key_stages: tuple[str, ...]
    subject: str | None
    subjects: tuple[str, ...]
    code: str | None
    wording: str
    uri: str

    @property
    def slug(self) -> str:
        """The statement's page address under /curriculum/: its id with the prefix's colon made a slash."""
        prefix, _, rest = self.id.partition(":")
        return f"{prefix}/{rest}"


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    nation: str
    source: str
    source_url: str
    version: str
    licence: str
    licence_url: str
    attribution: str
    date: str
    notes: str
    stages: tuple[Stage, ...]
    statements: tuple[Statement, ...]

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def nation_label(self) -> str:
        return NATIONS[self.nation]


@dataclass(frozen=True, eq=False)  # hashed by identity: the caches keyed on it would hash every statement
class Curriculum:
    frameworks: tuple[Framework, ...]

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for f in self.frameworks for s in f.statements)

    def statement(self, statement_id: str) -> Statement | None:
        return _index(self).get(statement_id)

    def framework(self, framework_id: str) -> Framework:
        return next(f for f in self.frameworks if f.id == framework_id)

    def for_nation(self, nation: str) -> tuple[Framework, ...]:
        return tuple(f for f in self.frameworks if f.nation == nation)

    def stage_labels(self, s: Statement) -> list[str]:
        fw = self.framework(s.framework)
        return [st.label if (st := fw.stage(x)) else x for x in s.stages]


@lru_cache(maxsize=4)
def _index(curriculum: Curriculum) -> dict[str, Statement]:
    return {s.id: s for s in curriculum.statements}


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement(
        id=str(raw["id"]), framework=str(raw["framework"]), nation=str(raw["nation"]), kind=str(raw["kind"]),
        stages=tuple(raw["stages"]), key_stages=tuple(raw["key_stages"]), subject=raw.get("subject"),
        subjects=tuple(raw.get("subjects") or ()), code=raw.get("code"), wording=" ".join(str(raw["wording"]).split()),
        uri=str(raw["uri"]),
    )


def _framework(raw: dict[str, Any]) -> Framework:
    missing = [k for k in HEADER_KEYS if not raw.get(k)]
    if missing:
        raise ValueError(f"curriculum vocabulary {raw.get('framework')!r} lacks {', '.join(missing)}")
    return Framework(
        id=raw["framework"], title=raw["title"], nation=raw["nation"], source=raw["source"],
        source_url=raw.get("source_url", ""), version=str(raw["version"]), licence=raw["licence"],
        licence_url=raw.get("licence_url", ""), attribution=raw.get("attribution", ""), date=str(raw["date"]),
        notes=" ".join(str(raw.get("notes", "")).split()),
        stages=tuple(Stage(id=s["id"], label=s["label"], ages=(s["ages"][0], s["ages"][1]),
                           key_stages=tuple(s["key_stages"])) for s in raw["stages"]),
        statements=tuple(_statement(e) for e in raw["entries"]),
    )


def read_files() -> dict[str, dict[str, Any]]:
    """The vocabulary files as written, by file name (england.yml, ...)."""
    folder = importlib_resources.files("oerbank").joinpath("schema", "vocabularies", "curriculum")
    return {entry.name: yaml.safe_load(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name) if entry.name.endswith(".yml")}


@lru_cache(maxsize=1)
def load_curriculum() -> Curriculum:
    """Every framework, nations in the order of NATIONS (England first)."""
    frameworks = [_framework(raw) for raw in read_files().values()]
    frameworks.sort(key=lambda f: list(NATIONS).index(f.nation))
    return Curriculum(tuple(frameworks))


def misfit(s: Statement, key_stages: list[str], subjects: list[str],
           stage_label: Callable[[str], str] = str, subject_label: Callable[[str], str] = str) -> str | None:
    """Why a statement does not suit a record with these key stages and subjects, or None if it does.

    A record without key stages (or subjects) is not judged on them: there is nothing to compare.
    """
    def names(keys: Iterable[str], label: Callable[[str], str]) -> str:
        return " or ".join(label(k) for k in keys)

    reasons = []
    if key_stages and not set(key_stages) & set(s.key_stages):
        reasons.append(f"it is taught at {names(s.key_stages, stage_label)}, "
                       f"and the resource is for {names(key_stages, stage_label)}")
    if subjects and s.subjects and not set(subjects) & set(s.subjects):
        reasons.append(f"it belongs to {names(s.subjects, subject_label)}, "
                       f"and the resource's subjects are {names(subjects, subject_label)}")
    return "; ".join(reasons) or None
