#!/usr/bin/env python3
"""Measure the insight step at scale: near-duplicates, and the whole insight of a build.

For each size, a deterministic synthetic catalogue (tests/search/synthetic_catalogue.py) with
near-duplicates planted across organisations (tests/insight/planted_duplicates.py: one planted
pair per 100 resources, each a copy with reordered words, one changed word or an added
sentence). Reported: seconds to find the near-duplicates, seconds for the whole insight
(coverage, organisations, near-duplicates and fair-exposure counts, as `oerbank build` runs it),
the pairs found, and precision and recall against the planted pairs. The goal at 10,000
resources is under 10 s for the near-duplicates (docs/benchmarks.md).

    .venv/bin/python scripts/bench_insight.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import SimpleNamespace

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS / "insight"), str(TESTS / "search")]

from planted_duplicates import planted_catalogue  # noqa: E402

from oerbank.insight.similar import THRESHOLD, near_duplicates  # noqa: E402
from oerbank.load import Catalogue  # noqa: E402
from oerbank.render.insight import insight_of  # noqa: E402
from oerbank.render.site import SiteModel  # noqa: E402


def measure(n: int) -> list[str]:
    pairs = max(10, n // 100)
    synthetic, planted = planted_catalogue(n - pairs, pairs, seed=3)
    records = [r.data for r in synthetic.resources]
    start = time.perf_counter()
    found = near_duplicates(records)
    similar_s = time.perf_counter() - start
    got = {frozenset((p.a, p.b)) for p in found}
    hits = len(got & planted)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(planted)

    def record(d: dict) -> SimpleNamespace:
        return SimpleNamespace(id=d["id"], data=d)

    catalogue = Catalogue(Path("."), [record(o.data) for o in synthetic.organisations], [record(d) for d in records])
    start = time.perf_counter()
    model = SiteModel(catalogue)
    insight_of(model, found)  # the near-duplicates found above, as the build hands them over
    whole_s = similar_s + time.perf_counter() - start
    return [f"{len(records):,}", f"{similar_s:.2f}", f"{whole_s:.2f}", f"{len(found):,}", f"{len(planted):,}",
            f"{precision:.3f}", f"{recall:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"Threshold (cosine): {THRESHOLD}\n")
    print("| Resources | Near-duplicates s | Whole insight s | Pairs found | Pairs planted | Precision | Recall |")
    print("|---|---|---|---|---|---|---|")
    for n in args.sizes:
        print("| " + " | ".join(measure(n)) + " |", flush=True)


if __name__ == "__main__":
    main()
