"""The sample catalogue at the repository root builds into a valid data package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import SITE_URL, copy_catalogue

from oerbank.export import open_data_page, write_data, write_feeds
from oerbank.pipeline import check

REPO = Path(__file__).resolve().parents[2]


def test_sample_catalogue_package_validates(tmp_path: Path) -> None:
    root = copy_catalogue(REPO, tmp_path / "catalogue")
    catalogue, report = check(root)
    if not report.valid():
        pytest.skip(f"the sample catalogue has {len(report.errors)} errors; its own tests report them")
    out = tmp_path / "site"
    write_data(catalogue, {}, out, SITE_URL, "0.0.0+test")
    write_feeds(catalogue, {}, out, SITE_URL)
    assert open_data_page(catalogue, out, SITE_URL)
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", "datapackage.json"], cwd=out / "data",
                          capture_output=True, text=True, check=False)
    result = json.loads(done.stdout)
    assert result["valid"], json.dumps([t["errors"][:3] for t in result["tasks"] if not t["valid"]])[:3000]
    rows = {t["name"]: t["stats"].get("rows", 0) for t in result["tasks"] if t["type"] == "table"}
    assert rows["organisations"] == len(list((root / "organisations").glob("*.yml")))
    assert rows["resources"] == len(list((root / "resources").glob("*/*.md")))
