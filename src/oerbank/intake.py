"""What people type, read as the values the catalogue stores: one reading for every route.

The spreadsheet import, the web form, `oerbank new` and the validator's hints for hand-written
files all ask this module, so "Key Stage 2", "CC BY 4.0", "Free", 12/05/2025 and "Welsh" are
read the same way everywhere. The spreadsheet, the form and `oerbank new` convert them and say
what they converted; a hand-written file stays strict and is refused with the exact line to
write instead (`key_stages: [ks2]`).

Only readings that cannot mean anything else are conversions: a vocabulary key or label in any
case or spacing, a date written day first as in the UK, a language's English name. Anything
else (a typo, "Year 4") is left as typed for the validator to refuse, with a "did you mean".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from .schema import Field, Schema, Vocabulary, load_schema
from .suggest import closest_term, iso_date

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHORT_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WHOLE_NUMBER = re.compile(r"^(\d+)(?:\s*(?:min|mins|minutes))?$", re.I)
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


@dataclass(frozen=True)
class Conversion:
    """One value typed one way and stored another: "'Key Stage 2' read as ks2"."""

    typed: str
    value: Any
    words: str = ""  # e.g. "12 May 2025", said beside a converted date

    def said(self) -> str:
        shown = self.value if not isinstance(self.value, bool) else ("true" if self.value else "false")
        return f"'{self.typed}' read as {shown}" + (f" ({self.words})" if self.words else "")


@dataclass
class Reading:
    """A typed answer for one field: the value to store, and what was converted on the way."""

    value: Any
    conversions: list[Conversion] = field(default_factory=list)

    def said(self) -> str:
        return "; ".join(c.said() for c in self.conversions)


# --- one value ------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@lru_cache(maxsize=64)
def _terms(vocab: Vocabulary) -> dict[str, str]:
    """Every exact way of writing a term (its key or label, any case and spacing, with or without
    the bracketed ages) -> key. A spelling two terms share is left out: it would be a guess."""
    seen: dict[str, set[str]] = {}
    for t in vocab.terms:
        for variant in (t.key, t.label, re.sub(r"\s*\(.*?\)\s*", " ", t.label)):
            if _squash(variant):
                seen.setdefault(_squash(variant), set()).add(t.key)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    """English language names ('Welsh', 'Scottish Gaelic', 'British English') -> BCP 47 code."""
    from babel import Locale  # CLDR's names, the data MkDocs Material's own translations use

    return {name.lower(): code.replace("_", "-") for code, name in Locale("en").languages.items()}


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    return frozenset(code.split("-")[0] for code in _language_names().values())


def _language(f: Field, text: str) -> str | None:
    """'Welsh' -> cy, 'EN' -> en, 'en_gb' -> en-GB; None for what is no known language."""
    pattern = re.compile(f.item_pattern) if f.item_pattern else None
    code = _language_names().get(" ".join(text.lower().split()))
    if code is None:
        parts = re.split(r"[-_]", text.strip())
        code = "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])
        if parts[0].lower() not in _language_codes():
            return None
    return code if pattern is None or pattern.match(code) else None


def _is_language(f: Field) -> bool:
    return f.name == "languages"


def canonical(f: Field, text: str, schema: Schema | None = None) -> Conversion | None:
    """How one typed value (or one item of a list) is stored, when it is typed another way.

    None when the text is already what the catalogue stores, or when it can't be read with
    certainty (then the validator explains it).
    """
    text = text.strip()
    if not text:
        return None
    vocab = (schema or load_schema()).vocabulary_for(f)
    if vocab is not None:
        key = _terms(vocab).get(_squash(text))
        return Conversion(text, key) if key is not None and key != text else None
    if f.type == "date":
        if _ISO_DATE.match(text):
            return None
        short = _SHORT_ISO_DATE.match(text)  # 2025-5-2, as some spreadsheets export it
        found = iso_date(f"{short[3]}/{short[2]}/{short[1]}" if short else text)
        return Conversion(text, found[0], found[1]) if found else None
    if f.type == "integer":
        m = _WHOLE_NUMBER.match(text)
        return Conversion(text, int(m.group(1))) if m and m.group(1) != text else None
    if f.type == "boolean":
        word = text.lower()
        value = True if word in _YES else False if word in _NO else None
        return Conversion(text, value) if value is not None and word not in ("true", "false") else None
    if f.is_list and _is_language(f):
        code = _language(f, text)
        return Conversion(text, code) if code is not None and code != text else None
    return None


def _plain(f: Field, text: str) -> Any:
    """The value of text that needs no conversion: whole numbers as numbers, the rest as typed."""
    if f.type == "integer" and text.isdigit():
        return int(text)
    if f.type == "boolean" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def split_list(text: str) -> list[str]:
    """'ks2; ks3' or 'ks2, ks3' or one per line (Alt+Enter in Excel)."""
    sep = ";" if ";" in text else ","
    items = re.split(rf"[{sep}\n]", text.replace("\r", "\n"))
    return [i.strip() for i in items if i.strip()]


def read(f: Field, text: str | list[str], schema: Schema | None = None) -> Reading:
    """A typed answer (a cell, a form answer, a prompt answer) as the value to store.

    A list field takes a list of items, or one text split on ';', ',' or new lines.
    """
    schema = schema or load_schema()
    if f.is_list:
        items = split_list(text) if isinstance(text, str) else [i.strip() for i in text if i.strip()]
        values: list[Any] = []
        conversions: list[Conversion] = []
        for item in items:
            c = canonical(f, item, schema)
            if c is not None:
                conversions.append(c)
            value = c.value if c is not None else item
            if value not in values:
                values.append(value)
        return Reading(values, conversions)
    text = text.strip() if isinstance(text, str) else ", ".join(text)
    c = canonical(f, text, schema)
    return Reading(c.value, [c]) if c is not None else Reading(_plain(f, text))


# --- what a hand-written file is told --------------------------------------------------------

def inline(value: Any, in_list: bool = False) -> str:
    """A value as it would be written after `field: `, quoted only when YAML needs it."""
    if isinstance(value, list):
        return "[" + ", ".join(inline(v, in_list=True) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if in_list and any(ch in text for ch in ",[]{}"):
        return json.dumps(text, ensure_ascii=False)
    try:
        loaded = yaml.safe_load(f"k: {text}")["k"]
        if "#" not in text and (loaded == text or (isinstance(loaded, (int, date)) and str(loaded) == text)):
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def allowed(vocab: Vocabulary) -> str:
    if vocab.name == "curriculum":  # hundreds of ids: point to where they are listed instead
        return ("Use an id from the curriculum lists in the field reference; `oerbank suggest-curriculum FILE` "
                "suggests ids that fit the resource.")
    return "Use one of: " + ", ".join(vocab.keys) + "."


def replacement(f: Field, written: Any, schema: Schema | None = None) -> str | None:
    """The line to write instead (`key_stages: [ks2, ks3]`), every readable value converted;
    None when nothing in it can be read as something else."""
    schema = schema or load_schema()
    if f.is_list:
        items = [str(v) for v in (written if isinstance(written, list) else [written])]
        conversions = [canonical(f, i, schema) for i in items]
        if not any(conversions):
            return None
        return f"{f.name}: {inline([c.value if c else i for c, i in zip(conversions, items, strict=True)])}"
    c = canonical(f, str(written), schema)
    return f"{f.name}: {inline(c.value)}" if c else None


def hint(f: Field, value: Any, schema: Schema | None = None, written: Any = None) -> str | None:
    """The hint for a value the catalogue doesn't store as typed, the same on every route.

    `written` is the field's whole value in a hand-written file (all of a list), so that the
    replacement line fixes every item at once. None when this module has nothing to say.
    """
    schema = schema or load_schema()
    text = str(value).strip()
    c = canonical(f, text, schema)
    if c is not None:
        line = replacement(f, written if written is not None else ([text] if f.is_list else text), schema)
        if f.type == "date":
            return f"Write it year-month-day: {line} (if you mean {c.words})."
        return f"Write {inline(c.value)} for '{text}': {line}"
    vocab = schema.vocabulary_for(f)
    if vocab is not None:
        run_together = [p for p in re.split(r"\s+-\s*", text) if p]
        if f.is_list and len(run_together) > 1 and all(p in vocab.keys for p in run_together):
            # "- music" then " -art-and-design": a dash without its space continues the item above
            items = "\n".join(f"  - {p}" for p in run_together)
            return (f"These look like {len(run_together)} items run together: put each on its own line, "
                    f"a space after the dash:\n{items}")
        guess = closest_term(text, vocab)
        return (f"Did you mean '{guess}'? " if guess else "") + allowed(vocab)
    return None
