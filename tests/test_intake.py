"""`oerbank.intake`: what people type, read the same way on every route."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.github.fromissue import submission_from_issue
from oerbank.intake import Conversion, canonical, hint, read, replacement, split_list
from oerbank.pipeline import check
from oerbank.schema import Field, load_schema
from oerbank.spreadsheet import ImportResult, import_sheet

SCHEMA = load_schema()
FIELD = SCHEMA.resources.field


@pytest.mark.parametrize("name,typed,value,said", [
    ("key_stages", "Key Stage 2", ["ks2"], "'Key Stage 2' read as ks2"),
    ("key_stages", "Key Stage 2 (ages 7–11); KS3", ["ks2", "ks3"],
     "'Key Stage 2 (ages 7–11)' read as ks2; 'KS3' read as ks3"),
    ("key_stages", "Early years", ["eyfs"], "'Early years' read as eyfs"),
    ("licence", "CC BY 4.0", "CC-BY-4.0", "'CC BY 4.0' read as CC-BY-4.0"),
    ("licence", "Open Government Licence 3.0", "OGL-UK-3.0", "'Open Government Licence 3.0' read as OGL-UK-3.0"),
    ("cost", "Free", "free", "'Free' read as free"),
    ("published", "12/05/2025", "2025-05-12", "'12/05/2025' read as 2025-05-12 (12 May 2025)"),
    ("published", "12th May 2025", "2025-05-12", "'12th May 2025' read as 2025-05-12 (12 May 2025)"),
    ("published", "2025-5-2", "2025-05-02", "'2025-5-2' read as 2025-05-02 (2 May 2025)"),
    ("languages", "English, Welsh", ["en", "cy"], "'English' read as en; 'Welsh' read as cy"),
    ("languages", "Scottish Gaelic; en_GB", ["gd", "en-GB"], "'Scottish Gaelic' read as gd; 'en_GB' read as en-GB"),
    ("duration_minutes", "90 minutes", 90, "'90 minutes' read as 90"),
])
def test_what_people_type_is_read_and_said(name: str, typed: str, value: object, said: str) -> None:
    reading = read(FIELD(name), typed, SCHEMA)
    assert reading.value == value
    assert reading.said() == said


@pytest.mark.parametrize("name,typed,value", [
    ("key_stages", "ks2, ks3", ["ks2", "ks3"]),
    ("cost", "free", "free"),
    ("published", "2025-05-12", "2025-05-12"),
    ("duration_minutes", "60", 60),
    ("languages", "en; cy", ["en", "cy"]),
    # Not certain readings: left as typed, for the validator to refuse with a did-you-mean.
    ("key_stages", "Year 4", ["Year 4"]),
    ("licence", "OGL", "OGL"),
    ("published", "31/02/2025", "31/02/2025"),
    ("languages", "Elvish", ["Elvish"]),
])
def test_what_is_already_canonical_or_uncertain_is_kept_as_typed(name: str, typed: str, value: object) -> None:
    reading = read(FIELD(name), typed, SCHEMA)
    assert reading.value == value
    assert reading.conversions == []


def test_a_yes_no_field_reads_yes_and_no() -> None:
    # No field of the current schema is yes/no; a schema that adds one gets the same reading everywhere.
    flag = Field("online_only", "boolean", "Online only", "Only online.")
    assert canonical(flag, "Yes") == Conversion("Yes", True)
    assert canonical(flag, "no") == Conversion("no", False)
    assert canonical(flag, "true") is None and canonical(flag, "maybe") is None
    assert read(flag, "Yes", SCHEMA).said() == "'Yes' read as true"


def test_hints_give_the_exact_line_to_write() -> None:
    assert hint(FIELD("key_stages"), "Key Stage 2", SCHEMA, ["Key Stage 2", "ks3"]) == \
        "Write ks2 for 'Key Stage 2': key_stages: [ks2, ks3]"
    assert hint(FIELD("licence"), "CC BY 4.0", SCHEMA) == "Write CC-BY-4.0 for 'CC BY 4.0': licence: CC-BY-4.0"
    assert hint(FIELD("published"), "12/05/2025", SCHEMA) == \
        "Write it year-month-day: published: 2025-05-12 (if you mean 12 May 2025)."
    assert hint(FIELD("languages"), "Welsh", SCHEMA, ["en", "Welsh"]) == "Write cy for 'Welsh': languages: [en, cy]"
    assert hint(FIELD("key_stages"), "Year 4", SCHEMA) == \
        "Did you mean 'ks2'? Use one of: eyfs, ks1, ks2, ks3, ks4, ks5."
    assert hint(FIELD("title"), "Anything", SCHEMA) is None
    assert replacement(FIELD("key_stages"), ["ks2", "ks3"], SCHEMA) is None


def test_lists_split_as_spreadsheets_write_them() -> None:
    assert split_list("ks1; ks2") == ["ks1", "ks2"]
    assert split_list("GCSE, A level") == ["GCSE", "A level"]
    assert split_list("one, two; three") == ["one, two", "three"]
    assert split_list("a\r\nb") == ["a", "b"]
    assert read(FIELD("key_stages"), "ks2; Key Stage 2", SCHEMA).value == ["ks2"]  # one value, once


# --- one value, every route ----------------------------------------------------------------------

GOOD_FORM = Path(__file__).parent / "fixtures" / "github" / "issue-good.md"
RESOURCE = {"title": "Shell Prints", "url": "https://www.acme-arts.example/learning/shell-prints",
            "summary": "Printing with shells and clay.", "resource_types": "activity", "subjects": "art-and-design",
            "licence": "CC-BY-4.0", "cost": "free", "art_forms": "craft", "delivery": "download",
            "published": "2024-03-12"}
CURRICULUM = "natcurric:contentdescriptor-great-artists-architects-designers-history"  # fits KS2 art and design


def _hand_written(root: Path, key_stage: str) -> list:
    path = root / "resources" / "acme-arts" / "shell-prints.md"
    lines = [f"{k}: [{v}]" if SCHEMA.resources.field(k).is_list else f"{k}: {v}" for k, v in RESOURCE.items()]
    path.write_text("---\n" + "\n".join(lines) + f"\nkey_stages: [{key_stage}]\ncurriculum: [{CURRICULUM}]\n---\nSome words.\n",
                    encoding="utf-8")
    _, report = check(root)
    problems = [p for p in report.problems if p.file.endswith("shell-prints.md") and p.field == "key_stages"]
    path.unlink()
    return problems


def _spreadsheet(root: Path, tmp_path: Path, key_stage: str) -> ImportResult:
    sheet = tmp_path / "sheet.csv"
    with sheet.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([*RESOURCE, "key_stages", "curriculum"])
        writer.writerow([*RESOURCE.values(), key_stage, CURRICULUM])
    return import_sheet(root, "acme-arts", sheet, dry_run=True)


def _form(root: Path, key_stage: str):
    text = GOOD_FORM.read_text(encoding="utf-8").replace("harbourlight-museum", "acme-arts", 1)
    text = text.replace("- [X] Key Stage 1 (ages 5–7)", f"- [X] {key_stage}")
    return submission_from_issue(root, text)


def _new(root: Path, key_stage: str) -> str:
    args = ["new", "resource", "--org", "acme-arts", "--root", str(root), "--title", "Shell Prints",
            "--url", RESOURCE["url"], "--summary", RESOURCE["summary"], "--resource-type", "activity",
            "--subject", "art-and-design", "--licence", "CC-BY-4.0", "--cost", "free", "--key-stage", key_stage]
    return CliRunner().invoke(cli, args).output


def test_a_value_no_route_can_read_gets_the_same_verdict_and_hint_everywhere(good_catalogue: Path,
                                                                            tmp_path: Path) -> None:
    hint_ = "Did you mean 'ks2'? Use one of: eyfs, ks1, ks2, ks3, ks4, ks5."
    [hand] = _hand_written(good_catalogue, "Year 4")
    assert (hand.code, hand.message, hand.hint) == (
        "not-in-vocabulary", "'Year 4' in key_stages is not a key stage this catalogue uses.", hint_)
    sheet = _spreadsheet(good_catalogue, tmp_path, "Year 4")
    assert [(p.location(), p.code, p.message, p.hint) for p in sheet.problems] == [
        ("row 2, column K (key_stages)", "not-in-vocabulary",
         "'Year 4' in key_stages is not a key stage this catalogue uses.", hint_)]
    form = _form(good_catalogue, "Year 4")
    assert [(w.question, w.code, w.message, w.hint) for w in form.wrong] == [
        ("Key stages", "not-in-vocabulary", "'Year 4' is not a key stage this catalogue uses.", hint_)]
    out = _new(good_catalogue, "Year 4")
    assert f"  key_stages: 'Year 4' in key_stages is not a key stage this catalogue uses. {hint_}" in out


def test_a_label_is_read_by_every_route_and_refused_with_the_line_to_write_by_hand(good_catalogue: Path,
                                                                                  tmp_path: Path) -> None:
    [hand] = _hand_written(good_catalogue, "Key Stage 2")
    assert hand.hint == "Write ks2 for 'Key Stage 2': key_stages: [ks2]"
    sheet = _spreadsheet(good_catalogue, tmp_path, "Key Stage 2")
    assert sheet.problems == [] and [(n.location(), n.said) for n in sheet.notes] == [
        ("row 2, column K (key_stages)", "'Key Stage 2' read as ks2")]
    form = _form(good_catalogue, "Key Stage 2")
    assert form.valid and [(n.question, n.said) for n in form.notes] == [("Key stages", "'Key Stage 2' read as ks2")]
    assert _new(good_catalogue, "Key Stage 2").startswith("Key stages: 'Key Stage 2' read as ks2\nWrote ")
