"""Reading a spreadsheet as people make it, within fixed bounds of memory and time.

Learning officers' sheets have a title row or a logo row above the headings, blank rows, columns
of their own, and links typed as "Click here"; a file that arrives by email may also be built to
exhaust the computer that opens it. So rows are streamed and never all read first; reading stops
at `MAX_ROWS` rows of resources; an .xlsx is measured (its zip directory, then the sheet's declared
size) before any of its XML is parsed; and a CSV must be UTF-8: the first byte that is not is named
by row and column, because guessing a code page silently turns a file into nonsense.

This module knows nothing of the catalogue: the caller says which headings it knows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import struct
import zipfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from xml.etree.ElementTree import Element, ParseError, iterparse
from xml.parsers import expat

MAX_ROWS = 10_000  # rows of resources in one import
HEADER_SEARCH = 20  # the header row is looked for among this many first rows that have anything in them
MAX_COLUMNS = 256  # columns read (A to IV); cells further right are reported, never kept
FIELD_LIMIT = 131_072  # characters in one CSV cell: the csv module's default limit
LINE_LIMIT = 4 * 1024 * 1024  # characters in one line of a CSV file
# .xlsx: what a workbook of 10,000 resources never needs, and a file built to overload a computer does.
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_PARTS = 1_000
MAX_UNPACKED = 150 * 1024 * 1024
MAX_RATIO = 100  # unpacked / packed size of one part, checked for parts over RATIO_FROM
RATIO_FROM = 10 * 1024 * 1024
MAX_DECLARED_ROWS = 100_000
MAX_STYLES = 65_536  # cell formats read from a workbook (Excel allows 64,000)
MAX_LINKS = 100_000  # hyperlinks read from one sheet; 10,000 resources need a few per row at most

_SAVE_CSV_UTF8 = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file."


class SpreadsheetError(Exception):
    """The file can't be read as a spreadsheet at all (as opposed to a bad row); one plain sentence or two."""


@dataclass(frozen=True)
class Cell:
    text: str
    formula: bool = False  # an .xlsx cell that holds a formula, not a value
    link: str = ""  # an .xlsx hyperlink's target; `text` is then what the cell shows ("Click here")


EMPTY = Cell("")


@dataclass
class Sheet:
    name: str  # the file name, for messages
    header: list[Cell]
    rows: list[tuple[int, list[Cell]]]  # (row number as the spreadsheet shows it, cells); no blank rows
    header_row: int = 1
    above: list[tuple[int, str]] = field(default_factory=list)  # rows above the header with text: (row, first text)
    stray: dict[int, int] = field(default_factory=dict)  # column right of the header -> first row with a value there


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26 (the inverse of `column_letter`)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def _mb(size: int) -> str:
    return f"{size / 1024 ** 3:,.1f} GB" if size >= 1024 ** 3 else f"{max(1, round(size / 1024 ** 2)):,} MB"


def _has_text(cell: Cell) -> bool:
    return bool(cell.text.strip())


class _Rows:
    """Finds the header row and keeps the rows below it as they stream past, up to `MAX_ROWS`."""

    def __init__(self, name: str, where: str, is_heading: Callable[[str], bool]) -> None:
        self.name = name
        self.where = where  # "resources.csv" or "The sheet 'Resources' in resources.xlsx"
        self.is_heading = is_heading
        self.pending: list[tuple[int, dict[int, Cell]]] = []
        self.header: list[Cell] | None = None
        self.header_row = 0
        self.above: list[tuple[int, str]] = []
        self.rows: list[tuple[int, list[Cell]]] = []
        self.stray: dict[int, int] = {}

    def add(self, number: int, cells: dict[int, Cell]) -> None:
        """One row, as {column index: cell} for the cells that hold something."""
        if self.header is not None:
            self._keep(number, cells)
            return
        if not any(_has_text(c) for c in cells.values()):
            return
        self.pending.append((number, cells))
        if sum(1 for c in cells.values() if _has_text(c) and self.is_heading(c.text.strip())) >= 2:
            self._settle(len(self.pending) - 1)
        elif len(self.pending) >= HEADER_SEARCH:
            self._settle(0)  # no row names two columns: the first is the header, and its headings get explained

    def _settle(self, index: int) -> None:
        number, cells = self.pending[index]
        used = [i for i, c in cells.items() if _has_text(c) and i < MAX_COLUMNS]
        self.header = [cells.get(i, EMPTY) for i in range(max(used) + 1)] if used else []
        self.header_row = number
        for n, above in self.pending[:index]:
            first = min((i for i, c in above.items() if _has_text(c)))
            self.above.append((n, above[first].text.strip()))
        later, self.pending = self.pending[index + 1:], []
        for n, row in later:
            self._keep(n, row)

    def _keep(self, number: int, cells: dict[int, Cell]) -> None:
        assert self.header is not None
        width = len(self.header)
        inside = []
        for i, c in cells.items():
            if not _has_text(c):
                continue
            if i < width:
                inside.append(i)
            else:
                self.stray.setdefault(i, number)
        if not inside:
            return
        if len(self.rows) >= MAX_ROWS:
            raise SpreadsheetError(
                f"{self.where} has more than {MAX_ROWS:,} rows of resources, so reading stopped at row {number:,} "
                f"and nothing was imported. Import at most {MAX_ROWS:,} at a time: split the sheet into "
                "smaller files and import each one.")
        self.rows.append((number, [cells.get(i, EMPTY) for i in range(max(inside) + 1)]))

    def finish(self) -> Sheet:
        if self.header is None:
            if not self.pending:
                raise SpreadsheetError(f"{self.where} is empty: there is no header row. The first row must name "
                                       "the columns, e.g. title, url, summary (`oerbank template` writes one).")
            self._settle(0)
        assert self.header is not None
        return Sheet(self.name, self.header, self.rows, self.header_row, self.above, self.stray)


