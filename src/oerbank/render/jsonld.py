"""schema.org structured data, serialised so contributed text can't close the <script> element."""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from typing import Any, Mapping

from ..schema import Schema
from ..curriculum import Curriculum, load_curriculum
from ..stages import ENGLAND, load_stages
from .curriculum import statement_href


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


# The AMB profile (https://w3id.org/kim/amb/20231019/) that OER aggregators such as OERSI harvest:
# its context makes `id` and `type` schema.org's @id and @type, and `prefLabel` a SKOS label.
AMB_CONTEXT = "https://w3id.org/kim/amb/context.jsonld"
METADATA_LANGUAGE = "en"  # the catalogue's own words (labels, field names) are English
HCRT = "https://w3id.org/kim/hcrt/"  # the resource types AMB asks for at least one of (CC0)
# The licences AMB's `license` takes (its license.json); another licence with a web page
# (the Open Government Licence) is given as usageInfo instead, which schema.org also defines.
AMB_LICENCE_PREFIXES = ("https://creativecommons.org/", "http://creativecommons.org/", "https://www.gnu.org/licenses/",
                        "https://www.apache.org/licenses/", "https://opensource.org/licenses/MIT",
                        "https://www.opensource.org/licenses/BSD")


def vocab_url(site_url: str, vocabulary: str, key: str = "") -> str:
    """The address of a vocabulary's page, or with a key, of one of its terms (a stable URI)."""
    return f"{site_url}vocab/{vocabulary}/" + (f"#{key}" if key else "")


def concept(site_url: str, vocabulary: str, key: str, label: str, kind: str = "Concept") -> dict[str, Any]:
    """One of our vocabulary terms as a SKOS concept / schema.org DefinedTerm with a URI on the site.

    No `inScheme`: the scheme is the concept's URI without its fragment, and AMB does not ask for it;
    on 100,000 pages it would cost about 60 MB.
    """
    return {"id": vocab_url(site_url, vocabulary, key), "type": kind, "prefLabel": {METADATA_LANGUAGE: label}}


def alignments(res: Mapping[str, Any], site_url: str) -> list[dict[str, Any]]:
    """AlignmentObjects for the record's key stages.

    Only the stages the record names: Scotland's, Wales's and Northern Ireland's follow from them by
    one published mapping (the stages vocabulary page, /vocab/stages/), and repeating them on
    every page would cost about 1.8 KB a page, 180 MB at 100,000 resources.
    """
    stages = load_stages()
    return [{"type": "AlignmentObject", "alignmentType": "educationalLevel",
             "educationalFramework": stages.nation(ENGLAND).framework, "targetName": stage.label,
             "targetUrl": vocab_url(site_url, stage.vocabulary, stage.key)}
            for stage in stages.for_key_stages(res["key_stages"], ENGLAND)]


