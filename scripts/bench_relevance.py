#!/usr/bin/env python3
"""Measure how well the search answers teachers: ours against stock Material's, same catalogue, same run.

The judged queries (tests/fixtures/oak-relevance/queries.json, made by scripts/oak_judgements.py
from Oak National Academy's curriculum data, not from the indexed text) run against the Oak
catalogue (../shared/corpora/oak-humanities by default) twice in headless Chromium:

- ours: the search page over `write_search`'s files, opened at /search/?q=<query> as a shared
  link would be (what a teacher sees: the UI's own understanding of the query included);
- stock: `mkdocs build` of stock Material for MkDocs with its `search` plugin over the same
  records as plain pages (scripts/bench's `stock_project`), opened at /?q=<query>.

The top ten results of each are scored against the judgements: nDCG@10 (gain 2^grade - 1,
grades 2 for a lesson Oak tags with the query's keyword, unit or year, 1 for the rest of its
unit or key stage), recall@10 (the share of grade-2 lessons in the top ten, out of at most ten)
and the share of queries with no results at all, per query type.

    .venv/bin/python scripts/bench_relevance.py [--corpus ../shared/corpora/oak-humanities] [--write]

`--write` replaces the "Relevance" section of docs/benchmarks.md with the tables.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import json
import math
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
TESTS = PROJECT / "tests"
sys.path[:0] = [str(TESTS), str(TESTS / "search")]

from browser_harness import Server, chromium, new_page  # noqa: E402
from search_harness import CSP, build_site, settle, wait_ready  # noqa: E402

from oerbank.pipeline import load_checked  # noqa: E402
from oerbank.schema import load_schema  # noqa: E402
from oerbank.search import lunrjs  # noqa: E402
from oerbank.search.documents import search_documents  # noqa: E402

QUERIES = TESTS / "fixtures" / "oak-relevance" / "queries.json"
DOCS = PROJECT / "docs" / "benchmarks.md"
TOP = 10
TYPES = ["topic", "plural", "typo", "natural", "key_stage", "unit"]
OURS_LINKS = "#oer-search .oer-result__title a"
STOCK_LINKS = "li.md-search-result__item > a.md-search-result__link"


def stock_project():  # noqa: ANN201 (scripts/bench is a script without a .py name)
    loader = importlib.machinery.SourceFileLoader("bench", str(PROJECT / "scripts" / "bench"))
    spec = importlib.util.spec_from_loader("bench", loader)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bench"] = module
    loader.exec_module(module)
    return module.stock_project


def slug_of(href: str) -> str:
    parts = [p for p in href.split("?")[0].split("#")[0].split("/") if p]
    return parts[-1] if parts else ""


def ours(page, base: str, query: str) -> list[str]:  # noqa: ANN001
    page.goto(f"{base}/search/?q={query}")
    wait_ready(page)
    settle(page)
    return [slug_of(h) for h in page.locator(OURS_LINKS).evaluate_all("els => els.map(e => e.href)")][:TOP]


def stock(page, base: str, query: str) -> list[str]:  # noqa: ANN001
    page.goto(f"{base}/?q={query}")
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && /matching|no matching/i.test(m.textContent); }", timeout=60000)
    page.wait_for_timeout(200)
    return [slug_of(h) for h in page.locator(STOCK_LINKS).evaluate_all("els => els.map(e => e.href)")][:TOP]


def ndcg(found: list[str], relevant: dict[str, int]) -> float:
    dcg = sum((2 ** relevant.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(found[:TOP]))
    ideal = sorted(relevant.values(), reverse=True)[:TOP]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(found: list[str], relevant: dict[str, int]) -> float:
    strong = {s for s, g in relevant.items() if g == 2}
    return len(strong & set(found[:TOP])) / min(TOP, len(strong)) if strong else 0.0


def _edits(a: str, b: str, most: int) -> int:
    """Edits from a to b (a letter missing, extra, wrong, or two swapped), or most + 1 when more."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        now = [i]
        for j, cb in enumerate(b, 1):
            best = min(row[j] + 1, now[j - 1] + 1, row[j - 1] + (ca != cb))
            if before and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            now.append(best)
        before, row = row, now
    return row[-1]


def ceiling(catalogue, queries: list[dict]) -> list[tuple[float, float, bool]]:  # noqa: ANN001
    """What a perfect ordering of the lessons holding any of a query's words would score, per query.

    Any engine that finds lessons by their text can at best show those lessons, best first: the
    lessons holding a word of the query (after stemming, or within the typo allowance of it), in
    the key stage the query names. The judgements come from Oak's tagging, not the text, so this is
    the most a text search can reach on them."""
    vocab = load_schema().vocabularies
    phrases = sorted(((tuple(lunrjs.terms(w)), t) for t in vocab["synonyms"].terms for w in t.extra["words"]),
                     key=lambda p: -len(p[0]))
    stages_of: dict[str, set[str]] = {}
    texts: dict[str, set[str]] = {}
    words: dict[str, set[str]] = defaultdict(set)
    for d in search_documents(catalogue.resources, catalogue.organisations):
        slug = d.data["id"].rsplit("/", 1)[-1]
        stages_of[slug] = set(d.data.get("key_stages") or [])
        texts[slug] = set()
        for text in d.texts.values():
            for token in lunrjs.tokenize(text):
                if word := lunrjs.trim(token):
                    words[word].add(slug)
                if term := lunrjs.term(token):
                    texts[slug].add(term)
    out = []
    for q in queries:
        terms = [t for t in lunrjs.terms(q["query"]) if t]
        wanted: set[str] = set()
        plain: set[str] = set()  # the words no vocabulary entry reads, which may be misspelt
        stages: set[str] = set()
        i = 0
        while i < len(terms):
            found = next(((p, t) for p, t in phrases if p and tuple(terms[i:i + len(p)]) == p), None)
            if found is None:
                wanted.add(terms[i])
                plain.add(terms[i])
                i += 1
                continue
            p, t = found
            if t.extra.get("key_stages"):
                stages.update(t.extra["key_stages"])
            elif t.extra.get("narrows") is not False:
                wanted.update(x for w in t.extra["words"] for x in lunrjs.terms(w) if x)
            i += len(p)
        held = {s for s, ts in texts.items() if ts & wanted}
        for typed in (w for w in q["query"].lower().split() if lunrjs.term(w) in plain):
            most = 2 if len(typed) >= 8 else 1 if len(typed) >= 4 else 0
            for word in words if most else ():
                if word[0] == typed[0] and _edits(typed, word, most) <= most:
                    held |= words[word]
        if stages:
            held = {s for s in held if stages_of[s] & stages}
        best = sorted(held, key=lambda s: (-q["relevant"].get(s, 0), s))[:TOP]
        out.append((ndcg(best, q["relevant"]), recall(best, q["relevant"]), not best))
    return out