# --- CSV -------------------------------------------------------------------------------------

_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that UTF-8 refused, kept by errors="surrogateescape"


class _TooLong(Exception):
    pass


class _Lines:
    """The file's lines for the csv module, remembering the lines of the row being read so that a
    row the csv module refuses can be explained. A row (however many lines its quoted cells span)
    may hold at most `LINE_LIMIT` characters."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.ahead: deque[str] = deque()
        self.current: list[str] = []
        self.size = 0  # characters in `current`

    def sniff(self) -> str:
        """Excel in some locales separates with ';' (or tabs for "Unicode Text"); a title row may have none."""
        sample = 0
        while len(self.ahead) < HEADER_SEARCH and sample < 65_536:
            line = self.text.readline(LINE_LIMIT + 1)  # whole lines only: the csv module ends a row at a line's end
            if not line:
                break
            self.ahead.append(line)
            sample += len(line)
        counts = {d: sum(line.count(d) for line in self.ahead) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.ahead.popleft() if self.ahead else self.text.readline(LINE_LIMIT - self.size + 1)
        if not line:
            raise StopIteration
        self.current.append(line)
        self.size += len(line)
        if self.size > LINE_LIMIT:
            raise _TooLong
        return line

    def next_row(self) -> None:
        self.current.clear()
        self.size = 0


def _oversized(name: str, number: int, text: str, delimiter: str) -> SpreadsheetError:
    """The csv module stopped on an over-long cell in row `number`; find which column it is."""
    old = csv.field_size_limit(len(text) + 1)
    try:
        fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        fields = []
    finally:
        csv.field_size_limit(old)
    column = next((i for i, f in enumerate(fields) if len(f) > FIELD_LIMIT), None)
    if column is None:
        return SpreadsheetError(
            f"{name}: row {number:,} holds more than {LINE_LIMIT:,} characters, so nothing was imported. "
            "Check that row in your spreadsheet program and shorten it.")
    return SpreadsheetError(
        f"{name}: row {number:,}, column {column_letter(column)} holds more than {FIELD_LIMIT:,} characters, "
        "far more than any cell of a resource needs, so nothing was imported. Often a quote mark (\") opens "
        "that cell and is never closed, joining the rest of the file into it: check the cell's quote marks, "
        "or shorten it.")


def _not_utf8(name: str, number: int, column: int, text: str) -> SpreadsheetError:
    bad = _NOT_UTF8.search(text)
    assert bad is not None
    byte = ord(bad.group()) - 0xDC00
    before = text[:bad.start()][-20:].lstrip()
    where = f"just after '{before}'" if before else "at the start of the cell"
    return SpreadsheetError(
        f"{name} is not saved as UTF-8 text: row {number:,}, column {column_letter(column)} has a byte "
        f"(0x{byte:02X}) that UTF-8 does not allow, {where}. Nothing was imported, and no characters were "
        f"guessed. {_SAVE_CSV_UTF8}")


def read_csv(path: Path, is_heading: Callable[[str], bool]) -> Sheet:
    """Stream a UTF-8 CSV (with or without a byte order mark), refusing the first byte that is not UTF-8."""
    # The csv module's cell limit is one setting for the whole process, and libraries raise it
    # (frictionless does, on import); an unclosed quote must still stop at FIELD_LIMIT here.
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        return _read_csv(path, is_heading)
    finally:
        csv.field_size_limit(old)


def _read_csv(path: Path, is_heading: Callable[[str], bool]) -> Sheet:
    name = path.name
    rows = _Rows(name, name, is_heading)
    with path.open("rb") as raw:
        head = raw.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise SpreadsheetError(f"{name} is saved as UTF-16 ('Unicode Text'), not UTF-8. {_SAVE_CSV_UTF8}")
        if head.startswith(b"PK\x03\x04"):
            raise SpreadsheetError(f"{name} is an Excel workbook with a .csv name. "
                                   f"Rename it to {path.stem}.xlsx and import that.")
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        lines = _Lines(text)
        delimiter = lines.sniff()
        reader = csv.reader(lines, delimiter=delimiter)
        number = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except (csv.Error, _TooLong):
                raise _oversized(name, number + 1, "".join(lines.current), delimiter) from None
            number += 1
            lines.next_row()
            cells: dict[int, Cell] = {}
            for i, value in enumerate(fields):
                if not value:
                    continue
                if _NOT_UTF8.search(value):
                    raise _not_utf8(name, number, i, value)
                if "\x00" in value:
                    raise SpreadsheetError(f"{name} is not a CSV text file (row {number:,} holds binary data). "
                                           "Save the spreadsheet as CSV UTF-8 or .xlsx.")
                cells[i] = Cell(value)
            rows.add(number, cells)
    return rows.finish()


# --- .xlsx -----------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW, _C, _V, _F, _IS, _T, _R = (f"{_MAIN}{t}" for t in ("row", "c", "v", "f", "is", "t", "r"))
_DIMENSION, _HYPERLINK = f"{_MAIN}dimension", f"{_MAIN}hyperlink"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_EOCD = struct.Struct("<4s4H2LH")


def _unopenable(name: str, why: str) -> SpreadsheetError:
    return SpreadsheetError(f"{name} can't be opened as an Excel .xlsx file ({why}). "
                            "Open it in your spreadsheet program and save it again as .xlsx or CSV.")


def _check_package(path: Path) -> None:
    """Measure the zip before anything in it is unpacked: its size, its number of parts (from the
    end record, before the directory is read), their unpacked sizes and how much each expands."""
    name = path.name
    size = path.stat().st_size
    with path.open("rb") as fh:
        if fh.read(4) == b"\xd0\xcf\x11\xe0":
            raise SpreadsheetError(f"{name} is an older Excel file (.xls) or protected with a password. Open it in "
                                   "Excel, remove any password, and save it as 'Excel Workbook (*.xlsx)'.")
        if size > MAX_FILE_BYTES:
            raise SpreadsheetError(f"{name} is {_mb(size)}, more than the {_mb(MAX_FILE_BYTES)} an import reads; "
                                   "a sheet of 10,000 resources needs far less. Save just the resources sheet as "
                                   "a new .xlsx or as CSV UTF-8 and import that.")
        tail_at = max(0, size - (_EOCD.size + 65_535))
        fh.seek(tail_at)
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _EOCD.size:
        raise _unopenable(name, "it is not a zip package")
    *_, parts, directory_size, _offset, _comment = _EOCD.unpack_from(tail, at)
    too_many = SpreadsheetError(
        f"{name} is packed from more than {MAX_PARTS:,} parts; an Excel workbook has a few dozen. It was not "
        "opened. Save the resources sheet as a new .xlsx, or as CSV UTF-8, and import that.")
    if parts > MAX_PARTS or directory_size > MAX_PARTS * 1024:
        raise too_many
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _unopenable(name, str(err)) from None
    if len(infos) > MAX_PARTS:
        raise too_many
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise SpreadsheetError(
            f"{name} would unpack to {_mb(total)}, more than the {_mb(MAX_UNPACKED)} an import reads, so it was "
            "not opened; a sheet of 10,000 resources needs far less. Save just the resources sheet as a new .xlsx "
            "or as CSV UTF-8 and import that.")
    for info in infos:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise SpreadsheetError(
                f"{name} holds a part ({info.filename}) that unpacks to {ratio:,.0f} times its packed size, as "
                "files built to overload a computer do, so it was not opened. If it is your own workbook, save "
                "the resources sheet as CSV UTF-8 and import that.")


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _CellReader:
    """Turns one <c> element into a Cell, reading its value as Excel shows it (dates as dates)."""

    def __init__(self, book: "_Book") -> None:
        from openpyxl.formula.translate import Translator
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.from_excel, self.from_iso, self.translator = from_excel, from_ISO8601, Translator
        self.strings = book.strings
        self.dates = book.date_styles
        self.durations = book.duration_styles
        self.epoch = book.epoch
        self.shared_formulas: dict[str, Any] = {}

    def read(self, el: Element, ref: str) -> Cell:
        kind = el.get("t", "n")
        formula = el.find(_F)
        if formula is not None:
            return Cell(self._formula(formula, ref), formula=True)
        raw = el.findtext(_V)
        value: Any = raw
        try:
            if kind == "inlineStr":
                value = _inline_text(el.find(_IS))
            elif raw is None or raw == "":
                value = None
            elif kind == "s":
                value = self.strings[int(raw)]
            elif kind == "b":
                value = raw.strip() not in ("0", "false")
            elif kind == "d":
                value = self.from_iso(raw)
            elif kind == "n":
                number: float | int = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
                style = int(el.get("s", "0") or 0)
                value = self.from_excel(number, self.epoch, timedelta=style in self.durations) \
                    if style in self.dates else number
        except (ValueError, IndexError, OverflowError, TypeError):
            value = raw  # a damaged value is shown as stored; the validator then says what is wrong with it
        return Cell(_xlsx_text(value))

    def _formula(self, el: Element, ref: str) -> str:
        text = "=" + (el.text or "")
        if el.get("t") == "shared":
            key = el.get("si", "")
            if key in self.shared_formulas:
                try:
                    return self.shared_formulas[key].translate_formula(ref)
                except Exception:  # a damaged formula: what it starts with is enough to report it
                    return text
            if text != "=" and ref:
                try:
                    self.shared_formulas[key] = self.translator(text, ref)
                except Exception:
                    pass
        return text


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes a character XML can't hold as _xHHHH_ (a carriage return is _x000D_), and a
    literal '_xHHHH_' as _x005F_xHHHH_."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _inline_text(el: Element | None) -> str:
    """An inline string's text: one <t>, or the <t> of each rich-text run (phonetic guides left out)."""
    if el is None:
        return ""
    plain = el.find(_T)
    if plain is not None:
        return _unescape(plain.text or "")
    return _unescape("".join(run.findtext(_T) or "" for run in el.findall(_R)))


