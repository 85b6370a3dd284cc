"""Every resource page's JSON-LD meets the AMB profile (the schema aggregators such as OERSI check),
with formats checked, for the sample catalogue and the real Oak lessons."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource

from oerbank.pipeline import check
from oerbank.render.site import SiteModel

REPO = Path(__file__).resolve().parents[2]
AMB = REPO / "tests" / "fixtures" / "amb" / "schemas"
SITE = "https://open-arts-resource-bank.github.io/oerbank/"
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@lru_cache(maxsize=1)
def amb() -> Draft7Validator:
    """The vendored AMB schema, its $refs resolved to the vendored files (no network)."""
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(AMB.glob("*.json"))]
    registry: Registry[Any] = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas)
    main = next(s for s in schemas if s["$id"].endswith("/schema.json"))
    return Draft7Validator(main, registry=registry, format_checker=FormatChecker())


def errors(ld: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in amb().iter_errors(ld)]


def page_jsonld(root: Path) -> dict[str, dict[str, Any]]:
    catalogue, _ = check(root)
    model = SiteModel(catalogue, site_url=SITE)
    out = {}
    for r in model.resources:
        scripts = LD.findall(model.resource_html(r))
        assert len(scripts) == 1, r["id"]
        out[r["id"]] = json.loads(scripts[0])
    return out


def test_the_format_checker_checks_addresses_and_dates() -> None:
    """Without rfc3986-validator and rfc3339-validator, "uri" and "date-time" pass anything."""
    checker = FormatChecker()
    assert {"uri", "date-time", "date"} <= set(checker.checkers)
    assert not checker.conforms("resources/a/b/", "uri") and checker.conforms(SITE, "uri")


@pytest.mark.parametrize("catalogue", ["sample", "oak"])
def test_every_resource_page_meets_the_amb_profile(catalogue: str) -> None:
    root = REPO if catalogue == "sample" else REPO / "tests" / "fixtures" / "oak"
    pages = page_jsonld(root)
    assert len(pages) > (300 if catalogue == "oak" else 20)
    failures = {rid: e for rid, ld in pages.items() if (e := errors(ld))}
    assert failures == {}


def test_the_profile_catches_what_the_pages_used_to_do() -> None:
    """The vendored schema is live: the old shapes (plain strings, no language) fail it."""
    ld = next(iter(page_jsonld(REPO).values()))
    assert errors(ld) == []
    old = copy.deepcopy(ld)
    old["@context"] = "https://schema.org"
    old["license"] = "https://creativecommons.org/licenses/by/4.0/"
    old["audience"] = ["Teachers"]
    old["id"] = "resources/castlegate-gallery/x/"
    found = errors(old)
    assert any(e.startswith("@context:") for e in found)
    assert any(e.startswith("license:") for e in found)
    assert any(e.startswith("audience/0:") for e in found)
    assert any(e.startswith("id:") and "uri" in e for e in found)


def test_concepts_have_uris_on_the_site_and_labels() -> None:
    ld = page_jsonld(REPO)["castlegate-gallery/pattern-and-repeat-geometric-design"]
    assert ld["@context"] == ["https://w3id.org/kim/amb/context.jsonld", "https://schema.org", {"@language": "en"}]
    assert ld["type"] == ["LearningResource"]
    assert ld["id"] == SITE + "resources/castlegate-gallery/pattern-and-repeat-geometric-design/"
    assert {"id": SITE + "vocab/subjects/#art-and-design", "type": "DefinedTerm",
            "prefLabel": {"en": "Art and design"}} in ld["teaches"]
    assert ld["license"] == {"id": "https://creativecommons.org/licenses/by/4.0/"}
    assert {"id": "https://w3id.org/kim/educationalLevel/level_1", "type": "Concept"} in ld["educationalLevel"]
    aligned = {(a["educationalFramework"], a["targetName"], a["targetUrl"]) for a in ld["educationalAlignment"]}
    assert ("National Curriculum in England", "Key Stage 2 (ages 7–11)", SITE + "vocab/key_stages/#ks2") in aligned
    # The other nations' stages follow from the key stages (the stages page says how), not repeated here;
    # its two curriculum links are England's too.
    assert {framework for framework, _, _ in aligned} == {"National Curriculum in England"}
    assert all(a["type"] == "AlignmentObject" for a in ld["educationalAlignment"])
    # Its key stages are levels; its curriculum links are what it teaches.
    levels = [a["targetUrl"] for a in ld["educationalAlignment"] if a["alignmentType"] == "educationalLevel"]
    assert levels and all(u.startswith(SITE + "vocab/key_stages/") for u in levels)
    teaches = [a["targetName"] for a in ld["educationalAlignment"] if a["alignmentType"] == "teaches"]
    assert [t.split(",")[0] for t in teaches] == ["To improve their mastery of art and design techniques",
                                                  "About the history of art"]
    assert len(levels) + len(teaches) == len(ld["educationalAlignment"])


def test_open_government_licence_is_usage_info() -> None:
    """AMB's `license` takes Creative Commons, GNU, Apache, MIT and BSD only; Oak's lessons are OGL."""
    ld = next(iter(page_jsonld(REPO / "tests" / "fixtures" / "oak").values()))
    assert "license" not in ld
    assert ld["usageInfo"] == {"id": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}


def test_curriculum_statements_become_alignments_and_what_it_teaches() -> None:
    """Each curriculum statement a record names is an AlignmentObject (its wording, its framework's
    title, the official page) and a `teaches` concept; Scotland's statements share one official page,
    so their concepts are identified by their pages on this site instead."""
    from oerbank.curriculum import load_curriculum
    from oerbank.render.jsonld import resource_ld
    from oerbank.schema import load_schema

    curriculum = load_curriculum()
    england = next(s for s in curriculum.statements if s.id.startswith("natcurric:"))
    scotland = [s for s in curriculum.statements if s.nation == "scotland"][:2]
    assert len({s.uri for s in scotland}) == 1  # why their own pages are their ids
    catalogue, _ = check(REPO)
    record = dict(next(r.data for r in catalogue.resources))
    record["curriculum"] = [england.id, *(s.id for s in scotland), "unknown"]
    ld = resource_ld(record, {"name": "An organisation"}, load_schema(), SITE + "resources/a/b/",
                     SITE + "organisations/a/", SITE)
    assert errors(ld) == []
    assert {"type": "AlignmentObject", "alignmentType": "teaches", "educationalFramework": "National Curriculum in England",
            "targetName": england.wording, "targetUrl": england.uri} in ld["educationalAlignment"]
    assert [a["targetName"] for a in ld["educationalAlignment"] if a["alignmentType"] == "teaches"] == [
        england.wording, *(s.wording for s in scotland)]
    assert [t["id"] for t in ld["teaches"][:3]] == [england.uri, *(SITE + "curriculum/" + s.slug + "/" for s in scotland)]
    assert ld["teaches"][0]["prefLabel"] == {"en": england.wording}
