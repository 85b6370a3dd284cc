"""Time the one pass over Git history (dates, renames, the changes table) on a large synthetic repository.

The repository is made with `git fast-import`: every record added in one commit, then commits
that update a tenth of them, rename 5% (half of them with an edit, so Git must compare
contents), remove 1%, one commit per change kind, repeated `--rounds` times. The timing covers
what a build does: `git log` once, parsing it, and (when this version has them) resolving
permanent ids and making the changes table rows.

Example:

    .venv/bin/python scripts/bench_history.py --sizes 10000
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from oerbank.gitdates import git_dates
from oerbank.load import Catalogue, Record

try:  # absent before renames were followed
    from oerbank.githistory import change_rows, history_for
except ImportError:  # pragma: no cover - only when timing an older version
    change_rows = history_for = None  # type: ignore[assignment]


def _text(n: int, version: int) -> bytes:
    return (f"---\ntitle: Resource {n}\nurl: https://org.example/learning/resource-{n}\n"
            f"summary: A synthetic resource number {n} for timing, version {version}.\n"
            "resource_types: [lesson-plan]\nkey_stages: [ks2]\nsubjects: [art-and-design]\n"
            f"licence: CC-BY-4.0\ncost: free\n---\nThe description of resource {n}, "
            f"written once and changed {version} times. " + "Words to compare. " * 20 + "\n").encode()


def make_repo(root: Path, size: int, rounds: int) -> list[str]:
    """A repository of `size` resources under `root`; returns the paths there at the end."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    paths = {n: f"resources/org-{n % max(1, size // 50):05d}/resource-{n:06d}.md" for n in range(size)}
    versions = dict.fromkeys(paths, 0)
    stream: list[bytes] = []
    when = 1_600_000_000

    def commit(message: str, lines: list[bytes]) -> None:
        nonlocal when
        when += 86_400
        stream.append(f"commit refs/heads/main\ncommitter T <t@example.org> {when} +0000\n"
                      f"data {len(message)}\n{message}\n".encode())
        stream.extend(lines)
        stream.append(b"\n")

    def put(n: int) -> list[bytes]:
        data = _text(n, versions[n])
        return [f"M 100644 inline {paths[n]}\ndata {len(data)}\n".encode(), data, b"\n"]

    commit("add", [line for n in paths for line in put(n)])
    alive = sorted(paths)
    for r in range(rounds):
        updated = alive[r::10]
        for n in updated:
            versions[n] += 1
        commit(f"update {r}", [line for n in updated for line in put(n)])
        renamed = alive[r + 3::20]
        lines: list[bytes] = []
        for i, n in enumerate(renamed):
            old, paths[n] = paths[n], paths[n].replace(".md", f"-r{r}.md")
            lines.append(f"R {old} {paths[n]}\n".encode())
            if i % 2:
                versions[n] += 1
                lines.extend(put(n))
        commit(f"rename {r}", lines)
        removed = set(alive[r + 7::100])
        commit(f"remove {r}", [f"D {paths[n]}\n".encode() for n in sorted(removed)])
        alive = [n for n in alive if n not in removed]
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    return [paths[n] for n in alive]


def _cpu() -> float:
    """CPU seconds of this process and its finished children (git): steadier than the clock on a busy machine."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--rounds", type=int, default=3, help="update/rename/remove rounds after the first commit")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best is shown")
    args = parser.parse_args(argv)
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            paths = make_repo(root, size, args.rounds)
            catalogue = Catalogue(root, [], [Record("resource", p[10:-3], p, {}) for p in paths])
            best = best_cpu = float("inf")
            for _ in range(args.repeat):
                cpu0 = _cpu()
                start = time.perf_counter()
                dates = git_dates(root)
                rows = 0
                if history_for is not None:
                    history = history_for(dates, catalogue)
                    rows = len(change_rows(history))
                best = min(best, time.perf_counter() - start)
                best_cpu = min(best_cpu, _cpu() - cpu0)
            renamed = len(history.ids) if history_for is not None else 0
            print(f"{size:>7,} resources, {len(paths):,} now, {len(dates):,} dated, {renamed:,} keeping an "
                  f"older id, {rows:,} change rows: {best:.2f} s, CPU {best_cpu:.2f} s with git's "
                  f"(best of {args.repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
