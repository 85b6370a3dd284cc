"""The static JSON API and badges: what the embed and anyone else read, small, versioned and described."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi

from catalogues import FIXTURES, REPO
from oerbank.export.api import MAX_FILE_BYTES, NEWEST, write_api
from oerbank.pipeline import check
from oerbank.render.site import SiteModel


def _site(root: Path, out: Path, valid: bool = True) -> tuple[SiteModel, Path]:
    catalogue, report = check(root)
    assert report.valid() == valid
    model = SiteModel(catalogue, site_url="https://bank.example/oerbank/")
    write_api(model, out, jobs=1)
    return model, out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteModel, Path]:
    return _site(REPO, tmp_path_factory.mktemp("sample"))


def _read(out: Path, path: str) -> dict:
    return json.loads((out / path).read_text(encoding="utf-8"))


def _validator(spec: dict, component: str) -> Draft202012Validator:
    return Draft202012Validator({**spec, "$ref": f"#/components/schemas/{component}"})


def test_the_openapi_description_is_valid_openapi_3_1(sample: tuple[SiteModel, Path]) -> None:
    spec = _read(sample[1], "api/v1/openapi.json")
    assert spec["openapi"] == "3.1.0"
    validate_openapi(spec)  # raises on any error
    assert spec["servers"] == [{"url": "https://bank.example/oerbank/api/v1"}]
    assert sorted(spec["paths"]) == ["/index-{page}.json", "/index.json", "/organisations/{id}.json",
                                     "/resources/{organisation}/{slug}.json"]


def test_every_file_matches_its_description(sample: tuple[SiteModel, Path]) -> None:
    model, out = sample
    spec = _read(out, "api/v1/openapi.json")
    errors = [e.message for e in _validator(spec, "Index").iter_errors(_read(out, "api/v1/index.json"))]
    for org in model.orgs:
        errors += [f"{org}: {e.message}" for e in _validator(spec, "Organisation").iter_errors(
            _read(out, f"api/v1/organisations/{org}.json"))]
    for r in model.resources:
        errors += [f"{r['id']}: {e.message}" for e in _validator(spec, "Resource").iter_errors(
            _read(out, f"api/v1/resources/{r['id']}.json"))]
    assert errors == []
    assert len(list((out / "api/v1/resources").rglob("*.json"))) == len(model.resources) == 170


def test_the_files_say_what_the_catalogue_says(sample: tuple[SiteModel, Path]) -> None:
    model, out = sample
    index = _read(out, "api/v1/index.json")
    assert index["version"] == "v1" and index["resources"] == 170
    assert index["organisations_total"] == len(model.orgs) and index["next"] is None  # one file holds them all
    assert {o["id"]: o["resources"] for o in index["organisations"]} == {
        org: len(model.by_org[org]) for org in model.orgs}
    org = _read(out, "api/v1/organisations/castlegate-gallery.json")
    assert (org["name"], org["brand"], org["bookings"], org["nations"]) == (
        "Castlegate Gallery", {"colour": "#8a1c3b", "text": "#ffffff"},
        {"kind": "phone", "href": "tel:01134960412", "text": "0113 496 0412"}, ["england"])
    assert org["resources"] == 14 and len(org["newest"]) == 14
    dates = [r["date"] for r in org["newest"]]
    assert dates == sorted(dates, reverse=True)
    light = _read(out, "api/v1/organisations/brightwater-festival.json")
    assert light["brand"] == {"colour": "#f2c230", "text": "#212121"}  # dark text reads on yellow, white does not
    resource = _read(out, "api/v1/resources/castlegate-gallery/pattern-and-repeat-geometric-design.json")
    assert resource["title"] == "Pattern and Repeat: Geometry in Art"
    assert resource["page"] == "resources/castlegate-gallery/pattern-and-repeat-geometric-design/"
    assert "body" not in resource and "description" not in resource  # the page holds it


def test_files_are_compact_and_small_on_the_sample_and_the_real_lessons(
        sample: tuple[SiteModel, Path], tmp_path: Path) -> None:
    _, oak = _site(FIXTURES / "oak", tmp_path / "oak")
    for out in (sample[1], oak):
        files = list((out / "api").rglob("*.json"))
        assert len(files) > 20
        sizes = {f.relative_to(out).as_posix(): f.stat().st_size for f in files}
        assert {p: s for p, s in sizes.items() if s > MAX_FILE_BYTES} == {}
        assert [p for p in sizes if "\n" in (out / p).read_text(encoding="utf-8")] == []  # no pretty-printing
    oak_org = _read(oak, "api/v1/organisations/oak-national-academy.json")
    assert oak_org["resources"] == 311 and len(oak_org["newest"]) == NEWEST


def test_each_organisation_has_an_accessible_badge_with_its_count(sample: tuple[SiteModel, Path]) -> None:
    model, out = sample
    for org, resources in model.by_org.items():
        svg = (out / "organisations" / org / "badge.svg").read_text(encoding="utf-8")
        said = f"{len(resources)} resources in the Open Arts Resource Bank"
        assert re.search(rf'^<svg [^>]*role="img" aria-label="{said}"><title>{said}</title>', svg), org


def test_hostile_text_stays_data(tmp_path: Path) -> None:
    model, out = _site(FIXTURES / "xss", tmp_path / "xss", valid=False)  # a preview build publishes it anyway
    org = next(iter(model.orgs.values()))
    assert "<" in org["name"]
    assert _read(out, f"api/v1/organisations/{org['id']}.json")["name"] == org["name"]  # as written: the reader escapes
    for svg in (out / "organisations").rglob("badge.svg"):
        assert "<script" not in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize("letter", ["N", "Ŵ"])  # one byte and two bytes a letter in UTF-8
def test_the_index_of_many_organisations_comes_in_small_files_that_name_the_next(tmp_path: Path, letter: str) -> None:
    """However many organisations join, each index file stays small; following `next` lists every one once."""
    catalogue, _ = check(REPO)
    model = SiteModel(catalogue, site_url="https://bank.example/")
    template = next(iter(model.orgs.values()))
    for i in range(300 - len(model.orgs)):  # the longest id and name the schema allows
        org_id = f"{i:03d}-" + "o" * 56
        model.orgs[org_id] = {**template, "id": org_id, "name": f"{i:03d} " + letter * 146}
    write_api(model, tmp_path, jobs=1)
    spec = _read(tmp_path, "api/v1/openapi.json")
    first = _read(tmp_path, "api/v1/index.json")
    assert first["organisations_total"] == 300 and first["next"] == "api/v1/index-2.json"
    assert list(_validator(spec, "Index").iter_errors(first)) == []
    seen, path, files = [], "api/v1/index.json", []
    while path:
        entry = _read(tmp_path, path)
        files.append(path)
        if path != "api/v1/index.json":
            assert list(_validator(spec, "IndexPage").iter_errors(entry)) == []
        seen += [o["id"] for o in entry["organisations"]]
        assert (tmp_path / path).stat().st_size <= MAX_FILE_BYTES
        path = entry["next"]
    assert files == [f"api/v1/index{'' if n == 1 else f'-{n}'}.json" for n in range(1, len(files) + 1)]
    assert len(files) >= 3 and len(seen) == len(set(seen)) == 300
    assert seen == [o["id"] for o in sorted(model.orgs.values(), key=lambda o: o["name"].lower())]
