"""Build the lunr index in Python and cut it into shards by term, so a query loads only its terms.

The index is built by Python lunr's Builder with lunr.js's pipeline: five fields with boosts
(title, summary, keywords, organisation name, body), BM25 field vectors rounded to three
decimals. Two facts about lunr's scoring let the browser load only a few small pieces of it:

- lunr scores a document by the dot product of the query vector with its field vectors, and
  the query vector only has entries for the query's terms. So an index restricted to some
  terms scores a query over those terms exactly as the whole index does: shards are runs of
  terms in sorted order, balanced by size, and a query loads the shards holding its terms.
- When every clause searches every field (our queries do), each field's query vector is the
  same, so the score is sum over terms of boost x (sum over fields of the term's weight),
  divided by the query vector's length. Summing a term's weights over the fields first gives
  an index with one field, "text", that scores those queries exactly as the five-field one
  and has fewer postings (a word in a title and a summary is one posting, not two).

Each shard is thus a one-field lunr index of its terms; the page's assets/search/engine.js
turns it into lunr's serialised form and loads it with lunr.Index.load. See `shard_payload`
for the file format.

lunr's Builder would take gigabytes of nested dicts and vectors at 100,000 resources;
`catalogue_terms` computes the same postings with the same arithmetic from flat arrays of
counts. The Builder-based reference it is tested against is tests/search/reference_index.py.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Sequence

from . import lunrjs
from ..parallel import Failed, ItemFailed, imap_chunks
from .codec import encode_ints
from .documents import FIELDS, SearchDoc

PARALLEL_FROM = 4000  # below this, starting processes costs more than it saves
CHUNK = (100, 10**9)  # documents whose terms a process counts at a time: at least 100


def js_order(term: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")


def _title(texts: dict[str, str]) -> str:
    """How a failure names a document: by its title (the search's documents carry no path)."""
    return texts.get("title", "")


TEXT_FIELD = "text"  # the one field of a shard: the five fields, weights summed


@dataclass(slots=True)
class Term:
    term: str
    docs: array  # the documents holding the term, in increasing order
    weights: array  # the term's weight in each: lunr's field-vector values summed over fields, times 1000

    @property
    def size(self) -> int:
        return len(self.docs)

    @property
    def postings(self) -> list[tuple[int, int]]:
        return list(zip(self.docs, self.weights, strict=True))


# --- The same postings, computed compactly --------------------------------------------------
#
# At 100,000 resources lunr's Builder holds half a million Counters, an inverted index of
# nested dicts and half a million field vectors: gigabytes. `catalogue_terms` computes the
# same numbers from the same term counts kept in flat arrays of integers: each term gets a
# number, and each (document, field) its run of (term number, frequency) pairs.

def _count_compact(_: None, chunk: Sequence[dict[str, str]]) -> tuple[list[str], array, array, array, array]:
    """Term counts of a run of documents: the run's terms, and for each document's fields in
    FIELDS order the field's length and number of distinct terms, then (term, frequency) pairs
    with terms numbered by their place in the run's list."""
    local: dict[str, int] = {}
    lengths, distinct, tids, tfs = array("i"), array("i"), array("i"), array("i")
    for texts in chunk:
        for name, _boost in FIELDS:
            terms = lunrjs.terms(texts[name])
            counts = Counter(terms)
            lengths.append(len(terms))
            distinct.append(len(counts))
            for t, c in counts.items():
                i = local.get(t)
                if i is None:
                    i = local[t] = len(local)
                tids.append(i)
                tfs.append(c)
    return list(local), lengths, distinct, tids, tfs


def _compact_counts(texts: list[dict[str, str]], jobs: int | None) -> Iterator[tuple]:
    for part in imap_chunks(_count_compact, texts, jobs=jobs, min_items=PARALLEL_FROM, chunk=CHUNK, name=_title):
        if isinstance(part, Failed):
            raise ItemFailed(part)
        yield part


def catalogue_terms(docs: list[SearchDoc], jobs: int | None = None) -> list[Term]:
    """What lunr's Builder gives (tests/search/reference_index.py), with the same arithmetic as lunr's
    Builder (BM25 with k1 = 1.2, b = 0.75, field boosts, lunr's idf, weights rounded to three
    decimals), without building lunr's index."""
    k1, b = 1.2, 0.75  # lunr Builder's defaults
    names: list[str] = []
    ids: dict[str, int] = {}
    # A number per (document, field, term), so four bytes each (every count fits): most of what
    # building the index holds.
    lengths, distinct, tids, tfs = array("i"), array("i"), array("i"), array("i")
    for vocab, c_lengths, c_distinct, c_tids, c_tfs in _compact_counts([d.texts for d in docs], jobs):
        mapping = []
        for t in vocab:
            i = ids.get(t)
            if i is None:
                i = ids[t] = len(names)
                names.append(t)
            mapping.append(i)
        lengths.extend(c_lengths)
        distinct.extend(c_distinct)
        tids.extend(array("i", [mapping[i] for i in c_tids]))
        tfs.extend(c_tfs)
        del vocab, c_lengths, c_distinct, c_tids, c_tfs, mapping
    del ids

    n = len(docs)
    nf = len(FIELDS)
    if not n:
        return []
    # lunr's idf counts a term once per field of each document holding it
    with_term = array("q", bytes(8 * len(names)))
    for t in tids:
        with_term[t] += 1
    idfs = [math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in with_term]
    del with_term
    # a field no document fills (e.g. keywords) has no terms, so its norm is never used
    averages = [sum(lengths[f::nf]) / n or 1.0 for f in range(nf)]
    boosts = [boost for _, boost in FIELDS]

    term_docs = [array("i") for _ in names]
    term_weights = [array("i") for _ in names]
    k = 0
    for doc in range(n):
        summed: dict[int, int] = {}
        for f in range(nf):
            i = doc * nf + f
            norm = k1 * (1 - b + b * (lengths[i] / averages[f]))
            field_boost = boosts[f]
            for j in range(k, k + distinct[i]):
                t = tids[j]
                tf = tfs[j]
                score = idfs[t] * ((k1 + 1) * tf) / (norm + tf)
                score *= field_boost
                summed[t] = summed.get(t, 0) + round(round(score, 3) * 1000)
            k += distinct[i]
        number = docs[doc].number
        for t, w in summed.items():
            term_docs[t].append(number)
            term_weights[t].append(w)
    del lengths, distinct, tids, tfs, idfs

    order = sorted(range(len(names)), key=lambda i: js_order(names[i]))
    return [Term(names[i], term_docs[i], term_weights[i]) for i in order]


def shard(terms: list[Term], target: int) -> list[list[Term]]:
    """Runs of consecutive terms of about `target` postings each (a huge term gets a shard alone)."""
    shards: list[list[Term]] = []
    current: list[Term] = []
    size = 0
    for t in terms:
        if current and size + t.size > target:
            shards.append(current)
            current, size = [], 0
        current.append(t)
        size += t.size
    if current:
        shards.append(current)
    return shards


def shard_payload(terms: list[Term], first_index: int) -> dict:
    """One shard as JSON: three streams of numbers, which gzip better than one mixed stream.

    `counts`: how many documents each term is in; `docs`: those documents, as gaps from the
    previous one of the same term; `weights`: the term's weight in each (lunr's field-vector
    values summed over fields, times 1000). Term i of the shard is term number `first + i` of
    the whole index (lunr's term index, used in its field vectors).
    """
    counts: list[int] = []
    docs: list[int] = []
    weights: list[int] = []
    for t in terms:
        counts.append(len(t.docs))
        last = 0
        for doc in t.docs:
            docs.append(doc - last)
            last = doc
        weights.extend(t.weights)
    return {"first": first_index, "terms": [t.term for t in terms], "counts": encode_ints(counts),
            "docs": encode_ints(docs), "weights": encode_ints(weights)}
