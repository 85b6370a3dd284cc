"""Search's curriculum filters: one per nation that resources link to, labelled with the statements' wording."""

from __future__ import annotations

from catalogues import REPO

from oerbank.pipeline import check
from oerbank.search.documents import search_documents
from oerbank.search.table import facet_columns


def test_one_curriculum_filter_per_nation_with_every_documents_statements() -> None:
    catalogue, _ = check(REPO)
    docs = search_documents(catalogue.resources, catalogue.organisations)
    columns = {c["param"]: c for c in facet_columns(docs, catalogue.organisations)}
    assert [p for p in columns if p.startswith("curriculum_")] == [
        "curriculum_england", "curriculum_scotland", "curriculum_wales", "curriculum_northern_ireland"]
    scotland = columns["curriculum_scotland"]
    assert scotland["title"] == "Curriculum: Scotland"
    assert ["cfe:exa-2-13a", "EXA 2-13a: Inspired by a range of stimuli, I can express and communicate my ideas, "
            "thoughts and feelings through drama."] in scotland["values"]
    for doc in docs:
        chosen = {scotland["values"][i][0] for i in scotland["sets"][scotland["docs"][doc.number]]}
        assert chosen == {k for k in doc.data.get("curriculum") or [] if k.startswith("cfe:")}, doc.data["id"]


def test_no_filter_for_a_nation_nobody_links_to() -> None:
    catalogue, _ = check(REPO)
    only_wales = [r for r in catalogue.resources if "cfw:expressive-arts-creating" in (r.data.get("curriculum") or [])]
    stripped = [r.checked({**r.data, "curriculum": ["cfw:expressive-arts-creating"]}, r.bad) for r in only_wales]
    docs = search_documents(stripped, catalogue.organisations)
    params = [c["param"] for c in facet_columns(docs, catalogue.organisations)]
    assert [p for p in params if p.startswith("curriculum_")] == ["curriculum_wales"]
