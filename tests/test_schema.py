"""`oerbank schema` writes the editor JSON Schemas and never silently replaces an edited one."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.jsonschema import json_schema
from oerbank.schema import load_schema


def test_writes_both_schemas_from_the_single_source_of_truth(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["organisation.schema.json", "resource.schema.json"]
    schema = load_schema()
    resource = json.loads((tmp_path / "resource.schema.json").read_text(encoding="utf-8"))
    assert resource == json_schema(schema.resources, schema)
    assert resource["properties"]["key_stages"]["items"]["enum"] == schema.vocabularies["key_stages"].keys
    assert resource["required"] == ["title", "url", "summary", "resource_types", "key_stages", "subjects",
                                    "licence", "cost"]


def test_a_second_run_is_a_no_op_and_edits_need_force(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["schema", "--out", str(tmp_path)])
    again = runner.invoke(cli, ["schema", "--out", str(tmp_path)])
    assert again.exit_code == 0 and again.output.count("is up to date") == 2

    edited = tmp_path / "resource.schema.json"
    edited.write_text("{}", encoding="utf-8")
    refused = runner.invoke(cli, ["schema", "--out", str(tmp_path)])
    assert refused.exit_code == 1 and "pass --force" in refused.output
    assert edited.read_text(encoding="utf-8") == "{}"

    forced = runner.invoke(cli, ["schema", "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and json.loads(edited.read_text(encoding="utf-8"))["type"] == "object"
