"""`oerbank import` and `oerbank template` on realistic spreadsheets, good and bad.

Problems the importer finds itself are asserted word for word; problems that come from the
validator are asserted by row, column and code (their wording belongs to the validator), and
every written file must pass `oerbank validate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from oerbank.cli import cli
from oerbank.pipeline import check
from oerbank.schema import load_schema
from oerbank.spreadsheet import ImportResult, column_letter, example_row, import_sheet, template_columns

FIXTURES = Path(__file__).parent / "fixtures" / "importer"
ORG = "tideway-arts"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", target)
    return target


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def located(result: ImportResult) -> list[tuple[str, str, str]]:
    return [(p.severity, p.location(), p.code) for p in result.problems]


def assert_valid(root: Path) -> None:
    _, report = check(root)
    assert report.errors == []


def test_good_csv_writes_valid_files(root: Path) -> None:
    code, output = run("import", str(FIXTURES / "good.csv"), "--org", ORG, "--root", str(root))
    assert code == 0
    # Cells typed as people type them are converted, and each conversion is said with its cell.
    assert output.splitlines() == [
        "good.csv: row 3, column D (resource_types): 'Lesson plan' read as lesson-plan",
        "good.csv: row 3, column D (resource_types): 'Worksheet' read as worksheet",
        "good.csv: row 3, column E (key_stages): 'Key Stage 2' read as ks2",
        "good.csv: row 3, column F (subjects): 'Art and design' read as art-and-design",
        "good.csv: row 3, column G (licence): 'CC BY-NC 4.0' read as CC-BY-NC-4.0",
        "good.csv: row 3, column H (cost): 'Free' read as free",
        "good.csv: row 3, column I (art_forms): 'Visual art' read as visual-art",
        "good.csv: row 3, column J (delivery): 'Download' read as download",
        "good.csv: row 3, column K (published): '14/03/2024' read as 2024-03-14 (14 March 2024)",
        "row 2: wrote resources/tideway-arts/mudlarking-finds-handling-session.md",
        "row 3: wrote resources/tideway-arts/printing-the-river.md",
        "2 rows: 2 written, 0 skipped (already in the catalogue), 0 with problems",
    ]
    assert_valid(root)
    catalogue, _ = check(root)
    data = {r.id: r.data for r in catalogue.resources}
    printing = data["tideway-arts/printing-the-river"]
    # Labels and keys both work; the UK date from Excel becomes YYYY-MM-DD.
    assert printing["resource_types"] == ["lesson-plan", "worksheet"]
    assert printing["key_stages"] == ["ks2"]
    assert printing["subjects"] == ["art-and-design"]
    assert printing["licence"] == "CC-BY-NC-4.0"
    assert printing["cost"] == "free"
    assert printing["art_forms"] == ["visual-art"]
    assert str(printing["published"]) == "2024-03-14"
    assert printing["keywords"] == ["printmaking", "lino"]
    mud = data["tideway-arts/mudlarking-finds-handling-session"]
    assert mud["keywords"] == ["archaeology", "objects", "Thames"]  # commas when there is no ';'
    assert mud["body"] == "A two-hour session in our learning studio.\n\n- Handle real finds\n- Draw them in detail"


def test_rows_already_imported_are_matched_by_link_and_updated_only_with_force(root: Path) -> None:
    args = ("import", str(FIXTURES / "good.csv"), "--org", ORG, "--root", str(root))
    run(*args)
    path = root / "resources" / ORG / "printing-the-river.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Relief printing", "Lino printing")
                    .replace("---\nLesson plan", "---\nMy own description."), encoding="utf-8")
    edited = path.read_text(encoding="utf-8")
    code, output = run(*args)
    assert code == 0
    assert output.splitlines()[-3:] == [
        "row 2: resources/tideway-arts/mudlarking-finds-handling-session.md already says the same; nothing to change",
        "row 3: skipped resources/tideway-arts/printing-the-river.md: it is already in the catalogue with this link. "
        "--force updates it with this row's values (what the row leaves empty, and its description if the row "
        "has none, are kept)",
        "2 rows: 0 written, 1 unchanged, 1 skipped (already in the catalogue), 0 with problems",
    ]
    assert path.read_text(encoding="utf-8") == edited
    # --force updates the summary from the sheet; the row has no description, so the file's is kept.
    code, output = run(*args, "--force")
    assert code == 0, output
    assert output.splitlines()[-2:] == [
        "row 3: updated resources/tideway-arts/printing-the-river.md",
        "2 rows: 0 written, 1 updated, 1 unchanged, 0 skipped (already in the catalogue), 0 with problems"]
    assert path.read_text(encoding="utf-8") == edited.replace("Lino printing", "Relief printing")
    assert_valid(root)


def test_bom_and_windows_line_endings_and_titles_as_headings(root: Path) -> None:
    raw = (FIXTURES / "windows-bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the fixture really is what Excel writes
    result = import_sheet(root, ORG, FIXTURES / "windows-bom.csv")
    assert located(result) == [
        ("warning", "row 1", "missing-column"),
        ("warning", "row 1", "missing-column"),
        ("warning", "row 1", "missing-column"),
    ]
    assert result.problems[0].message == ("There is no 'art_forms' column; it is recommended because teachers "
                                          "use it to find resources.")
    assert result.summary() == "2 rows: 2 written, 0 skipped (already in the catalogue), 0 with problems"
    assert_valid(root)
    catalogue, _ = check(root)
    tales = next(r.data for r in catalogue.resources if r.id == "tideway-arts/tideway-tales")
    assert tales["title"] == "Tideway Tales"  # no BOM in the first heading, no \r in values
    assert tales["key_stages"] == ["eyfs", "ks1"]  # "Early years (ages 3–5); KS1"
    assert tales["cost"] == "free-registration"  # "Free with registration"


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_written(root: Path) -> None:
    code, output = run("import", str(FIXTURES / "bad.csv"), "--org", ORG, "--root", str(root))
    assert code == 1
    lines = output.splitlines()
    # Row 5 has river-songs' link (with a final /): it is that resource, skipped without --force.
    assert lines[-3:] == ["row 5: skipped resources/tideway-arts/river-songs.md: it is already in the catalogue "
                          "with this link. --force updates it with this row's values (what the row leaves empty, "
                          "and its description if the row has none, are kept)",
                          "row 7: wrote resources/tideway-arts/bridge-builders.md",
                          "7 rows: 1 written, 1 skipped (already in the catalogue), 5 with problems"]
    errors = [line for line in lines if ": error [" in line]
    assert [line.split(": error ")[0] + " " + line.split("] ")[0].split("[")[1] for line in errors] == [
        "bad.csv: row 2, column E (key_stages) not-in-vocabulary",
        "bad.csv: row 2, column F (subjects) not-in-vocabulary",
        "bad.csv: row 3, column A (title) missing-field",
        "bad.csv: row 3, column C (summary) missing-field",
        "bad.csv: row 3, column G (licence) missing-field",
        "bad.csv: row 4, column B (url) formula-cell",
        "bad.csv: row 6, column C (summary) formula-cell",
        "bad.csv: row 6, column H (cost) formula-cell",
        "bad.csv: row 8, column A (title) duplicate-file-name",
    ]
    text = "\n".join(lines)
    assert "'ks9'" in errors[0] and "'musik'" in errors[1]
    assert "music" in text.split("column F (subjects)")[1].split("\n")[1]  # the hint suggests 'music'
    assert ("bad.csv: row 4, column B (url): error [formula-cell] This cell holds a spreadsheet formula or starts "
            "like one ('=HYPERLINK(\"https://tidewayarts.example/learning/photo\")'), not plain text.\n"
            "    hint: Type the value itself (for a link, the full https:// address), or copy the cell and use "
            "Paste Special > Values; drop a leading =, +, - or @.") in text
    assert "row 6, column C (summary): error [formula-cell] This cell holds a spreadsheet formula or starts like one ('+44 20 7946 0000'), not plain text." in text
    assert "row 6, column H (cost): error [formula-cell] This cell holds a spreadsheet formula or starts like one ('@SUM(1)'), not plain text." in text
    assert ("bad.csv: row 8, column A (title): error [duplicate-file-name] This row would be saved as "
            "resources/tideway-arts/bridge-builders.md, like row 7.") in text
    assert sorted(p.name for p in (root / "resources" / ORG).iterdir()) == ["bridge-builders.md", "river-songs.md"]
    assert_valid(root)


def test_duplicate_link_earlier_in_the_sheet(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "twice.csv"
    sheet.write_text(
        "title,url,summary,resource_types,key_stages,subjects,licence,cost,art_forms,delivery,published,curriculum\n"
        "Clay Faces,https://tidewayarts.example/learning/clay,Make a clay face.,activity,ks1,art-and-design,"
        "CC-BY-4.0,free,craft,at-venue,2024-01-01,natcurric:contentdescriptor-drawing-painting-sculpture-share-ideas\n"
        "Clay Faces Two,HTTPS://TidewayArts.example/learning/clay/,Make another.,activity,ks1,art-and-design,"
        "CC-BY-4.0,free,craft,at-venue,2024-01-01,natcurric:contentdescriptor-drawing-painting-sculpture-share-ideas\n",
        encoding="utf-8")
    result = import_sheet(root, ORG, sheet)
    assert [(p.location(), p.code, p.message) for p in result.problems] == [
        ("row 3, column B (url)", "duplicate-url", "This link is the same as row 2's.")]
    assert result.summary() == "2 rows: 1 written, 0 skipped (already in the catalogue), 1 with problems"


def test_dry_run_writes_nothing_and_shows_each_file_as_a_diff(root: Path) -> None:
    code, output = run("import", str(FIXTURES / "good.csv"), "--org", ORG, "--root", str(root), "--dry-run")
    assert code == 0
    lines = output.splitlines()
    assert lines[-1] == "2 rows: 2 would be written, 0 skipped (already in the catalogue), 0 with problems"
    at = lines.index("row 3: would write resources/tideway-arts/printing-the-river.md")
    assert lines[at + 1:at + 4] == ["--- /dev/null", "+++ b/resources/tideway-arts/printing-the-river.md",
                                    "@@ -0,0 +1,56 @@"]
    assert '+key_stages: ["ks2"]' in lines and '+published: "2024-03-14"' in lines
    assert sorted(p.name for p in (root / "resources" / ORG).iterdir()) == ["river-songs.md"]


def test_xlsx_made_with_openpyxl(root: Path, tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["Title", "Link", "Summary", "Resource types", "Key stages", "Subjects", "Licence", "Cost",
               "Art forms", "Delivery", "Published", "Duration (minutes)", "Curriculum"])
    ws.append(["Shadow Puppets", "https://tidewayarts.example/learning/shadow-puppets",
               "Make shadow puppets of river creatures and perform a story.", "Activity", "KS1; KS2", "Drama",
               "CC-BY-4.0", "free", "theatre", "in-school", dt.datetime(2024, 5, 1), 90.0, "nic:arts-drama-ks1"])
    ws.append(["Foreshore Film", '=HYPERLINK("https://tidewayarts.example/film","film")',
               "A short film about the foreshore.", "video", "ks3", "media-studies", "CC-BY-4.0", "free",
               "film", "online", dt.date(2024, 6, 1), 12, "cfw:expressive-arts-exploring"])
    ws.append([])  # blank rows are ignored
    ws.append(["Tide Tables", "https://tidewayarts.example/learning/tides", "Read a tide table.", "worksheet",
               "Year 5", "maths", "CC-BY-4.0", "sometimes", "design", "download", "2024-13-01", None])
    path = tmp_path / "resources.xlsx"
    book.save(path)

    result = import_sheet(root, ORG, path)
    assert located(result) == [
        ("error", "row 3, column B (url)", "formula-cell"),
        ("error", "row 5, column E (key_stages)", "not-in-vocabulary"),
        ("error", "row 5, column H (cost)", "not-in-vocabulary"),
        ("error", "row 5, column K (published)", "invalid-date"),
    ]
    assert "'Year 5'" in result.problems[1].message and "ks2" in result.problems[1].hint
    assert result.summary() == "3 rows: 1 written, 0 skipped (already in the catalogue), 2 with problems"
    assert_valid(root)
    catalogue, _ = check(root)
    puppets = next(r.data for r in catalogue.resources if r.id == "tideway-arts/shadow-puppets")
    assert puppets["key_stages"] == ["ks1", "ks2"]
    assert puppets["duration_minutes"] == 90
    assert str(puppets["published"]) == "2024-05-01"


def test_header_problems_stop_all_writing(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "headers.csv"
    sheet.write_text("title,url,summary,resource_types,keystages,subject,licence,cost,id,,Colour\n"
                     "Sea Glass,https://tidewayarts.example/learning/sea-glass,Sort sea glass by colour.,"
                     "activity,ks2,science,CC-BY-4.0,free,x,,blue\n", encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output.splitlines() == [
        "headers.csv: row 1, column F (subject): warning [unknown-column] Column F, 'subject', is not a column "
        "this catalogue knows, so it was ignored.",
        "    hint: Did you mean 'subjects'? Rename the heading to import it.",
        "headers.csv: row 1, column I (id): warning [unknown-column] Column I, 'id', is not a column this catalogue "
        "knows, so it was ignored.",
        "    hint: Nothing to do if it is for your own use; `oerbank template` lists the columns that are imported.",
        "headers.csv: row 1, column K (Colour): warning [unknown-column] Column K, 'Colour', is not a column this "
        "catalogue knows, so it was ignored.",
        "    hint: Nothing to do if it is for your own use; `oerbank template` lists the columns that are imported.",
        "headers.csv: row 1: error [missing-column] There is no 'subjects' column; every resource needs it.",
        "    hint: Add a column headed 'subjects' (see `oerbank template`).",
        "headers.csv: row 1: warning [missing-column] There is no 'art_forms' column; it is recommended because teachers use it to find resources.",
        "    hint: Add a column headed 'art_forms' if you can.",
        "headers.csv: row 1: warning [missing-column] There is no 'delivery' column; it is recommended because teachers use it to find resources.",
        "    hint: Add a column headed 'delivery' if you can.",
        "headers.csv: row 1: warning [missing-column] There is no 'published' column; it is recommended because teachers use it to find resources.",
        "    hint: Add a column headed 'published' if you can.",
        "headers.csv: row 1: warning [missing-column] There is no 'curriculum' column; it is recommended because teachers use it to find resources.",
        "    hint: Add a column headed 'curriculum' if you can.",
        "Nothing was written: fix the header row (row 1) first, then import again.",
        "1 row: 0 written, 0 skipped (already in the catalogue), 0 with problems, 1 not written because of the header row",
    ]
    assert sorted(p.name for p in (root / "resources" / ORG).iterdir()) == ["river-songs.md"]


def test_unreadable_files_and_usage_errors(root: Path, tmp_path: Path) -> None:
    latin = tmp_path / "bad.xlsx"
    latin.write_bytes(b"this is not a zip file")
    code, output = run("import", str(latin), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output.startswith("error: bad.xlsx can't be opened as an Excel .xlsx file")
    code, output = run("import", str(FIXTURES / "good.csv"), "--org", "nobody", "--root", str(root))
    assert code == 2
    assert "There is no organisations/nobody.yml" in output
    other = tmp_path / "notes.txt"
    other.write_text("title\nx\n", encoding="utf-8")
    code, output = run("import", str(other), "--org", ORG, "--root", str(root))
    assert code == 1
    assert output == "error: notes.txt: only .csv and .xlsx files can be imported. Save the spreadsheet as one of those.\n"


def test_template_xlsx_from_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "resources-template.xlsx"
    code, output = run("template", "--out", str(out))
    assert code == 0, output
    schema = load_schema()
    book = load_workbook(out)
    assert book.sheetnames == ["Resources", "Lists", "Help"]
    ws = book["Resources"]
    header = [c.value for c in ws[1]]
    assert header == [f.name for f in schema.resources.contributed if f.name != "organisation"] + ["description", "slug"]
    examples = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert examples["key_stages"] == "; ".join(schema.resources.field("key_stages").example)
    assert examples["licence"] == schema.resources.field("licence").example
    # A dropdown for each field with one allowed value, listing exactly the vocabulary's keys.
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    singles = [f for f in schema.resources.contributed if f.vocabulary and not f.is_list]
    assert len(rules) == len(singles) == 2
    lists = book["Lists"]
    for f in singles:
        letter = column_letter(header.index(f.name))
        formula = rules[f"{letter}2:{letter}10001"]
        ref = formula.split("!")[1].replace("$", "")
        values = [c.value for row in lists[ref] for c in row]
        assert values == schema.vocabularies[f.vocabulary].keys
    help_rows = list(book["Help"].iter_rows(values_only=True))
    assert help_rows[0] == ("Column", "Field", "Required", "What to write", "Allowed values", "Example")
    by_field = {r[1]: r for r in help_rows[1:]}
    assert set(by_field) == set(header)
    stages = by_field["key_stages"]
    assert stages[2] == "yes"
    assert stages[3] == schema.resources.field("key_stages").description
    assert stages[4].splitlines()[0] == "One or more, separated by ';':"
    assert [(name, by_field[name][2]) for name in ("art_forms", "published", "curriculum", "keywords")] == [
        ("art_forms", "recommended"), ("published", "recommended"), ("curriculum", "recommended"), ("keywords", "no")]
    assert "Key Stage 2 (ages 7–11) = ks2" in stages[4].splitlines()
    # Never overwritten without --force.
    code, output = run("template", "--out", str(out))
    assert code == 1 and "already exists" in output
    assert run("template", "--out", str(out), "--force")[0] == 0


def test_template_csv_round_trip_skips_the_example(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "template.csv"
    assert run("template", "--out", str(out))[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0].decode("utf-8-sig") == ",".join(template_columns())
    # The untouched example row is recognised and skipped, so a new row can be added below it.
    row = {"title": "Knots and Nets", "url": "https://tidewayarts.example/learning/knots",
           "summary": "Tie and name six knots.", "resource_types": "activity", "key_stages": "ks2",
           "subjects": "design-and-technology", "licence": "CC-BY-4.0", "cost": "free", "art_forms": "craft",
           "delivery": "at-venue", "published": "2024-04-04"}
    with out.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row.get(c, "") for c in template_columns()])
    code, output = run("import", str(out), "--org", ORG, "--root", str(root))
    assert code == 0, output
    assert output.splitlines() == [
        "row 2: skipped (it is the template's example row; delete it)",
        "row 3: wrote resources/tideway-arts/knots-and-nets.md",
        "2 rows: 1 written, 0 skipped (already in the catalogue), 1 skipped (template example), 0 with problems",
    ]
    assert_valid(root)


def test_example_row() -> None:
    assert example_row(load_schema())["slug"] == "ship-in-a-bottle-forces-and-floating"


def test_organisation_column_must_match(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "organisations.csv"
    # (Excel's plain "CSV (Comma delimited)" in cp1252 is refused: see test_sheetread.py.)
    sheet.write_bytes(
        "organisation,title,url,summary,resource_types,key_stages,subjects,licence,cost\r\n"
        "tideway-arts,Caf\u00e9 Sketching,https://tidewayarts.example/learning/cafe,Sketch people in the caf\u00e9 "
        "\u2013 quickly.,activity,ks3,art-and-design,CC-BY-4.0,free\r\n"
        "harbourlight-museum,Knots,https://tidewayarts.example/learning/knots,Tie knots.,activity,ks2,"
        "design-and-technology,CC-BY-4.0,free\r\n".encode("utf-8-sig"))
    result = import_sheet(root, ORG, sheet)
    assert [(p.location(), p.code, p.message, p.hint) for p in result.problems if p.severity == "error"] == [
        ("row 3, column A (organisation)", "organisation-mismatch",
         "This row says it belongs to 'harbourlight-museum', but you are importing for 'tideway-arts'.",
         "Import it with --org harbourlight-museum, or correct the organisation column.")]
    catalogue, _ = check(root)
    cafe = next(r.data for r in catalogue.resources if r.id == "tideway-arts/cafe-sketching")
    assert cafe["title"] == "Caf\u00e9 Sketching"
    assert cafe["summary"] == "Sketch people in the caf\u00e9 \u2013 quickly."


HAND_WRITTEN = """---
# Written by hand; the import must keep this comment.
title: River Songs
url: https://tidewayarts.example/learning/river-songs
summary: Five songs about the Thames for primary classes, with backing tracks and actions.
resource_types: [sheet-music, audio]
key_stages:
  - ks1
  - ks2
