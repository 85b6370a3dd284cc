"""What write_search writes: the files, their contents, their sizes, and the shards adding up to lunr's index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from oerbank.schema import load_schema
from oerbank.search import search_files, write_search
from oerbank.search.codec import decode_ints, encode_ints
from oerbank.search.documents import FIELDS, markdown_text, search_documents
from oerbank.search.index import catalogue_terms
from reference_index import build, terms_with_postings
from search_harness import node
from synthetic_catalogue import synthetic_catalogue


def read(site: Path, rel: str) -> Any:
    return json.loads((site / "search" / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def written(fixture_catalogue: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    site = tmp_path_factory.mktemp("site")
    return site, write_search(fixture_catalogue, site)


def test_writes_its_files_under_search_and_returns_them(written: tuple[Path, list[Path]]) -> None:
    site, paths = written
    assert all(p.is_file() and p.relative_to(site / "search") for p in paths)
    names = {p.relative_to(site / "search").as_posix() for p in paths}
    assert {"docs.json", "title-order.json", "index/0.json", "docs/0.json", "facets/key_stage.json"} <= names
    assert names == {p.relative_to(site / "search").as_posix() for p in (site / "search").rglob("*") if p.is_file()}


def test_rewriting_removes_stale_files(fixture_catalogue: Any, tmp_path: Path) -> None:
    (tmp_path / "search" / "index").mkdir(parents=True)
    (tmp_path / "search" / "index" / "99.json").write_text("{}")
    write_search(fixture_catalogue, tmp_path)
    assert not (tmp_path / "search" / "index" / "99.json").exists()


def test_documents_are_numbered_newest_first(written: tuple[Path, list[Path]], fixture_catalogue: Any) -> None:
    site, _ = written
    manifest = read(site, "docs.json")
    assert manifest["count"] == 8
    chunks = -(-manifest["count"] // manifest["chunk"])
    rows = [row for n in range(chunks) for row in read(site, f"docs/{n}.json")]
    assert len(rows) == 8
    dates = {r.data["id"]: r.data["published"] for r in fixture_catalogue.resources}
    assert [dates[row[0]] for row in rows] == sorted(dates.values(), reverse=True)
    # A card's words are in its row, so the first results need no facet column.
    assert rows[0] == ["tern-theatre/devising-for-gcse", "Devising for GCSE Drama",
                       "A scheme of work on devising theatre from a stimulus, written with drama teachers.",
                       "Scheme of work", "Key Stage 4 (ages 14–16), Key Stage 5 (ages 16–18)", "", "free", "Free",
                       "Tern Theatre Company"]
    ranks = decode_ints(read(site, "title-order.json"))
    titles = [row[1] for row in rows]
    assert [t for _, t in sorted(zip(ranks, titles, strict=True))] == sorted(titles, key=str.casefold)


def test_facet_columns_hold_every_documents_values_with_vocabulary_labels(
        written: tuple[Path, list[Path]], fixture_catalogue: Any) -> None:
    site, _ = written
    manifest = read(site, "docs.json")
    schema = load_schema()
    facets = with_filters(site)
    assert list(facets) == ["key_stage", "scotland_stage", "wales_stage", "northern_ireland_stage", "subject", "art_form", "resource_type", "cost", "licence", "delivery",
                            "audience", "accessibility", "language", "organisation", "region"]
    ks = facets["key_stage"]
    assert ks["title"] == schema.vocabularies["key_stages"].title
    assert ks["values"][0] == ["ks1", schema.vocabularies["key_stages"].label("ks1")]
    assert [v[0] for v in ks["values"]] == [k for k in schema.vocabularies["key_stages"].keys
                                            if k in {"ks1", "ks2", "ks3", "ks4", "ks5"}]
    assert facets["language"]["values"] == [["en", None], ["cy", None], ["gd", None]]  # most used first
    assert [v[1] for v in facets["organisation"]["values"]] == [
        "Glen Chamber Orchestra", "Ropemakers' Museum", "Tern Theatre Company"]

    rows = [row for n in range(-(-manifest["count"] // manifest["chunk"])) for row in read(site, f"docs/{n}.json")]
    records = {r.data["id"]: r.data for r in fixture_catalogue.resources}
    for param, field in [("key_stage", "key_stages"), ("subject", "subjects"), ("cost", "cost"),
                         ("accessibility", "accessibility"), ("language", "languages"),
                         ("organisation", "organisation")]:
        f = facets[param]
        column = decode_ints(read(site, f"facets/{param}.json"))
        assert len(column) == 8
        for doc, row in enumerate(rows):
            values = {f["values"][i][0] for i in f["sets"][column[doc]]}
            expected = records[row[0]][field]
            assert values == set(expected if isinstance(expected, list) else [expected]), (param, row[0])
    # the region comes from the organisation
    org, region = facets["organisation"], facets["region"]
    assert region["from"] == "organisation"
    by_org = {v[0]: {region["values"][i][0] for i in region["sets"][region["map"][n]]}
              for n, v in enumerate(org["values"])}
    assert by_org == {"glen-orchestra": {"scotland"}, "ropemakers-museum": {"north-west"}, "tern-theatre": {"wales"}}


def test_each_nation_has_a_stage_column_worked_out_from_the_key_stages(
        written: tuple[Path, list[Path]], fixture_catalogue: Any) -> None:
    """Where do you teach? The page shows the chosen nation's column as its stage facet."""
    site, _ = written
    manifest = read(site, "docs.json")
    assert manifest["nations"] == [
        {"key": "england", "label": "England", "param": "key_stage"},
        {"key": "scotland", "label": "Scotland", "param": "scotland_stage"},
        {"key": "wales", "label": "Wales", "param": "wales_stage"},
        {"key": "northern-ireland", "label": "Northern Ireland", "param": "northern_ireland_stage"}]
    facets = with_filters(site)
    assert facets["key_stage"]["nation"] == "england"
    scotland = facets["scotland_stage"]
    assert scotland["nation"] == "scotland" and scotland["title"] == "Curriculum for Excellence level"
    assert ["scotland-second-level", "Second level (P5–P7)"] in scotland["values"]
    rows = read(site, "docs/0.json")
    column = decode_ints(read(site, "facets/scotland_stage.json"))
    devising = next(n for n, row in enumerate(rows) if row[0] == "tern-theatre/devising-for-gcse")
    stages = {r.data["id"]: r.data["key_stages"] for r in fixture_catalogue.resources}["tern-theatre/devising-for-gcse"]
    assert stages == ["ks4", "ks5"]
    assert {scotland["values"][i][0] for i in scotland["sets"][column[devising]]} == {
        "scotland-third-level", "scotland-fourth-level", "scotland-senior-phase"}


