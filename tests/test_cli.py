"""`oerbank validate` from the outside: output formats, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.pipeline import check
from oerbank.report import format_text

from catalogues import FIXTURES, write_files

CASES = FIXTURES / "validate" / "cases"
OERBANK = str(Path(sys.executable).with_name("oerbank"))


def validate(root: Path, *args: str):
    return CliRunner().invoke(cli, ["validate", "--root", str(root), *args])


@pytest.fixture
def broken_catalogue(good_catalogue: Path) -> Path:
    """Several files broken in different ways at once."""
    for case in ("yaml-colon-in-value", "near-miss-vocabulary", "unsafe-urls", "warnings", "wrong-place"):
        shutil.copytree(CASES / case / "files", good_catalogue, dirs_exist_ok=True)
    return good_catalogue


def test_a_valid_catalogue(good_catalogue: Path) -> None:
    result = validate(good_catalogue)
    assert (result.exit_code, result.output) == (0, "2 organisations, 3 resources: valid\n")


def test_every_problem_of_a_broken_catalogue_in_one_run(broken_catalogue: Path) -> None:
    result = validate(broken_catalogue)
    assert result.exit_code == 1
    _, report = check(broken_catalogue)
    files = {p.file for p in report.problems}
    assert len(files) == 16 and len(report.errors) == 25 and len(report.warnings) == 4
    for p in report.problems:
        assert f"  {p.file}:{p.line}: {p.severity} [{p.code}] {p.message}" in result.output
    assert result.output.splitlines()[-1] == \
        "4 organisations, 10 resources: 25 errors and 4 warnings in 16 files"
    assert "\033[" not in result.output  # no colour when not on a terminal


def test_text_output_is_grouped_by_file_with_hints(good_catalogue: Path) -> None:
    shutil.copytree(CASES / "near-miss-vocabulary" / "files", good_catalogue, dirs_exist_ok=True)
    lines = validate(good_catalogue).output.splitlines()
    assert lines[:3] == [
        "organisations/vocab-org.yml",
        "  organisations/vocab-org.yml:4: error [not-in-vocabulary] 'type: musuem' is not an organisation type "
        "this catalogue uses.",
        "      hint: Did you mean 'museum'? Use one of: museum, gallery, theatre, music, dance, opera, literature, "
        "film, digital-arts, heritage, library-archive, festival, combined-arts, education, other.",
    ]


def test_colour_only_when_asked_for(good_catalogue: Path) -> None:
    shutil.copytree(CASES / "warnings" / "files", good_catalogue, dirs_exist_ok=True)
    _, report = check(good_catalogue)
    assert "\033[33mwarning\033[0m" in format_text(report, colour=True)
    assert "\033[" not in format_text(report, colour=False)


def test_json_equals_the_library_report(broken_catalogue: Path) -> None:
    result = validate(broken_catalogue, "--format", "json")
    assert result.exit_code == 1
    _, report = check(broken_catalogue)
    data = json.loads(result.output)
    assert data == [p.to_dict() for p in report.sorted()]
    assert set(data[0]) == {"file", "line", "field", "code", "message", "hint", "severity"}


def test_github_annotations(broken_catalogue: Path) -> None:
    result = validate(broken_catalogue, "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    masks = [line for line in lines if "file=resources/acme-arts/masks.md" in line]
    assert masks == [
        "::error file=resources/acme-arts/masks.md,line=2,title=yaml-syntax (title)::This line can't be read: the "
        "colon after 'Masks' is followed by a space, so YAML takes it for the start of another field inside 'title'. "
        "Put the whole value in double quotes: title: \"Masks: a workshop\""]
    assert sum(line.startswith("::warning file=") for line in lines) == 4
    assert sum(line.startswith("::error file=") for line in lines) == 25


def test_warnings_fail_only_with_strict(good_catalogue: Path) -> None:
    shutil.copytree(CASES / "warnings" / "files", good_catalogue, dirs_exist_ok=True)
    relaxed = validate(good_catalogue)
    assert relaxed.exit_code == 0 and relaxed.output.endswith("2 organisations, 4 resources: valid (4 warnings)\n")
    strict = validate(good_catalogue, "--strict")
    assert strict.exit_code == 1 and strict.output.endswith("2 organisations, 4 resources: 4 warnings in 1 file\n")
    github = validate(good_catalogue, "--strict", "--format", "github")
    assert github.output.count("::error file=") == 4


def test_markdown_summary_is_appended_to_a_file(broken_catalogue: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    validate(broken_catalogue, "--summary", str(summary))
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### Catalogue check\n")
    assert "#### resources/acme-arts/masks.md\n" in text


def test_the_catalogue_around_the_current_folder_is_the_default(good_catalogue: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(good_catalogue / "resources" / "acme-arts")
    result = CliRunner().invoke(cli, ["validate"])
    assert (result.exit_code, result.output) == (0, "2 organisations, 3 resources: valid\n")


def test_usage_errors_exit_2(tmp_path: Path, good_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert validate(tmp_path / "nowhere").exit_code == 2
    assert validate(tmp_path).exit_code == 2  # a folder without organisations/ and resources/
    assert validate(good_catalogue, "--format", "xml").exit_code == 2
    monkeypatch.chdir(tmp_path)
    outside = CliRunner().invoke(cli, ["validate"])
    assert outside.exit_code == 2 and "not inside a catalogue" in outside.output


def test_every_command_of_mine_has_help_with_an_example() -> None:
    for args in (["validate"], ["new"], ["new", "organisation"], ["new", "resource"], ["schema"]):
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, args
        assert CliRunner().invoke(cli, [*args, "-h"]).output == result.output


# --- the real executable ----------------------------------------------------------------------

def run_oerbank(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([OERBANK, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)


def test_executable_exit_codes_and_no_tracebacks(good_catalogue: Path, tmp_path: Path) -> None:
    ok = run_oerbank("validate", "--root", str(good_catalogue))
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "2 organisations, 3 resources: valid\n", "")

    for case in CASES.iterdir():  # every broken input at once
        shutil.copytree(case / "files", good_catalogue, dirs_exist_ok=True)
    write_files(good_catalogue, {"resources/acme-arts/latin1.md": "---\ntitle: Caf\u00e9\n---\n".encode("latin-1"),
                                 "organisations/deep.yml": "a: " + "[" * 5000 + "]" * 5000})
    for fmt in ("text", "json", "github", "markdown"):
        bad = run_oerbank("validate", "--root", str(good_catalogue), "--format", fmt)
        assert bad.returncode == 1 and "Traceback" not in bad.stdout + bad.stderr and bad.stderr == ""

    for args in (["validate", "--root", str(tmp_path / "nowhere")], ["validate", "--format", "xml"],
                 ["validate", "--root", str(good_catalogue / "organisations" / "acme-arts.yml")],
                 ["new", "resource", "--org", "nobody", "--root", str(good_catalogue)], ["no-such-command"]):
        usage = run_oerbank(*args, cwd=tmp_path)
        assert usage.returncode == 2 and "Traceback" not in usage.stderr and usage.stderr.startswith("Usage:"), args
