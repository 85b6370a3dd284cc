"""One problem type for every route: where it is is data, and each front end says it its own way."""

from __future__ import annotations

from oerbank.problems import Problem


def test_a_file_problem_is_placed_by_file_and_line_and_its_json_is_as_before() -> None:
    p = Problem("resources/acme-arts/masks.md", 4, "title", "too-long", "'title' is too long.", "Shorten it.")
    assert p.location() == "resources/acme-arts/masks.md:4"
    assert p.to_dict() == {"file": "resources/acme-arts/masks.md", "line": 4, "field": "title", "code": "too-long",
                           "message": "'title' is too long.", "hint": "Shorten it.", "severity": "error"}


def test_a_sheet_problem_is_placed_by_row_and_column() -> None:
    cell = Problem.in_sheet(3, "B", "title", "formula-cell", "The cell holds a formula.")
    row = Problem.in_sheet(3, "", "url", "duplicate-url", "This link is already in the catalogue.")
    heading = Problem.in_sheet(1, "", "", "rows-above-header", "Rows above the headings were skipped.", "", "warning")
    assert [p.location() for p in (cell, row, heading)] == ["row 3, column B (title)", "row 3 (url)", "row 1"]
    assert (cell.row, cell.column) == (3, "B")
    assert cell.to_dict()["place"] == "sheet" and cell.to_dict()["column"] == "B"


def test_a_form_problem_is_placed_by_its_question() -> None:
    p = Problem.in_form("Key stages", "not-in-vocabulary", "'Year 4' is not a key stage this catalogue uses.")
    assert (p.location(), p.question, p.severity) == ("Key stages", "Key stages", "error")
    assert p.to_dict()["question"] == "Key stages"


def test_an_invisible_character_is_placed_at_its_column_in_the_annotation(tmp_path) -> None:
    import shutil

    from catalogues import FIXTURES, write_files
    from oerbank.pipeline import check
    from oerbank.report import format_github
    from test_validate_near_misses import ORG, resource

    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    write_files(root, {f"{ORG}/rtl.md": resource(url="https://www.acme-arts.example/rtl", title="Masks \u202eof clay")})
    _, report = check(root)
    [p] = report.problems
    assert (p.location(), p.code, p.column) == (f"{ORG}/rtl.md:2:14", "bidi-control", "14")
    assert p.message.endswith("RIGHT-TO-LEFT OVERRIDE, at line 2, column 14: readers would not see what is written.")
    assert f"::error file={ORG}/rtl.md,line=2,col=14,title=bidi-control (title)::" in format_github(report)
    assert p.to_dict()["column"] == 14
