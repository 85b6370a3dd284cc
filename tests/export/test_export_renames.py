"""A renamed record keeps its id, feed entry and old address; the changes table says what changed."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from export_helpers import FIXTURES, SITE_URL, copy_catalogue, load_valid

from oerbank.export import git_dates, open_data_page, write_data, write_feeds, write_redirects, write_sitemap
from oerbank.gitdates import parse_log
from oerbank.githistory import parse_history, resolve
from oerbank.load import Catalogue, Record
from oerbank.pipeline import build as build_site

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
REPO = Path(__file__).resolve().parents[2]
ATOM = "{http://www.w3.org/2005/Atom}"
OLD = "resources/quay-arts/sinema-bach.md"
NEW = "resources/quay-arts/sinema-bach-films.md"


def git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small catalogue in Git: added, then one resource renamed (title edited too), then one removed."""
    root = copy_catalogue(FIXTURES / "small", tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", when="2024-03-01T12:00:00+00:00")
    git(root, "mv", OLD, NEW)
    film = root / NEW
    film.write_text(film.read_text(encoding="utf-8").replace("title: Sinema Bach", "title: Sinema Bach films"),
                    encoding="utf-8")
    git(root, "commit", "-q", "-am", "rename", when="2024-05-20T09:00:00+00:00")
    git(root, "rm", "-q", "resources/north-light-gallery/looking-at-landscape.md")
    git(root, "commit", "-q", "-m", "remove", when="2024-06-01T10:00:00+00:00")
    return root


def sha(repo: Path, rev: str) -> str:
    return git(repo, "rev-parse", rev)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_data_keeps_the_first_id_and_points_to_the_new_page(repo: Path, tmp_path: Path) -> None:
    catalogue = load_valid(repo)
    write_data(catalogue, git_dates(repo), tmp_path / "site", SITE_URL, "1.0.0")
    data = tmp_path / "site" / "data"
    film = next(r for r in read_csv(data / "resources.csv") if r["path"] == NEW)
    assert (film["id"], film["page_url"]) == ("quay-arts/sinema-bach",
                                               f"{SITE_URL}resources/quay-arts/sinema-bach-films/")
    assert (film["first_published"], film["last_updated"]) == ("2024-03-01", "2024-05-20")
    stages = [r for r in read_csv(data / "resource_key_stages.csv") if r["key_stage"] == "ks2"]
    assert "quay-arts/sinema-bach" in [r["resource_id"] for r in stages]
    objects = json.loads((data / "resources.json").read_text(encoding="utf-8"))
    assert [o["id"] for o in objects if o["path"] == NEW] == ["quay-arts/sinema-bach"]


def test_the_changes_table_lists_every_change_oldest_first(repo: Path, tmp_path: Path) -> None:
    write_data(load_valid(repo), git_dates(repo), tmp_path / "site", SITE_URL, "1.0.0")
    first, rename, remove = sha(repo, "HEAD~2"), sha(repo, "HEAD~1"), sha(repo, "HEAD")
    landscape = "resources/north-light-gallery/looking-at-landscape.md"
    assert [list(r.values()) for r in read_csv(tmp_path / "site" / "data" / "changes.csv")] == [
        ["2024-03-01", "added", "organisation", "north-light-gallery", "organisations/north-light-gallery.yml", "", first],
        ["2024-03-01", "added", "organisation", "quay-arts", "organisations/quay-arts.yml", "", first],
        ["2024-03-01", "added", "resource", "north-light-gallery/looking-at-landscape", landscape, "", first],
        ["2024-03-01", "added", "resource", "quay-arts/lino-printing-for-beginners",
         "resources/quay-arts/lino-printing-for-beginners.md", "", first],
        ["2024-03-01", "added", "resource", "quay-arts/sinema-bach", OLD, "", first],
        ["2024-05-20", "renamed", "resource", "quay-arts/sinema-bach", NEW, OLD, rename],
        ["2024-06-01", "removed", "resource", "north-light-gallery/looking-at-landscape", landscape, "", remove],
    ]


def test_frictionless_validates_the_package_with_its_changes(repo: Path, tmp_path: Path) -> None:
    write_data(load_valid(repo), git_dates(repo), tmp_path / "site", SITE_URL, "1.0.0")
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", "datapackage.json"], cwd=tmp_path / "site" / "data",
                          capture_output=True, text=True, check=False)
    report = json.loads(done.stdout)
    assert report["valid"], json.dumps([t["errors"][:3] for t in report["tasks"] if not t["valid"]])[:3000]
    rows = {t["name"]: t["stats"].get("rows") for t in report["tasks"]}
    assert (rows["changes"], rows["resources"]) == (7, 2)
    package = json.loads((tmp_path / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    changes = next(r for r in package["resources"] if r["name"] == "changes")
    change = next(f for f in changes["schema"]["fields"] if f["name"] == "change")
    assert change["constraints"]["enum"] == ["added", "updated", "renamed", "removed"]


def test_the_feed_entry_keeps_its_id(repo: Path, tmp_path: Path) -> None:
    write_feeds(load_valid(repo), git_dates(repo), tmp_path / "site", SITE_URL)
    entries = ET.parse(tmp_path / "site" / "feed.xml").getroot().findall(f"{ATOM}entry")
    film = next(e for e in entries if e.findtext(f"{ATOM}title") == "Sinema Bach films — making one-minute films")
    assert film.findtext(f"{ATOM}id") == f"{SITE_URL}resources/quay-arts/sinema-bach/"
    assert film.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{SITE_URL}resources/quay-arts/sinema-bach-films/"


EXPECTED_REDIRECT = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta name="robots" content="noindex">
<title>This page has moved</title>
<link rel="canonical" href="https://example.org/oer/resources/quay-arts/sinema-bach-films/">
<meta http-equiv="refresh" content="0; url=../sinema-bach-films/">
</head>
<body>
<p>This page has moved to <a href="../sinema-bach-films/">https://example.org/oer/resources/quay-arts/sinema-bach-films/</a>.</p>
</body>
</html>
"""


def test_a_redirect_page_at_the_old_address_and_only_the_new_one_in_the_sitemap(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "resources/quay-arts/sinema-bach-films/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<h1>Sinema Bach films</h1>", encoding="utf-8")
    written = write_redirects(load_valid(repo), git_dates(repo), site, SITE_URL)
    assert written == ["resources/quay-arts/sinema-bach/"]
    assert (site / "resources/quay-arts/sinema-bach/index.html").read_text(encoding="utf-8") == EXPECTED_REDIRECT
    write_sitemap(site, SITE_URL, exclude=written)
    assert "sinema-bach/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}resources/quay-arts/sinema-bach-films/</loc>" in (site / "sitemap.xml").read_text()


def test_the_built_site_redirects_the_old_address(repo: Path, tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, repo / name)
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, repo / name)
    out = tmp_path / "built"
    build_site(repo, out)
    old = (out / "resources/quay-arts/sinema-bach/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../sinema-bach-films/">' in old
    assert "Sinema Bach films" in (out / "resources/quay-arts/sinema-bach-films/index.html").read_text(encoding="utf-8")
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "resources/quay-arts/sinema-bach-films/</loc>" in sitemap
    assert "resources/quay-arts/sinema-bach/</loc>" not in sitemap
    assert "<script" not in old


def test_outside_git_ids_and_addresses_are_the_file_names(tmp_path: Path) -> None:
    root = copy_catalogue(FIXTURES / "small", tmp_path / "plain")
    catalogue = load_valid(root)
    dates = git_dates(root)
    write_data(catalogue, dates, tmp_path / "site", SITE_URL, "1.0.0")
    data = tmp_path / "site" / "data"
    assert sorted(r["id"] for r in read_csv(data / "resources.csv")) == sorted(r.id for r in catalogue.resources)
    assert (data / "changes.csv").read_bytes() == b"date,change,record_type,id,path,old_path,git_commit\r\n"
    assert write_redirects(catalogue, dates, tmp_path / "site", SITE_URL) == []


def _log(*commits: tuple[str, list[str]]) -> str:
    """A `git log` output, newest commit first: (unix time and hash, name-status tokens)."""
    return "".join(f"\0\x01{head}\0\n" + "\0".join(tokens) + "\0" for head, tokens in commits)


def test_a_name_reused_by_a_new_file_stays_with_that_file() -> None:
    """a.md renamed to b.md, then a new a.md: the new file is acme/a, the renamed one becomes acme/b."""
    log = _log(("1717200000 c3", ["A", "resources/acme/a.md"]),
               ("1714000000 c2", ["R100", "resources/acme/a.md", "resources/acme/b.md"]),
               ("1709294400 c1", ["A", "resources/acme/a.md"]))
    history = resolve(parse_history(log), ["resources/acme/a.md", "resources/acme/b.md"])
    assert history.ids == {} and history.redirects == {}


def test_a_renamed_organisation_keeps_its_id_and_its_old_page_and_feed_lead_to_the_new(tmp_path: Path) -> None:
    log = _log(("1714000000 c2", ["R095", "organisations/old-name.yml", "organisations/new-name.yml",
                                  "R100", "resources/old-name/x.md", "resources/new-name/x.md"]),
               ("1709294400 c1", ["A", "organisations/old-name.yml", "A", "resources/old-name/x.md"]))
    history = resolve(parse_history(log), ["organisations/new-name.yml", "resources/new-name/x.md"])
    assert history.ids == {"organisations/new-name.yml": "old-name", "resources/new-name/x.md": "old-name/x"}
    assert history.redirects == {("organisations", "old-name"): "new-name", ("resources", "old-name/x"): "new-name/x"}
    catalogue = Catalogue(tmp_path, [Record("organisation", "new-name", "organisations/new-name.yml", {})],
                          [Record("resource", "new-name/x", "resources/new-name/x.md", {})])
    feed = tmp_path / "site" / "organisations" / "new-name" / "feed.xml"
    feed.parent.mkdir(parents=True)
    feed.write_text("<feed/>\n", encoding="utf-8")
    written = write_redirects(catalogue, parse_log(log), tmp_path / "site", "")
    assert written == ["organisations/old-name/", "resources/old-name/x/"]
    assert (tmp_path / "site" / "organisations" / "old-name" / "feed.xml").read_text(encoding="utf-8") == "<feed/>\n"
    assert 'href="../new-name/"' in (tmp_path / "site" / "organisations" / "old-name" / "index.html").read_text()


def test_a_second_build_in_the_same_folder_keeps_the_redirect_out_of_the_sitemap(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    catalogue, dates = load_valid(repo), git_dates(repo)
    assert write_redirects(catalogue, dates, site, SITE_URL) == ["resources/quay-arts/sinema-bach/"]
    assert write_redirects(catalogue, dates, site, SITE_URL) == ["resources/quay-arts/sinema-bach/"]
    real = site / "resources/quay-arts/sinema-bach/index.html"
    real.write_text("<!doctype html>\n<h1>A real page</h1>\n", encoding="utf-8")
    assert write_redirects(catalogue, dates, site, SITE_URL) == []
    assert real.read_text(encoding="utf-8") == "<!doctype html>\n<h1>A real page</h1>\n"


def test_the_open_data_page_documents_the_changes_table(repo: Path, tmp_path: Path) -> None:
    catalogue = load_valid(repo)
    write_data(catalogue, git_dates(repo), tmp_path / "site", SITE_URL, "1.0.0")
    page = open_data_page(catalogue, tmp_path / "site", SITE_URL)
    assert ("| `change` | string (required) | added, updated, renamed (the file got a new name; its content may "
            "have changed too) or removed. | `added`, `updated`, `renamed`, `removed` |") in page
    assert (f"SELECT date, change, id, path, old_path FROM read_csv('{SITE_URL}data/changes.csv') "
            "WHERE date >= DATE '2025-01-01';") in page


def test_a_renamed_organisation_keeps_its_id_in_every_table(repo: Path, tmp_path: Path) -> None:
    git(repo, "mv", "organisations/quay-arts.yml", "organisations/quay-arts-centre.yml")
    git(repo, "mv", "resources/quay-arts", "resources/quay-arts-centre")
    git(repo, "commit", "-q", "-m", "new name", when="2024-07-01T10:00:00+00:00")
    write_data(load_valid(repo), git_dates(repo), tmp_path / "site", SITE_URL, "1.0.0")
    data = tmp_path / "site" / "data"
    org = next(r for r in read_csv(data / "organisations.csv") if r["path"] == "organisations/quay-arts-centre.yml")
    assert (org["id"], org["page_url"]) == ("quay-arts", f"{SITE_URL}organisations/quay-arts-centre/")
    assert sorted((r["id"], r["organisation"]) for r in read_csv(data / "resources.csv")) == [
        ("quay-arts/lino-printing-for-beginners", "quay-arts"), ("quay-arts/sinema-bach", "quay-arts")]
    objects = json.loads((data / "resources.json").read_text(encoding="utf-8"))
    assert {o["organisation"]["id"] for o in objects} == {"quay-arts"}
    assert {o["organisation"]["page_url"] for o in objects} == {f"{SITE_URL}organisations/quay-arts-centre/"}
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", "datapackage.json"], cwd=data, capture_output=True,
                          text=True, check=False)
    assert json.loads(done.stdout)["valid"]
