#!/usr/bin/env python3
"""A shared search link on school Wi-Fi: time from navigation to the first result on screen.

Builds (or reuses) our site and stock Material's for the same synthetic catalogue (the
catalogue and stock project of scripts/bench), serves each on 127.0.0.1 with gzip on, as GitHub
Pages serves, and opens the search link in headless Chromium with an empty cache, once
unthrottled and once throttled through the DevTools protocol (Network.emulateNetworkConditions:
400 kbit/s each way, 400 ms latency per request). Reported per site and profile: the median and
range of --runs openings, the requests made before the first result and their gzipped bytes.

    .venv/bin/python scripts/bench_first_results.py --size 10000
    .venv/bin/python scripts/bench_first_results.py --ours build/bench/ours --stock build/bench/stock-site
    .venv/bin/python scripts/bench_first_results.py --ours build/bench/ours --no-stock --trace

--trace prints, for one throttled opening of ours, each request with when it was asked for and
when it ended (ms from navigation), the way to see where the time goes.
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(PROJECT / "scripts"), str(PROJECT / "tests")]
from browser_harness import Server, chromium  # noqa: E402

BIN = Path(sys.executable).parent
PROFILES = {"unthrottled": None,
            "throttled": {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
                          "uploadThroughput": 400_000 / 8}}

WATCH = """
(() => {
  const sel = %r;
  const s = window.__bench = {first: null};
  const check = () => {
    if (s.first !== null) return;
    const el = document.querySelector(sel);
    if (el && el.getClientRects().length) s.first = performance.now();
  };
  const poll = setInterval(() => { check(); if (s.first !== null) clearInterval(poll); }, 4);
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
})();
"""


def scripts_bench() -> Any:
    """scripts/bench as a module, for its synthetic catalogue and stock Material project."""
    loader = importlib.machinery.SourceFileLoader("bench", str(PROJECT / "scripts" / "bench"))
    spec = importlib.util.spec_from_loader("bench", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module
    loader.exec_module(module)
    return module


def build_sites(size: int, work: Path) -> tuple[Path, Path]:
    from synthetic import generate

    bench = scripts_bench()
    catalogue = work / "catalogue"
    generate(catalogue, size)
    ours, stock = work / "ours", work / "stock-site"
    subprocess.run([str(BIN / "oerbank"), "build", "--root", str(catalogue), "--out", str(ours)], check=True,
                   capture_output=True)
    config = bench.stock_project(catalogue, work / "stock")
    subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(stock)], check=True,
                   capture_output=True)
    return ours, stock


def open_once(browser: Any, server: Server, path: str, selector: str, profile: dict | None,
              timeout_s: float) -> tuple[float | None, list[str]]:
    """Milliseconds from navigation to the first visible result (None: not within the timeout)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        if profile:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", profile)
        page.add_init_script(WATCH % selector)
        server.requested.clear()
        page.goto(server.url + path, wait_until="commit")
        first, deadline = None, time.monotonic() + timeout_s
        while first is None and time.monotonic() < deadline:  # polled: the site's CSP forbids eval
            page.wait_for_timeout(20)
            first = page.evaluate("() => window.__bench ? window.__bench.first : null")
        return first, list(server.requested)
    finally:
        context.close()


