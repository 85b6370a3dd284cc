"""Organisations take turns in the short lists a teacher sees (oerbank.fair)."""

from __future__ import annotations

from oerbank.fair import fair_interleave


def org(item: tuple[str, int]) -> str:
    return item[0]


def test_a_large_organisation_waits_its_turn_when_others_match_as_well() -> None:
    ranked = [("big", 1), ("big", 2), ("big", 3), ("big", 4), ("small", 1), ("other", 1), ("big", 5)]
    assert fair_interleave(ranked, key=org, limit=4) == [("big", 1), ("small", 1), ("other", 1), ("big", 2)]


def test_the_list_is_never_left_short_when_only_one_organisation_matches() -> None:
    ranked = [("big", i) for i in range(5)]
    assert fair_interleave(ranked, key=org, limit=3) == ranked[:3]


def test_a_better_match_is_never_pushed_below_a_worse_one() -> None:
    """Turns are taken among equal scores only: big's two best matches stay first."""
    ranked = [("big", 3), ("big", 3), ("small", 2), ("other", 2), ("big", 2)]
    assert fair_interleave(ranked, key=org, limit=4, score=lambda t: -t[1]) == [
        ("big", 3), ("big", 3), ("small", 2), ("other", 2)]


def test_every_organisation_gets_at_most_its_fair_share() -> None:
    ranked = [(o, i) for i in range(10) for o in ("a", "a", "a", "b", "c")]
    chosen = fair_interleave(ranked, key=org, limit=8)
    counts = {o: sum(1 for c in chosen if c[0] == o) for o in "abc"}
    assert len(chosen) == 8
    assert max(counts.values()) - min(counts.values()) <= 1
