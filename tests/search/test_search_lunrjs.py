"""The index Python builds is the index lunr.js would build, and lunr.js finds what it should in it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from lunr.builder import Builder
from lunr.stemmer import stemmer as python_lunr_stemmer
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from oerbank.pipeline import check
from oerbank.search import lunrjs
from oerbank.search.documents import FIELDS, search_documents
from reference_index import CatalogueBuilder, build
from search_harness import PROJECT, node


@pytest.fixture(scope="module")
def sample_docs() -> list[Any]:
    catalogue, _ = check(PROJECT)
    assert len(catalogue.resources) > 100
    return search_documents(catalogue.resources, catalogue.organisations)


def js_docs(docs: list[Any]) -> list[dict[str, str]]:
    return [{"ref": str(d.number), **d.texts} for d in docs]


def test_python_lunr_stems_key_play_day_unlike_lunrjs_and_ours_does_not() -> None:
    old = [python_lunr_stemmer(Token(w)).string for w in ("key", "play", "day")]
    assert old == ["kei", "plai", "dai"]  # the bug this module exists for
    assert [lunrjs.stem(w) for w in ("key", "play", "day")] == ["key", "play", "day"]
    assert node("pipeline.js", ["key play day"]) == [["key", "play", "day"]]


def test_stemmer_trimmer_and_tokenizer_agree_with_lunrjs_word_for_word(sample_docs: list[Any]) -> None:
    texts = [t for d in sample_docs for t in d.texts.values()]
    texts += [
        "cry say lay try yelling happiness generalization relational agreed hopping filing",
        "Ainmean-àite café naïve œuvre straße Ærø ΟΔΟΣ İstanbul",  # JavaScript's \\W is ASCII-only
        "don't o'neill's, “quoted” (brackets) — dashes – 3.5 1,000 e-mail co‑op",
        "emoji 🎭 masks🎭 a😀y tab\there\u00a0nbsp\u2003em\u2028line\ufeffbom\x1cfs",
        "yy ying yes youth yesterday",
    ]
    python = [lunrjs.terms(t) for t in texts]
    assert python == node("pipeline.js", texts)


def test_term_lists_match_lunrjs_on_the_sample_catalogue(sample_docs: list[Any]) -> None:
    ours = build(sample_docs, jobs=1)
    theirs = node("build.js", {"fields": [list(f) for f in FIELDS], "docs": js_docs(sample_docs)})
    python_index = dict(_serialized(ours)["invertedIndex"])
    js_index = dict(theirs["invertedIndex"])
    assert sorted(python_index) == sorted(js_index)
    # the same documents have each term in the same fields
    for term, posting in js_index.items():
        for name, _ in FIELDS:
            assert sorted(python_index[term][name]) == sorted(posting[name]), (term, name)
    # and the same field vectors, term by term (weights as lunr.js rounds them)
    js_terms = {posting["_index"]: term for term, posting in js_index.items()}
    py_terms = {posting["_index"]: term for term, posting in python_index.items()}
    js_vectors = {ref: _by_term(el, js_terms) for ref, el in theirs["fieldVectors"]}
    py_vectors = {ref: _by_term(el, py_terms) for ref, el in _serialized(ours)["fieldVectors"]}
    assert js_vectors.keys() == py_vectors.keys()
    for ref, vector in js_vectors.items():
        assert vector.keys() == py_vectors[ref].keys(), ref
        for term, weight in vector.items():
            assert py_vectors[ref][term] == pytest.approx(weight, abs=0.0015), (ref, term)


def test_counting_terms_in_bulk_builds_what_lunr_builder_add_builds(sample_docs: list[Any]) -> None:
    docs = sample_docs[:40]
    stock = Builder()
    stock.ref("ref")
    for name, boost in FIELDS:
        stock.field(name, boost=boost)
    stock.pipeline.add(lunrjs.trimmer, stop_word_filter, lunrjs.stemmer)
    stock.search_pipeline.add(lunrjs.stemmer)
    stock.metadata_whitelist = []
    for d in js_docs(docs):
        stock.add(d)
    expected = stock.build().serialize()
    fast = build(docs, jobs=1)
    assert _serialized(fast)["invertedIndex"] == expected["invertedIndex"]
    assert _serialized(fast)["fieldVectors"] == expected["fieldVectors"]
    assert expected["pipeline"] == ["stemmer"]


@pytest.mark.parametrize("word", ["key", "play", "day"])
def test_lunrjs_loading_the_python_index_finds_key_play_and_day(sample_docs: list[Any], word: str) -> None:
    index = _serialized(build(sample_docs, jobs=1))
    found = node("query.js", {"index": index, "queries": [word]})[word]
    containing = {str(d.number) for d in sample_docs
                  if any(re.search(rf"(?<![\w'’-]){word}(?![\w'’-])", t, re.I) for t in d.texts.values())}
    assert containing, f"the sample catalogue should use the word {word!r}"
    assert containing <= set(found)


def _serialized(builder: CatalogueBuilder) -> dict[str, Any]:
    return builder.build().serialize()


def _by_term(elements: list[float], terms: dict[int, str]) -> dict[str, float]:
    return {terms[int(elements[i])]: elements[i + 1] for i in range(0, len(elements), 2)}


def test_the_vendored_lunr_is_lunr_2_3_9_from_npm_with_its_licence() -> None:
    vendored = (PROJECT / "src" / "oerbank" / "assets" / "vendor" / "lunr.min.js").read_bytes()
    assert vendored.startswith(b"/**\n * lunr - http://lunrjs.com - A bit like Solr, but much smaller and not as bright - 2.3.9")
    assert b"@license MIT" in vendored[:300]
    node("pipeline.js", [])  # fails with instructions if Node or node_modules is missing
    assert vendored == (PROJECT / "node_modules" / "lunr" / "lunr.min.js").read_bytes()
    assert (PROJECT / "src" / "oerbank" / "assets" / "vendor" / "lunr.LICENSE.txt").read_text().startswith("Copyright")
