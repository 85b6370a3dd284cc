"""The editor JSON Schemas agree with the validator: the sample catalogue passes, bad records fail."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.load import split_front_matter
from oerbank.yamlfile import parse_mapping

from catalogues import FIXTURES, REPO


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, jsonschema.protocols.Validator]:
    out = tmp_path_factory.mktemp("schema")
    result = CliRunner().invoke(cli, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    validators = {}
    for kind in ("organisation", "resource"):
        schema = json.loads((out / f"{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[kind] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return validators


def instance(path: Path, kind: str) -> dict:
    """A record as an editor's YAML 1.2 plug-in sees it (dates and 'no' stay text)."""
    text = path.read_text(encoding="utf-8-sig")
    if kind == "resource":
        split = split_front_matter(text, path.name)
        assert isinstance(split, tuple), split
        text = split[0]
    fields, problems = parse_mapping(text, path.name)
    assert fields is not None and not problems, problems
    return {name: entry.json() for name, entry in fields.items()}


def catalogue_files(root: Path) -> list[tuple[Path, str]]:
    orgs = [(p, "organisation") for p in sorted((root / "organisations").glob("*.yml"))]
    resources = [(p, "resource") for p in sorted((root / "resources").glob("*/*.md"))]
    return orgs + resources


@pytest.mark.parametrize("root", [REPO, FIXTURES / "validate" / "good"], ids=["sample", "fixture"])
def test_catalogue_records_validate_against_the_editor_schemas(schemas: dict, root: Path) -> None:
    files = catalogue_files(root)
    assert files and any(kind == "resource" for _, kind in files)
    for path, kind in files:
        errors = [e.message for e in schemas[kind].iter_errors(instance(path, kind))]
        assert errors == [], f"{path.relative_to(root)}: {errors}"


BAD = {
    "organisation": [
        ({"type": "musuem"}, "'musuem' is not one of"),
        ({"maintainers": "one-person"}, "is not of type 'array'"),
        ({"favourite_colour": "blue"}, "Additional properties are not allowed"),
        ({"colour": "blue"}, "does not match '^#[0-9A-Fa-f]{6}$'"),
        ({"links": ["http://www.instagram.com/acme"]}, "does not match '^https://'"),
        ({"url": "javascript:alert(1)"}, "does not match"),
    ],
    "resource": [
        ({"key_stages": ["ks9"]}, "'ks9' is not one of"),
        ({"key_stages": ["ks2", "ks2"]}, "non-unique elements"),
        ({"title": 1984}, "is not of type 'string'"),
        ({"published": "2024-02-30"}, "is not a 'date'"),
        ({"duration_minutes": 0}, "less than the minimum"),
        ({"image": "http://insecure.example/a.jpg"}, "does not match"),
    ],
}


@pytest.mark.parametrize("kind,change,error", [(k, c, e) for k, cases in BAD.items() for c, e in cases])
def test_a_bad_record_fails(schemas: dict, kind: str, change: dict, error: str) -> None:
    good = FIXTURES / "validate" / "good"
    path = good / ("organisations/acme-arts.yml" if kind == "organisation" else "resources/acme-arts/clay-masks.md")
    record = {**instance(path, kind), **change}
    messages = [e.message for e in schemas[kind].iter_errors(record)]
    assert any(error in m for m in messages), messages


def test_a_missing_required_field_fails(schemas: dict) -> None:
    record = instance(FIXTURES / "validate" / "good" / "resources/acme-arts/clay-masks.md", "resource")
    del record["licence"]
    assert [e.message for e in schemas["resource"].iter_errors(record)] == ["'licence' is a required property"]
