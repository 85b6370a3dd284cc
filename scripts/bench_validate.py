"""Time `oerbank validate` on synthetic catalogues of growing size.

The goal: 10,000 resources in under 5 s and 100,000 in under 60 s, under 2 GB of memory.
Memory is shown two ways: the largest single process (its peak resident set), and the peak
proportional set size of the whole process tree (the command plus its pool workers, with
shared pages counted once), sampled every 50 ms.
Catalogues are generated deterministically (same sizes, same files) in a temporary folder,
with a few hundred organisations and field values drawn like the sample catalogue's.

Usage:
    python scripts/bench_validate.py --sizes 1000 10000 100000
    python scripts/bench_validate.py --sizes 5000 --keep /tmp/bench   # keep the files to profile
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ["museum", "gallery", "theatre", "music", "dance", "heritage", "festival", "library-archive"]
REGIONS = ["north-east", "north-west", "london", "south-west", "wales", "scotland", "northern-ireland"]
RESOURCE_TYPES = ["lesson-plan", "activity", "worksheet", "teacher-guide", "video", "workshop",
                  "school-visit", "loan-box", "interactive", "image-collection"]
KEY_STAGES = ["eyfs", "ks1", "ks2", "ks3", "ks4", "ks5"]
SUBJECTS = ["art-and-design", "music", "drama", "dance", "english", "history", "geography",
            "science", "maths", "design-and-technology", "pshe", "citizenship"]
ART_FORMS = ["visual-art", "theatre", "music", "dance", "literature", "film", "craft", "heritage"]
AUDIENCES = ["pupils", "teachers", "families", "send-learners"]
DELIVERY = ["online", "download", "at-venue", "in-school"]
LICENCES = ["CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0", "all-rights-reserved", "OGL-UK-3.0"]
COSTS = ["free", "free", "free", "free-registration", "paid"]
WORDS = ("clay mask print colour shadow puppet ship harbour song rhythm dance story poem city "
         "river castle garden portrait pattern light sound stage costume archive map weave").split()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _list(rng: random.Random, values: list[str], most: int) -> str:
    return "[" + ", ".join(rng.sample(values, rng.randint(1, most))) + "]"


def generate(root: Path, resources: int, seed: int = 3) -> int:
    """Write a valid catalogue with `resources` resources; return the number of organisations."""
    rng = random.Random(seed)
    n_orgs = max(5, min(300, resources // 30))
    (root / "organisations").mkdir(parents=True)
    (root / "resources").mkdir()
    orgs = [f"org-{i:03d}-{rng.choice(WORDS)}" for i in range(n_orgs)]
    for org in orgs:
        (root / "organisations" / f"{org}.yml").write_text(
            f"name: {org.replace('-', ' ').title()}\n"
            f"url: https://www.{org}.example/\n"
            f"summary: A {rng.choice(TYPES)} with a learning team that works with local schools.\n"
            f"type: {rng.choice(TYPES)}\n"
            f"region: {rng.choice(REGIONS)}\n"
            f"maintainers:\n  - {org}-learning\n"
            f"description: |\n  {_words(rng, 40)}\n\n  {_words(rng, 30)}\n"
            f"email: learning@{org}.example\n", encoding="utf-8")
        (root / "resources" / org).mkdir()
    for i in range(resources):
        org = orgs[i % n_orgs]
        slug = f"{_words(rng, 3).replace(' ', '-')}-{i}"
        lines = [
            "---",
            f'title: "{_words(rng, 5).capitalize()}: a {rng.choice(RESOURCE_TYPES).replace("-", " ")}"',
            f"url: https://www.{org}.example/learning/{slug}",
            f"summary: {_words(rng, 25).capitalize()}.",
            f"resource_types: {_list(rng, RESOURCE_TYPES, 2)}",
            f"key_stages: {_list(rng, KEY_STAGES, 3)}",
            f"subjects: {_list(rng, SUBJECTS, 3)}",
            f"art_forms: {_list(rng, ART_FORMS, 2)}",
            f"audiences: {_list(rng, AUDIENCES, 2)}",
            f"delivery: {_list(rng, DELIVERY, 2)}",
            f"licence: {rng.choice(LICENCES)}",
            f"cost: {rng.choice(COSTS)}",
        ]
        if rng.random() < 0.6:
            lines.append(f"duration_minutes: {rng.choice([30, 45, 60, 90, 120])}")
        lines.append(f"published: 20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        if rng.random() < 0.5:
            lines.append(f"keywords: [{', '.join(rng.sample(WORDS, 3))}]")
        if rng.random() < 0.3:
            lines.append(f"image: https://www.{org}.example/img/{slug}.jpg")
            lines.append(f"image_alt: {_words(rng, 6).capitalize()}")
        lines.append("---")
        body = "\n\n".join(_words(rng, rng.randint(30, 80)).capitalize() + "." for _ in range(rng.randint(1, 4)))
        (root / "resources" / org / f"{slug}.md").write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")
    return n_orgs


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (the pool workers), from /proc."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            pass
    return out


def _pss_mb(pids: list[int]) -> float:
    """Proportional set size: memory shared between a parent and its forks is counted once."""
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def run(root: Path, command: list[str]) -> dict[str, object]:
    """Wall time, CPU time, peak memory (largest process, and whole tree) and result of one run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([*command, "validate", "--root", str(root)], stdout=out, stderr=subprocess.STDOUT)
        tree_peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if os.path.exists("/proc/self/smaps_rollup"):
                tree_peak = max(tree_peak, _pss_mb(_tree(proc.pid)))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "tree": tree_peak, "exit": os.waitstatus_to_exitcode(status), "last": lines[-1] if lines else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="Write the catalogues here and keep them.")
    parser.add_argument("--oerbank", default=str(Path(sys.executable).with_name("oerbank")),
                        help="The oerbank executable to time (default: the one next to this Python).")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="oerbank-bench-"))
    print(f"{'resources':>10} {'organisations':>13} {'generate s':>10} {'validate s':>10} {'CPU s':>6} "
          f"{'max RSS MB':>10} {'all procs MB':>12} {'exit':>4}  result")
    try:
        for size in args.sizes:
            root = base / f"catalogue-{size}"
            if root.exists():
                shutil.rmtree(root)
            t0 = time.perf_counter()
            n_orgs = generate(root, size)
            gen = time.perf_counter() - t0
            r = run(root, [args.oerbank])
            print(f"{size:>10,} {n_orgs:>13,} {gen:>10.1f} {r['wall']:>10.2f} {r['cpu']:>6.1f} {r['rss']:>10.0f} "
                  f"{r['tree']:>12.0f} {r['exit']:>4}  {r['last']}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
