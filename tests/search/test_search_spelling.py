"""What the search needs to read teachers' words: the synonyms vocabulary, the term lists that
forgive typos, and vocabulary labels as searchable text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from oerbank.export.fieldref import field_reference_markdown
from oerbank.schema import load_schema
from oerbank.search import lunrjs, write_search
from oerbank.search.codec import decode_ints
from oerbank.search.documents import search_documents


def read(site: Path, rel: str) -> Any:
    return json.loads((site / "search" / rel).read_text(encoding="utf-8"))


def test_every_key_stage_a_synonym_names_exists_and_no_words_mean_two_things() -> None:
    vocab = load_schema().vocabularies
    stages = set(vocab["key_stages"].keys)
    seen: dict[tuple[str, ...], str] = {}
    for term in vocab["synonyms"].terms:
        assert set(term.extra.get("key_stages", [])) <= stages, term.key
        assert term.extra["words"], term.key
        for word in term.extra["words"]:
            stems = tuple(lunrjs.stem(lunrjs.trim(t)) for t in lunrjs.tokenize(word))
            assert seen.setdefault(stems, term.key) == term.key, f"{word!r} is in {seen[stems]} and {term.key}"


def test_year_groups_map_to_the_key_stage_of_their_ages() -> None:
    """Year N starts at age N + 4 in England; the key stages vocabulary gives each stage's ages."""
    vocab = load_schema().vocabularies
    ages = {t.key: t.extra["ages"] for t in vocab["key_stages"].terms}
    for year in range(1, 14):
        term = vocab["synonyms"].term(f"year-{year}")
        assert term is not None and f"year {year}" in term.extra["words"]
        [stage] = term.extra["key_stages"]
        assert ages[stage][0] <= year + 4 < ages[stage][1], (year, stage)


def test_teachers_words_for_stages_and_exams_are_in_the_vocabulary() -> None:
    synonyms = load_schema().vocabularies["synonyms"].terms
    meaning = {w: t.extra.get("key_stages", []) for t in synonyms for w in t.extra["words"]}
    assert meaning["reception"] == ["eyfs"]
    assert meaning["p5"] == ["ks2"] and meaning["p2"] == ["ks1"] and meaning["s2"] == ["ks3"] and meaning["s5"] == ["ks5"]
    assert meaning["gcse"] == ["ks4"] and meaning["a level"] == ["ks5"] and meaning["btec"] == ["ks5"]
    assert meaning["primary"] == ["ks1", "ks2"] and meaning["secondary"] == ["ks3", "ks4"]
    assert meaning["sixth form"] == ["ks5"] and meaning["progression step 3"] == ["ks2"]
    same = {w: t.key for t in synonyms for w in t.extra["words"]}
    assert same["teacher pack"] == same["education pack"] == same["teachers' notes"]
    assert same["visit"] == same["trip"] == same["tour"]
    assert same["colour"] == same["color"]


def test_the_field_reference_shows_the_synonyms() -> None:
    text = field_reference_markdown()
    assert "## Search synonyms" in text
    assert "| `year-4` | Year 4 | year 4, y4, yr 4, yr4, year4 | Key Stage 2 (ages 7–11) |" in text
    assert "| `asking-for-resources` | Asking for resources | lesson on, lessons on," in text
    assert "| None: these words never narrow the results, they only help order them |" in text
    assert ("The search also reads each key stage's ages, from the key stages vocabulary: “ages 7-11”, "
            "“ages 7 to 11”") in text


def test_the_search_manifest_carries_the_synonyms_and_the_letters_with_term_lists(
        fixture_catalogue: Any, tmp_path: Path) -> None:
    write_search(fixture_catalogue, tmp_path)
    manifest = read(tmp_path, "docs.json")
    assert [["year 4", "y4", "yr 4", "yr4", "year4"], ["ks2"]] in manifest["synonyms"]
    # from the key stages vocabulary's ages; "aged 7-11" stems as "ages 7-11" does, so it is not sent twice
    assert [["ages 7-11", "ages 7 to 11", "7-11 year olds", "7 to 11 year olds"], ["ks2"]] in manifest["synonyms"]
    asking = [entry for entry in manifest["synonyms"] if len(entry) == 3]
    assert len(asking) == 1 and asking[0][1:] == [[], 0] and "resources for teaching" in asking[0][0]
    letters = sorted(p.stem for p in (tmp_path / "search" / "terms").glob("*.json"))
    assert manifest["spelling"] == "".join(letters)
    b = read(tmp_path, "terms/b.json")
    i = b["terms"].index("bowlin")  # the stem of "bowline", found in one description
    assert b["words"][i].split("|")[0] == "bowline"
    assert list(decode_ints(b["counts"]))[i] == 1
    assert len(b["terms"]) == len(b["words"]) == len(decode_ints(b["counts"]))


def test_vocabulary_labels_are_searchable_text(fixture_catalogue: Any) -> None:
    docs = search_documents(fixture_catalogue.resources, fixture_catalogue.organisations)
    walk = next(d for d in docs if d.data["id"] == "ropemakers-museum/measuring-the-rope-walk")
    assert walk.texts["labels"] == "activity Activity school-visit School visit ks2 heritage Heritage maths Maths history History"
