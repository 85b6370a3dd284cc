"""The relevance benchmark's ceiling: the best any search reading the records' text could score."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

from oerbank.pipeline import load_checked

PROJECT = Path(__file__).resolve().parents[1]
OAK = PROJECT / "tests" / "fixtures" / "oak"


def bench_relevance():  # noqa: ANN201
    spec = importlib.util.spec_from_file_location("bench_relevance", PROJECT / "scripts" / "bench_relevance.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bench_relevance"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_ceiling_orders_perfectly_only_what_the_words_can_find() -> None:
    bench = bench_relevance()
    # "plate-boundaries" (key stage 3) holds the word; "a-princess-in-wartime-britain" is judged relevant
    # too, but it never mentions earthquakes, so no search reading the text could find it.
    judged = {"plate-boundaries": 2, "a-princess-in-wartime-britain": 2}
    queries = [{"type": "topic", "query": "earthquakes", "relevant": judged},
               {"type": "typo", "query": "earthqakes", "relevant": judged},
               {"type": "key_stage", "query": "year 8 earthquakes", "relevant": judged},
               {"type": "key_stage", "query": "ks1 earthquakes", "relevant": judged},
               {"type": "natural", "query": "lesson on earthquakes", "relevant": judged}]
    rows = bench.ceiling(load_checked(OAK), queries)
    half = 3 / (3 + 3 / math.log2(3))  # the one findable lesson first, of two that would fill the ideal top ten
    assert [round(r[0], 4) for r in rows] == [round(half, 4)] * 3 + [0.0, round(half, 4)]
    assert [r[2] for r in rows] == [False, False, False, True, False]  # key stage 1 has no earthquakes lesson


def test_edits_count_a_swap_as_one() -> None:
    bench = bench_relevance()
    assert bench._edits("taotei", "taotie", 1) == 1
    assert bench._edits("religgaon", "religion", 2) == 2
    assert bench._edits("transcot", "transport", 1) == 2  # more than allowed: most + 1