subjects: [music, geography]
art_forms: [music]
delivery: [download]
licence: CC-BY-4.0
cost: free
published: 2023-09-01
---
Songs written with pupils from three riverside schools.
"""
HEAD = "title,url,summary,resource_types,key_stages,subjects,licence,cost,art_forms,delivery,published\n"


def test_force_never_replaces_a_different_resource_with_the_same_file_name(root: Path, tmp_path: Path) -> None:
    path = root / "resources" / ORG / "river-songs.md"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    sheet = tmp_path / "other.csv"
    sheet.write_text(HEAD.replace("published\n", "published,curriculum\n")
                     + "River Songs,https://tidewayarts.example/learning/sea-songs,Sea songs for Year 3.,"
                     "audio,ks2,music,CC-BY-4.0,free,music,download,2024-05-01,"
                     "natcurric:contentdescriptor-play-perform-solo-ensemble-contexts\n", encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root), "--force")
    assert code == 1
    assert output.splitlines() == [
        "other.csv: row 2, column A (title): error [file-name-taken] resources/tideway-arts/river-songs.md already "
        "describes a different resource (https://tidewayarts.example/learning/river-songs); this row's link is not "
        "the same, so the file was left as it is.",
        "    hint: Give this row its own file name in a slug column. If it is the same resource at a new address, "
        "change the url in resources/tideway-arts/river-songs.md first, then import again.",
        "1 row: 0 written, 0 skipped (already in the catalogue), 1 with problems",
    ]
    assert "--force" not in output.split("\n1 row")[0]
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN  # its title and description are intact
    assert sorted(p.name for p in path.parent.iterdir()) == ["river-songs.md"]


def test_update_keeps_comments_description_and_other_fields(root: Path, tmp_path: Path) -> None:
    path = root / "resources" / ORG / "river-songs.md"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    sheet = tmp_path / "update.csv"
    sheet.write_text(HEAD + "River Songs,HTTP://TidewayArts.example/learning/river-songs/?utm_source=newsletter,"
                     '"Five songs about the Thames for primary classes, with backing tracks and actions.",'
                     "Sheet music; Audio,Key Stage 2; KS3,Music; Geography,CC BY 4.0,Free,Music,Download,"
                     "01/09/2023\n", encoding="utf-8")
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root), "--force", "--dry-run")
    assert code == 0, output
    diff = output.split("row 2: would update resources/tideway-arts/river-songs.md\n")[1].split("\n1 row:")[0]
    assert diff.splitlines() == [
        "--- a/resources/tideway-arts/river-songs.md",
        "+++ b/resources/tideway-arts/river-songs.md",
        "@@ -4,9 +4,7 @@",
        " url: https://tidewayarts.example/learning/river-songs",
        " summary: Five songs about the Thames for primary classes, with backing tracks and actions.",
        " resource_types: [sheet-music, audio]",
        "-key_stages:",
        "-  - ks1",
        "-  - ks2",
        '+key_stages: ["ks2", "ks3"]',
        " subjects: [music, geography]",
        " art_forms: [music]",
        " delivery: [download]",
    ]
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN  # a dry run writes nothing
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root), "--force")
    assert output.splitlines()[-2:] == ["row 2: updated resources/tideway-arts/river-songs.md",
                                        "1 row: 0 written, 1 updated, 0 skipped (already in the catalogue), "
                                        "0 with problems"]
    # The link keeps its own spelling: it already meant the same page.
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace("key_stages:\n  - ks1\n  - ks2\n",
                                                                    'key_stages: ["ks2", "ks3"]\n')
    assert_valid(root)


def test_a_full_disk_is_one_sentence_and_leaves_no_file(root: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("oerbank.atomic.os.fsync", full)
    code, output = run("import", str(FIXTURES / "good.csv"), "--org", ORG, "--root", str(root))
    assert code == 1
    target = root / "resources" / ORG / "mudlarking-finds-handling-session.md"
    assert output.splitlines()[-4:] == [
        "row 2: not written (resources/tideway-arts/mudlarking-finds-handling-session.md)",
        "row 3: not written (resources/tideway-arts/printing-the-river.md)",
        f"error: The disk is full, so {target} could not be written; nothing was changed. Free some space and "
        "run the command again.",
        "2 rows: 0 written, 0 skipped (already in the catalogue), 0 with problems, 2 not written because of the "
        "error above",
    ]
    assert sorted(p.name for p in (root / "resources" / ORG).iterdir()) == ["river-songs.md"]  # no partial, no temp


def test_real_lessons_written_with_labels_are_matched_and_left_unchanged(tmp_path: Path) -> None:
    """311 real Oak lessons, exported as a learning officer would type them (labels, names), come
    back to the same files: every row is matched by its link, nothing is rewritten."""
    from oerbank.load import load_catalogue

    oak = Path(__file__).parent / "fixtures" / "oak"
    root = tmp_path / "oak"
    shutil.copytree(oak, root)
    schema = load_schema()
    catalogue, _ = load_catalogue(root)
    columns = ["title", "url", "summary", "resource_types", "key_stages", "subjects", "licence", "cost", "languages"]
    sheet = tmp_path / "oak.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for r in catalogue.resources:
            row = []
            for name in columns:
                value = r.fields[name].plain() if name in r.fields else ""
                vocab = schema.vocabulary_for(schema.resources.field(name))
                labels = [vocab.label(v) if vocab else {"en": "English"}.get(v, v)
                          for v in (value if isinstance(value, list) else [value])]
                row.append("; ".join(labels) if isinstance(value, list) else " ".join(labels[0].split()))
            writer.writerow(row)
    org = catalogue.resources[0].folder
    result = import_sheet(root, org, sheet, force=True)
    assert result.summary() == "311 rows: 0 written, 311 unchanged, 0 skipped (already in the catalogue), 0 with problems"
    assert {n.said for n in result.notes} >= {"'Lesson plan' read as lesson-plan", "'English' read as en",
                                               "'Open Government Licence 3.0' read as OGL-UK-3.0"}
    changed = [p for p in (root / "resources" / org).iterdir()
               if p.read_bytes() != (oak / "resources" / org / p.name).read_bytes()]
    assert changed == []


def test_cells_typed_as_people_type_them_are_converted_and_said(root: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "typed.csv"
    shutil.copy(FIXTURES / "typed.csv", sheet)
    before = sheet.read_bytes()
    code, output = run("import", str(sheet), "--org", ORG, "--root", str(root))
    assert code == 0, output
    assert output.splitlines() == [
        "typed.csv: row 2, column D (resource_types): 'Activity' read as activity",
        "typed.csv: row 2, column E (key_stages): 'Key Stage 2' read as ks2",
        "typed.csv: row 2, column F (subjects): 'Geography' read as geography",
        "typed.csv: row 2, column G (licence): 'CC BY 4.0' read as CC-BY-4.0",
        "typed.csv: row 2, column H (cost): 'Free' read as free",
        "typed.csv: row 2, column I (art_forms): 'Heritage' read as heritage",
        "typed.csv: row 2, column J (delivery): 'Download' read as download",
        "typed.csv: row 2, column K (published): '12/05/2025' read as 2025-05-12 (12 May 2025)",
        "typed.csv: row 2, column L (languages): 'English' read as en",
        "typed.csv: row 2, column L (languages): 'Welsh' read as cy",
        "row 2: wrote resources/tideway-arts/tide-tables.md",
        "1 row: 1 written, 0 skipped (already in the catalogue), 0 with problems",
    ]
    text = (root / "resources" / ORG / "tide-tables.md").read_text(encoding="utf-8")
    for line in ('key_stages: ["ks2"]', 'licence: "CC-BY-4.0"', 'cost: "free"', 'published: "2025-05-12"',
                 'languages: ["en", "cy"]'):
        assert line in text.splitlines()
    assert sheet.read_bytes() == before  # the spreadsheet itself is never changed
    assert_valid(root)
