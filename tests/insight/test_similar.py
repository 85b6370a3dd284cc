"""Near-duplicates across organisations: planted pairs are found, and nothing within one organisation."""

from __future__ import annotations

from planted_duplicates import EDITS, planted_catalogue

from catalogues import REPO

from oerbank.insight.similar import THRESHOLD, near_duplicates, similar_to


def test_planted_near_duplicates_are_found_with_high_precision_and_recall() -> None:
    """150 copies republished by other organisations with small edits (reordered words, one word
    changed, a sentence added) among 3,000 resources."""
    catalogue, planted = planted_catalogue(3000, 150, seed=7)
    found = {frozenset((p.a, p.b)) for p in near_duplicates([r.data for r in catalogue.resources])}
    hits = len(found & planted)
    precision = hits / len(found)
    recall = hits / len(planted)
    assert precision >= 0.9, f"precision {precision:.3f}: {len(found) - hits} pairs found that were not planted"
    assert recall >= 0.9, f"recall {recall:.3f}: {len(planted) - hits} planted pairs missed"
    assert len(EDITS) == 3  # every kind of edit is planted: pairs are made in turn, 50 of each


def resource(rid: str, title: str, summary: str) -> dict[str, str]:
    return {"id": rid, "organisation": rid.split("/")[0], "title": title, "summary": summary}


CASTLE = ("Build a cardboard castle", "Pupils design and build a motte and bailey castle from card, then "
          "test which towers stand up best.")
OTHER = [resource(f"org-{i}/r", f"Lesson about topic {i} number {i}", f"Something entirely different {i} {i * 7}")
         for i in range(30)]


def test_reordered_words_match_and_same_organisation_pairs_are_left_out() -> None:
    records = [resource("museum/castle", *CASTLE),
               resource("museum/castle-again", *CASTLE),  # the same organisation: its own business
               resource("archive/castles", "A cardboard castle: build", CASTLE[1].replace("Pupils design and", "Design and")),
               *OTHER]
    pairs = near_duplicates(records)
    assert [(p.a, p.b) for p in pairs] == [("archive/castles", "museum/castle"), ("archive/castles", "museum/castle-again")]
    assert all(THRESHOLD <= p.score <= 1 for p in pairs)
    assert [rid for rid, _ in similar_to(pairs)["museum/castle"]] == ["archive/castles"]


def test_different_resources_on_the_same_topic_are_not_near_duplicates() -> None:
    records = [resource("museum/castle", *CASTLE),
               resource("archive/castle-life", "Life in a medieval castle",
                        "Pupils use archive letters to find out who lived and worked in a castle, and what they ate."),
               *OTHER]
    assert near_duplicates(records) == []


def test_groups_other_than_organisations_can_be_compared() -> None:
    """The check treats any grouping as 'elsewhere': here, subjects."""
    a = {**resource("museum/a", *CASTLE), "subjects": ["history"]}
    b = {**resource("museum/b", *CASTLE), "subjects": ["design-and-technology"]}
    assert near_duplicates([a, b, *OTHER]) == []
    assert [(p.a, p.b) for p in near_duplicates([a, b, *OTHER], group=lambda r: r.get("subjects", [""])[0])] == [
        ("museum/a", "museum/b")]


def test_the_threshold_is_the_one_the_docs_give() -> None:
    text = (REPO / "docs" / "insight-method.md").read_text(encoding="utf-8")
    assert f"cosine of their vectors is at least {THRESHOLD}" in text
