"""Problems found in a catalogue, kept as data so every front end reports the same thing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
Place = Literal["file", "sheet", "form"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, said so that a learning officer can fix it, and where it is, as data.

    In a file: `file` and `line`, and `column` (a number) when one character is the problem. In
    a spreadsheet (`Problem.in_sheet`): `line` is the row (row 1 the headings) and `column` its
    letter, '' for the whole row. In the web form (`Problem.in_form`): `question` is the
    question's label. `location()` says it for people.
    """

    file: str
    line: int
    field: str
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    column: str = ""
    question: str = ""
    place: Place = "file"

    @classmethod
    def in_sheet(cls, row: int, column: str, field: str, code: str, message: str, hint: str = "",
                 severity: Severity = "error") -> "Problem":
        """A problem in a spreadsheet's row (and column, when it is one cell's)."""
        return cls("", row, field, code, message, hint, severity, column=column, place="sheet")

    @classmethod
    def in_form(cls, question: str, code: str, message: str, hint: str = "", severity: Severity = "error") -> "Problem":
        """A problem with one answer in the web form."""
        return cls("", 0, "", code, message, hint, severity, question=question, place="form")

    @property
    def row(self) -> int:
        return self.line

    def location(self) -> str:
        """'file:line' (or 'file:line:column'), 'row 3, column B (title)', or the form's question."""
        if self.place == "form":
            return self.question
        if self.place == "file":
            return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        if self.column:
            return f"row {self.line}, column {self.column} ({self.field})"
        if self.field and self.line > 1:
            return f"row {self.line} ({self.field})"
        return f"row {self.line}"

    def to_dict(self) -> dict:
        """The problem as JSON data: only the location fields its place has."""
        d = asdict(self)
        for key in ("column", "question", "place"):
            if d[key] in ("", "file"):
                del d[key]
        if self.place == "file" and self.column:
            d["column"] = int(self.column)
        return d


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
