"""The search files of the fixture catalogues, for the search page's module tests under Node.

`python tests/search/search_sites.py DIR` writes DIR/search/search/... (tests/fixtures/search,
eight resources, one shard) and DIR/oak/search/... (tests/fixtures/oak, 311 real lessons, more
than one shard), as `write_search` writes them into a site.
"""

from __future__ import annotations

import sys
from pathlib import Path

from oerbank.pipeline import check
from oerbank.search import write_search

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SITES = {"search": FIXTURES / "search", "oak": FIXTURES / "oak"}


def write_sites(out: Path) -> Path:
    """Write each fixture catalogue's search files under out/<name>/; return `out`."""
    for name, folder in SITES.items():
        catalogue, report = check(folder)
        if not report.valid():
            raise SystemExit(f"{folder} has problems: {report}")
        write_search(catalogue, out / name)
    return out


if __name__ == "__main__":
    write_sites(Path(sys.argv[1]))
