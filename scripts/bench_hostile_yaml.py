#!/usr/bin/env python3
"""Time reading hostile YAML: a "billion laughs" organisation file and 60,000-deep nesting.

The tests (tests/test_validate_edge.py) bound the work these files cost (YAML events read, peak
memory), not the time, so they pass on a busy machine; this prints the time, best of --repeat,
for one file read alone and for a whole small catalogue holding it.

    .venv/bin/python scripts/bench_hostile_yaml.py --repeat 20
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Callable

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
from hostile_yaml import BILLION_LAUGHS, deeply_nested  # noqa: E402

from oerbank.load import organisation_from_text, resource_from_text  # noqa: E402
from oerbank.pipeline import check  # noqa: E402


def best(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """(best seconds, peak KB of the first run)."""
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1] / 1024
    tracemalloc.stop()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="Runs of each case; the best is shown.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "catalogue"
        shutil.copytree(TESTS / "fixtures" / "validate" / "good", root)
        nested = deeply_nested("[", "]")
        cases: list[tuple[str, Callable[[], object]]] = [
            ("billion laughs, one file", lambda: organisation_from_text("organisations/laughs.yml", BILLION_LAUGHS)),
            ("60,000-deep list, one file", lambda: resource_from_text("resources/acme-arts/deep.md", nested)),
        ]
        (root / "organisations" / "laughs.yml").write_text(BILLION_LAUGHS, encoding="utf-8")
        (root / "resources" / "acme-arts" / "deep.md").write_text(nested, encoding="utf-8")
        cases.append(("both, in a 7-file catalogue (check)", lambda: check(root)))
        print("| Case | Best ms | Peak KB traced (first run) |\n|---|---|---|")
        for name, work in cases:
            seconds, peak = best(args.repeat, work)
            print(f"| {name} | {seconds * 1000:.1f} | {peak:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
