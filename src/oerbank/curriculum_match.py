"""Which curriculum statements a resource most likely helps to teach, from its own words.

Ranks every statement by the similarity of its wording to the resource's title, summary,
keywords and description (TF-IDF over word stems, cosine): statements that suit the resource's
key stages and subjects first, then those of its subjects at other key stages, then the rest.
No network, no model: the same record always gets the same list, for a contributor to choose from.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .curriculum import Curriculum, Statement, load_curriculum, misfit
from .schema import load_schema

_WORD = re.compile(r"[a-z]+|[0-9]{3,4}")  # words, and years such as 1066
_STOP = frozenset("""a about above after again all also an and any are as at be because been before being
between both but by can could did do does doing down during each few for from further had has have having
he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on
once only or other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which while who
whom why will with you your yours pupils pupil learners learner children students their using use used
range including increasing different own ideas develop understanding understand""".split())


def stem(word: str) -> str:
    """A crude English stem, enough to meet 'composing' with 'compose' and 'dances' with 'dance'.

    Cruder than the search's Porter stemmer (search/lunrjs.py) on purpose: it also meets 'players'
    with 'play', which statements' wording needs ("play and perform in solo and ensemble contexts" for
    orchestral parts "for young players"); with Porter's stems that statement drops out of the top three.
    """
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ers", "ed", "es", "er", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2]


@dataclass(frozen=True)
class Suggestion:
    statement: Statement
    score: float
    why_not: str | None  # set when it does not fit the resource's key stages or subjects


class _Index:
    def __init__(self, curriculum: Curriculum) -> None:
        self.statements = curriculum.statements
        docs = [Counter(terms(s.wording)) for s in self.statements]
        df: Counter[str] = Counter(t for d in docs for t in d)
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self.vectors = [self._vector(d) for d in docs]

    def _vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        v = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in counts.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items() if x}


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(load_curriculum())


def record_text(data: Mapping[str, Any]) -> str:
    parts: list[Any] = [data.get("title"), data.get("summary"), data.get("body")]
    for name in ("keywords", "art_forms"):
        parts.extend(data.get(name) or [])
    return " ".join(str(p) for p in parts if p)


def suggest(data: Mapping[str, Any], limit: int = 5, nations: Iterable[str] | None = None) -> list[Suggestion]:
    """The `limit` statements most like the record (its normalised values), best first."""
    index = _index()
    # The title and summary say what the resource is about; count them twice against a long description.
    counts = Counter(terms(record_text(data)))
    counts.update(terms(f"{data.get('title') or ''} {data.get('summary') or ''}"))
    query = index._vector(counts)
    stages, subjects = list(data.get("key_stages") or []), list(data.get("subjects") or [])
    wanted = set(nations) if nations else None
    vocabularies = load_schema().vocabularies
    stage_label, subject_label = vocabularies["key_stages"].label, vocabularies["subjects"].label
    found: list[tuple[int, Suggestion]] = []
    for s, vector in zip(index.statements, index.vectors, strict=True):
        if wanted is not None and s.nation not in wanted:
            continue
        score = sum(w * vector.get(t, 0.0) for t, w in query.items())
        if score <= 0:
            continue
        if subjects and s.subjects and set(subjects) & set(s.subjects):
            score += 0.05  # a statement of the resource's own subject wins a tie
        other_subject = bool(subjects and s.subjects and not set(subjects) & set(s.subjects))
        other_stage = bool(stages and not set(stages) & set(s.key_stages))
        why = misfit(s, stages, subjects, stage_label, subject_label)
        found.append((2 * other_subject + other_stage, Suggestion(s, round(score, 4), why)))
    # Statements that fit first, however alike the others' words are; then those of the resource's
    # subjects at other key stages (a resource for a stage with no statements still gets its subject's).
    found.sort(key=lambda x: (x[0], -x[1].score, x[1].statement.id))
    return [s for _, s in found[:limit]]
