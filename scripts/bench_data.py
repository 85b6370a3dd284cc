"""Time the open data step on large synthetic catalogues (goal: <10 s at 10,000, <30 s at 100,000).

The records are made in memory, deterministically, with every field filled the way a
validated catalogue fills it, so the numbers measure writing and not loading.

Example:

    .venv/bin/python scripts/bench_data.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from oerbank.export import write_data, write_feeds
from oerbank.load import Catalogue, Record
from oerbank.schema import load_schema

SITE_URL = "https://example.org/oer/"
WORDS = ("clay print score dance river castle story stage poem light colour rhythm archive film mask shadow "
         "harbour garden song portrait lantern puppet weave folk chorus sketch kiln camera mural").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def synthetic(resources: int, seed: int = 1) -> tuple[Catalogue, dict[str, tuple[str | None, str | None]]]:
    schema = load_schema()
    vocab = {name: v.keys for name, v in schema.vocabularies.items()}
    rng = random.Random(seed)
    n_orgs = max(1, resources // 50)
    orgs = []
    for i in range(n_orgs):
        oid = f"org-{i:05d}"
        orgs.append(Record("organisation", oid, f"organisations/{oid}.yml", {}, data={
            "id": oid, "name": f"Organisation {i} {rng.choice(WORDS).title()}", "url": f"https://{oid}.example/",
            "summary": _sentence(rng, 12), "type": rng.choice(vocab["organisation_types"]),
            "region": rng.choice(vocab["regions"]), "maintainers": [f"user{i}", f"helper{i}"],
            "description": _sentence(rng, 60), "logo": None, "email": f"learning@{oid}.example",
            "wikidata": f"Q{1000 + i}", "charity_number": f"{1000000 + i}", "path": f"organisations/{oid}.yml"}))
    items = []
    dates: dict[str, tuple[str | None, str | None]] = {}
    for i in range(resources):
        org = orgs[i % n_orgs].id
        slug = f"resource-{i:06d}"
        rid, path = f"{org}/{slug}", f"resources/{org}/{slug}.md"
        year = 2015 + i % 10
        published = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        dates[path] = (published, f"{year + 1}-01-15")
        items.append(Record("resource", rid, path, {}, folder=org, data={
            "id": rid, "organisation": org, "slug": slug, "title": _sentence(rng, 6)[:-1],
            "url": f"https://{org}.example/learning/{slug}", "summary": _sentence(rng, 30)[:300],
            "resource_types": rng.sample(vocab["resource_types"], 2), "key_stages": rng.sample(vocab["key_stages"], 2),
            "subjects": rng.sample(vocab["subjects"], 3), "licence": rng.choice(vocab["licence"]),
            "cost": rng.choice(vocab["cost"]), "art_forms": rng.sample(vocab["art_forms"], 2),
            "audiences": rng.sample(vocab["audiences"], 2), "delivery": rng.sample(vocab["delivery"], 1),
            "languages": ["en"], "duration_minutes": 30 + i % 90, "published": published, "updated": None,
            "keywords": rng.sample(WORDS, 5), "accessibility": rng.sample(vocab["accessibility"], 2),
            "image": f"https://{org}.example/img/{slug}.jpg", "image_alt": _sentence(rng, 8),
            "content_guidance": None, "body": "\n\n".join(_sentence(rng, 40) for _ in range(3)), "path": path}))
    return Catalogue(Path("."), orgs, items), dates


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="numbers of resources")
    parser.add_argument("--keep", type=Path, help="write here and keep the files (default: a temporary folder)")
    args = parser.parse_args(argv)
    for n in args.sizes:
        start = time.perf_counter()
        catalogue, dates = synthetic(n)
        made = time.perf_counter() - start
        rss_records = _rss_mb()
        out = args.keep / str(n) if args.keep else Path(tempfile.mkdtemp(prefix=f"oerbank-bench-{n}-"))
        try:
            start, cpu = time.perf_counter(), time.process_time()
            write_data(catalogue, dates, out, SITE_URL, "2025.1.1+bench")
            data_s, data_cpu = time.perf_counter() - start, time.process_time() - cpu
            start, cpu = time.perf_counter(), time.process_time()
            write_feeds(catalogue, dates, out, SITE_URL)
            feeds_s, feeds_cpu = time.perf_counter() - start, time.process_time() - cpu
            data_dir = out / "data"
            print(f"{n:>7,} resources, {len(catalogue.organisations):,} organisations "
                  f"(records made in {made:.1f} s, max RSS {rss_records:.0f} MB)")
            print(f"  write_data   {data_s:6.2f} s (CPU {data_cpu:.2f} s)   {_size(data_dir) / 1e6:8.1f} MB in data/"
                  f"   max RSS {_rss_mb():.0f} MB")
            for p in sorted(data_dir.iterdir(), key=lambda p: -p.stat().st_size)[:6]:
                print(f"      {p.name:<28} {p.stat().st_size / 1e6:8.1f} MB")
            print(f"  write_feeds  {feeds_s:6.2f} s (CPU {feeds_cpu:.2f} s)")
        finally:
            if not args.keep:
                shutil.rmtree(out, ignore_errors=True)
        del catalogue, dates
    return 0


if __name__ == "__main__":
    sys.exit(main())