_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NUM_FMT, _XF, _CELL_XFS, _SHEET, _WORKBOOK_PR = (
    f"{_MAIN}{t}" for t in ("numFmt", "xf", "cellXfs", "sheet", "workbookPr"))
MAX_STRINGS = 500_000  # different texts in a workbook; a sheet of 10,000 resources in 25 columns has half that


def _elements(package: zipfile.ZipFile, part: str, keep: int) -> Iterator[tuple[Element, list[Element]]]:
    """Each element of an XML part as it ends, with its ancestors; elements at depth <= `keep`
    are dropped from the tree once seen, so memory stays flat however long the part is."""
    stack: list[Element] = []
    with package.open(part) as source:
        for event, el in iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(el)
                continue
            stack.pop()
            yield el, stack
            if stack and len(stack) < keep:
                stack[-1].remove(el)


def _relationships(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """(id, type, target) of a part's relationships; internal targets as paths in the package."""
    folder, _, file = part.rpartition("/")
    name = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
    if name not in package.NameToInfo:
        return []
    out: list[tuple[str, str, str]] = []
    for el, _ in _elements(package, name, keep=2):
        if el.tag != f"{_PKG}Relationship":
            continue
        if len(out) >= MAX_LINKS:
            break
        target = el.get("Target", "")
        if el.get("TargetMode") != "External":
            target = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
        out.append((el.get("Id", ""), el.get("Type", "").rsplit("/", 1)[-1], target))
    return out


@dataclass
class _Book:
    """What reading one sheet needs from its workbook."""

    sheets: list[tuple[str, str]]  # (title, part) of each worksheet, in order
    strings: list[str]
    date_styles: set[int]
    duration_styles: set[int]
    epoch: dt.datetime


def _read_book(package: zipfile.ZipFile, name: str) -> _Book:
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH

    main = next((t for _, kind, t in _relationships(package, "") if kind == "officeDocument"), "xl/workbook.xml")
    if main not in package.NameToInfo:
        raise _unopenable(name, "it has no workbook inside")
    related = _relationships(package, main)
    by_id = {rid: target for rid, _, target in related}
    worksheets = {target for _, kind, target in related if kind == "worksheet"}
    sheets: list[tuple[str, str]] = []
    epoch = WINDOWS_EPOCH
    for el, _ in _elements(package, main, keep=3):
        if el.tag == _SHEET and by_id.get(el.get(_REL_ID, "")) in worksheets:
            sheets.append((el.get("name", ""), by_id[el.get(_REL_ID, "")]))
        elif el.tag == _WORKBOOK_PR and el.get("date1904", "").lower() in ("1", "true"):
            epoch = MAC_EPOCH

    strings: list[str] = []
    for _, kind, target in related:
        if kind == "sharedStrings" and target in package.NameToInfo:
            strings = _read_strings(package, target, name)

    dates: set[int] = set()
    durations: set[int] = set()
    for _, kind, target in related:
        if kind != "styles" or target not in package.NameToInfo:
            continue
        formats: dict[int, str] = {}
        kinds: dict[int, tuple[bool, bool]] = {}  # number format -> (a date?, a duration?)
        index = 0
        for el, ancestors in _elements(package, target, keep=3):
            if index >= MAX_STYLES or len(formats) >= MAX_STYLES:
                break  # more than Excel itself allows: the rest are read as plain numbers
            if el.tag == _NUM_FMT:
                formats[int(el.get("numFmtId", "-1"))] = el.get("formatCode", "")
            elif el.tag == _XF and ancestors and ancestors[-1].tag == _CELL_XFS:
                number = int(el.get("numFmtId", "0") or 0)
                if number not in kinds:
                    code = formats.get(number) or BUILTIN_FORMATS.get(number, "")
                    kinds[number] = (bool(code) and is_date_format(code), bool(code) and is_timedelta_format(code))
                is_date, is_duration = kinds[number]
                if is_date:
                    dates.add(index)
                if is_duration:
                    durations.add(index)
                index += 1
    return _Book(sheets, strings, dates, durations, epoch)


def _read_strings(package: zipfile.ZipFile, part: str, name: str) -> list[str]:
    """The shared strings table, parsed by expat without building a tree (it may hold hundreds of
    thousands of texts, and an ElementTree per text would take seconds)."""
    main = _MAIN.strip("{}")
    si, t, phonetic = f"{main}}}si", f"{main}}}t", f"{main}}}rPh"
    strings: list[str] = []
    text: list[str] = []
    state = {"t": False, "phonetic": 0}

    def start(tag: str, _attrs: Any) -> None:
        if tag == t and not state["phonetic"]:
            state["t"] = True
        elif tag == phonetic:
            state["phonetic"] += 1
        elif tag == si:
            text.clear()

    def end(tag: str) -> None:
        if tag == t:
            state["t"] = False
        elif tag == phonetic:
            state["phonetic"] -= 1
        elif tag == si:
            if len(strings) >= MAX_STRINGS:
                raise SpreadsheetError(
                    f"{name} holds more than {MAX_STRINGS:,} different texts, far more than a sheet of "
                    f"{MAX_ROWS:,} resources can, so it was not read. Save just the resources sheet as a new "
                    ".xlsx or as CSV UTF-8 and import that.")
            strings.append(_unescape("".join(text)))

    def data(chunk: str) -> None:
        if state["t"]:
            text.append(chunk)

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    with package.open(part) as source:
        try:
            parser.ParseFile(source)
        except expat.ExpatError as err:
            raise _unopenable(name, f"damaged shared strings: {err}") from None
    return strings


def read_xlsx(path: Path, is_heading: Callable[[str], bool], sheet_name: str = "Resources") -> Sheet:
    """Stream the sheet called `sheet_name` (or else the first) of an .xlsx, after measuring the package.

    The package is only ever read: its parts are streamed from the zip, never unpacked to disk.
    """
    _check_package(path)
    try:
        with zipfile.ZipFile(path) as package:
            book = _read_book(package, path.name)
            if not book.sheets:
                raise SpreadsheetError(f"{path.name} has no worksheet to import (only charts, or nothing).")
            title, part = next((s for s in book.sheets if s[0] == sheet_name), book.sheets[0])
            if part not in package.NameToInfo:
                raise _unopenable(path.name, f"its sheet '{title}' is missing")
            where = f"The sheet '{title}' in {path.name}"
            rows = _Rows(path.name, where, is_heading)
            links = _stream_sheet(package, part, _CellReader(book), rows, where)
            sheet = rows.finish()
            if links:
                targets = {rid: target for rid, kind, target in _relationships(package, part) if kind == "hyperlink"}
                _apply_links(sheet, links, targets)
    except ParseError as err:
        raise _unopenable(path.name, f"damaged XML: {err}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise _unopenable(path.name, str(err) or type(err).__name__) from None
    return sheet


def _stream_sheet(package: zipfile.ZipFile, part: str, cells: _CellReader, rows: _Rows,
                  where: str) -> list[tuple[str, str]]:
    """Feed the sheet's rows to `rows` one at a time; return its hyperlinks as (cell range, relationship id).

    Each element is dropped from the tree once read, so memory stays flat however many rows,
    cells or other parts the sheet XML has; the declared dimension is checked when it is met,
    before the rows, but never trusted to say where the rows end.
    """
    links: list[tuple[str, str]] = []
    stack: list[Element] = []
    number = 0
    current: dict[int, Cell] = {}
    column = -1
    try:
        with package.open(part) as source:
            for event, el in iterparse(source, events=("start", "end")):
                if event == "start":
                    stack.append(el)
                    if el.tag == _ROW:
                        try:
                            number = int(el.get("r") or number + 1)
                        except ValueError:
                            number += 1
                        current, column = {}, -1
                    continue
                stack.pop()
                tag = el.tag
                if tag == _C:
                    ref = el.get("r") or ""
                    m = _REF.match(ref)
                    column = _column_index(m.group(1)) if m else column + 1
                    cell = cells.read(el, ref)
                    if cell.text:
                        current[column] = cell
                elif tag == _ROW:
                    rows.add(number, current)
                    current = {}
                elif tag == _DIMENSION:
                    _check_dimension(el.get("ref", ""), where)
                elif tag == _HYPERLINK and el.get(_REL_ID) and len(links) < MAX_LINKS:
                    links.append((el.get("ref", ""), el.get(_REL_ID, "")))
                if len(stack) <= 3 and stack:
                    stack[-1].remove(el)  # read and done with: keep the tree from growing
    except ParseError as err:
        raise SpreadsheetError(f"{where} is damaged ({err}), so nothing was imported. Open it in your "
                               "spreadsheet program and save it again as .xlsx or CSV.") from None
    return links


def _check_dimension(ref: str, where: str) -> None:
    last = ref.split(":")[-1]
    m = _REF.match(last)
    if not m:
        return
    last_row = int(m.group(2))
    if last_row > MAX_DECLARED_ROWS:
        raise SpreadsheetError(
            f"{where} says it reaches row {last_row:,} (cell {last.upper()}), but an import reads at most "
            f"{MAX_ROWS:,} rows, so it was not read. If the rows below your resources are empty, select them, "
            "delete them (right-click > Delete) and save; otherwise split the sheet into files of at most "
            f"{MAX_ROWS:,} rows.")


def _apply_links(sheet: Sheet, links: list[tuple[str, str]], targets: dict[str, str]) -> None:
    """Give each hyperlink cell its target. A link over a range of a few rows counts for each cell in it."""
    by_row: dict[int, list[tuple[int, int, str]]] = {}
    for ref, rel in links:
        target = targets.get(rel, "").strip()
        matches = [_REF.match(part) for part in ref.split(":")]
        corners = [m for m in matches if m is not None]
        if not target or len(corners) != len(matches) or not 1 <= len(corners) <= 2:
            continue
        (c0, r0), (c1, r1) = [(_column_index(m.group(1)), int(m.group(2))) for m in (corners[0], corners[-1])]
        if r1 - r0 > 10 or c1 < c0:
            continue
        for r in range(r0, r1 + 1):
            by_row.setdefault(r, []).append((c0, c1, target))
    for number, cells in sheet.rows:
        for c0, c1, target in by_row.get(number, ()):
            for i in range(c0, min(c1, len(cells) - 1) + 1):
                if cells[i].text and not cells[i].formula:
                    cells[i] = Cell(cells[i].text, link=target)


# --- either ----------------------------------------------------------------------------------

def read_sheet(path: Path, is_heading: Callable[[str], bool], sheet_name: str = "Resources") -> Sheet:
    """A .csv or .xlsx, its header row found by `is_heading` (does this text name a known column?)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, is_heading)
    if suffix == ".xlsx":
        return read_xlsx(path, is_heading, sheet_name)
    raise SpreadsheetError(f"{path.name}: only .csv and .xlsx files can be imported. "
                           "Save the spreadsheet as one of those.")
