"""Spreadsheets in and out: import rows of resources, and write a template to fill in.

Many learning teams keep their resources in a spreadsheet. Importing turns each row into the
resource file a contributor would have written by hand (through `scaffold.resource_file`), reads
that text back exactly as the loader does, and runs the real validator over the whole catalogue
with the new records in it. So a row is written only if the file it becomes would pass
`oerbank validate`, and every validator message is reported against the row and column it
came from.

The template is generated from `load_schema()`, like every other view of the fields.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import intake, sheetread
from .atomic import WriteError, write_text
from .codes import CODES
from .load import MAX_SLUG, SLUG, Record, slugify, split_front_matter
from .pipeline import check_with, load_checked
from .problems import Problem
from .safety import looks_like_formula
from .scaffold import resource_file, update_resource_file
from .schema import Field, Schema, load_schema
from .sheetread import MAX_ROWS, Cell, Sheet, SpreadsheetError, column_letter
from .suggest import closest
from .urls import url_key
from .yamlfile import parse_mapping

SHEET_NAME = "Resources"

# Columns that are not fields of the record but that a spreadsheet needs: the file name and the
# long description that goes below the front matter.
SLUG_COLUMN = "slug"
BODY_COLUMN = "description"


@dataclass(frozen=True)
class Extra:
    name: str
    title: str
    description: str


EXTRA_COLUMNS = (
    Extra(BODY_COLUMN, "Description",
          "The longer description teachers read on the resource's page, in Markdown: what pupils do, "
          "what you need, and how it links to the curriculum."),
    Extra(SLUG_COLUMN, "File name",
          "Optional. The file name without .md, in lowercase letters, digits and hyphens. "
          "Left empty, it is made from the title."),
)
_BODY_EXAMPLE = ("Pupils build a ship in a bottle from card and test which designs float. "
                 "The lesson plan, worksheets and a short video are free to download.")


def read_sheet(path: Path, schema: Schema | None = None) -> Sheet:
    """Read a .csv or .xlsx (see `sheetread`); its header row is the first that names two of the schema's columns."""
    accepted = _columns(schema or load_schema())
    return sheetread.read_sheet(path, lambda text: _squash(text) in accepted, SHEET_NAME)


# --- what a cell means ---------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _columns(schema: Schema) -> dict[str, str]:
    """Every accepted heading (name or title, squashed) -> column name."""
    table = schema.resources
    out: dict[str, str] = {}
    for f in table.contributed:
        out[_squash(f.name)] = f.name
        out[_squash(f.title)] = f.name
    for extra in EXTRA_COLUMNS:
        out[_squash(extra.name)] = extra.name
        out[_squash(extra.title)] = extra.name
    return out


