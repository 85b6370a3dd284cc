"""The insight pages: their counts are the open data's, near-duplicates are listed, links lead somewhere."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from catalogues import FIXTURES, REPO, write_files

from oerbank.load import Catalogue
from oerbank.pipeline import build
from oerbank.render.site import SiteModel

# The Lino printing lesson, written up again by the other organisation: words reordered, one changed.
COPY = """---
title: "Beginners: Lino Printing, Part 1"
url: https://northlight.example/schools/lino
summary: A step-by-step guide to cutting and printing a lino block, with safety advice.
resource_types: [lesson-plan]
key_stages: [ks2]
subjects: [art-and-design]
art_forms: [craft]
licence: CC-BY-4.0
cost: free
---
Our version.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, project / name)
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, project / name)
    for name in ("organisations", "resources"):
        shutil.copytree(FIXTURES / "export" / "small" / name, project / name)
    write_files(project, {"resources/north-light-gallery/lino-printing.md": COPY})
    out = project / "site"
    build(project, out)
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Cells(HTMLParser):
    """The numbers in the coverage tables, by (table, row key, column key), and every link."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str, str], str] = {}
        self.links: list[str] = []
        self._table = ""
        self._cell: tuple[str, str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("data-table") or ""
        if tag == "td" and self._table and a.get("data-row"):
            self._cell = (self._table, a["data-row"] or "", a["data-column"] or "")
            self.cells[self._cell] = ""
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.cells[self._cell] += data


def parse(path: Path) -> Cells:
    p = Cells()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_coverage_counts_equal_the_open_data(site: Path) -> None:
    """Computed here from resources.csv and organisations.csv: every cell of every table on the page
    and in insight/coverage.csv, gaps included."""
    data = site / "data"
    region = {o["id"]: o["region"] for o in rows(data / "organisations.csv")}
    expected: Counter[tuple[str, str, str]] = Counter()
    totals: Counter[tuple[str, str]] = Counter()
    for r in rows(data / "resources.csv"):
        values = {"key_stages": r["key_stages"].split(";"), "subjects": r["subjects"].split(";"),
                  "art_forms": [v for v in r["art_forms"].split(";") if v], "region": [region[r["organisation"]]]}
        for a, b in (("key_stages", "subjects"), ("key_stages", "art_forms"), ("region", "art_forms")):
            for x in values[a]:
                totals[(f"{a}-{b}", x)] += 1
                for y in values[b]:
                    expected[(f"{a}-{b}", x, y)] += 1
    page = parse(site / "insight" / "index.html").cells
    on_page = {k: int(re.sub(r"\D", "", v)) for k, v in page.items() if k[2] != "total"}
    assert {k: n for k, n in on_page.items() if n} == dict(expected)
    assert on_page[("key_stages-art_forms", "ks4", "dance")] == 0  # a gap is shown, not left out
    assert {(t, r): int(v) for (t, r, c), v in page.items() if c == "total" and int(v)} == dict(totals)
    in_csv = {(r["table"], r["row_key"], r["column_key"]): int(r["resources"]) for r in rows(site / "insight" / "coverage.csv")}
    assert in_csv == on_page


def test_organisation_rows_equal_the_open_data(site: Path) -> None:
    resources = rows(site / "data" / "resources.csv")
    per_org = Counter(r["organisation"] for r in resources)
    insight = {r["organisation_id"]: r for r in rows(site / "insight" / "organisations.csv")}
    assert {k: int(r["resources"]) for k, r in insight.items()} == dict(per_org)
    for k, r in insight.items():
        assert float(r["catalogue_share"]) == round(per_org[k] / len(resources), 4)
        assert int(r["art_forms_filled"]) == sum(1 for x in resources if x["organisation"] == k and x["art_forms"])
        assert int(r["published_filled"]) == sum(1 for x in resources if x["organisation"] == k and x["published"])


def test_near_duplicates_are_in_the_data_package_and_on_the_pages(site: Path) -> None:
    data = site / "data"
    similar = rows(data / "similar_resources.csv")
    assert [(r["resource_id"], r["similar_resource_id"]) for r in similar] == [
        ("north-light-gallery/lino-printing", "quay-arts/lino-printing-for-beginners")]
    assert 0.8 <= float(similar[0]["similarity"]) <= 1
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", str(data / "datapackage.json")], capture_output=True,
                          text=True, cwd=data, check=False)
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps([t["errors"][:3] for t in report["tasks"] if not t["valid"]])[:2000]
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    table = next(r for r in package["resources"] if r["name"] == "similar_resources")
    assert {fk["reference"]["resource"] for fk in table["schema"]["foreignKeys"]} == {"resources"}
    with_fk = next(t for t in report["tasks"] if t["name"] == "similar_resources")
    assert with_fk["stats"]["rows"] == 1

    org_page = (site / "insight" / "organisations" / "quay-arts" / "index.html").read_text(encoding="utf-8")
    assert "Similar resources elsewhere" in org_page
    assert ('<a href="../../../resources/quay-arts/lino-printing-for-beginners/">Lino Printing for Beginners, Part 1</a> '
            'is like <a href="../../../resources/north-light-gallery/lino-printing/">Beginners: Lino Printing, Part 1</a> '
            '(North Light Gallery, similarity') in org_page


def test_insight_is_linked_under_about_and_links_only_to_pages_with_content(site: Path) -> None:
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'href="../insight/"' in about
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "insight/" not in home  # not in the teachers' menus
    pages = [site / "insight" / "index.html", *sorted((site / "insight" / "organisations").glob("*/index.html"))]
    for page in pages:
        for href in parse(page).links:
            if href.startswith(("http", "mailto:", "#")):
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            target = target / "index.html" if target.is_dir() or not target.suffix else target
            assert target.is_file(), (page, href)
            listing = re.search(r"/organisations/([^/]+)/index\.html$", str(target))
            if listing and "/insight/" not in str(target):
                assert "No resources yet" not in target.read_text(encoding="utf-8"), (page, href)


def test_each_organisation_page_links_to_its_own_insight(site: Path) -> None:
    """An organisation finds its figures from its own page (the first of its listing), not only from About."""
    orgs = sorted(p.name for p in (site / "organisations").iterdir() if (p / "index.html").is_file())
    assert len(orgs) >= 2
    for org in orgs:
        page = site / "organisations" / org / "index.html"
        links = [h for h in parse(page).links if "insight/" in h]
        assert links == [f"../../insight/organisations/{org}/"], org
        assert (page.parent / links[0] / "index.html").resolve().is_file()
        name = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8")).group(1)
        assert f">Insight for {name}</a>: what only it offers" in page.read_text(encoding="utf-8")


def record(rid: str, org: str, subjects: list[str]) -> SimpleNamespace:
    return SimpleNamespace(id=rid, data={"id": rid, "organisation": org, "title": rid, "summary": "",
                                         "subjects": subjects, "key_stages": ["ks2"], "art_forms": ["music"],
                                         "published": "2025-01-01", "path": f"resources/{rid}.md"})


def test_related_resources_take_turns_between_equally_matching_organisations() -> None:
    """A big organisation with many equally good matches no longer fills the three related places."""
    host = record("host/r", "host", ["music"])
    big = [record(f"big/r{i}", "big", ["music"]) for i in range(6)]
    others = [record("small/r", "small", ["music"]), record("tiny/r", "tiny", ["music"])]
    orgs = [SimpleNamespace(id=o, data={"id": o, "name": o}) for o in ("big", "host", "small", "tiny")]
    model = SiteModel(Catalogue(Path("."), orgs, [host, *big, *others]))
    related = [r["id"] for r in model.related(host.data)]
    assert related == ["big/r0", "small/r", "tiny/r"]  # all match equally; by id alone big would take all three
    newest = [r["organisation"] for r in model.newest(limit=4)]
    assert Counter(newest) == {"big": 1, "host": 1, "small": 1, "tiny": 1}
