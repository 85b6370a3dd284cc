"""The curriculum field: unknown ids, near misses and ids that don't fit the record, as a contributor reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogues import FIXTURES
from oerbank.cli import cli
from oerbank.curriculum import load_curriculum
from oerbank.pipeline import check

MASKS = "resources/acme-arts/clay-masks.md"  # key_stages: [ks2], subjects: [art-and-design, history]


def _with_curriculum(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    path = root / MASKS
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("curriculum:"))  # the fixture's own links make way for these
    path.write_text(text.replace("subjects: [art-and-design, history]\n",
                                 f"subjects: [art-and-design, history]\ncurriculum: {line}\n"), encoding="utf-8")
    return root


def _problems(root: Path) -> list[tuple[str, int, str, str, str, str]]:
    _, report = check(root)
    return [(p.file, p.line, p.code, p.severity, p.message, p.hint) for p in report.problems]


def test_ids_that_fit_pass(tmp_path: Path) -> None:
    root = _with_curriculum(tmp_path, "[natcurric:contentdescriptor-great-artists-architects-designers-history, "
                                      "cfe:expressive-arts-art-and-design, cfw:expressive-arts-creating]")
    assert _problems(root) == []


def test_an_unknown_id_is_an_error_pointing_to_the_lists(tmp_path: Path) -> None:
    root = _with_curriculum(tmp_path, "[painting-skills]")
    assert _problems(root) == [(
        MASKS, 8, "not-in-vocabulary", "error",
        "'painting-skills' in curriculum is not a curriculum statement this catalogue uses.",
        "Use an id from the curriculum lists in the field reference; `oerbank suggest-curriculum FILE` suggests "
        "ids that fit the resource.")]


def test_a_near_miss_gets_a_did_you_mean(tmp_path: Path) -> None:
    root = _with_curriculum(tmp_path, "[natcurric:contentdescriptor-great-artist-architects-designers-history, "
                                      "EXA 2-13a]")
    problems = _problems(root)
    assert [(p[2], p[4]) for p in problems] == [
        ("not-in-vocabulary", "'natcurric:contentdescriptor-great-artist-architects-desig...' in curriculum is "
                              "not a curriculum statement this catalogue uses."),
        ("not-in-vocabulary", "'EXA 2-13a' in curriculum is not a curriculum statement this catalogue uses.")]
    assert problems[0][5].startswith("Did you mean 'natcurric:contentdescriptor-great-artists-architects-designers-"
                                     "history'?")
    assert problems[1][5].startswith("Did you mean 'cfe:exa-2-13a'?")


def test_an_id_for_another_key_stage_is_a_warning_that_says_why(tmp_path: Path) -> None:
    root = _with_curriculum(tmp_path, "[natcurric:contentdescriptor-major-movements-ancient-times-present]")
    assert _problems(root) == [(
        MASKS, 8, "curriculum-mismatch", "warning",
        "'natcurric:contentdescriptor-major-movements-ancient-times-present' in curriculum does not fit this "
        "resource: it is taught at Key Stage 3 (ages 11–14), and the resource is for Key Stage 2 (ages 7–11).",
        "Check the id, or the resource's key_stages and subjects; `oerbank suggest-curriculum FILE` lists "
        "statements that fit.")]


def test_an_id_for_another_subject_is_a_warning_that_says_why(tmp_path: Path) -> None:
    root = _with_curriculum(tmp_path, "[natcurric:contentdescriptor-play-perform-solo-ensemble-contexts]")
    [(_, _, code, _, message, _)] = _problems(root)
    assert code == "curriculum-mismatch"
    assert message.endswith("it belongs to Music, and the resource's subjects are Art and design or History.")


# --- the field is recommended ----------------------------------------------------------------------

def _without_curriculum(tmp_path: Path, rel: str = MASKS, **replace: str) -> Path:
    """The good catalogue with the record at `rel` (moved from MASKS) written without its curriculum line."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    text = (root / MASKS).read_text(encoding="utf-8")
    text = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("curriculum:"))
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    (root / MASKS).unlink()
    (root / rel).write_text(text, encoding="utf-8")
    return root