def title_slug(title: str) -> str:
    """A file name from a title, keeping accented letters as plain ones: 'Café Cŵl' -> 'cafe-cwl'."""
    return slugify(unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii"))


def _is_formula(cell: Cell, text: str, column: str) -> bool:
    if cell.formula:
        return True
    # A Markdown list in the description starts with '- '; anything else starting with
    # =, +, - or @ is what spreadsheets (and CSV injection) treat as a formula.
    if column == BODY_COLUMN and text.startswith(("- ", "-\n")):
        return False
    return looks_like_formula(text)


# --- the template --------------------------------------------------------------------------

def template_columns(schema: Schema | None = None) -> list[str]:
    """Column names in template order: the contributor's fields, then the description and file name."""
    schema = schema or load_schema()
    names = [f.name for f in schema.resources.contributed if f.name != "organisation"]
    return names + [e.name for e in EXTRA_COLUMNS]


def example_row(schema: Schema | None = None) -> dict[str, str]:
    """The schema's example for each template column, as it would be typed in a cell."""
    schema = schema or load_schema()
    row: dict[str, str] = {}
    for name in template_columns(schema):
        f = schema.resources.field(name)
        if f is None:
            row[name] = _BODY_EXAMPLE if name == BODY_COLUMN else ""
            continue
        ex = f.example
        if ex is None and f.vocabulary:
            ex = schema.vocabularies[f.vocabulary].keys[0]
        row[name] = "; ".join(map(str, ex)) if isinstance(ex, list) else ("" if ex is None else str(ex))
    title = row.get("title")
    if SLUG_COLUMN in row and title:
        row[SLUG_COLUMN] = title_slug(title)
    return row


def _allowed_text(f: Field, schema: Schema) -> str:
    vocab = schema.vocabulary_for(f)
    if not vocab:
        return ""
    lines = [f"{t.label} = {t.key}" if t.label != t.key else t.key for t in vocab.terms]
    head = "One or more, separated by ';':" if f.is_list else "One of:"
    if any(t.label == t.key for t in vocab.terms):  # ids named by themselves (curriculum): their wording is long
        head = "One or more ids, separated by ';' (the field reference gives each one's wording):"
    return head + "\n" + "\n".join(lines)


def help_rows(schema: Schema | None = None) -> list[list[str]]:
    """The Help sheet: one row per column, with what it means and what it may hold."""
    schema = schema or load_schema()
    example = example_row(schema)
    rows = [["Column", "Field", "Required", "What to write", "Allowed values", "Example"]]
    extras = {e.name: e for e in EXTRA_COLUMNS}
    for i, name in enumerate(template_columns(schema)):
        f = schema.resources.field(name)
        if f is None:
            e = extras[name]
            rows.append([column_letter(i), name, "no", e.description, "", example[name]])
            continue
        need = "yes" if f.required else ("recommended" if f.recommended else "no")
        description = f.description
        if f.is_list and not f.vocabulary:
            description += " Separate several with ';'."
        if f.type == "date":
            description += " Write dates as YYYY-MM-DD (e.g. 2024-03-12); 12/03/2024 is read day first, as 12 March."
        rows.append([column_letter(i), name, need, description, _allowed_text(f, schema), example[name]])
    return rows


def write_template(path: Path, schema: Schema | None = None) -> None:
    """A .csv (header and example row) or an .xlsx (plus dropdowns, notes and a Help sheet)."""
    schema = schema or load_schema()
    columns = template_columns(schema)
    example = example_row(schema)
    if path.suffix.lower() == ".csv":
        buf = io.StringIO(newline="")
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerow([example[c] for c in columns])
        # The BOM makes Excel read the file as UTF-8 (key stage labels use an en dash).
        path.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")
        return
    if path.suffix.lower() != ".xlsx":
        raise SpreadsheetError(f"{path.name}: the template can be written as .xlsx or .csv.")
    _write_xlsx_template(path, schema, columns, example)


def _write_xlsx_template(path: Path, schema: Schema, columns: list[str], example: dict[str, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = SHEET_NAME
    ws.append(columns)
    ws.append([example[c] for c in columns])
    bold = Font(bold=True)
    grey = Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="DDEBF7")
    extras = {e.name: e for e in EXTRA_COLUMNS}
    for i, name in enumerate(columns, start=1):
        head = ws.cell(row=1, column=i)
        head.font = bold
        head.fill = fill
        f = schema.resources.field(name)
        note = f"{f.title}{' (required)' if f.required else ''}: {f.description}" if f else extras[name].description
        head.comment = Comment(note, "oerbank")
        ws.cell(row=2, column=i).font = grey
        ws.column_dimensions[column_letter(i - 1)].width = max(14, min(40, len(example[name]) + 2))
    ws.freeze_panes = "A2"

    lists = book.create_sheet("Lists")
    col = 0
    for i, name in enumerate(columns):
        f = schema.resources.field(name)
        vocab = schema.vocabulary_for(f) if f else None
        if f is None or vocab is None or f.is_list:
            continue
        col += 1
        letter = column_letter(col - 1)
        lists.cell(row=1, column=col, value=name).font = bold
        for r, key in enumerate(vocab.keys, start=2):
            lists.cell(row=r, column=col, value=key)
        rule = DataValidation(type="list", formula1=f"=Lists!${letter}$2:${letter}${len(vocab.keys) + 1}",
                              allow_blank=True, showErrorMessage=True, errorTitle=f.title,
                              error=f"Choose one of the {vocab.title.lower()} values in the list "
                                    "(the Help sheet says what each means).")
        target = column_letter(i)
        rule.add(f"{target}2:{target}{MAX_ROWS + 1}")
        ws.add_data_validation(rule)
    lists.sheet_state = "hidden"

    help_ws = book.create_sheet("Help")
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(help_rows(schema), start=1):
        help_ws.append(row)
        for c in range(1, len(row) + 1):
            cell = help_ws.cell(row=r, column=c)
            cell.alignment = wrap
            if r == 1:
                cell.font = bold
    for letter, width in zip("ABCDEF", (8, 18, 12, 60, 40, 40), strict=True):
        help_ws.column_dimensions[letter].width = width
    help_ws.freeze_panes = "A2"
    book.save(path)


# --- importing -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RowNote:
    """A cell read as something other than what was typed: "'Key Stage 2' read as ks2"."""

    row: int
    column: str
    field: str
    said: str

    def location(self) -> str:
        return f"row {self.row}, column {self.column} ({self.field})"


@dataclass
class RowOutcome:
    row: int
    # new or updated (written), ready (dry run), unchanged, exists (matched, not updated without
    # --force), example, problems, held (header problems), failed (the disk refused the write)
    status: str
    path: str = ""
    new: bool = True  # a new file, as opposed to an update of a record already in the catalogue
    diff: str = ""  # with --dry-run: what would change in the file


@dataclass
class ImportResult:
    source: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)
    dry_run: bool = False
    write_error: str = ""  # one sentence when a file could not be written

    def count(self, status: str, new: bool | None = None) -> int:
        return sum(1 for o in self.outcomes if o.status == status and (new is None or o.new == new))

    @property
    def ok(self) -> bool:
        return not self.write_error and not any(p.severity == "error" for p in self.problems)

    def summary(self) -> str:
        n = len(self.outcomes)
        done = "ready" if self.dry_run else "written"
        parts = [f"{self.count(done, True)} {'would be written' if self.dry_run else 'written'}"]
        if self.count(done, False):
            parts.append(f"{self.count(done, False)} {'would be updated' if self.dry_run else 'updated'}")
        if self.count("unchanged"):
            parts.append(f"{self.count('unchanged')} unchanged")
        parts.append(f"{self.count('exists')} skipped (already in the catalogue)")
        if self.count("example"):
            parts.append(f"{self.count('example')} skipped (template example)")
        parts.append(f"{self.count('problems')} with problems")
        if self.count("held"):
            parts.append(f"{self.count('held')} not written because of the header row")
        if self.count("failed"):
            parts.append(f"{self.count('failed')} not written because of the error above")
        return f"{n} row{'s' * (n != 1)}: " + ", ".join(parts)


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    body: str
    slug: str
    path: str
    problems: list[Problem]
    claimed: set[str]  # fields this import already reported, so the validator doesn't repeat them
    raw: dict[str, str]  # the cells as typed, by column name
    notes: list[RowNote] = field(default_factory=list)
    existing: Record | None = None  # the catalogued record with the same web address
    record: Record | None = None


# Codes `_read_header` reports against the header row; an error among them holds back every row.
HEADER_CODES = frozenset({"missing-column", "duplicate-column", "unknown-column", "missing-heading",
                          "rows-above-header"})
_STRAY_SAID = 3  # columns with values but no heading named one by one; the rest in one message
_ADDRESS = re.compile(r"^(https?://|www\.)\S+$|^[\w-]+(\.[\w-]+)+(/\S*)?$", re.I)


def _read_header(sheet: Sheet, schema: Schema, problems: list[Problem]) -> dict[int, str]:
    """Map column index -> column name from the header row, saying what is ignored and why.

    Unknown columns, and values in a column without a heading, are warnings: the import goes on
    without them. Cells of link columns (url, image) that are Excel hyperlinks are read as the
    link's target from here on.
    """
    accepted = _columns(schema)
    head = sheet.header_row
    columns: dict[int, str] = {}
    first: dict[str, int] = {}
    if sheet.above:
        (r0, text), last = sheet.above[0], sheet.above[-1][0]
        shown = text if len(text) <= 60 else text[:57] + "..."
        problems.append(CODES["rows-above-header"].in_sheet(r0, "", "", "" if r0 == last else "rows", first=r0,
                                                            last=last, head=head, shown=shown))
    for i, cell in enumerate(sheet.header):
        text = cell.text.strip()
        letter = column_letter(i)
        if not text:
            if any(i < len(r) and r[i].text.strip() for _, r in sheet.rows):
                problems.append(CODES["missing-heading"].in_sheet(head, letter, "no heading", letter=letter, head=head))
            continue
        name = accepted.get(_squash(text))
        if name is None:
            guess = closest(text, sorted(set(accepted.values())))
            problems.append(CODES["unknown-column"].in_sheet(head, letter, text, "guess" if guess else "",
                                                             letter=letter, text=text, guess=guess))
            continue
        if name in first:
            problems.append(CODES["duplicate-column"].in_sheet(head, letter, name, text=text,
                                                               first=column_letter(first[name])))
            continue
        first[name] = i
        columns[i] = name
    _stray_columns(sheet, problems)
    for f in schema.resources.contributed:
        if f.name in first or f.name == "organisation":
            continue
        if f.required:
            problems.append(CODES["missing-column"].in_sheet(head, "", f.name, name=f.name))
        elif f.recommended:
            problems.append(CODES["missing-column"].in_sheet(head, "", f.name, "recommended", name=f.name))
    _use_link_targets(sheet, columns, schema, problems)
    return columns


def _stray_columns(sheet: Sheet, problems: list[Problem]) -> None:
    """Values right of the last heading: said per column for the first few, then once for the rest."""
    head = sheet.header_row
    strays = sorted(sheet.stray.items())
    for i, row in strays[:_STRAY_SAID]:
        letter = column_letter(i)
        problems.append(CODES["missing-heading"].in_sheet(
            head, letter, "no heading", "stray" if i < sheetread.MAX_COLUMNS else "too-far", letter=letter,
            first_row=row, head=head, last=column_letter(sheetread.MAX_COLUMNS - 1)))
    rest = strays[_STRAY_SAID:]
    if rest:
        problems.append(CODES["missing-heading"].in_sheet(head, "", "", "more", count=len(rest),
                                                          start=column_letter(rest[0][0]),
                                                          end=column_letter(rest[-1][0])))


def _use_link_targets(sheet: Sheet, columns: dict[int, str], schema: Schema, problems: list[Problem]) -> None:
    """An Excel hyperlink cell in a link column means its target, whatever it shows ("Click here").

    Only a cell that shows a different web address is worth a word; the target is used either way.
    """
    links = [i for i, name in columns.items()
             if (f := schema.resources.field(name)) is not None and f.url_kind is not None]
    if not links:
        return
    for number, cells in sheet.rows:
        for i in links:
            if i >= len(cells) or not cells[i].link:
                continue
            shown, target = cells[i].text.strip(), cells[i].link
            cells[i] = Cell(target)
            if _ADDRESS.match(shown) and not _same_address(shown, target):
                problems.append(CODES["link-text-differs"].in_sheet(number, column_letter(i), columns[i], shown=shown,
                                                                    target=target))


def _same_address(shown: str, target: str) -> bool:
    from .urls import url_key

    def full(url: str) -> str:
        return url if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I) else "https://" + url

    return url_key(full(shown)) == url_key(full(target))


