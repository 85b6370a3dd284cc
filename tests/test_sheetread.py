"""Spreadsheets as people make them, and files built to overload the computer that imports them.

Each finding has a sheet made here (no large file is committed): the exact message a learning
officer reads, with the spreadsheet's own row and column, and what was written (nothing, when the
file is refused). Memory and time bounds are measured by scripts/bench_import.py, never here.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from oerbank.cli import cli
from oerbank.pipeline import check
from oerbank.sheetread import MAX_ROWS, SpreadsheetError, read_sheet
from oerbank.spreadsheet import import_sheet

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
ORG = "tideway-arts"
HEADER = ["title", "url", "summary", "resource_types", "key_stages", "subjects", "licence", "cost", "art_forms",
          "delivery", "published"]
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", target)
    return target


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def written(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "resources" / ORG).iterdir())


def resource(n: int, name: str = "Lesson") -> list[str]:
    return [f"{name} {n}", f"https://tidewayarts.example/learning/{name.lower()}-{n}",
            f"A lesson about shape number {n}.", "activity", "ks2", "art-and-design", "CC-BY-4.0", "free",
            "visual-art", "in-school", "2024-05-01"]


def csv_text(rows: list[list[str]]) -> str:
    return "".join(",".join(r) + "\r\n" for r in rows)


def workbook(path: Path, rows: list[list[object]]) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = "Resources"
    for r in rows:
        ws.append(r)
    return book


def with_sheet_xml(path: Path, pieces: list[bytes]) -> Path:
    """An .xlsx made by openpyxl whose sheet XML is replaced by `pieces` (streamed into the zip)."""
    plain = path.with_name("plain-" + path.name)
    workbook(plain, [HEADER]).save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with out.open(info.filename, "w", force_zip64=True) as part:
                    for piece in pieces:
                        part.write(piece)
            else:
                out.writestr(info, src.read(info.filename))
    plain.unlink()
    return path


def sheet_xml(dimension: str, rows: list[list[str]], start: int = 1) -> list[bytes]:
    head = f'<worksheet xmlns="{MAIN_NS}"><dimension ref="{dimension}"/><sheetData>'.encode()
    body = []
    for n, values in enumerate(rows, start=start):
        cells = "".join(f'<c r="{chr(65 + i)}{n}" t="inlineStr"><is><t>{v}</t></is></c>'
                        for i, v in enumerate(values))
        body.append(f'<row r="{n}">{cells}</row>'.encode())
    return [head, *body, b"</sheetData></worksheet>"]


# --- the header row ----------------------------------------------------------------------------

def test_title_rows_above_the_headings_are_skipped_and_said_once(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "ours.csv"
    sheet.write_text(csv_text([["Tideway Arts: learning resources 2024", "", ""], ["", "", ""],
                               ["Updated by the learning team", "", ""], HEADER, resource(1),
                               resource(2)[:2] + ["", *resource(2)[3:]]]), encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    lines = output.splitlines()
    assert lines[:2] == [
        "ours.csv: row 1: warning [rows-above-header] Rows 1 to 3 are above the column headings in row 4, so they "
        "were not imported (row 1: 'Tideway Arts: learning resources 2024').",
        "    hint: Nothing to do if they are a title or notes; a resource among them must be moved below the headings.",
    ]
    # The row numbers are the spreadsheet's own: the second resource is row 6, its summary column C.
    assert [line.split(":")[1].strip() for line in lines if "[missing-field]" in line] == ["row 6, column C (summary)"]
    assert "row 5: wrote resources/tideway-arts/lesson-1.md" in lines
    assert written(root) == ["lesson-1.md", "river-songs.md"]


def test_header_row_in_an_xlsx_below_a_logo_row_and_blank_rows(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "resources.xlsx"
    book = workbook(path, [[], ["Learning resources"], [], HEADER, resource(1), [], resource(2)])
    book.save(path)
    result = import_sheet(root, ORG, path)
    assert [(p.row, p.code, p.message, p.hint) for p in result.problems if p.code != "missing-column"] == [
        (2, "rows-above-header",
         "Row 2 is above the column headings in row 4, so it was not imported ('Learning resources').",
         "Nothing to do if it is a title or notes; if it is a resource, move it below the headings.")]
    assert [(o.row, o.status) for o in result.outcomes] == [(5, "written"), (7, "written")]
    assert written(root) == ["lesson-1.md", "lesson-2.md", "river-songs.md"]


def test_a_sheet_without_two_known_headings_explains_its_first_row(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "typos.csv"
    sheet.write_text(csv_text([["Titel", "Linkk", "Sumary"], ["Knots", "https://tidewayarts.example/k", "Tie."]]),
                     encoding="utf-8")
    result = import_sheet(root, ORG, sheet)
    assert [(p.location(), p.severity, p.code) for p in result.problems][:4] == [
        ("row 1, column A (Titel)", "warning", "unknown-column"),
        ("row 1, column B (Linkk)", "warning", "unknown-column"),
        ("row 1, column C (Sumary)", "warning", "unknown-column"),
        ("row 1", "error", "missing-column"),
    ]
    assert result.problems[0].hint == "Did you mean 'title'? Rename the heading to import it."
    assert written(root) == ["river-songs.md"]


# --- columns of their own ------------------------------------------------------------------------

def test_unknown_columns_are_warnings_and_never_stop_the_import(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "with-notes.csv"
    fits = "natcurric:contentdescriptor-improve-mastery-art-design-techniques"  # KS2 art and design, as resource()
    sheet.write_text(csv_text([HEADER + ["Contact", "Notes (internal)", "curriculum"],
                               resource(1) + ["Sam Tide", "chase the licence", fits], resource(2) + ["", "", fits]]),
                     encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 0, output
    assert output.splitlines() == [
        "with-notes.csv: row 1, column L (Contact): warning [unknown-column] Column L, 'Contact', is not a column "
        "this catalogue knows, so it was ignored.",
        "    hint: Nothing to do if it is for your own use; `oerbank template` lists the columns that are imported.",
        "with-notes.csv: row 1, column M (Notes (internal)): warning [unknown-column] Column M, 'Notes (internal)', "
        "is not a column this catalogue knows, so it was ignored.",
        "    hint: Nothing to do if it is for your own use; `oerbank template` lists the columns that are imported.",
        "row 2: wrote resources/tideway-arts/lesson-1.md",
        "row 3: wrote resources/tideway-arts/lesson-2.md",
        "2 rows: 2 written, 0 skipped (already in the catalogue), 0 with problems",
    ]
    catalogue, report = check(root)
    assert report.errors == []
    assert "Sam Tide" not in (root / "resources" / ORG / "lesson-1.md").read_text(encoding="utf-8")


def test_values_right_of_the_last_heading_are_named_by_column_and_first_row(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "stray.xlsx"
    book = workbook(path, [HEADER, resource(1), resource(2)])
    book["Resources"]["L3"] = "typed by mistake"
    book["Resources"]["XFD2"] = "far away"
    book.save(path)
    result = import_sheet(root, ORG, path)
    assert [(p.location(), p.code, p.message) for p in result.problems if p.code != "missing-column"] == [
        ("row 1, column L (no heading)", "missing-heading",
         "Column L has values (the first in row 3) but no heading, so they were ignored."),
        ("row 1, column XFD (no heading)", "missing-heading",
         "Column XFD is right of column IV, the last one an import reads, so its values (the first in row 2) "
         "were ignored."),
    ]
    assert result.ok and written(root) == ["lesson-1.md", "lesson-2.md", "river-songs.md"]


# --- hyperlink cells -----------------------------------------------------------------------------

def test_a_hyperlink_cell_gives_its_target(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "links.xlsx"
    book = workbook(path, [HEADER, resource(1), resource(2), resource(3)])
    ws = book["Resources"]
    ws["B2"] = "Click here"
    ws["B2"].hyperlink = "https://tidewayarts.example/learning/knots"
    ws["B3"] = "http://TidewayArts.example/learning/nets/"  # the same page as its link: nothing to say
    ws["B3"].hyperlink = "https://tidewayarts.example/learning/nets"
    ws["B4"] = "https://tidewayarts.example/learning/sails"  # shows one page, goes to another
    ws["B4"].hyperlink = "https://tidewayarts.example/learning/ropes"
    ws["A2"].hyperlink = "https://tidewayarts.example/elsewhere"  # not a link column: the text is kept
    book.save(path)
    result = import_sheet(root, ORG, path)
    assert [(p.location(), p.severity, p.code, p.message, p.hint) for p in result.problems
            if p.code != "missing-column"] == [
        ("row 4, column B (url)", "warning", "link-text-differs",
         "This cell shows 'https://tidewayarts.example/learning/sails' but links to "
         "'https://tidewayarts.example/learning/ropes'; the link was used.",
         "If the address shown is the right one, fix the link (right-click > Edit Hyperlink) or type the address "
         "as plain text."),
    ]
    catalogue, report = check(root)
    assert report.errors == []
    urls = {r.data["title"]: r.data["url"] for r in catalogue.resources if r.id.startswith(ORG + "/")}
    assert urls["Lesson 1"] == "https://tidewayarts.example/learning/knots"
    assert urls["Lesson 2"] == "https://tidewayarts.example/learning/nets"
    assert urls["Lesson 3"] == "https://tidewayarts.example/learning/ropes"


# --- the row limit, and sheets that lie about their size -----------------------------------------

def test_a_csv_over_the_row_limit_stops_with_a_sentence_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "big.csv"
    sheet.write_text(csv_text([["Our resources"], HEADER] + [resource(n) for n in range(1, MAX_ROWS + 3)]),
                     encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == (
        "error: big.csv has more than 10,000 rows of resources, so reading stopped at row 10,003 and nothing was "
        "imported. Import at most 10,000 at a time: split the sheet into smaller files and import each one.\n")
    assert written(root) == ["river-songs.md"]


def test_a_sheet_claiming_a1_is_read_to_its_real_end(tmp_path: Path) -> None:
    """openpyxl's read-only mode believes the dimension tag; the import must not."""
    small = with_sheet_xml(tmp_path / "small.xlsx", sheet_xml("A1:A1", [HEADER] + [resource(n) for n in (1, 2, 3)]))
    sheet = read_sheet(small, lambda text: text in HEADER)
    assert [(n, cells[0].text) for n, cells in sheet.rows] == [(2, "Lesson 1"), (3, "Lesson 2"), (4, "Lesson 3")]

    big = with_sheet_xml(tmp_path / "liar.xlsx",
                         sheet_xml("A1:A1", [HEADER] + [[f"Lesson {n}"] for n in range(1, MAX_ROWS + 5)]))
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(big, lambda text: text in HEADER)
    assert str(err.value) == (
        "The sheet 'Resources' in liar.xlsx has more than 10,000 rows of resources, so reading stopped at row "
        "10,002 and nothing was imported. Import at most 10,000 at a time: split the sheet into smaller files and "
        "import each one.")


