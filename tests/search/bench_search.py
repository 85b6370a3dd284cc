#!/usr/bin/env python3
"""Measure the search at scale: build time, what a first search downloads, and how fast it answers.

For each size, a deterministic synthetic catalogue (oerbank.search.synthetic) goes through
write_search into a harness site served on 127.0.0.1; headless Chromium opens
/search/?q=<query> with an empty cache. Reported: build seconds; the gzipped bytes of every
file the first search fetched (page, scripts, styles, search data); milliseconds from
navigation to the first result on screen; then the milliseconds from each keystroke of
<more> (typed one key at a time) and from ticking a filter to the last change of the results;
and the top-10 overlap between cold sharded searches and the whole index on fixed queries.

    .venv/bin/python tests/search/bench_search.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_harness import Server, build_site, chromium, node  # noqa: E402

from oerbank.search import search_files  # noqa: E402
from oerbank.search.documents import search_documents  # noqa: E402
from oerbank.search.index import build  # noqa: E402
from oerbank.search.synthetic import synthetic_catalogue  # noqa: E402

QUERIES = ["pupils", "music ", "history of the ", "mas", "theatre school", "drawing day", "key stage", "play",
           "learn make", "sound gallery object", "dance", "photograph", "museum collection", "song writing"]

WATCH = """
(() => {
  const s = window.__bench = { first: null, keyAt: null, last: null };
  // The live region is left out: it speaks a moment after typing settles, by design.
  new MutationObserver((records) => {
    const now = performance.now();
    if (s.first === null && document.querySelector('#oer-search .oer-result')) { s.first = now; }
    if (s.keyAt === null) { return; }
    for (const r of records) {
      const t = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (t && t.closest && t.closest('#oer-search') && !t.closest('#oer-live')) { s.last = now; return; }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  addEventListener('keydown', () => { s.keyAt = performance.now(); s.last = null; }, true);
  addEventListener('pointerdown', () => { s.keyAt = performance.now(); s.last = null; }, true);
})();
"""


def gz(text: str) -> int:
    return len(gzip.compress(text.encode(), 6))


def measure(size: int, query: str, more: str, naive: bool, overlap_max: int) -> dict:
    row: dict = {"size": size}
    t = time.perf_counter()
    catalogue = synthetic_catalogue(size)
    row["generate_s"] = time.perf_counter() - t
    t = time.perf_counter()
    files = search_files(catalogue)
    row["build_s"] = time.perf_counter() - t
    row["files"] = len(files)
    row["all_gz_kb"] = sum(gz(v) for v in files.values()) / 1024
    row["index_gz_kb"] = sum(gz(v) for k, v in files.items() if k.startswith("index/")) / 1024
    row["manifest_gz_kb"] = gz(files["docs.json"]) / 1024
    row["facets_gz_kb"] = sum(gz(v) for k, v in files.items() if k.startswith("facets/")) / 1024
    if naive:
        t = time.perf_counter()
        whole = build(search_documents(catalogue.resources, catalogue.organisations)).build().serialize()
        row["naive_index_gz_kb"] = gz(json.dumps(whole, separators=(",", ":"))) / 1024
        row["naive_build_s"] = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(catalogue, Path(tmp))
        cold = node("engine.js", {"site": str(site), "queries": QUERIES, "cold": True})
        row["max_shards_per_query"] = max(len(v) for v in cold["shards"].values())
        if size <= overlap_max:  # the whole index in one Node process: fine at 10,000, not at 100,000
            full = node("engine.js", {"site": str(site), "queries": QUERIES, "all": True})
            overlaps = []
            for q in QUERIES:
                a = [d for d, _ in (cold["results"][q] or [])[:10]]
                b = [d for d, _ in (full["results"][q] or [])[:10]]
                overlaps.append(len(set(a) & set(b)) / max(1, len(b)))
            row["top10_overlap"] = min(overlaps)

        with Server(site) as server, chromium() as browser:
            warm = browser.new_context()  # a first page in a fresh browser pays for its start-up
            warm.new_page().goto(f"{server.url}/search/?q=warm")
            warm.close()
            context = browser.new_context()  # an empty cache again
            page = context.new_page()
            page.add_init_script(WATCH)
            server.requested.clear()
            page.goto(f"{server.url}/search/?q={query}", wait_until="commit")
            deadline = time.monotonic() + 20
            first = None
            while first is None and time.monotonic() < deadline:
                page.wait_for_timeout(20)
                first = page.evaluate("() => window.__bench.first")
            row["first_results_ms"] = first
            page.wait_for_timeout(300)
            # Results need the key stage and cost columns (their labels); the other columns
            # are fetched after the first results, for the filter counts.
            first_paths = [p for p in server.requested if "/facets/" not in p
                           or "/facets/key_stage.json" in p or "/facets/cost.json" in p]
            row["first_search_gz_kb"] = server.gzipped_bytes(first_paths) / 1024
            row["with_facet_counts_gz_kb"] = server.gzipped_bytes(list(server.requested)) / 1024
            keys = []
            page.click("#oer-q")
            page.keyboard.press("End")
            for ch in more:
                page.keyboard.type(ch)
                page.wait_for_timeout(600)
                s = page.evaluate("() => window.__bench")
                if s["last"] is not None:
                    keys.append(s["last"] - s["keyAt"])
            row["keystroke_ms_median"] = statistics.median(keys) if keys else None
            row["keystroke_ms_max"] = max(keys) if keys else None
            clicks = []
            for box in ["#oer-facet-key_stage input >> nth=1", "#oer-facet-cost input >> nth=0",
                        "#oer-facet-key_stage input >> nth=1"]:
                page.click(box)
                page.wait_for_timeout(600)
                s = page.evaluate("() => window.__bench")
                if s["last"] is not None:
                    clicks.append(s["last"] - s["keyAt"])
            row["filter_ms_max"] = max(clicks) if clicks else None
            row["session_gz_kb"] = server.gzipped_bytes(list(server.requested)) / 1024
            context.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--query", default="pupils")
    parser.add_argument("--more", default=" music")
    parser.add_argument("--naive", action="store_true", help="Also size the whole lunr index as one file.")
    parser.add_argument("--overlap-max", type=int, default=20_000,
                        help="Compare with the whole index in Node up to this size (default 20000).")
    args = parser.parse_args()
    for size in args.sizes:
        row = measure(size, args.query, args.more, args.naive, args.overlap_max)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
