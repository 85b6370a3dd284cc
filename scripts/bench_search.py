#!/usr/bin/env python3
"""Measure the search at scale: build time, what a first search downloads, and how fast it answers.

For each size, a deterministic synthetic catalogue (tests/search/synthetic_catalogue.py) goes through
write_search into a harness site served on 127.0.0.1; headless Chromium opens
/search/?q=<query> with an empty cache. Reported: build seconds; the gzipped bytes of every
file the first search fetched (page, scripts, styles, search data); milliseconds from
navigation to the first result on screen; then the milliseconds from each keystroke of
<more> (typed one key at a time) and from ticking a filter to the last change of the results;
and, on 20 fixed teacher queries, how far cold sharded searches agree with a full in-memory
lunr index over the same records (the scale issue's "results as good as" test): for each query
the number of results of each and the overlap of their top 10, as a Markdown table per size.

The reference is independent of our sharding: lunr.js builds its own index from the same
documents and field boosts (tests/search/js/reference.js, in a Node with a 16 GB heap), and
runs each query as the engine means it. If that fails or takes too long, the whole index
Python builds (tests/search/reference_index.py) is loaded in Node instead; the output names the
reference used.

    .venv/bin/python scripts/bench_search.py --sizes 1000 10000
    .venv/bin/python scripts/bench_search.py --sizes 1000 10000 100000 --overlap-only
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "search")]  # the search tests' harness, reference index and catalogues

from browser_harness import Server, chromium  # noqa: E402
from search_harness import CSP, NODE_HELP, PROJECT, build_site  # noqa: E402

from oerbank.search import search_files  # noqa: E402
from oerbank.search.documents import FIELDS, search_documents  # noqa: E402
from reference_index import build  # noqa: E402
from synthetic_catalogue import synthetic_catalogue  # noqa: E402

# Twenty things a teacher might type, as typed: a trailing space ends a word, else the last word
# is still being typed and also matches the longer words it begins.
QUERIES = ["pupils", "music ", "history of the ", "mas", "theatre school", "drawing day", "key stage", "play",
           "learn make", "sound gallery object", "dance", "photograph", "museum collection", "song writing",
           "creative writing workshop",     # a phrase of three common words
           "primary school music lessons",  # four words, one of them in half the catalogue
           "shakesp",                       # a word being typed
           "art",                           # in nearly every document, and begins many words
           "sculpture",                     # a rare word
           "masks and puppets"]             # a stop word between two words
assert len(QUERIES) == 20 and len(set(QUERIES)) == 20

NODE_HEAP_MB = 16000  # the reference holds a whole lunr index: gigabytes at 100,000 resources
REFERENCE_TIMEOUT = 1200  # s: 15 minutes to build the index with lunr.js (beyond that: too slow), then the queries
TIE = 1e-9  # relative difference below which two scores are equal

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


def node_big(script: str, payload: object, timeout: float = REFERENCE_TIMEOUT) -> dict:
    """Like search_harness.node, with a large heap and a longer time limit."""
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "lunr" / "lunr.js").is_file():
        raise AssertionError(NODE_HELP)
    command = ["node", f"--max-old-space-size={NODE_HEAP_MB}", str(PROJECT / "tests" / "search" / "js" / script)]
    out = subprocess.run(command,
                         input=json.dumps(payload), capture_output=True, text=True, check=False, timeout=timeout)
    if out.returncode:
        raise AssertionError(f"node {script} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout)


def reference(catalogue: object, site: Path, tmp: Path, kind: str) -> dict:
    """Each query's results from a whole lunr index in Node: built by lunr.js from the documents
    ("lunrjs"), or else the whole index Python builds, loaded from a file ("python")."""
    docs = search_documents(catalogue.resources, catalogue.organisations)
    payload: dict = {"site": str(site), "queries": QUERIES}
    if kind == "lunrjs":
        path = tmp / "docs.json"
        with path.open("w", encoding="utf-8") as f:
            json.dump([{"ref": str(d.number), **d.texts} for d in docs], f, separators=(",", ":"))
        del docs
        try:
            out = node_big("reference.js", {**payload, "docs": str(path), "fields": [list(f) for f in FIELDS]})
            out["reference"] = "lunr.js index built from the documents"
            return out
        except (AssertionError, subprocess.TimeoutExpired) as e:
            print(f"lunr.js could not build the reference ({str(e)[-300:]}); using Python's whole index",
                  file=sys.stderr, flush=True)
            docs = search_documents(catalogue.resources, catalogue.organisations)
        finally:
            path.unlink()
    path = tmp / "whole.json"
    t = time.perf_counter()
    whole = build(docs).build().serialize()
    del docs
    with path.open("w", encoding="utf-8") as f:
        json.dump(whole, f, separators=(",", ":"))
    del whole
    python_s = time.perf_counter() - t
    out = node_big("reference.js", {**payload, "index": str(path)})
    path.unlink()
    out["reference"] = "Python whole index (index.build) loaded by lunr.js"
    out["build_s"] += python_s
    return out


def same(a: float, b: float) -> bool:
    return abs(a - b) <= TIE * max(abs(a), abs(b), 1e-12)


def compare(ours: list | None, ref: list | None) -> dict:
    """One query: result counts, the top-10 overlap, and the same with ties at the reference's
    10th place allowed for (one of our top 10 also counts when its reference score equals the
    reference's 10th score: lunr.js leaves equal scores in no particular order)."""
    ours, ref = ours or [], ref or []
    k = min(10, len(ref))
    a = [d for d, _ in ours[:10]]
    b = {d for d, _ in ref[:10]}
    ref_score = dict(ref)
    if not k:
        overlap = tied = 1.0 if not ours else 0.0
    else:
        overlap = len(b & set(a)) / k
        cut = ref[k - 1][1]
        tied = min(k, sum(1 for d in a if d in b or (d in ref_score and same(ref_score[d], cut)))) / k
    common = [(s, ref_score[d]) for d, s in ours if d in ref_score]
    return {"ours": len(ours), "reference": len(ref), "overlap": overlap, "overlap_ties": tied,
            "same_set": {d for d, _ in ours} == set(ref_score),
            "max_score_diff": max((abs(x - y) / max(abs(y), 1e-12) for x, y in common), default=0.0)}


def overlap_table(size: int, rows: dict[str, dict], used: str) -> str:
    lines = [f"### {size:,} resources (reference: {used})", "",
             "| query | ours | reference | top-10 overlap | with ties | same results | max rel. score diff |",
             "|---|---:|---:|---:|---:|---|---:|"]
    for q, r in rows.items():
        lines.append(f"| `{q}` | {r['ours']:,} | {r['reference']:,} | {r['overlap']:.0%} | {r['overlap_ties']:.0%} | "
                     f"{'yes' if r['same_set'] else 'no'} | {r['max_score_diff']:.1e} |")
    values = [r["overlap"] for r in rows.values()]
    lines.append(f"\nTop-10 overlap: min {min(values):.0%}, mean {statistics.mean(values):.1%}")
    return "\n".join(lines)


def measure(size: int, query: str, more: str, naive: bool, overlap_max: int, overlap_only: bool = False,
            reference_kind: str = "lunrjs") -> dict:
    row: dict = {"size": size}
    t = time.perf_counter()
    catalogue = synthetic_catalogue(size)
    row["generate_s"] = time.perf_counter() - t
    if overlap_only:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            site = build_site(catalogue, Path(tmp) / "site")
            row["build_s"] = time.perf_counter() - t
            overlap(row, catalogue, site, Path(tmp), reference_kind)
        return row
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
        site = build_site(catalogue, Path(tmp) / "site")
        if size <= overlap_max:
            overlap(row, catalogue, site, Path(tmp), reference_kind)

        with Server(site, csp=CSP) as server, chromium() as browser:
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


def overlap(row: dict, catalogue: object, site: Path, tmp: Path, reference_kind: str) -> None:
    """Cold sharded searches (a fresh engine per query) against the reference; prints the table."""
    t = time.perf_counter()
    cold = node_big("engine.js", {"site": str(site), "queries": QUERIES, "cold": True})
    row["max_shards_per_query"] = max(len(v) for v in cold["shards"].values())
    ref = reference(catalogue, site, tmp, reference_kind)
    rows = {q: compare(cold["results"][q], ref["results"][q]) for q in QUERIES}
    print(overlap_table(row["size"], rows, ref["reference"]), flush=True)
    if ref["plan_differs"]:
        print("Terms matched differently by the engine and the reference:", json.dumps(ref["plan_differs"]), flush=True)
    print(flush=True)
    row["reference"] = ref["reference"]
    row["reference_build_s"] = ref["build_s"]
    row["reference_node_peak_mb"] = ref["peak_rss_mb"]
    row["top10_overlap"] = min(r["overlap"] for r in rows.values())
    row["top10_overlap_mean"] = statistics.mean(r["overlap"] for r in rows.values())
    row["top10_overlap_ties_min"] = min(r["overlap_ties"] for r in rows.values())
    row["plans_differ"] = sorted(ref["plan_differs"])
    row["no_results"] = [q for q, r in rows.items() if not r["ours"] or not r["reference"]]
    row["overlaps"] = {q: r["overlap"] for q, r in rows.items()}
    row["overlap_s"] = time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--query", default="pupils")
    parser.add_argument("--more", default=" music")
    parser.add_argument("--naive", action="store_true", help="Also size the whole lunr index as one file.")
    parser.add_argument("--overlap-max", type=int, default=100_000,
                        help="Compare with a full in-memory lunr index up to this size (default 100000).")
    parser.add_argument("--overlap-only", action="store_true",
                        help="Only compare results with the full index; skip sizing and the browser timings.")
    parser.add_argument("--reference", choices=["lunrjs", "python"], default="lunrjs",
                        help="Who builds the full index: lunr.js from the documents (default; Python's "
                             "whole index if that fails), or Python's whole index.")
    args = parser.parse_args()
    for size in args.sizes:
        row = measure(size, args.query, args.more, args.naive, args.overlap_max, args.overlap_only, args.reference)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)


if __name__ == "__main__":
    main()
