"""Each folder in tests/fixtures/validate/cases adds broken files to a valid catalogue and lists
exactly the problems `oerbank validate` must report: file, line, code, and what the message
and hint must say. Exact sets, so one mistake reported twice fails the test too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from oerbank.pipeline import check

CASES = Path(__file__).parent / "fixtures" / "validate" / "cases"


def _cases() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", _cases())
def test_case(name: str, good_catalogue: Path) -> None:
    shutil.copytree(CASES / name / "files", good_catalogue, dirs_exist_ok=True)
    expected = yaml.safe_load((CASES / name / "expected.yml").read_text(encoding="utf-8"))["problems"]

    before = _contents(good_catalogue)

    _, report = check(good_catalogue)

    assert _contents(good_catalogue) == before, "validation changed a file"
    found = {(p.file, p.line, p.code) for p in report.problems}
    wanted = {(e["file"], e["line"], e["code"]) for e in expected}
    assert sorted(found) == sorted(wanted)
    assert len(report.problems) == len(expected), "a problem was reported more than once"
    for e in expected:
        matches = [p for p in report.problems if (p.file, p.line, p.code) == (e["file"], e["line"], e["code"])
                   and ("field" not in e or p.field == e["field"])
                   and e.get("message", "") in p.message and e.get("hint", "") in p.hint
                   and p.severity == e.get("severity", "error")]
        assert matches, f"no problem like {e} in {[p for p in report.problems if p.file == e['file']]}"


def test_good_catalogue_is_valid(good_catalogue: Path) -> None:
    catalogue, report = check(good_catalogue)
    assert report.problems == []
    assert (report.organisations, report.resources) == (2, 3)
    assert catalogue.organisation("acme-arts") is not None


def test_every_problem_says_where_what_and_how(good_catalogue: Path) -> None:
    """Across all cases: a line, a kebab-case code, a sentence, and a hint for every error."""
    for name in _cases():
        shutil.copytree(CASES / name / "files", good_catalogue, dirs_exist_ok=True)
    _, report = check(good_catalogue)
    assert len(report.problems) > 100
    for p in report.problems:
        assert p.line >= 1 and p.file and not p.file.startswith("/")
        assert p.code.replace("-", "").isalnum() and p.code == p.code.lower()
        assert p.message.endswith((".", ")", "?")), p
        assert p.hint, p
        assert "Traceback" not in p.message and "constraint" not in p.message, p