def _to_record(text: str, org: str, slug: str, rel: str) -> Record | list[Problem]:
    """Read the generated text exactly as `load.load_resource` reads a file."""
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return [split]
    front, offset, body, body_line = split
    fields, problems = parse_mapping(front, rel, line_offset=offset)
    if fields is None:
        return problems
    return Record("resource", f"{org}/{slug}", rel, fields, body, body_line, org, parse_problems=problems)


def _build_row(number: int, cells: list[Cell], columns: dict[int, str], org: str, schema: Schema) -> _Row:
    table = schema.resources
    letters = {name: column_letter(i) for i, name in columns.items()}
    problems: list[Problem] = []
    notes: list[RowNote] = []
    claimed: set[str] = set()
    values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for i, name in columns.items():
        cell = cells[i] if i < len(cells) else Cell("")
        text = cell.text.strip()
        if not text:
            continue
        raw[name] = text
        if _is_formula(cell, text, name):
            shown = text if len(text) <= 60 else text[:57] + "..."
            problems.append(CODES["formula-cell"].in_sheet(number, letters[name], name, shown=shown))
            claimed.add(name)
            continue
        f = table.field(name)
        if f is None:
            values[name] = text
            continue
        reading = intake.read(f, text, schema)
        values[name] = reading.value
        notes.extend(RowNote(number, letters[name], name, c.said()) for c in reading.conversions)

    claimed_org = values.pop("organisation", None)
    if claimed_org is not None and claimed_org != org:
        problems.append(CODES["organisation-mismatch"].in_sheet(number, letters["organisation"], "organisation",
                                                                "sheet", claimed=claimed_org, org=org))
    body = str(values.pop(BODY_COLUMN, "")).strip()
    slug = str(values.pop(SLUG_COLUMN, "")).strip()
    if slug and (not SLUG.match(slug) or len(slug) > MAX_SLUG):
        problems.append(CODES["invalid-slug"].in_sheet(number, letters[SLUG_COLUMN], SLUG_COLUMN, slug=slug,
                                                       limit=MAX_SLUG, fixed=slugify(slug)))
        slug = ""
    if not slug:
        slug = title_slug(str(values["title"])) if values.get("title") else f"row-{number}"
    return _Row(number, values, body, slug, f"resources/{org}/{slug}.md", problems, claimed, raw, notes)


