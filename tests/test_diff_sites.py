"""scripts/diff-sites: two builds compared, build times ignored, every difference named."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "diff-sites"


def _site(folder: Path, updated: str, title: str) -> Path:
    (folder / "resources/o/s").mkdir(parents=True)
    (folder / "feed.xml").write_text(f"<feed><updated>{updated}</updated></feed>\n", encoding="utf-8")
    (folder / "resources/o/s/index.html").write_text(f"<h1>{title}</h1>\n", encoding="utf-8")
    (folder / "sitemap.xml.gz").write_bytes(gzip.compress(b"<urlset/>", mtime=0))
    return folder


def _diff(a: Path, b: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(a), str(b)], capture_output=True, text=True, check=False)


def test_sites_that_differ_only_in_build_times_are_the_same(tmp_path: Path) -> None:
    done = _diff(_site(tmp_path / "a", "2026-12-07T12:00:00Z", "Masks"),
                 _site(tmp_path / "b", "2026-12-08T09:30:15+00:00", "Masks"))
    assert done.returncode == 0
    assert done.stdout == "3 of 3 files identical (timestamps ignored).\n"


def test_each_difference_is_named(tmp_path: Path) -> None:
    a = _site(tmp_path / "a", "2026-12-07T12:00:00Z", "Masks")
    b = _site(tmp_path / "b", "2026-12-07T12:00:00Z", "Clay masks")
    (b / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    done = _diff(a, b)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"1 files only in {b}:", "    robots.txt",
        "1 files differ in resources, e.g. resources/o/s/index.html:",
        "      -<h1>Masks</h1>", "      +<h1>Clay masks</h1>",
        "2 of 4 files identical (timestamps ignored).",
    ]
