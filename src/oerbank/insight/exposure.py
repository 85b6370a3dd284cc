"""Fair exposure, measured: each organisation's share of the catalogue against its share of the
places the site shows a teacher (the home page's newest resources, related resources)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping


@dataclass(frozen=True)
class Places:
    """One kind of place on the site and which organisation filled each of them."""

    key: str  # catalogue, home, related
    title: str
    total: int
    by_organisation: Mapping[str, int]
    note: str = ""

    def share(self, org: str) -> float:
        return self.by_organisation.get(org, 0) / self.total if self.total else 0.0


def places(key: str, title: str, organisations: Iterable[str], note: str = "") -> Places:
    """Count the places of one kind: `organisations` names the organisation of every place filled."""
    counts = Counter(organisations)
    return Places(key, title, sum(counts.values()), dict(counts), note)