def with_filters(site: Path) -> dict[str, dict[str, Any]]:
    """The manifest's facets by parameter, each with its values from filters.json, as the page joins them."""
    filters = read(site, "filters.json")
    return {f["param"]: f | filters[f["param"]] for f in read(site, "docs.json")["facets"]}


def test_the_manifest_names_the_filters_and_their_values_come_after(written: tuple[Path, list[Path]]) -> None:
    """What a first search needs comes first: the filters' values and combinations, most of the
    manifest's bytes at 10,000 resources, are in filters.json, which the page loads after the first results."""
    site, _ = written
    manifest, filters = read(site, "docs.json"), read(site, "filters.json")
    stages = [f for f in manifest["facets"] if f["name"].startswith("stages:")]
    assert [f["nation"] for f in stages] == ["scotland", "wales", "northern-ireland"]
    # a result card in Scotland, Wales or Northern Ireland names that nation's stages: they come first
    assert all(set(f) == {"name", "param", "title", "nation", "values", "sets"} for f in stages)
    assert ["scotland-second-level", "Second level (P5–P7)"] in stages[0]["values"]
    others = [f for f in manifest["facets"] if f not in stages]
    assert {"name", "param", "title", "nation"} == set(others[0]) and not any(
        {"values", "sets", "map"} & set(f) for f in others)
    assert list(filters) == [f["param"] for f in manifest["facets"]]
    assert all(filters[f["param"]] == {} for f in stages)  # not sent twice
    assert filters["cost"]["values"] == [["free", "Free"], ["free-registration", "Free with registration"], ["paid", "Paid"]]
    assert set(filters["region"]) == {"values", "sets", "map"}


def test_markdown_is_indexed_as_words() -> None:
    text = markdown_text("The **key** to [our photographs](https://x.example/a_(b)) is _care_.\n\n"
                         "[ref]: https://x.example/\n<span>tag</span> ![a rope](r.png) &amp; `code`")
    assert "https" not in text and "span" not in text and "*" not in text and "_" not in text
    assert text.split() == ["The", "key", "to", "our", "photographs", "is", "care", ".", "tag", "a", "rope",
                            "&", "code"]


def test_codec_round_trips() -> None:
    values = [0, 1, 44, 45, 2024, 2025, 91124, 91125, 10**9, 7]
    text = encode_ints(values)
    assert decode_ints(text) == values
    assert '"' not in text and "\\" not in text
    assert len(encode_ints(range(45))) == 45  # small numbers take one character
    # the characters the page's decoder reads (written by the first version of the codec)
    assert encode_ints([0, 44, 45, 2024, 2025, 91124, 91125, 10**6]) == "#OQ#}OQP#}}OQPP#Z|v-"
    assert encode_ints([2025, 91124]) == "QP#}}O"  # the table's path, largest under 45**3
    # lists whose largest number takes two, three or more characters are encoded by different paths
    for values in ([3, 2024, 0], [2025, 91124, 0, 44], [91125, 45, 3], list(range(0, 200_000, 7))):
        assert decode_ints(encode_ints(values)) == values
        assert decode_ints(encode_ints(iter(values))) == values
    with pytest.raises(ValueError):
        encode_ints([-1])


