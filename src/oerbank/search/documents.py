"""The catalogue as the search sees it: resources numbered newest first, with plain-text fields.

Numbering resources newest first makes the document number itself the "newest" sort order
and the order of an empty search, so neither needs data of its own; the number is also the
lunr document reference, short in every posting.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..gitdates import Dates, date_of
from ..schema import load_schema

# Fields lunr indexes, with their boosts; the order is fixed in the shard format.
FIELDS: tuple[tuple[str, int], ...] = (
    ("title", 10), ("summary", 2), ("keywords", 4), ("organisation", 2), ("body", 1), ("labels", 1))

# Vocabulary fields whose keys and labels are searchable text: "school visit" finds the resources of
# that type while a teacher is still typing. Key stages give their keys only ("ks2"): the synonyms
# vocabulary turns "key stage 2", "year 4" or "P5" into that word, and the labels' "key stage"
# would otherwise match every resource.
LABELLED = ("resource_types", "key_stages", "art_forms", "subjects")
KEYS_ONLY = ("key_stages",)
_ASIDE = re.compile(r"\s*\([^)]*\)")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]*)\]\[[^\]]*\]")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^>]*>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_MARKUP = re.compile(r"[*_`~#>|\\]+")


def markdown_text(text: str | None) -> str:
    """The words of a Markdown text, without link targets, tags or emphasis marks."""
    if not text:
        return ""
    text = _LINK_DEFINITION.sub(" ", text)
    text = _IMAGE.sub(r" \1 ", text)
    text = _LINK.sub(lambda m: f" {m.group(1) or m.group(2) or ''} ", text)
    text = _AUTOLINK.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _MARKUP.sub(" ", html.unescape(text))
    return text


def labels_text(d: Mapping[str, Any], vocabularies: Mapping[str, Any]) -> str:
    """The record's vocabulary keys and labels as words ("ks2 Key Stage 2 lesson-plan Lesson plan")."""
    words = []
    for name in LABELLED:
        vocab = vocabularies.get(name)
        for key in d.get(name) or []:
            words.append(key)
            if vocab is not None and name not in KEYS_ONLY:
                words.append(_ASIDE.sub("", vocab.label(key)))
    return " ".join(words)


@dataclass(frozen=True)
class SearchDoc:
    number: int
    data: Mapping[str, Any]
    texts: dict[str, str]  # field name -> plain text lunr indexes


def search_documents(resources: Iterable[Any], organisations: Iterable[Any],
                     dates: Dates | None = None) -> list[SearchDoc]:
    """Every resource, newest first (then by title and id, so the order is stable).

    `dates`: the Git dates, which date records that don't say when they were published.
    """
    org_names = {o.data["id"]: o.data.get("name") or o.data["id"] for o in organisations}
    records = [r.data for r in resources if r.data.get("id")]  # a record that failed to load has no data
    records.sort(key=lambda d: d["id"])
    records.sort(key=lambda d: (d.get("title") or "").casefold())
    records.sort(key=lambda d: date_of(d, dates), reverse=True)
    docs = []
    vocabularies = load_schema().vocabularies
    for number, d in enumerate(records):
        texts = {
            "title": d.get("title") or "",
            "summary": d.get("summary") or "",
            "keywords": ", ".join(d.get("keywords") or []),
            "organisation": org_names.get(d.get("organisation"), d.get("organisation") or ""),
            "body": markdown_text(d.get("body")),
            "labels": labels_text(d, vocabularies),
        }
        docs.append(SearchDoc(number, d, texts))
    return docs