def table(scores: dict[str, dict[str, list[tuple[float, float, bool]]]]) -> str:
    best = "ceiling" in scores
    rows = ["| Queries | n | nDCG@10 ours | nDCG@10 stock |" + (" nDCG@10 ceiling |" if best else "")
            + " recall@10 ours | recall@10 stock | no results ours | no results stock |",
            "|---|---|---|---|---|---|---|---|" + ("---|" if best else "")]
    for kind in ["all", *TYPES]:
        o, s = scores["ours"][kind], scores["stock"][kind] or [(0.0, 0.0, False)]
        if not o:
            continue

        def mean(xs: list[tuple[float, float, bool]], i: int) -> float:
            return sum(x[i] for x in xs) / len(xs)
        c = f" {mean(scores['ceiling'][kind], 0):.2f} |" if best else ""
        rows.append(f"| {kind.replace('_', ' ')} | {len(o)} | {mean(o, 0):.2f} | {mean(s, 0):.2f} |{c} "
                    f"{mean(o, 1):.2f} | {mean(s, 1):.2f} | {mean(o, 2):.0%} | {mean(s, 2):.0%} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus = next((p for p in (PROJECT.parent / "shared" / "corpora" / "oak-humanities",
                               PROJECT.parent.parent / "shared" / "corpora" / "oak-humanities") if p.is_dir()), None)
    parser.add_argument("--corpus", type=Path, default=corpus,
                        help="The Oak catalogue (default: ../shared/corpora/oak-humanities).")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--write", action="store_true", help="Put the tables in docs/benchmarks.md.")
    parser.add_argument("--per-query", action="store_true", help="Print each query's scores too.")
    parser.add_argument("--no-stock", action="store_true",
                        help="Measure ours only (quicker, while trying a change; the table then shows stock as 0).")
    args = parser.parse_args()
    if args.write and args.no_stock:
        parser.error("--write needs stock Material's figures too: leave out --no-stock")
    if args.corpus is None or not args.corpus.is_dir():
        parser.error(f"no catalogue at {args.corpus} (give --corpus)")
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    catalogue = load_checked(args.corpus)
    scores: dict[str, dict[str, list]] = {"ours": defaultdict(list), "stock": defaultdict(list),
                                          "ceiling": defaultdict(list)}
    for q, row in zip(queries, ceiling(catalogue, queries), strict=True):
        scores["ceiling"][q["type"]].append(row)
        scores["ceiling"]["all"].append(row)
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = build_site(catalogue, work / "ours")
        (work / "stock-site").mkdir()
        if not args.no_stock:
            config = stock_project()(args.corpus, work / "stock")
            subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config),
                            "-d", str(work / "stock-site")], check=True)
        with Server(site, csp=CSP) as ours_server, Server(work / "stock-site") as stock_server, chromium() as browser:
            engines = (("ours", ours_server, ours), ("stock", stock_server, stock))
            for name, server, run in engines[:1] if args.no_stock else engines:
                with new_page(browser) as page:
                    for q in queries:
                        found = run(page, server.url, q["query"])
                        row = (ndcg(found, q["relevant"]), recall(found, q["relevant"]), not found)
                        scores[name][q["type"]].append(row)
                        scores[name]["all"].append(row)
                        if args.per_query:
                            lines.append(f"{name:5} {q['type']:9} {row[0]:.2f} {row[1]:.2f} {len(found):2} "
                                         f"{q['query']}")
    commit = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    if subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "src"], capture_output=True,
                      text=True).stdout.strip():
        commit += " with uncommitted changes"
    out = (f"- Catalogue: {len(catalogue.resources):,} Oak lessons ({args.corpus.name}); {len(queries)} judged queries "
           f"({args.queries.relative_to(PROJECT) if args.queries.is_relative_to(PROJECT) else args.queries})\n"
           f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; commit {commit}; "
           f"Python {platform.python_version()}\n"
           f"- Command: `.venv/bin/python scripts/bench_relevance.py --write`\n\n" + table(scores))
    if lines:
        print("\n".join(lines))
    print(out)
    if args.write:
        text = DOCS.read_text(encoding="utf-8")
        start, end = "<!-- relevance:start -->", "<!-- relevance:end -->"
        if start in text:
            head, rest = text.split(start, 1)
            text = head + start + "\n" + out + "\n" + end + rest.split(end, 1)[1]
        else:
            text += f"\n## Relevance\n\n{start}\n{out}\n{end}\n"
        DOCS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