def _catalogued_url(record: Record) -> str:
    url = record.data.get("url")
    return url.strip() if isinstance(url, str) else ""


def _match(row: _Row, by_url: dict[str, Record], root: Path, org: str, letters: dict[str, str]) -> None:
    """Find the record a row describes: the one with the same web address, never one that merely
    has the same file name. A file name taken by another resource is a problem, not a replacement."""
    url = row.values.get("url")
    found = by_url.get(url_key(url)) if isinstance(url, str) and url else None
    if found is not None:
        if found.folder != org:
            row.problems.append(CODES["duplicate-url"].in_sheet(row.number, letters["url"], "url",
                                                                "sheet-other-organisation", id=found.id))
            row.claimed.add("url")
            return
        row.existing = found
        row.slug = found.id.split("/", 1)[1]
        row.path = found.path
        return
    if (root / row.path).exists() or (root / row.path).is_symlink():
        where = SLUG_COLUMN if SLUG_COLUMN in letters else "title"
        other = next((r for r in by_url.values() if r.path == row.path), None)
        theirs = f" ({_catalogued_url(other)})" if other is not None and _catalogued_url(other) else ""
        row.problems.append(CODES["file-name-taken"].in_sheet(row.number, letters.get(where, ""), where,
                                                              path=row.path, theirs=theirs))
        row.claimed.add("id")
        row.slug = f"{row.slug}-row-{row.number}"  # still checked, under a stand-in name
        row.path = f"resources/{org}/{row.slug}.md"