def test_lunrjs_loads_from_the_shards_the_python_lunr_index_with_its_fields_summed(tmp_path: Path) -> None:
    catalogue = synthetic_catalogue(300, seed=3)
    files = search_files(catalogue, shard_postings=800)
    for name, text in files.items():
        (tmp_path / "search" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "search" / name).write_text(text, encoding="utf-8")
    manifest = read(tmp_path, "docs.json")
    assert len(manifest["shards"]) > 10
    assert manifest["lunr"]["fields"] == ["text"]
    assert manifest["lunr"]["indexed"] == dict(FIELDS)
    loaded = node("engine.js", {"site": str(tmp_path), "all": True, "loaded": True})["loaded"]

    docs = search_documents(catalogue.resources, catalogue.organisations)
    whole = build(docs, jobs=1).build().serialize()
    terms = {p["_index"]: t for t, p in whole["invertedIndex"]}
    expected: dict[str, dict[int, float]] = {t: {} for t in terms.values()}
    for ref, el in whole["fieldVectors"]:
        doc = int(ref.split("/")[1])
        for i in range(0, len(el), 2):
            expected[terms[el[i]]][doc] = expected[terms[el[i]]].get(doc, 0) + el[i + 1]

    assert set(loaded) == set(expected)
    assert sorted(loaded, key=lambda t: loaded[t][0]) == sorted(expected, key=lambda t: t.encode("utf-16-be"))
    for term, (_, postings) in loaded.items():
        assert dict(postings) == pytest.approx(expected[term], abs=1e-9), term


def test_postings_computed_without_lunrs_index_are_those_of_lunrs_field_vectors() -> None:
    """write_search computes the postings from flat arrays of term counts; they must be lunr's,
    weight for weight, whether the counting runs in one process or several."""
    docs = search_documents(*_parts(synthetic_catalogue(600, seed=4)))
    expected = [(t.term, t.postings) for t in terms_with_postings(build(docs, jobs=1))]
    assert len(expected) > 500
    for jobs in (1, 2):
        assert [(t.term, t.postings) for t in catalogue_terms(docs, jobs=jobs)] == expected, jobs
    assert catalogue_terms([], jobs=1) == []


def _parts(catalogue: Any) -> tuple[Any, Any]:
    return catalogue.resources, catalogue.organisations


QUERIES = ["pupils", "music ", "history of the ", "mas", "theatre school", "drawing day", "key stage",
           "play", "learn make", "sound gallery object", "the", "mask masks", "pupils m"]


def test_a_cold_search_loads_few_shards_and_ranks_as_one_lunr_query_on_the_whole_index(tmp_path: Path) -> None:
    catalogue = synthetic_catalogue(1000, seed=5)
    files = search_files(catalogue)
    for name, text in files.items():
        (tmp_path / "search" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "search" / name).write_text(text, encoding="utf-8")
    whole = build(search_documents(catalogue.resources, catalogue.organisations), jobs=1).build().serialize()
    (tmp_path / "whole.json").write_text(json.dumps(whole), encoding="utf-8")
    shards = len(read(tmp_path, "docs.json")["shards"])
    cold = node("engine.js", {"site": str(tmp_path), "queries": QUERIES, "cold": True})
    full = node("engine.js", {"site": str(tmp_path), "queries": QUERIES, "all": True,
                              "whole": str(tmp_path / "whole.json")})
    for q in QUERIES:
        assert cold["results"][q] == full["results"][q], q  # a cold page answers as a warm one
        assert cold["results"][q], f"{q!r} should find something"
        assert len(cold["shards"][q]) <= 4 < shards, q
        # the same documents with the same scores, up to the order floating point adds them in
        ours, lunrs = canonical(full["results"][q]), canonical(full["whole"][q])
        assert [d for d, _ in ours] == [d for d, _ in lunrs], q
        assert [s for _, s in ours] == pytest.approx([s for _, s in lunrs], rel=1e-9), q


def canonical(results: list[list[float]]) -> list[list[float]]:
    return sorted(results, key=lambda r: (-round(r[1], 9), r[0]))


def test_sizes_at_a_thousand_resources() -> None:
    """Regression guard on what a first search downloads (see tests/search/bench_search.py for more)."""
    files = search_files(synthetic_catalogue(1000, seed=1))
    gz = {name: len(gzip.compress(text.encode(), 6)) for name, text in files.items()}
    assert gz["docs.json"] < 2_500  # what the first search waits for
    assert gz["filters.json"] < 12_000
    assert sum(v for k, v in gz.items() if k.startswith("facets/")) < 15_000
    shards = sorted(v for k, v in gz.items() if k.startswith("index/"))
    assert shards[len(shards) // 2] < 60_000
    chunks = sorted(v for k, v in gz.items() if k.startswith("docs/"))
    assert chunks[-1] < 4_000


def test_an_empty_catalogue_still_writes_a_search(tmp_path: Path) -> None:
    class Empty:
        organisations: list[Any] = []
        resources: list[Any] = []

    write_search(Empty(), tmp_path)
    manifest = read(tmp_path, "docs.json")
    assert manifest["count"] == 0 and manifest["shards"] == []
