"""lunr's own Builder, fed lunr.js's pipeline: the reference the site's search index is tested against.

The site builds its index with `oerbank.search.index.catalogue_terms`, which computes the same
postings from flat arrays of counts; at 100,000 resources lunr's Builder would hold gigabytes.
This module keeps the Builder route for the tests (and scripts/bench_search.py) to compare
against: `terms_with_postings(build(docs))` must equal `catalogue_terms(docs)`.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from typing import Sequence

from lunr.builder import Builder
from lunr.idf import idf as Idf
from lunr.stop_word_filter import stop_word_filter
from lunr.vector import Vector

from oerbank.search import lunrjs
from oerbank.search.documents import FIELDS, SearchDoc
from oerbank.parallel import map_chunks, unwrap
from oerbank.search.index import CHUNK, PARALLEL_FROM, Term, _title, js_order


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
    for doc, counts in zip(docs, count_terms(docs, jobs), strict=True):
        builder.add_counts(str(doc.number), counts)
    builder.vectors()
    return builder



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