def _file_text(row: _Row, root: Path, schema: Schema) -> str:
    """A new file from the scaffold, or the matched file with the row's fields set and the rest kept."""
    if row.existing is None:
        return resource_file(row.values, body=(row.body + "\n") if row.body else "\n", schema=schema)
    old = (root / row.path).read_text(encoding="utf-8")
    # The link already means the same page (that is how the row was matched): keep the file's spelling.
    order = [f.name for f in schema.resources.contributed if f.name in row.values and f.name != "url"]
    updated = update_resource_file(old, {n: row.values[n] for n in order}, body=row.body, rel=row.path)
    return old if updated is None else updated


def _diff(root: Path, row: _Row, text: str) -> str:
    target = root / row.path
    old = target.read_text(encoding="utf-8").splitlines(keepends=True) if row.existing is not None else []
    return "".join(difflib.unified_diff(old, text.splitlines(keepends=True),
                                        "/dev/null" if row.existing is None else f"a/{row.path}", f"b/{row.path}"))


def import_sheet(root: Path, org: str, source: Path, force: bool = False, dry_run: bool = False,
                 schema: Schema | None = None) -> ImportResult:
    """Check every row of `source`; write the good ones as resources/<org>/<slug>.md.

    A row is matched to a catalogued record by its web address (`urls.url_key`), never by its
    file name. A matched record is left alone unless `force`; then the fields the row fills
    are updated in that file and everything else in it (other fields, comments, the
    description when the row has none) is kept. A row whose file name belongs to a resource
    with another address is reported and skipped. Files are written whole or not at all.

    Raises SpreadsheetError when the file can't be read at all; every problem with a row or
    the header is returned in the result instead.
    """
    schema = schema or load_schema()
    sheet = read_sheet(source)
    result = ImportResult(source.name, dry_run=dry_run)
    columns = _read_header(sheet, schema, result.problems)
    header_bad = any(p.severity == "error" for p in result.problems)
    missing_columns = {p.field for p in result.problems if p.code == "missing-column"}
    letters = {name: column_letter(i) for i, name in columns.items()}
    example = {k: v for k, v in example_row(schema).items() if v}

    catalogue = load_checked(root)
    by_url: dict[str, Record] = {}
    for r in catalogue.resources:
        if _catalogued_url(r):
            by_url.setdefault(url_key(_catalogued_url(r)), r)
    rows: list[_Row] = []
    seen_url: dict[str, int] = {}
    for number, cells in sheet.rows:
        if not any(c.text.strip() for c in cells):
            continue
        row = _build_row(number, cells, columns, org, schema)
        raw = row.raw
        if raw and all(raw.get(k) == v for k, v in example.items() if k in raw) and \
                set(raw) <= set(example) and len(raw) >= 3:
            result.outcomes.append(RowOutcome(number, "example"))
            continue
        url = row.values.get("url")
        if isinstance(url, str) and url:
            key = url_key(url)
            if key in seen_url:
                row.problems.append(CODES["duplicate-url"].in_sheet(row.number, letters["url"], "url", "sheet-rows",
                                                                    first_row=seen_url[key]))
                row.claimed.add("url")
            seen_url.setdefault(key, row.number)
        if "url" not in row.claimed:
            _match(row, by_url, root, org, letters)
        result.notes.extend(row.notes)
        rows.append(row)

    # Two new rows that would make the same file: the later one is rejected, but still checked
    # (under a stand-in name) so that all of its problems are reported in this run.
    seen_slug: dict[str, int] = {}
    for row in rows:
        if row.slug in seen_slug and row.existing is None:
            where = SLUG_COLUMN if SLUG_COLUMN in letters else "title"
            row.problems.append(CODES["duplicate-file-name"].in_sheet(row.number, letters.get(where, ""), where,
                                                                      path=row.path, first_row=seen_slug[row.slug]))
            row.claimed.add("id")
            row.slug = f"{row.slug}-row-{row.number}"
            row.path = f"resources/{org}/{row.slug}.md"
        seen_slug.setdefault(row.slug, row.number)

    # Build each row's file text and read it back as the loader would; then validate everything.
    texts: dict[str, str] = {}
    for row in rows:
        text = _file_text(row, root, schema)
        record = _to_record(text, org, row.slug, row.path)
        if isinstance(record, list):
            row.problems.extend(_from_problem(row, p, letters) for p in record)
            continue
        row.record = record
        texts[row.path] = text
    new = [r.record for r in rows if r.record is not None]
    report = check_with(catalogue, new, schema)

    by_path = {r.path: r for r in rows}
    for p in report.problems:
        owner = by_path.get(p.file)
        if owner is None or p.field in owner.claimed or (p.field == "id" and "id" in owner.claimed):
            continue
        if p.field in missing_columns:
            continue  # said once, for the header row
        if p.code == "missing-recommended":
            continue  # the row left the cell empty: said once per column would be noise
        owner.problems.append(_from_problem(owner, p, letters))

    for row in rows:
        result.problems.extend(row.problems)
        new_file = row.existing is None
        if any(p.severity == "error" for p in row.problems):
            result.outcomes.append(RowOutcome(row.number, "problems", row.path, new_file))
        elif header_bad:
            result.outcomes.append(RowOutcome(row.number, "held", row.path, new_file))
        elif not new_file and texts[row.path] == (root / row.path).read_text(encoding="utf-8"):
            result.outcomes.append(RowOutcome(row.number, "unchanged", row.path, False))
        elif not new_file and not force:
            result.outcomes.append(RowOutcome(row.number, "exists", row.path, False,
                                              _diff(root, row, texts[row.path]) if dry_run else ""))
        elif dry_run:
            result.outcomes.append(RowOutcome(row.number, "ready", row.path, new_file,
                                              _diff(root, row, texts[row.path])))
        elif result.write_error:
            result.outcomes.append(RowOutcome(row.number, "failed", row.path, new_file))
        else:
            try:
                write_text(root / row.path, texts[row.path])
            except WriteError as err:
                result.write_error = str(err)
                result.outcomes.append(RowOutcome(row.number, "failed", row.path, new_file))
                continue
            result.outcomes.append(RowOutcome(row.number, "written", row.path, new_file))
    result.outcomes.sort(key=lambda o: o.row)
    result.problems.sort(key=lambda p: (p.row, p.column == "", p.column.rjust(3), p.code))
    return result


def _from_problem(row: _Row, p: Problem, letters: dict[str, str]) -> Problem:
    name = {"body": BODY_COLUMN, "id": SLUG_COLUMN}.get(p.field, p.field)
    if name == SLUG_COLUMN and SLUG_COLUMN not in letters:
        name = "title"
    return Problem.in_sheet(row.number, letters.get(name, ""), name, p.code, p.message, p.hint, p.severity)
