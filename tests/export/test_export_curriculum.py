"""The open data's curriculum: a curriculum table and resource_curriculum rows joined to it by a foreign key."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from catalogues import REPO, altered

from oerbank.curriculum import load_curriculum
from oerbank.export.dump import write_data
from oerbank.load import Catalogue
from oerbank.pipeline import check

SITE_URL = "https://example.org/oer/"


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    catalogue, report = check(REPO)
    assert report.valid()
    return catalogue


def _frictionless(package: Path) -> dict:
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", str(package)], capture_output=True, text=True,
                          cwd=package.parent, check=False)
    return json.loads(done.stdout)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_package_with_the_curriculum_tables_validates(sample: Catalogue, tmp_path: Path) -> None:
    write_data(sample, None, tmp_path, SITE_URL, "1")
    data = tmp_path / "data"
    report = _frictionless(data / "datapackage.json")
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    rows = {t["name"]: t["stats"].get("rows") for t in report["tasks"]}
    linked = [(r.id, k) for r in sample.resources for k in r.data.get("curriculum") or []]
    assert rows["curriculum"] == len(load_curriculum().statements)
    assert rows["resource_curriculum"] == len(linked) > 30

    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    long = next(r for r in package["resources"] if r["name"] == "resource_curriculum")
    assert {"fields": ["curriculum"], "reference": {"resource": "curriculum", "fields": ["id"]}} in \
        long["schema"]["foreignKeys"]

    play = [r for r in _rows(data / "resource_curriculum.csv") if r["resource_id"] == "ropewalk-theatre/play-in-a-day"]
    assert [r["curriculum"] for r in play] == [
        "natcurric:contentdescriptor-speak-confidently-effectively-improvising-rehearsing-performing-play-scripts",
        "cfe:exa-2-13a", "nic:arts-drama-ks2"]
    exa = next(r for r in _rows(data / "curriculum.csv") if r["id"] == "cfe:exa-2-13a")
    assert exa == {
        "id": "cfe:exa-2-13a", "framework": "curriculum-for-excellence", "nation": "scotland",
        "stage": "Second level", "key_stages": "ks2", "subject": "drama", "code": "EXA 2-13a",
        "wording": "Inspired by a range of stimuli, I can express and communicate my ideas, thoughts and feelings "
                   "through drama.",
        "uri": "https://education.gov.scot/", "source": exa["source"]}
    assert "Education Scotland" in exa["source"] and "OGL-UK-3.0" in exa["source"]

    db = sqlite3.connect(data / "catalogue.sqlite")
    joined = db.execute("SELECT c.code FROM resource_curriculum rc JOIN curriculum c ON c.id = rc.curriculum "
                        "WHERE rc.resource_id = 'ropewalk-theatre/play-in-a-day' AND c.nation = 'scotland'").fetchall()
    assert joined == [("EXA 2-13a",)]


def test_a_link_to_no_statement_fails_the_foreign_key(sample: Catalogue, tmp_path: Path) -> None:
    """Validation never lets one through; the package still says so if a file were edited by hand."""
    broken = altered(sample, "ropewalk-theatre/play-in-a-day", curriculum=["cfe:exa-9-99z"])
    write_data(broken, None, tmp_path, SITE_URL, "1")
    report = _frictionless(tmp_path / "data" / "datapackage.json")
    assert not report["valid"]
    errors = [e["type"] for t in report["tasks"] if t["name"] == "resource_curriculum" for e in t["errors"]]
    assert "foreign-key" in errors
