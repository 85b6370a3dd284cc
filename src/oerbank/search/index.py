"""Build the lunr index in Python and cut it into shards by term, so a query loads only its terms.

lunr scores a document by the dot product of the query vector with the document's field
vectors, and a query vector only has entries for the query's terms. So a lunr index restricted
to some terms (their postings, and only their entries in the field vectors) scores a query
over those terms exactly as the whole index does. Shards are runs of terms in sorted order,
balanced by size; the browser loads the shards holding a query's terms (and, for the word
being typed, the terms it begins), merges them into one lunr.Index and lets lunr.js search.

A shard file is compact JSON (see `shard_payload`) that search.js decodes into lunr's own
structures (invertedIndex postings and lunr.Vector field vectors). Weights are lunr's BM25
field-vector values, computed here by lunr's Builder, which rounds them to three decimals.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from lunr.builder import Builder
from lunr.idf import idf as Idf
from lunr.vector import Vector
from lunr.stop_word_filter import stop_word_filter

from . import lunrjs
from .codec import encode_ints
from .documents import FIELDS, SearchDoc

PARALLEL_FROM = 4000  # below this, starting processes costs more than it saves


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


def _count(texts: dict[str, str]) -> dict[str, tuple[Counter[str], int]]:
    out = {}
    for name, _ in FIELDS:
        terms = lunrjs.terms(texts[name])
        out[name] = (Counter(terms), len(terms))
    return out


def _count_chunk(chunk: list[dict[str, str]]) -> list[dict[str, tuple[Counter[str], int]]]:
    return [_count(t) for t in chunk]


def count_terms(docs: list[SearchDoc], jobs: int | None = None) -> list[dict[str, tuple[Counter[str], int]]]:
    """Term frequencies of every field of every document, in processes for large catalogues."""
    texts = [d.texts for d in docs]
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(docs) >= PARALLEL_FROM else 1
    if jobs <= 1:
        return _count_chunk(texts)
    import multiprocessing

    size = max(100, len(texts) // (jobs * 4))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    methods = multiprocessing.get_all_start_methods()
    with multiprocessing.get_context("fork" if "fork" in methods else None).Pool(jobs) as pool:
        return [c for part in pool.imap(_count_chunk, chunks) for c in part]


def build(docs: list[SearchDoc], jobs: int | None = None) -> CatalogueBuilder:
    """A lunr builder holding the whole catalogue, with its field vectors computed."""
    builder = CatalogueBuilder()
    for doc, counts in zip(docs, count_terms(docs, jobs)):
        builder.add_counts(str(doc.number), counts)
    builder.vectors()
    return builder


@dataclass
class Term:
    term: str
    postings: list[list[tuple[int, int]]]  # per field: (document, weight * 1000), by document
    size: int  # number of postings, to balance shards


def terms_with_postings(builder: CatalogueBuilder) -> list[Term]:
    """Every term, in JavaScript's sort order, with its postings read off lunr's field vectors."""
    field_names = [name for name, _ in FIELDS]
    field_pos = {name: i for i, name in enumerate(field_names)}
    by_index: dict[int, list[list[tuple[int, int]]]] = defaultdict(lambda: [[] for _ in field_names])
    for field_ref, vector in builder.field_vectors.items():
        field_name, ref = field_ref.split("/", 1)
        pos, doc = field_pos[field_name], int(ref)
        el = vector.elements
        for k in range(0, len(el), 2):
            by_index[el[k]][pos].append((doc, round(el[k + 1] * 1000)))
    out = []
    for term in sorted(builder.inverted_index, key=js_order):
        per_field = by_index[builder.inverted_index[term]["_index"]]
        for postings in per_field:
            postings.sort()
        out.append(Term(term, per_field, sum(len(p) for p in per_field)))
    return out


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

    `counts`: for each term, for each field, how many postings; `docs`: the postings'
    documents, as gaps from the previous one of the same term and field; `weights`: lunr's
    field-vector value of each posting, times 1000. Term i of the shard is term number
    `first + i` of the whole index (lunr's term index, used in its field vectors).
    """
    counts, docs, weights = [], [], []
    for t in terms:
        for postings in t.postings:
            counts.append(len(postings))
            last = 0
            for doc, weight in postings:
                docs.append(doc - last)
                weights.append(weight)
                last = doc
    return {"first": first_index, "terms": [t.term for t in terms], "counts": encode_ints(counts),
            "docs": encode_ints(docs), "weights": encode_ints(weights)}
