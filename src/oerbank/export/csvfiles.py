"""CSV files: one per table, UTF-8, lists joined with ';', formula-looking text neutralised."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ..schema import LIST_SEPARATOR
from .tables import DumpTable

# OWASP's list for CSV injection: a cell starting with these can run as a spreadsheet formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Put one apostrophe before text a spreadsheet would read as a formula.

    Text already starting with apostrophes and then a formula character gets one more, so
    `unneutralise` can always give back the original exactly.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def unneutralise(text: str) -> str:
    """The original value of a cell written by `neutralise`."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text


def cell(value: Any, is_list: bool) -> str:
    if value is None:
        return ""
    if is_list:
        return neutralise(LIST_SEPARATOR.join(value))
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def write_csv(table: DumpTable, path: Path) -> Path:
    """Stream the table's rows to `path` (RFC 4180: comma, double quotes, CRLF)."""
    lists = [c in table.list_columns for c in table.columns]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(table.columns)
        writer.writerows([cell(v, is_list) for v, is_list in zip(row, lists)] for row in table.rows())
    return path
