"""The optional `price` field reaches every route a record can take: the schema's derived files,
the spreadsheet import and template, the issue form and `oerbank from-issue`, `oerbank new`,
validation and the data dumps."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.github.issueform import form_text
from oerbank.jsonschema import json_schema
from oerbank.pipeline import build, check
from oerbank.schema import load_schema
from oerbank.spreadsheet import template_columns

FIXTURES = Path(__file__).parent / "fixtures"
PRICE = "£4 per pupil"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def record(root: Path, rel: str) -> dict:
    catalogue, report = check(root)
    assert report.errors == [], report.errors
    return dict(next(r for r in catalogue.resources if r.path == rel).data)


def test_the_schema_s_derived_files_name_the_price() -> None:
    assert "price" in template_columns()
    assert json_schema(load_schema().resources)["properties"]["price"]["maxLength"] == 100
    assert "id: price\n  attributes:\n    label: Price\n" in form_text()


def test_an_imported_price_is_written_and_validates(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "importer" / "catalogue", root)
    sheet = tmp_path / "sheet.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["title", "url", "summary", "resource_types", "key_stages", "subjects", "licence", "cost", "price"],
            ["Clay Faces", "https://tidewayarts.example/learning/clay", "Make a clay face.", "workshop", "ks2",
             "art-and-design", "CC-BY-4.0", "paid", PRICE]])
    code, output = invoke("import", str(sheet), "--org", "tideway-arts", "--root", str(root))
    assert code == 0, output
    assert record(root, "resources/tideway-arts/clay-faces.md")["price"] == PRICE


def test_a_price_given_in_the_issue_form_reaches_the_file(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "github" / "catalogue", root)
    issue = tmp_path / "issue.md"
    text = (FIXTURES / "github" / "issue-good.md").read_text(encoding="utf-8")
    issue.write_text(text.replace("### Cost\n\nFree\n", f"### Cost\n\nPaid\n\n### Price\n\n{PRICE}\n"),
                     encoding="utf-8")
    code, output = invoke("from-issue", str(issue), "--root", str(root))
    assert code == 0, output
    data = record(root, "resources/harbourlight-museum/lighthouse-keepers-light-and-reflection.md")
    assert (data["cost"], data["price"]) == ("paid", PRICE)


def test_oerbank_new_takes_a_price(good_catalogue: Path) -> None:
    code, output = invoke(
        "new", "resource", "--root", str(good_catalogue), "--org", "acme-arts", "--title", "Clay Faces",
        "--url", "https://acme.example/clay", "--summary", "Make a clay face.", "--resource-type", "workshop",
        "--key-stage", "ks2", "--subject", "art-and-design", "--licence", "CC-BY-4.0", "--cost", "paid",
        "--price", PRICE)
    assert code == 0, output
    assert record(good_catalogue, "resources/acme-arts/clay-faces.md")["price"] == PRICE


def test_a_price_longer_than_100_characters_is_refused(good_catalogue: Path) -> None:
    path = next((good_catalogue / "resources").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ncost:", '\nprice: "' + "£4 " * 40 + '"\ncost:', 1), encoding="utf-8")
    _, report = check(good_catalogue)
    assert [(p.field, p.code) for p in report.errors] == [("price", "too-long")]


def test_the_data_dumps_carry_the_price(good_catalogue: Path, tmp_path: Path) -> None:
    path = next((good_catalogue / "resources").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ncost:", f'\nprice: "{PRICE}"\ncost:', 1), encoding="utf-8")
    out = tmp_path / "site"
    build(good_catalogue, out)
    with (out / "data" / "resources.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["price"] for r in rows) == sorted([PRICE] + [""] * (len(rows) - 1))
    described = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = next(r for r in described["resources"] if r["name"] == "resources")["schema"]["fields"]
    assert "price" in [f["name"] for f in fields]
