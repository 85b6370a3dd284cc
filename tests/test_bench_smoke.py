"""The scale benchmark runs end to end at its smallest size (the real sizes are run by hand: `make bench`)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def test_bench_writes_a_table_with_ours_and_stock(tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench"), "--sizes", "60", "--no-browser",
                             "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr + result.stdout
    report = out.read_text(encoding="utf-8")
    rows = {cells[1]: cells for line in report.splitlines()
            if (cells := [c.strip() for c in line.strip("|").split("|")]) and cells[0] == "60" and len(cells) > 6}
    assert {"validate", "ours", "stock"} <= set(rows)
    for run in ("ours", "stock"):
        wall, peak, total, site, release, page, files = rows[run][2:9]
        for value in (wall, peak, total, site, page, files):
            assert float(value.replace(",", "")) > 0, (run, rows[run])
    assert rows["ours"][6] == "0.0" and rows["stock"][6] == "–"  # nothing this small leaves the site
    assert "| 60 | " in report.split("Where our site's bytes go")[1]
    assert re.search(r"Commit: [0-9a-f]{7}", report)


def test_bench_can_reuse_the_catalogue_it_kept(tmp_path: Path) -> None:
    """A second run over a kept catalogue measures the build again without writing the catalogue again."""
    def bench(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench"), "--sizes", "60", "--no-browser",
                               "--no-stock-above", "0", "--keep", str(tmp_path / "kept"),
                               "--out", str(tmp_path / "b.md"), *extra], capture_output=True, text=True, timeout=600)
    first = bench()
    assert first.returncode == 0, first.stderr
    record = next((tmp_path / "kept" / "n60" / "catalogue" / "resources").rglob("*.md"))
    written = record.stat().st_mtime_ns
    again = bench("--reuse")
    assert again.returncode == 0, again.stderr
    catalogue = tmp_path / "kept" / "n60" / "catalogue"
    assert f"60 resources, 10 organisations written to {catalogue}" in first.stderr
    assert f"60 resources, 10 organisations reused from {catalogue}" in again.stderr
    assert record.stat().st_mtime_ns == written
    assert (tmp_path / "kept" / "n60" / "ours" / "index.html").is_file()


@pytest.mark.browser
def test_the_first_results_benchmark_times_ours_and_stock_on_both_networks(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(PROJECT / "scripts" / "bench_first_results.py"), "--size", "60",
                             "--runs", "1", "--timeout", "30", "--keep", str(tmp_path / "work")],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr + result.stdout
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in result.stdout.splitlines()[2:]]
    assert [(r[0], r[1]) for r in rows] == [("ours", "unthrottled"), ("ours", "throttled"),
                                            ("stock Material", "unthrottled"), ("stock Material", "throttled")]
    for row in rows[:2]:  # our first results appear (how fast is the benchmark's business, not the test's)
        assert re.fullmatch(r"[\d,]+ \([\d,]+–[\d,]+\)", row[2]), row
        assert int(row[3]) > 0 and float(row[4].replace(",", "")) > 0
