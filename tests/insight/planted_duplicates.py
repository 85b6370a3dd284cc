"""A synthetic catalogue with near-duplicates planted across organisations, and the pairs planted.

Each planted copy is a resource re-published by another organisation with a small edit, as a
second organisation writing up "the same castle" would: its words reordered, one word changed,
or a sentence added to the summary. Used by tests/insight/test_similar.py and scripts/bench_insight.py.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "search"))

from synthetic_catalogue import Entry, SyntheticCatalogue, synthetic_catalogue  # noqa: E402

EDITS = ("reorder", "change-word", "add-sentence")


def _edit(kind: str, title: str, summary: str, rnd: random.Random, filler: list[str]) -> tuple[str, str]:
    t, s = title.split(), summary.rstrip(".").split()
    if kind == "reorder":
        rnd.shuffle(t)
        rnd.shuffle(s)
    elif kind == "change-word":
        s[rnd.randrange(len(s))] = rnd.choice(filler)
    else:
        s += ["."] + rnd.sample(filler, min(8, len(filler)))
    return " ".join(t).capitalize(), " ".join(s).capitalize() + "."


def planted_catalogue(n: int, pairs: int, seed: int = 1) -> tuple[SyntheticCatalogue, set[frozenset[str]]]:
    """`n` synthetic resources, then `pairs` edited copies under other organisations; the planted pairs."""
    cat = synthetic_catalogue(n, seed=seed)
    rnd = random.Random(seed)
    filler = " ".join(r.data["summary"] for r in cat.resources[:50]).lower().replace(".", "").split()
    orgs = [o.data["id"] for o in cat.organisations]
    planted: set[frozenset[str]] = set()
    for k, original in enumerate(rnd.sample(cat.resources, pairs)):
        d = original.data
        org = rnd.choice([o for o in orgs if o != d["organisation"]])
        title, summary = _edit(EDITS[k % len(EDITS)], d["title"], d["summary"], rnd, filler)
        slug = f"copy-{k}"
        cat.resources.append(Entry({**d, "id": f"{org}/{slug}", "organisation": org, "slug": slug,
                                    "title": title, "summary": summary, "path": f"resources/{org}/{slug}.md",
                                    "url": f"https://{org}.example/{slug}"}))
        planted.add(frozenset((d["id"], f"{org}/{slug}")))
    return cat, planted
