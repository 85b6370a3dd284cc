"""`oerbank suggest-curriculum`: the top three for sample records are the statements a teacher would pick."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from catalogues import REPO

from oerbank.cli import cli
from oerbank.curriculum_match import suggest
from oerbank.load import resource_from_text
from oerbank.schema import load_schema
from oerbank.validate import check_record

# Chosen by reading each resource and the statements of its key stages and subjects.
EXPECTED = {
    "severn-sinfonia/meet-the-orchestra-ks1.md": {
        "natcurric:contentdescriptor-play-tuned-untuned-instruments",
        "natcurric:contentdescriptor-experiment-create-select-combine-sounds",
        "natcurric:contentdescriptor-listen-concentration-range-high-quality"},
    "severn-sinfonia/graded-exam-orchestral-excerpts.md": {
        "cfe:exa-3-16a",
        "natcurric:contentdescriptor-play-perform-solo-ensemble-contexts",
        "natcurric:contentdescriptor-play-perform-range-solo-ensemble"},
    "moving-ground-dance/choreography-toolkit-ks3.md": {
        "natcurric:contentdescriptor-perform-dances-advanced-dance-techniques",
        "cfe:expressive-arts-dance"},
    # A real lesson (tests/fixtures/oak): Britain 1745-1901 is the statement for British rule in India.
    "../tests/fixtures/oak/resources/oak-national-academy/the-british-empire-in-india.md": {
        "natcurric:contentdescriptor-ideas-political-power-industry-empire"},
}


def _data(rel: str) -> dict:
    path = REPO / "resources" / rel
    record = resource_from_text(f"resources/org/{path.name}", path.read_text(encoding="utf-8"))
    assert not isinstance(record, list)
    schema = load_schema()
    checked, _ = check_record(record, schema.resources, schema)
    return dict(checked.data)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_the_top_three_are_the_hand_picked_ones(rel: str) -> None:
    top = {s.statement.id for s in suggest(_data(rel), 3)}
    assert EXPECTED[rel] <= top


def test_statements_of_the_resources_subject_come_first_when_none_fits_its_key_stage() -> None:
    """Graded exam pieces are for key stages 4 and 5, where the vocabularies have no music statement."""
    found = suggest(_data("severn-sinfonia/graded-exam-orchestral-excerpts.md"), 3)
    assert all(s.why_not and "subjects" not in s.why_not for s in found)
    assert all("music" in s.statement.subjects for s in found)


def test_statements_for_other_key_stages_come_after_those_that_fit() -> None:
    found = suggest(_data("severn-sinfonia/meet-the-orchestra-ks1.md"), 10, ["england"])
    fits = [s.why_not is None for s in found]
    assert fits[:3] == [True, True, True]
    assert all(s.statement.nation == "england" for s in found)


def test_the_command_prints_ids_with_their_wording() -> None:
    result = CliRunner().invoke(cli, ["suggest-curriculum", str(REPO / "resources/moving-ground-dance/"
                                                               "dance-and-the-water-cycle.md"), "--top", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "1. natcurric:contentdescriptor-perform-dances-range-movement-patterns  (National Curriculum in England, "
        "Key Stage 2)",
        "   Perform dances using a range of movement patterns."]
