"""The curriculum field: unknown ids, near misses and ids that don't fit the record, as a contributor reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalogues import FIXTURES

from oerbank.pipeline import check

MASKS = "resources/acme-arts/clay-masks.md"  # key_stages: [ks2], subjects: [art-and-design, history]


def _with_curriculum(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    path = root / MASKS
    text = path.read_text(encoding="utf-8")
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
