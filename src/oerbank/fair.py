"""Fair exposure: no organisation takes more than its share of a short list when others match as well.

One rule for every short list the site shows a teacher (the home page's newest resources, the
related resources on a resource page): candidates arrive ranked best first; those that match
equally well (same `score`, or all of them when there is no score) are dealt out round by round,
one per organisation per round, in their ranked order. An organisation gets a second place only
when every other organisation with an equal candidate has had one, and a list is never left
short: when only one organisation matches, it fills the list.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Callable, Hashable, Iterable, TypeVar

T = TypeVar("T")


def fair_interleave(candidates: Iterable[T], key: Callable[[T], Hashable], limit: int | None = None,
                    score: Callable[[T], object] | None = None) -> list[T]:
    """The first `limit` of `candidates` (ranked best first), organisations (`key`) taking turns
    within each run of equal `score`."""
    out: list[T] = []
    tiers = groupby(candidates, key=score) if score is not None else [(None, candidates)]
    for _, tier in tiers:
        rounds: list[list[T]] = []
        taken: dict[Hashable, int] = defaultdict(int)
        for item in tier:
            n = taken[key(item)]
            taken[key(item)] += 1
            if n == len(rounds):
                rounds.append([])
            rounds[n].append(item)
            if limit is not None and len(rounds[0]) >= limit:
                break  # later candidates could only come after these
        for r in rounds:
            out.extend(r)
        if limit is not None and len(out) >= limit:
            return out[:limit]
    return out
