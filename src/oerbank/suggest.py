"""'Did you mean ...?' for field names and vocabulary values."""

from __future__ import annotations

import difflib
import re

from .schema import Vocabulary

_YEAR = re.compile(r"^(?:year|yr|y)\s*-?\s*(\d{1,2})$")
_YEAR_TO_STAGE = {1: "ks1", 2: "ks1", 3: "ks2", 4: "ks2", 5: "ks2", 6: "ks2", 7: "ks3", 8: "ks3",
                  9: "ks3", 10: "ks4", 11: "ks4", 12: "ks5", 13: "ks5"}
_ALIASES = {"reception": "eyfs", "nursery": "eyfs", "early-years": "eyfs", "eyfs": "eyfs",
            "sixth-form": "ks5", "a-level": "ks5", "gcse": "ks4",
            "license": "licence", "cc-by": "CC-BY-4.0", "cc0": "CC0-1.0", "ogl": "OGL-UK-3.0"}


def closest(word: str, choices: list[str]) -> str | None:
    """The choice a typo most likely meant, or None."""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def closest_term(value: str, vocab: Vocabulary) -> str | None:
    """Match by key, by label (e.g. 'Key Stage 2'), school year ('Year 4') or a common alias."""
    simple = re.sub(r"[\s_&]+", "-", value.strip().lower()).replace("-and-", "-and-")
    keys = vocab.keys
    if vocab.name == "key_stages":
        year = _YEAR.match(value.strip().lower())
        if year and int(year.group(1)) in _YEAR_TO_STAGE:
            return _YEAR_TO_STAGE[int(year.group(1))]
        compact = simple.replace("-", "").replace("keystage", "ks")
        if compact in keys:
            return compact
    alias = _ALIASES.get(simple)
    if alias in keys:
        return alias
    by_label = {t.label.lower(): t.key for t in vocab.terms}
    if value.strip().lower() in by_label:
        return by_label[value.strip().lower()]
    return closest(simple, keys) or (
        by_label.get(m[0]) if (m := difflib.get_close_matches(value.lower(), list(by_label), n=1, cutoff=0.75)) else None
    )