def test_one_cell_at_xfd1048576_is_refused_before_reading(root: Path, tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    book = workbook(path, [HEADER, resource(1)])
    book["Resources"]["XFD1048576"] = "x"
    book.save(path)
    assert path.stat().st_size < 10_000
    before = path.read_bytes()
    code, output = run("import", str(path), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == (
        "error: The sheet 'Resources' in far.xlsx says it reaches row 1,048,576 (cell XFD1048576), but an import "
        "reads at most 10,000 rows, so it was not read. If the rows below your resources are empty, select them, "
        "delete them (right-click > Delete) and save; otherwise split the sheet into files of at most 10,000 "
        "rows.\n")
    assert written(root) == ["river-songs.md"]
    assert path.read_bytes() == before


# --- zip bombs -----------------------------------------------------------------------------------

def test_a_sheet_that_unpacks_past_the_limit_is_refused_unopened(root: Path, tmp_path: Path) -> None:
    spaces = b" " * 2 ** 24
    bomb = with_sheet_xml(tmp_path / "bomb.xlsx", [*sheet_xml("A1:H1", [HEADER])[:2], *[spaces] * 10,
                                                   b"</sheetData></worksheet>"])
    code, output = run("import", str(bomb), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == (
        "error: bomb.xlsx would unpack to 160 MB, more than the 150 MB an import reads, so it was not opened; a "
        "sheet of 10,000 resources needs far less. Save just the resources sheet as a new .xlsx or as CSV UTF-8 "
        "and import that.\n")
    assert written(root) == ["river-songs.md"]


def test_a_part_that_expands_a_thousandfold_is_refused(tmp_path: Path) -> None:
    bomb = with_sheet_xml(tmp_path / "ratio.xlsx", [*sheet_xml("A1:H1", [HEADER])[:2], b" " * 20 * 2 ** 20,
                                                    b"</sheetData></worksheet>"])
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(bomb, lambda text: text in HEADER)
    assert re.fullmatch(
        r"ratio\.xlsx holds a part \(xl/worksheets/sheet1\.xml\) that unpacks to 1,0[0-9]{2} times its packed size, "
        r"as files built to overload a computer do, so it was not opened\. If it is your own workbook, save the "
        r"resources sheet as CSV UTF-8 and import that\.", str(err.value))


def test_a_package_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for n in range(1_001):
            package.writestr(f"xl/media/part{n}.bin", b"")
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(path, lambda text: text in HEADER)
    assert str(err.value) == (
        "parts.xlsx is packed from more than 1,000 parts; an Excel workbook has a few dozen. It was not opened. "
        "Save the resources sheet as a new .xlsx, or as CSV UTF-8, and import that.")


def test_an_old_xls_or_a_protected_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(path, lambda text: text in HEADER)
    assert str(err.value) == ("old.xlsx is an older Excel file (.xls) or protected with a password. Open it in "
                              "Excel, remove any password, and save it as 'Excel Workbook (*.xlsx)'.")


# --- CSV text ------------------------------------------------------------------------------------

def test_one_latin1_byte_is_named_by_row_and_column_not_guessed(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "mixed.csv"
    good = csv_text([HEADER, resource(1)]).encode("utf-8")
    sheet.write_bytes(good + "Caf\u00e9 Sketching,https://tidewayarts.example/c,Sketch.,activity,ks3,art-and-design,"
                             "CC-BY-4.0,free\r\n".encode("latin-1"))
    before = sheet.read_bytes()
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == (
        "error: mixed.csv is not saved as UTF-8 text: row 3, column A has a byte (0xE9) that UTF-8 does not allow, "
        "just after 'Caf'. Nothing was imported, and no characters were guessed. In Excel choose File > Save As > "
        "'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file.\n")
    assert written(root) == ["river-songs.md"]
    assert sheet.read_bytes() == before


def test_a_whole_windows_1252_file_is_refused_too(tmp_path: Path) -> None:
    """Excel's plain "CSV (Comma delimited)": valid cp1252, not UTF-8. No guessing: the same refusal."""
    sheet = tmp_path / "ansi.csv"
    sheet.write_bytes(csv_text([HEADER, ["Sea Glass", "https://tidewayarts.example/g",
                                         "Sort sea glass \u2013 by colour.", "activity", "ks2", "science",
                                         "CC-BY-4.0", "free"]]).encode("cp1252"))
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(sheet, lambda text: text in HEADER)
    assert str(err.value).startswith(
        "ansi.csv is not saved as UTF-8 text: row 2, column C has a byte (0x96) that UTF-8 does not allow, just "
        "after 'Sort sea glass '. Nothing was imported")


def test_utf8_with_and_without_bom_and_semicolons(tmp_path: Path) -> None:
    for name, data in (("bom.csv", "\ufefftitle;url\r\nCaf\u00e9;https://x.example/\r\n".encode("utf-8")),
                       ("plain.csv", "title,url\nCaf\u00e9,https://x.example/\n".encode("utf-8"))):
        path = tmp_path / name
        path.write_bytes(data)
        sheet = read_sheet(path, lambda text: text in HEADER)
        assert [c.text for c in sheet.header] == ["title", "url"]
        assert [c.text for c in sheet.rows[0][1]] == ["Caf\u00e9", "https://x.example/"]


def test_utf16_and_a_workbook_named_csv_are_named(tmp_path: Path) -> None:
    utf16 = tmp_path / "unicode.csv"
    utf16.write_bytes("title\turl\r\n".encode("utf-16"))
    zipped = tmp_path / "book.csv"
    workbook(zipped, [HEADER]).save(zipped)
    messages = []
    for path in (utf16, zipped):
        with pytest.raises(SpreadsheetError) as err:
            read_sheet(path, lambda text: text in HEADER)
        messages.append(str(err.value))
    assert messages == [
        "unicode.csv is saved as UTF-16 ('Unicode Text'), not UTF-8. In Excel choose File > Save As > "
        "'CSV UTF-8 (Comma delimited) (*.csv)' and import the new file.",
        "book.csv is an Excel workbook with a .csv name. Rename it to book.xlsx and import that.",
    ]


def test_an_oversized_cell_is_a_row_and_column_not_a_traceback(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "long.csv"
    sheet.write_text(csv_text([HEADER + ["description"], resource(1) + ["short"],
                               resource(2) + ["x" * 200_000]]), encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == (
        "error: long.csv: row 3, column L holds more than 131,072 characters, far more than any cell of a resource "
        "needs, so nothing was imported. Often a quote mark (\") opens that cell and is never closed, joining the "
        "rest of the file into it: check the cell's quote marks, or shorten it.\n")
    assert written(root) == ["river-songs.md"]


def test_an_unclosed_quote_names_the_cell_it_opens(tmp_path: Path) -> None:
    sheet = tmp_path / "quote.csv"
    rows = [HEADER, resource(1), resource(2)[:2] + ['"Pupils say hi'] + resource(2)[3:]]
    rows += [resource(n) for n in range(3, 3_000)]
    sheet.write_text(csv_text(rows), encoding="utf-8")
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(sheet, lambda text: text in HEADER)
    assert str(err.value).startswith("quote.csv: row 3, column C holds more than 131,072 characters")


def test_an_empty_file_has_no_header_row(tmp_path: Path) -> None:
    sheet = tmp_path / "empty.csv"
    sheet.write_text(",,\r\n,,\r\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(sheet, lambda text: text in HEADER)
    assert str(err.value) == ("empty.csv is empty: there is no header row. The first row must name the columns, "
                              "e.g. title, url, summary (`oerbank template` writes one).")


# --- a workbook as Excel writes it ----------------------------------------------------------------

EXCEL_PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                       '2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="Help" sheetId="2" '
                       'r:id="rId2"/><sheet name="Resources" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="/xl/worksheets/help.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" '
                     'formatCode="dd/mm/yyyy"/></numFmts><cellStyleXfs count="1"><xf numFmtId="164"/></cellStyleXfs>'
                     '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>',
    "xl/worksheets/help.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>',
    "xl/worksheets/_rels/sheet1.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="https://tidewayarts.example/learning/knots" TargetMode="External"/></Relationships>',
}


def test_shared_strings_styles_and_links_as_excel_writes_them(tmp_path: Path) -> None:
    texts = ["title", "url", "published", "Knots and Nets", "Click here"]
    strings = "".join(f"<si><t>{t}</t></si>" for t in texts[:3])
    # Rich text runs are joined; a phonetic guide (rPh) is not part of the text.
    strings += "<si><r><t>Knots</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> and Nets</t></r>" \
               "<rPh sb=\"0\" eb=\"1\"><t>ノット</t></rPh></si><si><t>Click here</t></si>"
    # Excel's escapes: _x000D_ is a carriage return, _x005F_ a literal underscore before "x0041_".
    strings += "<si><t>summary</t></si><si><t>Tie_x000D_\nthem _x005F_x0041_</t></si>"
    sheet = (f'<worksheet xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships"><dimension ref="A1:C2"/><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>5</v></c></row>'
             '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>43952</v></c>'
             '<c r="D2" t="s"><v>6</v></c></row></sheetData><hyperlinks><hyperlink ref="B2" r:id="rId9"/></hyperlinks></worksheet>')
    path = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in {**EXCEL_PARTS, "xl/sharedStrings.xml": f'<sst xmlns="{MAIN_NS}">{strings}</sst>',
                           "xl/worksheets/sheet1.xml": sheet}.items():
            package.writestr(name, text)
    read = read_sheet(path, lambda text: text in HEADER)
    assert [c.text for c in read.header] == ["title", "url", "published", "summary"]
    ((number, cells),) = read.rows
    assert number == 2
    # 43952 days after 1 January 1904 (date1904) is 2024-05-02; the cell's style says it is a date.
    assert [(c.text, c.link) for c in cells] == [
        ("Knots and Nets", ""), ("Click here", "https://tidewayarts.example/learning/knots"), ("2024-05-02", ""),
        ("Tie\r\nthem _x0041_", "")]


def test_long_cells_under_the_limit_are_read_whole(tmp_path: Path) -> None:
    sheet = tmp_path / "long-ok.csv"
    sheet.write_text(csv_text([["title", "url", "description"], ["a", "b", "y" * 100_000],
                               ["c", "d", '"two\nlines"']]), encoding="utf-8")
    read = read_sheet(sheet, lambda text: text in HEADER + ["description"])
    assert [(n, [len(c.text) for c in cells]) for n, cells in read.rows] == [(2, [1, 1, 100_000]), (3, [1, 1, 9])]


def test_a_row_of_many_quoted_lines_is_bounded(tmp_path: Path) -> None:
    sheet = tmp_path / "tall.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        fh.write("title,url\r\nfirst,https://tidewayarts.example/1\r\n")
        fh.write(",".join(['"' + "z\n" * 50_000 + '"'] * 50) + "\r\n")
    with pytest.raises(SpreadsheetError) as err:
        read_sheet(sheet, lambda text: text in HEADER)
    assert str(err.value) == ("tall.csv: row 3 holds more than 4,194,304 characters, so nothing was imported. "
                              "Check that row in your spreadsheet program and shorten it.")


def test_formulas_are_read_as_formulas_shared_ones_too(tmp_path: Path) -> None:
    sheet = (f'<worksheet xmlns="{MAIN_NS}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>url</t></is></c></row>'
             '<row r="2"><c r="A2" t="inlineStr"><is><t>One</t></is></c>'
             '<c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">"https://x.example/"&amp;A2</f><v>https://x.example/One</v></c></row>'
             '<row r="3"><c r="A3" t="inlineStr"><is><t>Two</t></is></c>'
             '<c r="B3" t="str"><f t="shared" si="0"/><v>https://x.example/Two</v></c></row>'
             '</sheetData></worksheet>')
    path = tmp_path / "formulas.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        for name, text in {**EXCEL_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            package.writestr(name, text)
    read = read_sheet(path, lambda text: text in HEADER)
    assert [(c.text, c.formula) for _, cells in read.rows for c in cells[1:]] == [
        ('="https://x.example/"&A2', True), ('="https://x.example/"&A3', True)]


def test_header_problems_name_the_header_row_where_it_is(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "no-title.csv"
    sheet.write_text(csv_text([["Autumn list"], HEADER[1:], resource(1)[1:]]), encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    lines = output.splitlines()
    assert "no-title.csv: row 2 (title): error [missing-column] There is no 'title' column; every resource needs it." \
        in lines
    assert lines[-2:] == ["Nothing was written: fix the header row (row 2) first, then import again.",
                          "1 row: 0 written, 0 skipped (already in the catalogue), 0 with problems, 1 not written because of the header row"]
    assert written(root) == ["river-songs.md"]
