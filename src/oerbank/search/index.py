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

`build` makes that index with lunr's Builder, which at 100,000 resources takes gigabytes of
nested dicts and vectors; `write_search` uses `catalogue_terms`, which computes the same
postings with the same arithmetic from flat arrays of counts, and `build` stays as its
reference in the tests.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterator, Sequence

from lunr.builder import Builder
from lunr.idf import idf as Idf
from lunr.stop_word_filter import stop_word_filter
from lunr.vector import Vector

from . import lunrjs
from ..parallel import Failed, ItemFailed, imap_chunks, map_chunks, unwrap
from .codec import encode_ints
from .documents import FIELDS, SearchDoc

PARALLEL_FROM = 4000  # below this, starting processes costs more than it saves
CHUNK = (100, 10**9)  # documents whose terms a process counts at a time: at least 100


def js_order(term: str) -> bytes:
    """Sort key matching JavaScript's string comparison (UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")


class CatalogueBuilder(Builder):
    """lunr's Builder with lunr.js's pipeline, fed term counts computed in bulk.

    `Builder.add` tokenises character by character and runs three pipeline functions on every
    token; `add_counts` takes the same terms counted by `lunrjs.terms` (cached per word, and
    computed in several processes for large catalogues) and records exactly what `add` would.
    """

    def __init__(self) -> None:
        super().__init__()
        self.ref("ref")
        for name, boost in FIELDS:
            self.field(name, boost=boost)
        self.pipeline.add(lunrjs.trimmer, stop_word_filter, lunrjs.stemmer)
        self.search_pipeline.add(lunrjs.stemmer)

    def add_counts(self, doc_ref: str, counts: dict[str, tuple[Counter[str], int]]) -> None:
        self._documents[doc_ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            frequencies, length = counts[field_name]
            field_ref = f"{field_name}/{doc_ref}"
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = length
            for term in frequencies:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = {}

    def _create_field_vectors(self) -> None:
        """lunr's BM25 field vectors, with the same arithmetic in the same order as
        `Builder._create_field_vectors`, but building each vector's sorted element list at once
        instead of inserting element by element (which takes most of the time at 100,000)."""
        k1, b = self._k1, self._b
        avg = self.average_field_length
        idf_cache: dict[str, float] = {}
        inverted = self.inverted_index
        n = self.document_count
        boosts = {name: f.boost for name, f in self._fields.items()}
        vectors = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            field_name, doc_ref = field_ref.split("/", 1)
            field_length = self.field_lengths[field_ref]
            field_boost = boosts[field_name]
            doc_boost = self._documents[doc_ref].get("boost", 1)
            norm = k1 * (1 - b + b * (field_length / avg[field_name]))
            pairs = []
            for term, tf in frequencies.items():
                posting = inverted[term]
                idf = idf_cache.get(term)
                if idf is None:
                    idf = idf_cache[term] = Idf(posting, n)
                score = idf * ((k1 + 1) * tf) / (norm + tf)
                score *= field_boost
                score *= doc_boost
                pairs.append((posting["_index"], round(score, 3)))
            pairs.sort()
            vectors[field_ref] = Vector([x for pair in pairs for x in pair])
        self.field_vectors = vectors

    def vectors(self) -> None:
        """The field vectors, as `build()` makes them, without the token set we don't need here."""
        if not self.document_count:  # lunr would divide by zero
            self.field_vectors = {}
            return
        self._calculate_average_field_lengths()
        self._create_field_vectors()


def _title(texts: dict[str, str]) -> str:
    """How a failure names a document: by its title (the search's documents carry no path)."""
    return texts.get("title", "")


def _count(texts: dict[str, str]) -> dict[str, tuple[Counter[str], int]]:
    out = {}
    for name, _ in FIELDS:
        terms = lunrjs.terms(texts[name])
        out[name] = (Counter(terms), len(terms))
    return out


def _count_chunk(_: None, chunk: Sequence[dict[str, str]]) -> list[dict[str, tuple[Counter[str], int]]]:
    return [_count(t) for t in chunk]


def count_terms(docs: list[SearchDoc], jobs: int | None = None) -> list[dict[str, tuple[Counter[str], int]]]:
    """Term frequencies of every field of every document, in processes for large catalogues."""
    parts = unwrap(map_chunks(_count_chunk, [d.texts for d in docs], jobs=jobs, min_items=PARALLEL_FROM,
                              chunk=CHUNK, name=_title))
    return [c for part in parts for c in part]


def build(docs: list[SearchDoc], jobs: int | None = None) -> CatalogueBuilder:
    """A lunr builder holding the whole catalogue, with its field vectors computed."""
    builder = CatalogueBuilder()
    for doc, counts in zip(docs, count_terms(docs, jobs)):
        builder.add_counts(str(doc.number), counts)
    builder.vectors()
    return builder


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
        return list(zip(self.docs, self.weights))


def terms_with_postings(builder: CatalogueBuilder) -> list[Term]:
    """Every term, in JavaScript's sort order, with its one-field postings from lunr's field vectors.

    lunr rounded each weight to three decimals, so weight * 1000 is a whole number and the
    sums are exact. (The reference for `catalogue_terms`, which computes the same without
    holding lunr's index.)
    """
    by_index: dict[int, dict[int, int]] = defaultdict(dict)
    for field_ref, vector in builder.field_vectors.items():
        doc = int(field_ref.split("/", 1)[1])
        el = vector.elements
        for k in range(0, len(el), 2):
            postings = by_index[el[k]]
            postings[doc] = postings.get(doc, 0) + round(el[k + 1] * 1000)
    out = []
    for term in sorted(builder.inverted_index, key=js_order):
        postings = sorted(by_index[builder.inverted_index[term]["_index"]].items())
        out.append(Term(term, array("q", [d for d, _ in postings]), array("q", [w for _, w in postings])))
    return out


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
    lengths, distinct, tids, tfs = array("q"), array("q"), array("q"), array("q")
    for texts in chunk:
        for name, _ in FIELDS:
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
    """What `terms_with_postings(build(docs))` returns, with the same arithmetic as lunr's
    Builder (BM25 with k1 = 1.2, b = 0.75, field boosts, lunr's idf, weights rounded to three
    decimals), without building lunr's index."""
    k1, b = 1.2, 0.75  # Builder's defaults, as CatalogueBuilder uses them
    names: list[str] = []
    ids: dict[str, int] = {}
    lengths, distinct, tids, tfs = array("q"), array("q"), array("q"), array("q")
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
        tids.extend(array("q", [mapping[i] for i in c_tids]))
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
