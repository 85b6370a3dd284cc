"""What the search needs to forgive typos and understand teachers' words.

- `term_lists`: the index's terms by first letter, with how many resources hold each and the words
  most often written for it ("printmaking" for the term "printmak"), one small file per letter.
  The browser loads a letter's file only when a word of that letter is found nowhere, then
  matches the index's terms one edit away (two for long words) and offers "Did you mean …?".
- `synonyms`: the synonyms vocabulary (schema/vocabularies/synonyms.yml) as the page reads it, with
  the words that only say what a teacher is asking for ("lesson on") marked as never narrowing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from . import lunrjs
from .codec import encode_ints
from .documents import SearchDoc
from .index import Term
from ..schema import load_schema

SHOWN_FIELDS = ("title", "summary", "keywords", "labels", "body")  # where a term's usual spelling is taken from
FORMS = 3  # written forms kept per term: a typo is measured against each
_WORD = re.compile(r"^[a-z][a-z0-9]{2,}$")  # typos are forgiven in words, not in numbers or codes


def usual_words(docs: Iterable[SearchDoc]) -> dict[str, str]:
    """{term: its commonest written forms, '|'-separated} ("model": "model|models|modelling"), where
    they differ from the term itself."""
    tokens: Counter[str] = Counter()  # each token counted first: a catalogue repeats its words a lot
    for d in docs:
        for name in SHOWN_FIELDS:
            tokens.update(lunrjs.tokenize(d.texts.get(name)))
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for token, n in tokens.items():
        word = lunrjs.trim(token)
        if word:
            seen[lunrjs.stem(word)][word] += n
    out = {}
    for term, words in seen.items():
        forms = [w for w, _ in sorted(words.items(), key=lambda wc: (-wc[1], wc[0]))[:FORMS]]
        if forms != [term]:
            out[term] = "|".join(forms)
    return out


def term_lists(docs: list[SearchDoc], terms: list[Term]) -> dict[str, dict]:
    """{first letter: {"terms", "words" ('' where the term is the word), "counts"}}, terms in index order."""
    words = usual_words(docs)
    lists: dict[str, dict] = {}
    for t in terms:
        if not _WORD.match(t.term):
            continue
        entry = lists.setdefault(t.term[0], {"terms": [], "words": [], "counts": []})
        entry["terms"].append(t.term)
        entry["words"].append(words.get(t.term, ""))
        entry["counts"].append(t.size)
    for entry in lists.values():
        entry["counts"] = encode_ints(entry["counts"])
    return lists


def synonyms() -> list[list]:
    """[[words, key stages], ...] from the synonyms vocabulary, then each key stage's ages as the key stages
    vocabulary gives them ("ages 7-11"); [words, [], 0] for words that never narrow the results ("lesson on")."""
    vocabularies = load_schema().vocabularies
    said = [[_distinct(t.extra.get("words") or []), list(t.extra.get("key_stages") or [])]
            + ([0] if t.extra.get("narrows") is False else []) for t in vocabularies["synonyms"].terms]
    ages = [[age_words(t.extra["ages"]), [t.key]] for t in vocabularies["key_stages"].terms if t.extra.get("ages")]
    return said + ages


def _distinct(words: Iterable[str]) -> list[str]:
    """The words that stem differently: the page matches stems, so "lessons on" adds nothing to "lesson on"
    but bytes to what every first search downloads."""
    seen: dict[tuple[str, ...], str] = {}
    for w in words:
        seen.setdefault(tuple(lunrjs.stem(lunrjs.trim(t)) for t in lunrjs.tokenize(w)), w)
    return list(seen.values())


def age_words(ages: list[int]) -> list[str]:
    """What a teacher types for a key stage's ages, [7, 11]: "ages 7-11", "ages 7 to 11", ... ("aged 7-11" and
    "age 7-11" stem as "ages 7-11" does, so they are found without being listed)."""
    a, b = ages
    return [f"ages {a}-{b}", f"ages {a} to {b}", f"{a}-{b} year olds", f"{a} to {b} year olds"]