def test_a_record_without_curriculum_gets_a_warning_with_the_command_that_finds_ids(tmp_path: Path) -> None:
    root = _without_curriculum(tmp_path)
    _, report = check(root)
    assert [(p.file, p.line, p.field, p.code, p.severity, p.message, p.hint) for p in report.problems] == [(
        MASKS, 1, "curriculum", "missing-recommended", "warning",
        "'curriculum' is not filled in; teachers look for resources by the curriculum statements they must teach.",
        "Add the curriculum statements this resource helps teach. Run `oerbank suggest-curriculum "
        "resources/acme-arts/clay-masks.md` to see likely ones and copy their ids.")]


def test_the_command_in_the_hint_lists_statements_that_fit(tmp_path: Path) -> None:
    """Following the hint works: the command, run as written from the catalogue, suggests ids that fit."""
    root = _without_curriculum(tmp_path)
    _, report = check(root)
    command = report.problems[0].hint.split("`")[1].split()
    assert command[:2] == ["oerbank", "suggest-curriculum"]
    result = CliRunner().invoke(cli, [*command[1:], "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. natcurric:contentdescriptor-")
    assert "Note:" not in result.output.split("\n2. ")[0]  # the first suggestion suits KS2 art and design


def test_a_file_name_with_spaces_is_quoted_in_the_command(tmp_path: Path) -> None:
    root = _without_curriculum(tmp_path, "resources/acme-arts/Clay Masks (v2).md")
    _, report = check(root)
    [hint] = [p.hint for p in report.problems if p.code == "missing-recommended"]
    assert 'Run `oerbank suggest-curriculum "resources/acme-arts/Clay Masks (v2).md"` to see likely ones' in hint


def test_no_warning_when_no_statement_suits_the_key_stages_and_subjects(tmp_path: Path) -> None:
    """The lists cover the arts, English, design and technology, computing, dance and history: a science
    resource has nothing to add, so a warning would ask for what cannot be done."""
    root = _without_curriculum(tmp_path, **{"subjects: [art-and-design, history]": "subjects: [science]"})
    _, report = check(root)
    assert report.problems == []
    assert not [s for s in load_curriculum().statements if "science" in s.subjects]


def test_an_unreadable_key_stage_is_not_also_compared_with_the_statement(tmp_path: Path) -> None:
    """'Key Stage 2' is refused (the hint gives ks2); the statement, taught at Key Stage 2, is not called a misfit."""
    root = _with_curriculum(tmp_path, "[natcurric:contentdescriptor-great-artists-architects-designers-history]")
    path = root / MASKS
    path.write_text(path.read_text(encoding="utf-8").replace("key_stages: [ks2]", "key_stages: [Key Stage 2]"),
                    encoding="utf-8")
    assert [(p[2], p[4]) for p in _problems(root)] == [
        ("not-in-vocabulary", "'Key Stage 2' in key_stages is not a key stage this catalogue uses.")]


def test_whether_a_statement_can_fit_agrees_with_asking_each_statement() -> None:
    """The warning's shortcut (what the statements cover) answers as `misfit` does, statement by statement: on
    the curriculum as shipped, and on made-up ones with a statement for every subject, or for no stage either."""
    import dataclasses
    import itertools

    from oerbank.curriculum import misfit
    from oerbank.schema import load_schema
    from oerbank.validate import Coverage

    vocab = load_schema().vocabularies
    stages, subjects = list(vocab["key_stages"].keys), list(vocab["subjects"].keys)
    stock = list(load_curriculum().statements)
    any_subject = dataclasses.replace(stock[0], key_stages=("ks5",), subjects=())
    anything = dataclasses.replace(stock[0], key_stages=(), subjects=())
    answers = set()
    for statements in (stock, [*stock, any_subject], [anything], [any_subject], []):
        cover = Coverage.of(statements)
        for k, j in itertools.product(range(3), range(3)):
            for ks in itertools.combinations(stages, k):
                for js in itertools.combinations(subjects, j):
                    slow = any(misfit(s, list(ks), list(js)) is None for s in statements)
                    assert cover.fits(ks, js) == slow, (len(statements), ks, js)
                    answers.add(slow)
    assert answers == {True, False}
