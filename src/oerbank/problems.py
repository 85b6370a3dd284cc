"""Problems found in a catalogue, kept as data so every front end reports the same thing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, said so that a learning officer can fix it."""

    file: str
    line: int
    field: str
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    """Every problem from one run, plus what was checked."""

    problems: list[Problem] = field(default_factory=list)
    organisations: int = 0
    resources: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def valid(self, strict: bool = False) -> bool:
        return not (self.problems if strict else self.errors)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=lambda p: (p.file, p.line, p.field, p.code, p.message))
