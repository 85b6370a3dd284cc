"""The curriculum vocabularies: England's equals the pinned ontology release; every file says where it is from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from catalogues import FIXTURES, REPO

from oerbank.curriculum import HEADER_KEYS, NATIONS, load_curriculum, misfit, read_files

ONTOLOGY = FIXTURES / "oak-curriculum-ontology"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("curriculum_from_oak", REPO / "scripts" / "curriculum_from_oak.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_england_vocabulary_is_what_the_pinned_ontology_release_says(tmp_path: Path) -> None:
    pytest.importorskip("rdflib")
    script = _script()
    shipped = (REPO / "src/oerbank/schema/vocabularies/curriculum/england.yml").read_text(encoding="utf-8")
    assert script.RELEASE in shipped and script.COMMIT in shipped
    out = tmp_path / "england.yml"
    assert script.main([str(ONTOLOGY), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == shipped


def test_england_keeps_the_ontologys_ids_uris_and_wording() -> None:
    pytest.importorskip("rdflib")
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ONTOLOGY / "data/subjects/music/music-knowledge-taxonomy.ttl", format="turtle")
    uri = rdflib.URIRef("https://w3id.org/uk/oak/curriculum/nationalcurriculum/"
                        "contentdescriptor-improvise-compose-music-range-purposes")
    label = " ".join(str(graph.value(uri, rdflib.namespace.SKOS.prefLabel)).split())
    s = load_curriculum().statement("natcurric:contentdescriptor-improvise-compose-music-range-purposes")
    assert s is not None
    assert (s.uri, s.wording, s.key_stages, s.subject) == (str(uri), label, ("ks2",), "music")
    assert label == "Improvise and compose music for a range of purposes using the inter-related dimensions of music."


def test_england_covers_the_arts_subjects_asked_for() -> None:
    england = load_curriculum().framework("national-curriculum-england")
    subjects = {s.subject for s in england.statements}
    assert subjects == {"art-and-design", "music", "english", "design-and-technology", "computing",
                        "physical-education", "history"}
    dance = [s.wording for s in england.statements if s.subject == "physical-education"]
    assert dance and all("dance" in w.lower() for w in dance)


def test_every_file_says_its_source_version_licence_and_date() -> None:
    for name, raw in read_files().items():
        assert all(raw.get(k) for k in HEADER_KEYS), name
        for entry in raw["entries"]:
            assert {"id", "framework", "nation", "stages", "subject", "code", "wording", "uri"} <= set(entry), entry
            assert entry["uri"].startswith("https://") or entry["uri"].startswith("http://")


def test_all_four_nations_with_their_stages() -> None:
    curriculum = load_curriculum()
    assert [f.nation for f in curriculum.frameworks] == list(NATIONS)
    stages = {f.nation: [s.label for s in f.stages] for f in curriculum.frameworks}
    assert stages["scotland"] == ["Early level", "First level", "Second level", "Third level", "Fourth level",
                                  "Senior phase"]
    assert stages["wales"] == [f"Progression step {n}" for n in range(1, 6)]
    assert stages["northern-ireland"] == ["Foundation Stage", "Key Stage 1", "Key Stage 2", "Key Stage 3",
                                          "Key Stage 4"]
    wales = curriculum.framework("curriculum-for-wales").statements
    assert [s.wording for s in wales][2] == ("Creating combines skills and knowledge, drawing on the senses, "
                                             "inspiration and imagination.")
    ni = curriculum.framework("northern-ireland-curriculum").statements
    assert {s.subject for s in ni} == {"art-and-design", "music", "drama"}


def test_scottish_codes_are_only_those_with_a_source() -> None:
    scotland = yaml.safe_load((REPO / "src/oerbank/schema/vocabularies/curriculum/scotland.yml").read_text())
    coded = [e for e in scotland["entries"] if e["code"]]
    assert coded and all(e.get("source") for e in coded)
    assert all(e["id"] == "cfe:" + e["code"].lower().replace(" ", "-") for e in coded)


def test_ids_are_unique_across_the_nations() -> None:
    ids = [s.id for s in load_curriculum().statements]
    assert len(ids) == len(set(ids))


def test_misfit_says_why() -> None:
    s = load_curriculum().statement("natcurric:contentdescriptor-improvise-compose-music-range-purposes")
    assert s is not None
    assert misfit(s, ["ks2"], ["music"]) is None
    assert misfit(s, [], []) is None
    assert misfit(s, ["ks4"], ["music"]) == "it is taught at ks2, and the resource is for ks4"
    assert misfit(s, ["ks2"], ["history"]) == "it belongs to music, and the resource's subjects are history"
