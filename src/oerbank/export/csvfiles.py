"""CSV files: one per table, UTF-8, lists joined with ';', formula-looking text neutralised."""

from __future__ import annotations

import csv
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from ..safety import FORMULA_START
from ..schema import LIST_SEPARATOR
from .tables import DumpTable

_NEEDS_LOOK = frozenset(FORMULA_START + ("'",))


def neutralise(text: str) -> str:
    """Put one apostrophe before text a spreadsheet would read as a formula.

    Text already starting with apostrophes and then a formula character gets one more, so
    `unneutralise` can always give back the original exactly.
    """
    if text[:1] not in _NEEDS_LOOK:
        return text
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """The original value of a cell written by `neutralise`."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


def _cells(table: DumpTable) -> Iterator[list[Any]]:
    """Rows ready for csv.writer (which writes None as an empty cell and numbers as text)."""
    lists = [i for i, c in enumerate(table.columns) if c in table.list_columns]
    look = _NEEDS_LOOK
    for row in table.rows():
        for i in lists:
            row[i] = LIST_SEPARATOR.join(row[i])
        # Most rows have nothing to neutralise; checking first keeps the common case cheap.
        if any(type(v) is str and v[:1] in look for v in row):
            row = [neutralise(v) if type(v) is str else v for v in row]
        yield row


def write_csv(table: DumpTable, path: Path) -> Path:
    """Stream the table's rows to `path` (RFC 4180: comma, double quotes, CRLF)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.columns)
        writer.writerows(_cells(table))
    return path
