"""Near-duplicates: resources whose titles and summaries say nearly the same thing.

Each resource's title and summary become a bag of words weighted by TF-IDF (a word that many
resources use counts for little) and scaled to length one; two resources are near-duplicates
when the cosine of their vectors is at least `THRESHOLD`. Word order does not count, so a
reordered title still matches; one changed word or an added sentence lowers the score a little.

Comparing every pair would take 50 million comparisons at 10,000 resources, so candidates come
from an inverted index over each resource's `PROBES` most telling words (highest weight, among
words used by at most `MAX_SHARE` of the catalogue and at most `MAX_USES` resources): a pair is
compared only if they share `MIN_SHARED` of their telling words (or all of them, when one has
fewer). Two texts that are nearly the same share their telling words, so little is lost
(tests/insight/test_similar.py measures it on planted pairs).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Hashable, Iterable, Mapping, Sequence

THRESHOLD = 0.8  # cosine at or above which two resources count as similar
PROBES = 8  # telling words per resource used to find candidates
MAX_SHARE = 0.05  # a word in more than this share of resources (and more than 20) finds no candidates,
MAX_USES = 500  # nor a word in more than this many: past that, a word no longer tells resources apart
MIN_SHARED = 2  # telling words two resources must share to be compared (fewer if one has fewer)

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class Similar:
    """Two resources of different organisations (or groups), `a` < `b`, and their cosine."""

    a: str
    b: str
    score: float


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def text_of(resource: Mapping[str, Any]) -> str:
    return f"{resource.get('title') or ''} {resource.get('summary') or ''}"


def _vectors(texts: Sequence[list[str]]) -> tuple[list[dict[str, float]], Counter[str]]:
    df: Counter[str] = Counter()
    for ws in texts:
        df.update(set(ws))
    n = len(texts)
    idf = {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}
    vectors = []
    for ws in texts:
        v = {w: c * idf[w] for w, c in Counter(ws).items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors, df


def near_duplicates(resources: Sequence[Mapping[str, Any]],
                    group: Callable[[Mapping[str, Any]], Hashable] = lambda r: r["organisation"],
                    threshold: float = THRESHOLD) -> list[Similar]:
    """Pairs of resources in different groups (organisations) with cosine >= threshold,
    sorted by id; each pair once."""
    vectors, df = _vectors([words(text_of(r)) for r in resources])
    max_df = max(20, min(int(MAX_SHARE * len(resources)), MAX_USES))
    groups = [group(r) for r in resources]
    index: dict[str, list[int]] = defaultdict(list)
    found: dict[tuple[int, int], float] = {}
    telling_of: list[list[str]] = []
    for i, v in enumerate(vectors):
        telling = sorted((w for w in v if df[w] <= max_df), key=lambda w: (-v[w], w))[:PROBES]
        shares: Counter[int] = Counter()
        for w in telling:
            shares.update(index[w])
            index[w].append(i)
        need = min(MIN_SHARED, len(telling))
        for j, n in shares.items():
            if n < need and n < len(telling_of[j]) or groups[j] == groups[i]:
                continue
            other = vectors[j]
            small, large = (v, other) if len(v) <= len(other) else (other, v)
            cosine = sum(x * large.get(w2, 0.0) for w2, x in small.items())
            if cosine >= threshold:
                found[(j, i)] = cosine
        telling_of.append(telling)
    pairs = []
    for (i, j), cosine in found.items():
        a, b = sorted((resources[i]["id"], resources[j]["id"]))
        pairs.append(Similar(a, b, round(min(cosine, 1.0), 3)))
    return sorted(pairs, key=lambda p: (p.a, p.b))


def similar_to(pairs: Iterable[Similar]) -> dict[str, list[tuple[str, float]]]:
    """For each resource id, its similar resources elsewhere, most similar first."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for p in pairs:
        out[p.a].append((p.b, p.score))
        out[p.b].append((p.a, p.score))
    for v in out.values():
        v.sort(key=lambda t: (-t[1], t[0]))
    return dict(out)
