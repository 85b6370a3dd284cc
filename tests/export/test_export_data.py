"""write_data: the files, their rows and values, and the Frictionless descriptor."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from oerbank.export import LargeFiles, write_data
from oerbank.export.csvfiles import unneutralise
from oerbank.load import Catalogue
from oerbank.schema import LIST_SEPARATOR, load_schema

from browser_harness import Server
from export_helpers import SITE_URL, load_valid

VERSION = "2025.1.20+1a2b3c4d"
DATES = {
    "organisations/quay-arts.yml": ("2024-01-05", "2024-06-01"),
    "resources/quay-arts/lino-printing-for-beginners.md": ("2024-03-15", "2025-02-01"),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: unneutralise(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def frictionless(package: Path) -> dict:
    exe = Path(sys.executable).with_name("frictionless")
    done = subprocess.run([str(exe), "validate", "--json", str(package)], capture_output=True, text=True,
                          cwd=package.parent, check=False)
    return json.loads(done.stdout)


@pytest.fixture
def data(small: Catalogue, tmp_path: Path) -> Path:
    write_data(small, DATES, tmp_path / "site", SITE_URL, VERSION)
    return tmp_path / "site" / "data"


def test_writes_every_file_and_describes_it(small: Catalogue, tmp_path: Path) -> None:
    written = write_data(small, DATES, tmp_path / "site", SITE_URL, VERSION)
    names = [p.name for p in written]
    assert names[-1] == "datapackage.json"
    for expected in ("resources.csv", "organisations.csv", "resource_key_stages.csv", "organisation_maintainers.csv",
                     "vocabularies.csv", "resources.json", "resources.jsonl", "catalogue.sqlite"):
        assert expected in names
    package = json.loads((tmp_path / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in package["resources"]) == sorted(n for n in names if n != "datapackage.json")
    assert sorted(p.name for p in (tmp_path / "site" / "data").iterdir()) == sorted(names)
    assert package["version"] == VERSION
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert [c["title"] for c in package["contributors"]] == ["North Light Gallery", 'Quay Arts & Crafts "Centre"']
    assert package["keywords"] and package["sources"]


def test_descriptor_takes_enums_from_the_vocabularies(data: Path) -> None:
    schema = load_schema()
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in package["resources"]}
    licence = next(f for f in by_name["resources"]["schema"]["fields"] if f["name"] == "licence")
    assert licence["constraints"]["enum"] == schema.vocabularies["licence"].keys
    stages = by_name["resource_key_stages"]["schema"]
    assert stages["fields"][1]["constraints"]["enum"] == schema.vocabularies["key_stages"].keys
    assert stages["foreignKeys"] == [{"fields": ["resource_id"], "reference": {"resource": "resources", "fields": ["id"]}}]
    keywords = next(f for f in by_name["resources"]["schema"]["fields"] if f["name"] == "keywords")
    assert keywords["delimiter"] == LIST_SEPARATOR
    assert "apostrophe" in package["description"]
    assert all(f.get("description") for r in package["resources"] if "schema" in r for f in r["schema"]["fields"])


def test_frictionless_cli_validates_the_package(data: Path, small_root: Path) -> None:
    report = frictionless(data / "datapackage.json")
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    rows = {t["name"]: t["stats"].get("rows") for t in report["tasks"]}
    assert rows["organisations"] == len(list((small_root / "organisations").glob("*.yml")))
    assert rows["resources"] == len(list((small_root / "resources").glob("*/*.md")))
    assert rows["resource_key_stages"] == 5


def test_columns_are_schema_order_then_added(data: Path) -> None:
    schema = load_schema()
    with (data / "resources.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    at = schema.resources.names.index("licence") + 1
    names = schema.resources.names[:at] + ["licence_label", "licence_url"] + schema.resources.names[at:]
    assert header == names + ["description", "page_url", "first_published", "last_updated", "path"]
    with (data / "organisations.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == schema.organisations.names + ["page_url", "first_published", "last_updated", "path"]


def test_csv_round_trip(small: Catalogue, data: Path) -> None:
    """Every value of every record comes back from the CSVs and long tables."""
    schema = load_schema()
    for table, records in ((schema.organisations, small.organisations), (schema.resources, small.resources)):
        rows = read_csv(data / f"{table.name}.csv")
        assert [r["id"] for r in rows] == sorted(r.id for r in records)
        by_id = {r.id: r for r in records}
        longs = {}
        for f in table.list_fields:
            grouped: dict[str, list[str]] = defaultdict(list)
            for row in read_csv(data / f"{schema.long_table_name(table, f)}.csv"):
                grouped[row[table.key_name]].append(row[f.item_name])
            longs[f.name] = grouped
        for row in rows:
            record = by_id[row["id"]]
            for f in table.fields:
                value = record.data.get(f.name)
                if f.is_list:
                    assert row[f.name] == LIST_SEPARATOR.join(value)
                    assert longs[f.name].get(record.id, []) == value, f.name
                else:
                    assert row[f.name] == ("" if value is None else str(value)), f.name
            assert row["page_url"] == f"{SITE_URL}{table.name}/{record.id}/"
            assert row["path"] == record.path
            first, last = DATES.get(record.path, (None, None))
            assert (row["first_published"], row["last_updated"]) == (first or "", last or "")
            if table.name == "resources":
                assert row["description"] == record.data["body"]


def test_values_that_need_care(data: Path) -> None:
    rows = {r["id"]: r for r in read_csv(data / "resources.csv")}
    lino = rows["quay-arts/lino-printing-for-beginners"]
    assert lino["keywords"] == "printmaking;relief print;lino; cutting"  # the long table is the lossless form
    assert lino["url"] == "https://quay-arts.example/learning/lino?part=1&lang=en"
    assert lino["duration_minutes"] == "90"
    assert "\n- Ink the block" in lino["description"]
    keywords = [r["keyword"] for r in read_csv(data / "resource_keywords.csv") if r["resource_id"] == lino["id"]]
    assert keywords == ["printmaking", "relief print", "lino; cutting"]
    assert rows["quay-arts/sinema-bach"]["languages"] == "en"  # the default
    raw = (data / "resources.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Sinema Bach — making".encode() in raw


def test_vocabularies_csv(data: Path) -> None:
    schema = load_schema()
    rows = read_csv(data / "vocabularies.csv")
    assert list(rows[0]) == ["field", "key", "label", "definition", "url"]
    licence = [r for r in rows if r["field"] == "licence"]
    assert [r["key"] for r in licence] == schema.vocabularies["licence"].keys
    assert licence[0]["url"].startswith("https://creativecommons.org/")
    assert {r["field"] for r in rows} == {f.name for t in schema.tables() for f in t.fields if f.vocabulary}
    assert len(rows) == sum(len(schema.vocabulary_for(f).terms) for t in schema.tables() for f in t.fields
                            if f.vocabulary)


def test_json_and_jsonl(small: Catalogue, data: Path) -> None:
    array = json.loads((data / "resources.json").read_text(encoding="utf-8"))
    lines = [json.loads(line) for line in (data / "resources.jsonl").read_text(encoding="utf-8").splitlines()]
    assert array == lines
    assert [o["id"] for o in array] == sorted(r.id for r in small.resources)
    lino = next(o for o in array if o["id"] == "quay-arts/lino-printing-for-beginners")
    assert lino["organisation"] == {"id": "quay-arts", "name": 'Quay Arts & Crafts "Centre"',
                                    "url": "https://quay-arts.example/learning/",
                                    "page_url": f"{SITE_URL}organisations/quay-arts/"}
    assert lino["keywords"] == ["printmaking", "relief print", "lino; cutting"]
    assert lino["duration_minutes"] == 90
    assert lino["description"].startswith("- Cut away")  # JSON keeps values unchanged
    assert (lino["first_published"], lino["last_updated"]) == DATES[lino["path"]]
    sinema = next(o for o in array if o["id"] == "quay-arts/sinema-bach")
    assert sinema["art_forms"] == [] and sinema["description"] is None and sinema["first_published"] is None


def test_each_resource_carries_its_licence_name_and_link(data: Path) -> None:
    """Beside the key, from the licence vocabulary: no join with vocabularies.csv needed."""
    expected = {
        "north-light-gallery/looking-at-landscape": None, "quay-arts/lino-printing-for-beginners": None,
        "quay-arts/sinema-bach": None,
    }
    licences = load_schema().vocabularies["licence"]
    rows = read_csv(data / "resources.csv")
    objects = json.loads((data / "resources.json").read_text(encoding="utf-8"))
    with sqlite3.connect(data / "catalogue.sqlite") as db:
        stored = {i: (label, url) for i, label, url in
                  db.execute("SELECT id, licence_label, licence_url FROM resources")}
    for row, obj in zip(rows, objects, strict=True):
        term = licences.term(row["licence"])
        assert term is not None
        expected[row["id"]] = (row["licence"], term.label)
        assert (row["licence_label"], row["licence_url"]) == (term.label, term.extra["url"])
        assert (obj["licence"], obj["licence_label"], obj["licence_url"]) == (
            row["licence"], term.label, term.extra["url"] or None)
        assert stored[row["id"]] == (term.label, term.extra["url"] or None)
    assert expected == {
        "north-light-gallery/looking-at-landscape": ("CC0-1.0", "CC0 (public domain)"),
        "quay-arts/lino-printing-for-beginners": ("CC-BY-4.0", "CC BY 4.0"),
        "quay-arts/sinema-bach": ("all-rights-reserved", "Free to use (not openly licensed)"),
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["quay-arts/sinema-bach"]["licence_url"] == ""  # no licence page for all rights reserved
    assert by_id["quay-arts/lino-printing-for-beginners"]["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_two_builds_are_byte_identical(small_root: Path, tmp_path: Path) -> None:
    """SQLite included: VACUUM INTO writes pages in a fixed order and no timestamps."""
    write_data(load_valid(small_root), DATES, tmp_path / "a", SITE_URL, VERSION)
    write_data(load_valid(small_root), DATES, tmp_path / "b", SITE_URL, VERSION)
    first, second = _hashes(tmp_path / "a" / "data"), _hashes(tmp_path / "b" / "data")
    assert first == second and "catalogue.sqlite" in first
    # Compressed files too: gzip headers carry no time or name.
    write_data(load_valid(small_root), DATES, tmp_path / "c", SITE_URL, VERSION, compress_over=0)
    write_data(load_valid(small_root), DATES, tmp_path / "d", SITE_URL, VERSION, compress_over=0)
    first, second = _hashes(tmp_path / "c" / "data"), _hashes(tmp_path / "d" / "data")
    assert first == second and "catalogue.sqlite.gz" in first


def test_rewriting_in_place_leaves_nothing_behind(small: Catalogue, tmp_path: Path) -> None:
    write_data(small, DATES, tmp_path, SITE_URL, VERSION)
    before = _hashes(tmp_path / "data")
    write_data(small, DATES, tmp_path, SITE_URL, VERSION)
    assert _hashes(tmp_path / "data") == before


def test_large_files_are_published_gzipped_and_still_validate(small: Catalogue, tmp_path: Path) -> None:
    """Over the size limit a file becomes name.gz with the same content; Frictionless reads it as it is."""
    plain = tmp_path / "plain"
    write_data(small, DATES, plain, SITE_URL, VERSION)
    sizes = {p.name: p.stat().st_size for p in (plain / "data").iterdir()}
    limit = sizes["resources.csv"] - 1  # resources.csv, the JSON files and SQLite are larger; the rest are not
    written = write_data(small, DATES, tmp_path / "site", SITE_URL, VERSION, compress_over=limit)
    folder = tmp_path / "site" / "data"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in written)
    expected = sorted(n + ".gz" if sizes[n] > limit and n != "datapackage.json" else n for n in sizes)
    assert names == expected
    assert {"resources.csv.gz", "resources.json.gz", "catalogue.sqlite.gz", "organisations.csv"} <= set(names)
    for name in names:
        if name.endswith(".gz"):
            assert gzip.decompress((folder / name).read_bytes()) == (plain / "data" / name[:-3]).read_bytes()
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: r for r in package["resources"]}
    assert described["resources.csv.gz"]["compression"] == "gz"
    assert "compression" not in described["organisations.csv"]
    result = frictionless(folder / "datapackage.json")
    assert result["valid"], json.dumps([t["errors"][:3] for t in result["tasks"] if not t["valid"]])[:2000]
    rows = {t["name"]: t["stats"].get("rows", 0) for t in result["tasks"] if t["type"] == "table"}
    assert rows["resources"] == len(small.resources)
    # A smaller build in the same folder goes back to plain files and leaves no .gz behind.
    write_data(small, DATES, tmp_path / "site", SITE_URL, VERSION)
    assert sorted(p.name for p in folder.iterdir()) == sorted(sizes)


def test_large_files_can_live_outside_the_site(small: Catalogue, tmp_path: Path) -> None:
    """With LargeFiles, compressed files go to their own folder and the package points at their URL;
    Frictionless, fetching them from that URL (a server on 127.0.0.1 here), finds the package valid."""
    served = tmp_path / "served"  # stands for the host of the release assets
    large_dir = served / "releases" / "download" / "open-data"
    large_dir.mkdir(parents=True)
    (large_dir / "old.csv.gz").write_bytes(b"stale")
    with Server(served) as server:
        url = f"{server.url}/releases/download/open-data"
        written = write_data(small, DATES, tmp_path / "site", SITE_URL, VERSION, compress_over=0,
                             large=LargeFiles(large_dir, url))
        result = frictionless(tmp_path / "site" / "data" / "datapackage.json")
    assert sorted(p.name for p in (tmp_path / "site" / "data").iterdir()) == ["datapackage.json"]
    assert {"resources.csv.gz", "catalogue.sqlite.gz"} <= {p.name for p in large_dir.iterdir()}
    assert not (large_dir / "old.csv.gz").exists()
    assert {p.parent for p in written[:-1]} == {large_dir}
    package = json.loads((tmp_path / "site" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {f"{url}/{p.name}" for p in written[:-1]}
    assert result["valid"], json.dumps([t["errors"][:3] for t in result["tasks"] if not t["valid"]])[:2000]
    rows = {t["name"]: t["stats"].get("rows", 0) for t in result["tasks"] if t["type"] == "table"}
    assert rows["resources"] == len(small.resources) and rows["organisations"] == len(small.organisations)
