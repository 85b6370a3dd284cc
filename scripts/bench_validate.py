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
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402  (the benchmarks share one generator, driven by the schema)


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