def trace(browser: Any, site: Path, path: str, selector: str, timeout_s: float) -> str:
    """One throttled opening's requests: start and end in ms from navigation, size, path."""
    with Server(site, gzip=True) as server:
        open_once(browser, server, path, selector, None, timeout_s)
        context = browser.new_context()
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", PROFILES["throttled"])
            rows: dict[str, dict[str, Any]] = {}
            cdp.on("Network.requestWillBeSent", lambda e: rows.setdefault(e["requestId"], {
                "url": e["request"]["url"].removeprefix(server.url), "start": e["timestamp"]}))
            cdp.on("Network.loadingFinished", lambda e: rows.get(e["requestId"], {}).update(
                end=e["timestamp"], bytes=e["encodedDataLength"]))
            page.add_init_script(WATCH % selector)
            page.goto(server.url + path, wait_until="commit")
            first, deadline = None, time.monotonic() + timeout_s
            while first is None and time.monotonic() < deadline:
                page.wait_for_timeout(20)
                first = page.evaluate("() => window.__bench ? window.__bench.first : null")
            origin = min(r["start"] for r in rows.values())
            lines = [f"first result: {fmt(first)} ms", "| asked ms | ended ms | KB | request |", "|---:|---:|---:|---|"]
            for r in sorted(rows.values(), key=lambda r: r["start"]):
                end = f"{(r['end'] - origin) * 1000:,.0f}" if "end" in r else "–"
                url = r["url"] if len(r["url"]) < 80 else r["url"][:77] + "..."
                start, kb = (r["start"] - origin) * 1000, r.get("bytes", 0) / 1024
                lines.append(f"| {start:,.0f} | {end} | {kb:.1f} | {url} |")
            return "\n".join(lines)
        finally:
            context.close()


def measure(browser: Any, site: Path, path: str, selector: str, runs: int, timeout_s: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with Server(site, gzip=True) as server:
        open_once(browser, server, path, selector, None, timeout_s)  # a first page pays for the browser's start-up
        for name, profile in PROFILES.items():
            times, requested = [], []
            for _ in range(runs):
                ms, requested = open_once(browser, server, path, selector, profile, timeout_s)
                times.append(ms)
                if ms is None:
                    break
            done = [t for t in times if t is not None]
            out[name] = {"median_ms": statistics.median(done) if len(done) == len(times) else None,
                         "min_ms": min(done, default=None), "max_ms": max(done, default=None), "runs": len(times),
                         "requests": len(requested), "gz_kb": server.gzipped_bytes(requested) / 1024}
    return out


def fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f}"


def table(results: dict[str, dict[str, Any]], timeout_s: float) -> str:
    lines = ["| Site | Profile | First results ms, median (range) | Requests | KB gzipped |",
             "|---|---|---|---:|---:|"]
    for site, profiles in results.items():
        for name, r in profiles.items():
            if r["median_ms"] is None:
                shown = f"none within {timeout_s:.0f} s"
            else:
                shown = f"{fmt(r['median_ms'])} ({fmt(r['min_ms'])}–{fmt(r['max_ms'])})"
            lines.append(f"| {site} | {name} | {shown} | {r['requests']} | {r['gz_kb']:,.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--query", default="pupils")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="Seconds to wait for a first result.")
    parser.add_argument("--ours", type=Path, help="A built site of ours to measure instead of building one.")
    parser.add_argument("--stock", type=Path, help="A built stock Material site, likewise.")
    parser.add_argument("--no-stock", action="store_true", help="Measure our site only.")
    parser.add_argument("--keep", type=Path, help="Build into this folder and keep it.")
    parser.add_argument("--trace", action="store_true", help="Print one throttled opening's requests instead.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="oerbank-first-results-"))
    try:
        ours, stock = args.ours, args.stock
        if ours is None or (stock is None and not args.no_stock):
            ours, stock = build_sites(args.size, work)
        sites = {"ours": (ours, f"/search/?q={args.query}", "#oer-search li.oer-result a")}
        if not args.no_stock and stock is not None:
            sites["stock Material"] = (stock, f"/?q={args.query}", ".md-search-result__item")
        results = {}
        if args.trace:
            with chromium() as browser:
                print(trace(browser, ours, *sites["ours"][1:], args.timeout))
            return
        with chromium() as browser:
            for name, (site, path, selector) in sites.items():
                runs = args.runs if name == "ours" else 1
                results[name] = measure(browser, site, path, selector, runs, args.timeout)
                print(table({name: results[name]}, args.timeout).split("\n", 2)[2], file=sys.stderr, flush=True)
        print(table(results, args.timeout))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
