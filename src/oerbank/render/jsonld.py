"""schema.org structured data, serialised so contributed text can't close the <script> element."""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..schema import Schema


def dumps(data: dict[str, Any]) -> str:
    """JSON for inside <script type="application/ld+json">: <, > and & are escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organisation_ld(org: Mapping[str, Any], page_url: str) -> dict[str, Any]:
    ld: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization", "@id": page_url,
                          "name": org["name"], "url": org["url"], "description": org["summary"]}
    if org.get("logo"):
        ld["logo"] = org["logo"]
    if org.get("email"):
        ld["email"] = org["email"]
    same = ([f"https://www.wikidata.org/wiki/{org['wikidata']}"] if org.get("wikidata") else []) + [
        link for link in org.get("links") or [] if link.startswith("https://")]
    if same:
        ld["sameAs"] = same
    return ld


def resource_ld(res: Mapping[str, Any], org: Mapping[str, Any], schema: Schema, page_url: str,
                org_url: str) -> dict[str, Any]:
    """LearningResource, or EducationEvent for workshops, visits, performances and CPD."""
    v = schema.vocabularies
    types = [v["resource_types"].term(t) for t in res["resource_types"]]
    events = bool(types) and all(t and t.extra.get("schema_type") == "EducationEvent" for t in types)
    schema_type = "EducationEvent" if events else "LearningResource"
    stages = [v["key_stages"].term(k) for k in res["key_stages"]]
    ages = [a for t in stages if t for a in t.extra.get("ages", [])]
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": page_url,
        "name": res["title"],
        "description": res["summary"],
        "url": res["url"],
        "educationalLevel": [v["key_stages"].label(k) for k in res["key_stages"]],
        "learningResourceType": [t.extra.get("lrmi") or t.label for t in types if t],
        # Subjects are what it teaches; art forms what it is about (text, which schema.org accepts).
        "teaches": [v["subjects"].label(s) for s in res["subjects"]],
        "about": [v["art_forms"].label(a) for a in res["art_forms"]],
        "audience": [{"@type": "EducationalAudience", "educationalRole": v["audiences"].label(a)}
                     for a in res["audiences"]]
                    or [{"@type": "EducationalAudience", "educationalRole": "teacher"}],
        "isAccessibleForFree": res["cost"] in ("free", "free-registration"),
        "inLanguage": res["languages"],
        "publisher": {"@type": "Organization", "@id": org_url, "name": org["name"]},
    }
    if ages:
        ld["typicalAgeRange"] = f"{min(ages)}-{max(ages)}"
    if res.get("duration_minutes"):
        ld["timeRequired"] = f"PT{res['duration_minutes']}M"
    licence = v["licence"].term(res["licence"])
    if licence and licence.extra.get("url"):
        ld["license"] = licence.extra["url"]
    features = [f for a in res["accessibility"]
                if (t := v["accessibility"].term(a)) and (f := t.extra.get("schema_feature"))]
    if features:
        ld["accessibilityFeature"] = features
    if res.get("published"):
        ld["datePublished"] = res["published"]
    if res.get("updated"):
        ld["dateModified"] = res["updated"]
    if res.get("image"):
        ld["image"] = res["image"]
    if schema_type == "EducationEvent":
        mode = {"online": "OnlineEventAttendanceMode", "live-online": "OnlineEventAttendanceMode"}
        modes = {mode.get(d, "OfflineEventAttendanceMode") for d in res["delivery"]}
        if modes:
            ld["eventAttendanceMode"] = "https://schema.org/" + (
                "MixedEventAttendanceMode" if len(modes) > 1 else modes.pop())
        ld["organizer"] = {"@id": org_url}  # the publisher, described once above
    return ld
