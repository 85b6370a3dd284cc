"""The problem registry: every code declared once, explained in the guide, and its examples true."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogues import FIXTURES, REPO, write_files
from oerbank.cli import cli
from oerbank.codes import CODES, GUIDE, ROWS, guide_text
from oerbank.pipeline import check
from test_validate_near_misses import ORG, resource


def test_the_guide_tables_are_written_from_the_registry() -> None:
    text = (REPO / GUIDE).read_text(encoding="utf-8")
    assert text.count("<!-- codes:") == 4
    assert guide_text(text) == text, "CONTRIBUTING.md is out of step with src/oerbank/codes.py: run `oerbank codes`"


def test_the_command_rewrites_a_stale_table_and_check_says_so(tmp_path: Path) -> None:
    text = (REPO / GUIDE).read_text(encoding="utf-8")
    stale = text.replace("| `symlink` | A symbolic link", "| `symlink` | A shortcut")
    assert stale != text
    (tmp_path / GUIDE).write_text(stale, encoding="utf-8")
    (tmp_path / "organisations").mkdir()
    (tmp_path / "resources").mkdir()
    result = CliRunner().invoke(cli, ["codes", "--root", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "CONTRIBUTING.md is out of date. Run `oerbank codes` and commit the result." in result.output
    result = CliRunner().invoke(cli, ["codes", "--root", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "Wrote CONTRIBUTING.md.\n")
    assert (tmp_path / GUIDE).read_text(encoding="utf-8") == text


def test_every_code_is_declared_once() -> None:
    names = [c.name for row in ROWS for c in row.codes]
    assert len(names) == len(set(names)) > 60
    assert [c.name for c in CODES.values() if not c.says] == []  # every code has its wording here


def _calls() -> list[ast.Call]:
    return [node for path in (REPO / "src" / "oerbank").rglob("*.py")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)]


def _constants(node: ast.expr) -> list[str]:
    """The text constants an argument can be: 'x', or either side of `'x' if ... else 'y'`."""
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else []


def _emitted_codes() -> set[str]:
    """Codes written as text where a problem is made: Problem(...), Problem.in_sheet/in_form, CODES[...]."""
    found: set[str] = set()
    for call in _calls():
        f = call.func
        name = f.id if isinstance(f, ast.Name) else f.attr if (
            isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "Problem") else ""
        at = {"Problem": 3, "in_sheet": 3, "in_form": 1, "_problem": 1}.get(name)
        if at is not None and len(call.args) > at:
            found.update(_constants(call.args[at]))
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Subscript) and \
                isinstance(f.value.value, ast.Name) and f.value.value.id == "CODES":
            found.update(_constants(f.value.slice))
    return found


def _variants_used() -> list[tuple[str, str]]:
    """(code, variant) for every CODES["code"].problem/in_sheet/in_form(..., "variant", ...) call."""
    used = []
    for call in _calls():
        f = call.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Subscript) and \
                isinstance(f.value.value, ast.Name) and f.value.value.id == "CODES":
            at = {"problem": 3, "in_sheet": 3, "in_form": 1, "say": 0}[f.attr]
            variants = _constants(call.args[at]) if len(call.args) > at else [""]
            used += [(code, v) for code in _constants(f.value.slice) for v in variants]
    return used


def test_every_code_a_check_emits_is_in_the_registry() -> None:
    emitted = _emitted_codes()
    assert len(emitted) > 40
    assert sorted(emitted - set(CODES)) == []


def test_every_way_of_saying_a_code_that_is_used_is_declared() -> None:
    used = _variants_used()
    assert len(used) > 40
    assert sorted((c, v) for c, v in used if v not in CODES[c].says) == []


def test_every_code_the_cases_expect_is_in_the_registry() -> None:
    codes = set()
    for expected in (FIXTURES / "validate" / "cases").glob("*/expected.yml"):
        codes.update(re.findall(r'"code": "([a-z0-9-]+)"', expected.read_text(encoding="utf-8")))
    assert len(codes) > 30
    assert sorted(codes - set(CODES)) == []


def _with_examples(tmp_path: Path, which: str) -> tuple[dict[str, str], list]:
    root = tmp_path / which
    shutil.copytree(FIXTURES / "validate" / "good", root)
    files = {}
    for code in CODES.values():
        lines = getattr(code, which)
        if lines:
            slug = f"{which}-{code.name}"
            fields = {"url": f"https://www.acme-arts.example/learning/{slug}", **lines}
            files[f"{ORG}/{slug}.md"] = code.name
            write_files(root, {f"{ORG}/{slug}.md": resource(**fields)})
    return files, check(root)[1].problems


def test_each_bad_example_sets_off_its_code(tmp_path: Path) -> None:
    files, problems = _with_examples(tmp_path, "bad")
    assert len(files) > 25
    said = {(p.file, p.code) for p in problems}
    assert sorted((f, c) for f, c in files.items() if (f, c) not in said) == []


def test_each_good_example_passes(tmp_path: Path) -> None:
    files, problems = _with_examples(tmp_path, "good")
    assert len(files) > 25
    assert [(p.file, p.code, p.message) for p in problems] == []


def test_every_unique_field_has_a_duplicate_code() -> None:
    from oerbank.schema import load_schema

    schema = load_schema()
    unique = [f.name for t in (schema.organisations, schema.resources) for f in t.scalar_fields
              if f.unique and f.name != "id"]
    assert unique and sorted(n for n in unique if f"duplicate-{n}" not in CODES) == []
