"""'Did you mean ...?' for field names and vocabulary values."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from .schema import Vocabulary

_YEAR = re.compile(r"^(?:year|yr|y)\s*-?\s*(\d{1,2})$")
_YEAR_TO_STAGE = {1: "ks1", 2: "ks1", 3: "ks2", 4: "ks2", 5: "ks2", 6: "ks2", 7: "ks3", 8: "ks3",
                  9: "ks3", 10: "ks4", 11: "ks4", 12: "ks5", 13: "ks5"}
_ALIASES = {"reception": "eyfs", "nursery": "eyfs", "early-years": "eyfs", "foundation-stage": "eyfs",
            "sixth-form": "ks5", "a-level": "ks5", "a-levels": "ks5", "gcse": "ks4",
            "cc-by": "CC-BY-4.0", "cc0": "CC0-1.0", "public-domain": "CC0-1.0", "ogl": "OGL-UK-3.0",
            "copyright": "all-rights-reserved", "art": "art-and-design", "dt": "design-and-technology",
            "d-t": "design-and-technology", "pe": "physical-education", "re": "religious-education",
            "mfl": "languages", "math": "maths", "mathematics": "maths", "cpd": "cpd"}


def _simple(text: str) -> str:
    """'Art & Design' -> 'art-and-design'; 'KS 2' -> 'ks-2'."""
    text = text.strip().lower().replace("&", " and ").replace("+", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _best(word: str, choices: list[str], cutoff: float) -> str | None:
    """The one clearly closest choice; None when nothing is close or two are equally close."""
    scored = sorted(((difflib.SequenceMatcher(None, word, c).ratio(), c) for c in choices), reverse=True)
    if not scored or scored[0][0] < cutoff:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def closest(word: str, choices: list[str]) -> str | None:
    """The choice a typo most likely meant, or None."""
    lowered = {c.lower(): c for c in choices}
    key = word.lower()
    if key in lowered:
        return lowered[key]
    by_simple = {_simple(c).replace("-", ""): c for c in choices}
    if _simple(word).replace("-", "") in by_simple:
        return by_simple[_simple(word).replace("-", "")]
    match = _best(key, list(lowered), 0.75)
    return lowered[match] if match else None


def closest_term(value: str, vocab: Vocabulary) -> str | None:
    """Match by key, by label (e.g. 'Key Stage 2'), school year ('Year 4') or a common alias."""
    simple = _simple(value)
    compact = simple.replace("-", "")
    keys = vocab.keys
    for key in keys:  # 'KS2', 'Art-And-Design', 'artanddesign', 'cc by 4.0'
        if compact == _simple(key).replace("-", ""):
            return key
    if vocab.name == "key_stages":
        year = _YEAR.match(value.strip().lower())
        if year and int(year.group(1)) in _YEAR_TO_STAGE:
            return _YEAR_TO_STAGE[int(year.group(1))]
        stage = compact.replace("keystage", "ks")
        if stage in keys:
            return stage
    alias = _ALIASES.get(simple)
    if alias in keys:
        return alias
    for term in vocab.terms:  # 'Key Stage 2 (ages 7–11)', 'Key Stage 2', 'PSHE and wellbeing'
        label = _simple(term.label)
        if simple and (simple == label or label.startswith(simple + "-")) and len(simple) > 3:
            return term.key
    lowered = {k.lower(): k for k in keys}
    match = _best(simple, list(lowered), 0.75)
    return lowered[match] if match else None


# Dates as people write them in the UK: day first. Tried in order; the first that reads wins.
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%B %d %Y",
                 "%b %d %Y", "%Y/%m/%d", "%Y.%m.%d", "%d %B, %Y", "%B %d, %Y")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)


def iso_date(text: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the date in words) for a date written another way, e.g. 12/05/2025.

    Numbers are read day first, as in the UK, so 12/05/2025 is 12 May 2025.
    """
    cleaned = " ".join(_ORDINAL.sub("", text.strip()).split())
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        return day.isoformat(), f"{day.day} {day:%B %Y}"
    return None
