"""Text that a spreadsheet would run as a formula arrives in the CSV files neutralised."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from catalogues import altered
from export_helpers import SITE_URL

from oerbank.export import write_data
from oerbank.export.csvfiles import neutralise, unneutralise
from oerbank.load import Catalogue


@pytest.mark.parametrize("original, written", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+44 1234", "'+44 1234"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("'=1", "''=1"),  # so the original can always be recovered
    ("'quoted", "'quoted"),
    ("plain = text", "plain = text"),
    ("", ""),
])
def test_neutralise_and_back(original: str, written: str) -> None:
    assert neutralise(original) == written
    assert unneutralise(written) == original


def test_injected_values_are_neutralised_in_csv_only(small: Catalogue, tmp_path: Path) -> None:
    # Validation rejects these values, so they are put in after it, as a hostile record would be.
    small = altered(small, "quay-arts/lino-printing-for-beginners",
                    title='=HYPERLINK("https://evil.example","Click")', keywords=["@cmd", "safe"])
    small = altered(small, "quay-arts", summary="+1+cmd|' /C calc'!A0")
    lino = next(r for r in small.resources if r.id == "quay-arts/lino-printing-for-beginners")
    write_data(small, {}, tmp_path, SITE_URL, "1.0.0")
    data = tmp_path / "data"
    with (data / "resources.csv").open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["id"] == lino.id)
    assert row["title"] == "'" + lino.data["title"]
    assert row["keywords"] == "'@cmd;safe"
    assert row["description"].startswith("'- Cut away")
    with (data / "resource_keywords.csv").open(encoding="utf-8", newline="") as fh:
        assert "'@cmd" in [r["keyword"] for r in csv.DictReader(fh)]
    with (data / "organisations.csv").open(encoding="utf-8", newline="") as fh:
        org_row = next(r for r in csv.DictReader(fh) if r["id"] == "quay-arts")
    assert org_row["summary"] == "'+1+cmd|' /C calc'!A0"
    every_cell = [c for p in data.glob("*.csv") for r in csv.reader(p.open(encoding="utf-8", newline=""))
                  for c in r]
    assert not [c for c in every_cell if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    obj = next(o for o in json.loads((data / "resources.json").read_text(encoding="utf-8")) if o["id"] == lino.id)
    assert obj["title"] == lino.data["title"]
