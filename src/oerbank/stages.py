"""Each UK nation's stages of schooling, worked out from the key stages records already say.

Records name England's key stages (key_stages.yml); stages.yml gives Scotland's, Wales's and
Northern Ireland's stages with their ages and year groups. A key stage fits another nation's
stage when their ages overlap, so a teacher anywhere finds the same records without anyone
retagging them. Search facets, browse pages, the field reference and the stages vocabulary page all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .schema import Schema, Vocabulary, load_schema

ENGLAND = "england"


@dataclass(frozen=True)
class Nation:
    key: str  # england, scotland, wales, northern-ireland
    label: str
    framework: str  # the curriculum's name, e.g. Curriculum for Excellence
    stage_title: str  # what its stages are called, e.g. Curriculum for Excellence level
    source: str

    @property
    def param(self) -> str:
        """The search address's parameter for this nation's stages (England's are the key stages)."""
        return "key_stage" if self.key == ENGLAND else self.key.replace("-", "_") + "_stage"


@dataclass(frozen=True)
class Stage:
    key: str  # unique across nations: a key stage (ks2) or <nation>-<slug> (scotland-second-level)
    nation: str
    slug: str  # its address under the nation: /browse/<nation>/<slug>/
    label: str
    definition: str
    ages: tuple[int, int]  # from the age pupils start it to the age they start the next stage
    years: tuple[str, ...]
    source: str
    vocabulary: str  # the vocabulary the key belongs to: key_stages or stages


@dataclass(frozen=True)
class Stages:
    nations: tuple[Nation, ...]
    stages: tuple[Stage, ...]

    def nation(self, key: str) -> Nation:
        return next(n for n in self.nations if n.key == key)

    def of(self, nation: str) -> list[Stage]:
        return [s for s in self.stages if s.nation == nation]

    def key_stage(self, key: str) -> Stage | None:
        return next((s for s in self.of(ENGLAND) if s.key == key), None)

    def for_key_stages(self, key_stages: Iterable[str], nation: str) -> list[Stage]:
        """The nation's stages whose ages overlap those of any of the key stages, in order."""
        ranges = [k.ages for key in key_stages if (k := self.key_stage(key))]
        return [s for s in self.of(nation) if any(_overlap(s.ages, r) for r in ranges)]

    def fitting(self, stage: Stage) -> list[Stage]:
        """The key stages a stage is worked out from (for its page and the field reference)."""
        return [k for k in self.of(ENGLAND) if _overlap(k.ages, stage.ages)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two [from, to) age ranges share a year of age."""
    return a[0] < b[1] and b[0] < a[1]


def _ages(value: list[int]) -> tuple[int, int]:
    return int(value[0]), int(value[1])


def _england(key_stages: Vocabulary, source: str) -> list[Stage]:
    return [Stage(t.key, ENGLAND, t.key, t.label, t.definition, _ages(t.extra["ages"]),
                  tuple(t.extra.get("years") or ()), source, key_stages.name) for t in key_stages.terms]


def stages_of(schema: Schema) -> Stages:
    """Every nation with its stages, England's being the key stages."""
    vocab = schema.vocabularies["stages"]
    nations = tuple(Nation(str(n["key"]), n["label"], n["framework"], n["stage_title"], n["source"])
                    for n in vocab.meta["nations"])
    england = next(n for n in nations if n.key == ENGLAND)
    out = _england(schema.vocabularies["key_stages"], england.source)
    for t in vocab.terms:
        nation = str(t.extra["nation"])
        out.append(Stage(t.key, nation, t.key.removeprefix(nation + "-"), t.label, t.definition,
                         _ages(t.extra["ages"]), tuple(t.extra.get("years") or ()), str(t.extra["source"]),
                         vocab.name))
    return Stages(nations, tuple(out))


@lru_cache(maxsize=1)
def load_stages() -> Stages:
    return stages_of(load_schema())


def stage_problems(stages: Stages) -> list[str]:
    """What is wrong with the stage vocabulary, in words (the tests keep this empty)."""
    problems = []
    known = {n.key for n in stages.nations}
    for s in stages.stages:
        if s.nation not in known:
            problems.append(f"{s.key}: nation {s.nation!r} is not one of {sorted(known)}")
        if not 0 <= s.ages[0] < s.ages[1] <= 25:
            problems.append(f"{s.key}: ages {list(s.ages)} should run from a younger to an older age")
        if not s.source.startswith("https://"):
            problems.append(f"{s.key}: its source should be an https address, not {s.source!r}")
        if not s.years:
            problems.append(f"{s.key}: it names no year groups")
    for n in stages.nations:
        if not stages.of(n.key):
            problems.append(f"{n.key}: no stages")
        for k in stages.of(ENGLAND):
            if not stages.for_key_stages([k.key], n.key):
                problems.append(f"{n.key}: no stage fits {k.label}, so its resources would be missing there")
    return problems
