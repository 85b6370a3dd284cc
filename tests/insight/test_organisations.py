"""What each organisation learns: what only it offers, whom it overlaps, freshness, completeness, links."""

from __future__ import annotations

from oerbank.insight.organisations import organisation_insight, recommended_fields
from oerbank.schema import load_schema


def resource(rid: str, key_stages: list[str], subjects: list[str], art_forms: list[str], **more: object) -> dict:
    return {"id": rid, "organisation": rid.split("/")[0], "key_stages": key_stages, "subjects": subjects,
            "art_forms": art_forms, "path": f"resources/{rid}.md", **more}


RESOURCES = [
    resource("museum/a", ["ks2"], ["history"], ["heritage"], published="2024-01-10", delivery=["download"]),
    resource("museum/b", ["ks4"], ["dance"], ["dance"]),
    resource("theatre/c", ["ks2"], ["history"], ["theatre"], published="2023-05-01"),
    resource("choir/d", ["ks2"], ["music"], ["music"]),
]
DATES = {"resources/museum/a.md": ("2024-01-10", "2025-06-01"), "resources/museum/b.md": ("2024-02-01", "2024-03-01")}
LINKS = {"museum/a": {"ok": True, "checked": "2026-11-30T02:00:00Z"},
         "museum/b": {"ok": False, "checked": "2026-11-30T02:00:05Z"}}


def test_an_organisation_sees_what_only_it_offers_and_whom_it_overlaps() -> None:
    museum, theatre, choir = organisation_insight(RESOURCES, ["museum", "theatre", "choir"], load_schema(), DATES, LINKS)
    only = {(a, x, b, y) for (a, x, b, y), _ in museum.only_here}
    assert ("key_stages", "ks4", "art_forms", "dance") in only  # nobody else: KS4 dance
    assert ("key_stages", "ks2", "subjects", "history") not in only  # the theatre covers it too
    assert [(o.organisation, o.shared) for o in museum.overlaps] == [("theatre", 1)]
    assert museum.overlaps[0].top == (("key_stages", "ks2", "subjects", "history"),)
    assert theatre.overlaps[0].organisation == "museum"
    assert choir.overlaps == ()


def test_freshness_completeness_and_link_health_come_from_the_build_s_own_readings() -> None:
    museum, theatre, choir = organisation_insight(RESOURCES, ["museum", "theatre", "choir"], load_schema(), DATES, LINKS)
    assert (museum.freshness.newest, museum.freshness.oldest) == ("2025-06-01", "2024-03-01")  # Git's last commit
    assert theatre.freshness.newest == "2023-05-01"  # outside Git: its published date
    assert choir.freshness.newest == ""
    filled = dict(museum.completeness)
    assert set(filled) == set(recommended_fields(load_schema())) and "art_forms" in filled
    assert (filled["art_forms"], filled["delivery"], filled["published"]) == (2, 1, 1)
    assert (museum.links.checked, museum.links.broken, museum.links.last_checked) == (2, 1, "2026-11-30T02:00:05Z")
    assert (theatre.links.checked, theatre.links.broken) == (0, 0)