def curriculum_links(res: Mapping[str, Any], site_url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The curriculum statements a record names: (AlignmentObjects, `teaches` concepts).

    Each keeps its wording, the official page as `targetUrl` and its framework's title. A statement's
    own URI identifies it where no other statement shares it; where the official site has one page for
    many (Scotland's), its page on this site does, so two concepts never share an id.
    """
    curriculum = load_curriculum()
    shared = _shared_uris(curriculum)
    aligned, taught = [], []
    for key in res.get("curriculum") or []:
        statement = curriculum.statement(key)
        if statement is None:
            continue
        framework = curriculum.framework(statement.framework)
        aligned.append({"type": "AlignmentObject", "alignmentType": "teaches",
                        "educationalFramework": framework.title, "targetName": statement.wording,
                        "targetUrl": statement.uri})
        concept_id = site_url + statement_href("", statement) if statement.uri in shared else statement.uri
        taught.append({"id": concept_id, "type": "DefinedTerm",
                       "prefLabel": {METADATA_LANGUAGE: statement.wording},
                       "inScheme": {"id": framework.source_url}})
    return aligned, taught


@lru_cache(maxsize=1)
def _shared_uris(curriculum: Curriculum) -> frozenset[str]:
    seen = Counter(s.uri for s in curriculum.statements)
    return frozenset(uri for uri, n in seen.items() if n > 1)


def resource_ld(res: Mapping[str, Any], org: Mapping[str, Any], schema: Schema, page_url: str,
                org_url: str, site_url: str = "") -> dict[str, Any]:
    """A LearningResource in the AMB profile, which schema.org readers (search engines) read too.

    Workshops, visits, performances and CPD say so with additionalType EducationEvent: AMB's
    types are creative works, and these offers have no dates, which an Event would need.
    `site_url` is the site's address, under which every vocabulary term has a URI.
    """
    v = schema.vocabularies
    types = [t for k in res["resource_types"] if (t := v["resource_types"].term(k))]
    events = bool(types) and all(t.extra.get("schema_type") == "EducationEvent" for t in types)
    stages = [t for k in res["key_stages"] if (t := v["key_stages"].term(k))]
    ages = [a for t in stages for a in t.extra.get("ages", [])]

    def concepts(field: str, vocabulary: str, kind: str = "Concept") -> list[dict[str, Any]]:
        return [concept(site_url, vocabulary, k, v[vocabulary].label(k), kind) for k in res[field]]

    levels: dict[str, dict[str, Any]] = {}
    for t in stages:
        if (level := t.extra.get("educational_level")) and level not in levels:
            levels[level] = {"id": level, "type": "Concept"}
    hcrt: dict[str, dict[str, Any]] = {}
    for t in types:
        if t.extra.get("hcrt"):
            hcrt.setdefault(t.extra["hcrt"], {"id": HCRT + t.extra["hcrt"], "type": "Concept"})
    curriculum_aligned, curriculum_taught = curriculum_links(res, site_url)
    resource_types = concepts("resource_types", "resource_types") + (
        list(hcrt.values()) or [{"id": HCRT + "other", "type": "Concept", "prefLabel": {"en": "Other"}}])
    ld: dict[str, Any] = {
        # schema.org's context too, as in AMB's own examples, so schema.org readers know the terms.
        "@context": [AMB_CONTEXT, "https://schema.org", {"@language": METADATA_LANGUAGE}],
        "id": page_url,
        "type": ["LearningResource"],
        "name": res["title"],
        "description": res["summary"],
        "url": res["url"],
        "learningResourceType": resource_types,
        "educationalLevel": list(levels.values()),
        "educationalAlignment": alignments(res, site_url) + curriculum_aligned,
        # Subjects are what it teaches; art forms what it is about, given as keywords because
        # AMB's `about` is for a subject classification we have no mapping to.
        "teaches": curriculum_taught + concepts("subjects", "subjects", "DefinedTerm"),
        "keywords": list(dict.fromkeys([v["art_forms"].label(a) for a in res["art_forms"]]
                                       + list(res.get("keywords") or []))),
        "audience": concepts("audiences", "audiences"),
        "isAccessibleForFree": res["cost"] in ("free", "free-registration"),
        # AMB takes two-letter language codes only; British Sign Language (bsl) has none.
        "inLanguage": [code for code in dict.fromkeys(x.split("-")[0].lower() for x in res["languages"])
                       if len(code) == 2],
        "publisher": [{"type": "Organization", "id": org_url, "name": org["name"]}],
    }
    if events:
        ld["additionalType"] = "https://schema.org/EducationEvent"
    if ages:
        ld["typicalAgeRange"] = f"{min(ages)}-{max(ages)}"
    if res.get("duration_minutes"):
        ld["timeRequired"] = f"PT{res['duration_minutes']}M"
    licence = v["licence"].term(res["licence"])
    if licence and licence.extra.get("url"):
        url = licence.extra["url"]
        ld["license" if url.startswith(AMB_LICENCE_PREFIXES) else "usageInfo"] = {"id": url}
    features = [f for a in res["accessibility"]
                if (t := v["accessibility"].term(a)) and (f := t.extra.get("schema_feature"))]
    if features:
        ld["accessibilityFeature"] = features
    if res.get("published"):
        ld["datePublished"] = str(res["published"])
    if res.get("updated"):
        ld["dateModified"] = str(res["updated"])
    if res.get("image"):
        ld["image"] = res["image"]
    return {k: x for k, x in ld.items() if x != []}
