"""Each nation's stages, worked out from the key stages' ages (src/oerbank/stages.py, stages.yml)."""

from __future__ import annotations

import dataclasses

from oerbank.stages import load_stages, stage_problems


def test_the_stage_vocabulary_is_whole() -> None:
    """Every stage has a nation, ages, year groups and an https source; every key stage fits a stage
    in every nation, so no resource goes missing for a teacher anywhere."""
    stages = load_stages()
    assert stage_problems(stages) == []
    assert [n.label for n in stages.nations] == ["England", "Scotland", "Wales", "Northern Ireland"]
    assert [s.slug for s in stages.of("scotland")] == [
        "early-level", "first-level", "second-level", "third-level", "fourth-level", "senior-phase"]
    assert [s.slug for s in stages.of("wales")][:5] == [f"progression-step-{n}" for n in range(1, 6)]
    assert [s.label.split(" (")[0] for s in stages.of("northern-ireland")][:5] == [
        "Foundation Stage", "Key Stage 1", "Key Stage 2", "Key Stage 3", "Key Stage 4"]


def test_key_stages_map_by_overlapping_ages() -> None:
    stages = load_stages()

    def slugs(key_stages: list[str], nation: str) -> list[str]:
        return [s.slug for s in stages.for_key_stages(key_stages, nation)]

    assert slugs(["ks2"], "scotland") == ["first-level", "second-level"]  # ages 7-11 against P2-P4, P5-P7
    assert slugs(["ks2"], "wales") == ["progression-step-2", "progression-step-3"]
    assert slugs(["ks2"], "northern-ireland") == ["key-stage-1", "key-stage-2"]
    assert slugs(["ks2"], "england") == ["ks2"]
    assert slugs(["eyfs", "ks5"], "wales") == ["progression-step-1", "post-16"]
    assert slugs([], "scotland") == [] and slugs(["nonsense"], "scotland") == []


def test_a_broken_stage_is_named() -> None:
    stages = load_stages()
    broken = dataclasses.replace(stages, stages=tuple(
        dataclasses.replace(s, ages=(12, 11), source="education.gov.scot") if s.key == "scotland-senior-phase" else s
        for s in stages.stages if s.key != "wales-post-16"))
    problems = stage_problems(broken)
    assert "scotland-senior-phase: ages [12, 11] should run from a younger to an older age" in problems
    assert "scotland-senior-phase: its source should be an https address, not 'education.gov.scot'" in problems
    assert "wales: no stage fits Key Stage 5 (ages 16–18), so its resources would be missing there" in problems
