"""What each organisation learns about its place in the bank: what only it offers, whom it
overlaps, how fresh and complete its records are, and how its links fare."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median_low
from typing import Any, Mapping, Sequence

from ..gitdates import date_of
from ..schema import Schema

# The facet pairs whose combinations say what a resource is for (KS2 × music, KS2 × dance, music × dance).
COMBINATIONS = (("key_stages", "subjects"), ("key_stages", "art_forms"), ("subjects", "art_forms"))
Combination = tuple[str, str, str, str]  # (field a, key a, field b, key b)
OVERLAP_BUDGET = 5_000  # (combination, organisation) pairs looked at per organisation for its overlaps


@dataclass(frozen=True)
class Overlap:
    organisation: str
    shared: int  # facet combinations both cover
    top: tuple[Combination, ...]  # the shared combinations where both offer most


@dataclass(frozen=True)
class Freshness:
    newest: str  # the latest day one of its records changed ("" if not known)
    median: str
    oldest: str


@dataclass(frozen=True)
class LinkHealth:
    checked: int  # resources whose link the last check looked at
    broken: int
    last_checked: str  # when (ISO time), "" if never


@dataclass(frozen=True)
class OrganisationInsight:
    id: str
    resources: int
    only_here: tuple[tuple[Combination, int], ...]  # combinations no other organisation covers, and how many
    overlaps: tuple[Overlap, ...]  # most shared first
    freshness: Freshness
    completeness: tuple[tuple[str, int], ...]  # (recommended field, resources that fill it)
    links: LinkHealth


def combinations(r: Mapping[str, Any]) -> set[Combination]:
    return {(a, x, b, y) for a, b in COMBINATIONS for x in r.get(a) or [] for y in r.get(b) or []}


def last_changed(r: Mapping[str, Any], dates: Mapping[str, tuple[str | None, str | None]]) -> str:
    """The day the record last changed: Git's last commit of its file, else `updated`, else its date."""
    return (dates.get(r.get("path") or "", (None, None))[1] or r.get("updated") or date_of(r, dates) or "")[:10]


def recommended_fields(schema: Schema) -> list[str]:
    """The resource fields the schema marks recommended (x-recommended)."""
    return [f.name for f in schema.resources.fields if f.recommended]


def _where_both_offer_most(combos: Mapping[Combination, int], covered: Mapping[Combination, Mapping[str, int]],
                           other: str, n: int = 3) -> tuple[Combination, ...]:
    """The `n` combinations both cover where the smaller of their counts is largest."""
    both = [(-min(mine, covered[c][other]), c) for c, mine in combos.items() if other in covered[c]]
    return tuple(c for _, c in sorted(both)[:n])


def organisation_insight(resources: Sequence[Mapping[str, Any]], organisations: Sequence[str], schema: Schema,
                         dates: Mapping[str, tuple[str | None, str | None]],
                         link_status: Mapping[str, Mapping[str, Any]], top: int = 5) -> list[OrganisationInsight]:
    """One OrganisationInsight per organisation id in `organisations`, in that order."""
    by_org: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    covered: dict[Combination, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in resources:
        by_org[r["organisation"]].append(r)
        for c in combinations(r):
            covered[c][r["organisation"]] += 1
    mine: dict[str, dict[Combination, int]] = defaultdict(dict)
    for c, orgs in covered.items():
        for o, n in orgs.items():
            mine[o][c] = n
    recommended = recommended_fields(schema)
    out = []
    for org in organisations:
        own = by_org.get(org, [])
        combos = mine.get(org, {})
        only = sorted(((c, n) for c, n in combos.items() if len(covered[c]) == 1), key=lambda t: (-t[1], t[0]))
        # Its most specific combinations (fewest organisations) first, up to a budget: in a large
        # catalogue, a combination every organisation covers says nothing about who overlaps most.
        shared: Counter[str] = Counter()
        visits = 0
        for c in sorted(combos, key=lambda c: (len(covered[c]), c)):
            if visits >= OVERLAP_BUDGET:
                break
            shared.update(covered[c].keys())
            visits += len(covered[c])
        del shared[org]
        most = sorted(shared.items(), key=lambda t: (-t[1], t[0]))[:top]
        overlaps = tuple(Overlap(other, n, _where_both_offer_most(combos, covered, other)) for other, n in most)
        days = sorted(d for d in (last_changed(r, dates) for r in own) if d)
        freshness = Freshness(days[-1], median_low(days), days[0]) if days else Freshness("", "", "")
        filled = tuple((name, sum(1 for r in own if r.get(name) not in (None, "", []))) for name in recommended)
        checks = [link_status[r["id"]] for r in own if r["id"] in link_status]
        links = LinkHealth(len(checks), sum(1 for c in checks if not c.get("ok", True)),
                           max((str(c.get("checked") or "") for c in checks), default=""))
        out.append(OrganisationInsight(org, len(own), tuple(only), overlaps, freshness, filled, links))
    return out
