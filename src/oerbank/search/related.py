"""Related resources: what a resource's page suggests next, by what the resources are about.

Resources are compared by the words of their title, summary and keywords (the search's terms,
weighted by the search's idf, so a rare shared word like "monoprint" counts for far more than a
common one like "explore"), plus a little for shared subjects, key stages and art forms. A
resource of the same series (same organisation, same title before a colon: "Dance: motifs",
"Dance: unison") comes first.

It stays fast at 100,000 resources without comparing every pair: candidates come from an inverted
index over each resource's rarest words only (words in more than DF_CAP resources say little about
a pair and are skipped), at most CANDIDATE_POSTINGS postings per resource, and only the best
CANDIDATES of them are scored in full.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from itertools import accumulate
from typing import Any, Callable, Mapping, Sequence

from ..parallel import Strings
from . import lunrjs

FIELD_WEIGHTS = (("title", 3.0), ("summary", 1.0), ("keywords", 2.0))
RARE_TERMS = 6  # a resource's rarest words that find its candidates
DF_CAP = 100  # ... each in at most this many resources
CANDIDATE_POSTINGS = 150  # postings read per resource at most
CANDIDATES = 8  # candidates scored in full
EXTRA = 24  # candidates offered by the caller (sharing facets) scored when too few share a word
SERIES = 1.0  # bonus for the same series: before any text similarity (at most 1)
SERIES_MEMBERS = 12  # resources of a series always weighed
FACETS = (("subjects", 0.04), ("key_stages", 0.04), ("art_forms", 0.02))
_SERIES = re.compile(r"^([^:]{2,80}):\s*\S")


def idf(n: int, df: int) -> float:
    """lunr's idf, as the search's index weighs terms."""
    return math.log(1 + abs((n - df + 0.5) / (df + 0.5)))


def series_of(r: Mapping[str, Any]) -> str | None:
    m = _SERIES.match(r.get("title") or "")
    return f"{r.get('organisation')}\0{m.group(1).strip().casefold()}" if m else None


def _grouped(words: array, docs: array, weights: array, n: int) -> tuple[array, array, array]:
    """Postings (word, resource, weight) grouped by word, resources in the order given: where each of
    the `n` words' postings starts (and the next word's, where they end), their resources, their weights."""
    counts = [0] * (n + 1)
    for k in words:
        counts[k + 1] += 1
    starts = array("q", accumulate(counts))
    place = list(starts[:-1])
    grouped_docs, grouped_weights = array("i", [0]) * len(docs), array("d", [0.0]) * len(docs)
    for k, d, w in zip(words, docs, weights, strict=True):
        grouped_docs[place[k]], grouped_weights[place[k]] = d, w
        place[k] += 1
    return starts, grouped_docs, grouped_weights


class Related:
    """Built once over the resources (before pages are written in parallel), asked per page."""

    def __init__(self, resources: Sequence[Mapping[str, Any]]) -> None:
        self.resources = resources
        n = len(resources)
        counts: list[dict[str, float]] = []
        df: Counter[str] = Counter()
        known: dict[str, str | None] = {}  # token -> term: most tokens recur, stemming each once
        for r in resources:
            c: dict[str, float] = {}
            for name, weight in FIELD_WEIGHTS:
                value = r.get(name)
                text = ", ".join(value) if isinstance(value, list) else value
                for token in lunrjs.tokenize(text):
                    t = known[token] if token in known else known.setdefault(token, lunrjs.term(token))
                    if t:
                        c[t] = c.get(t, 0.0) + weight
            counts.append(c)
            df.update(c.keys())
        ids = {t: i for i, t in enumerate(sorted(df))}
        dfs = array("i", [0] * len(ids))
        self.idf = array("f", [0.0] * len(ids))
        for t, i in ids.items():
            dfs[i] = df[t]
            self.idf[i] = idf(n, df[t])
        # Every resource's vector, its rarest words and each word's postings (the resources it is a
        # rare word of, with its weight in each) are flat arrays, each list found by where it starts:
        # no object per number or per list, so the page workers that read them never copy them.
        self.terms, self.weights, self.starts = array("i"), array("d"), array("q", [0])
        self.rare, self.rare_starts = array("i"), array("q", [0])
        words, docs, weights = array("i"), array("i"), array("d")  # every posting, in the order found
        tf: dict[float, float] = {}  # a word's weight in a resource: few distinct sums of field weights
        idfs = self.idf
        for d, c in enumerate(counts):
            vec = {}
            for t, w in c.items():
                k = ids[t]
                vec[k] = (tf[w] if w in tf else tf.setdefault(w, 1 + math.log(w))) * idfs[k]
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            vec = {k: v / norm for k, v in vec.items()}
            for k in sorted(vec):
                self.terms.append(k)
                self.weights.append(vec[k])
            self.starts.append(len(self.terms))
            rare = [k for k in vec if 1 < dfs[k] <= DF_CAP]
            for k in rare:
                words.append(k)
                docs.append(d)
                weights.append(vec[k])
            rare.sort(key=lambda k: -idfs[k])
            self.rare.extend(rare[:RARE_TERMS])
            self.rare_starts.append(len(self.rare))
        self.posting_starts, self.posting_docs, self.posting_weights = _grouped(words, docs, weights, len(ids))
        self.ids = Strings(r.get("id", "") for r in resources)  # read by page workers for every candidate
        self.series = [series_of(r) for r in resources]
        self.members: dict[str, list[int]] = defaultdict(list)  # a series' first SERIES_MEMBERS resources
        for d, key in enumerate(self.series):
            if key is not None and len(self.members[key]) < SERIES_MEMBERS:
                self.members[key].append(d)
        bits: dict[tuple[str, str], int] = {}  # each facet value a bit: shared values are a mask's 1s
        self.masks = [tuple(sum(1 << bits.setdefault((name, value), len(bits)) for value in set(r.get(name) or ()))
                            for name, _ in FACETS) for r in resources]

    def vector(self, d: int) -> dict[int, float]:
        """Resource d's words (by number) and their weights, in the order of their numbers."""
        start, end = self.starts[d], self.starts[d + 1]
        return dict(zip(self.terms[start:end], self.weights[start:end], strict=True))

    def score(self, a: int, b: int, va: dict[int, float] | None = None) -> float:
        """How alike resources a and b are; `va`: a's vector, when already at hand."""
        va = self.vector(a) if va is None else va
        start, end = self.starts[b], self.starts[b + 1]
        # Words in both, in the order of their numbers: the same float whichever resource is a.
        text = sum(va[t] * w for t, w in zip(self.terms[start:end], self.weights[start:end], strict=True)
                   if t in va)
        facets = 0.0
        for (_, weight), x, y in zip(FACETS, self.masks[a], self.masks[b], strict=True):
            facets += weight * (x & y).bit_count()
        same = SERIES if self.series[a] is not None and self.series[a] == self.series[b] else 0.0
        return same + text + facets

    def of(self, i: int, limit: int = 3, extra: Sequence[int] | Callable[[], Sequence[int]] = ()) -> list[int]:
        """The `limit` resources most related to resource number `i`; `extra`: candidates to weigh too
        when fewer than `limit` share a rare word with it (or a function that gives them, asked only then)."""
        return [d for _, d in self.scored(i, limit, extra)]

    def scored(self, i: int, limit: int = 3,
               extra: Sequence[int] | Callable[[], Sequence[int]] = ()) -> list[tuple[float, int]]:
        """`of`'s resources with their scores, best first."""
        found: dict[int, float] = {}
        read = 0
        vec = self.vector(i)
        starts = self.posting_starts
        for t in self.rare[self.rare_starts[i]:self.rare_starts[i + 1]]:
            a, b = starts[t], starts[t + 1]
            w = vec[t]
            for d, wd in zip(self.posting_docs[a:b], self.posting_weights[a:b], strict=True):
                found[d] = found.get(d, 0.0) + w * wd
            read += b - a
            if read >= CANDIDATE_POSTINGS:
                break
        found.pop(i, None)
        best = sorted(found, key=lambda d: -found[d])[:CANDIDATES]
        pool = dict.fromkeys(best)
        series = self.series[i]
        if series is not None:
            pool.update(dict.fromkeys(self.members[series]))
        if len(pool) < limit:  # too few share a rare word: weigh some of the others offered
            pool.update(dict.fromkeys((extra() if callable(extra) else extra)[:EXTRA]))
        pool.pop(i, None)
        ids = self.ids
        scored = sorted([(-self.score(i, d, vec), ids[d], d) for d in pool])
        return [(-negative, d) for negative, _, d in scored[:limit]]
