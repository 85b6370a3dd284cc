"""Every command works on a catalogue given with --root, and writes only under its build/ folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogues import FIXTURES
from oerbank.cli import cli


def _commands() -> list[list[str]]:
    out = []
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        out.extend([[name, sub] for sub in subcommands] if subcommands else [[name]])
    return out


def test_every_command_takes_root() -> None:
    commands = _commands()
    assert len(commands) >= 15
    for words in commands:
        result = CliRunner().invoke(cli, [*words, "--help"])
        assert result.exit_code == 0, words
        assert "--root" in result.output, f"oerbank {' '.join(words)} has no --root"


def test_schema_and_template_write_under_the_catalogues_build_folder(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    runner = CliRunner()
    assert runner.invoke(cli, ["schema", "--root", str(root)]).exit_code == 0
    assert runner.invoke(cli, ["template", "--root", str(root)]).exit_code == 0
    assert sorted(p.relative_to(root).as_posix() for p in (root / "build").rglob("*") if p.is_file()) == [
        "build/resources-template.xlsx", "build/schema/organisation.schema.json", "build/schema/resource.schema.json"]
