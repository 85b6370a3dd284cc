"""The YAML reader keeps each value as typed, with its line, and names every YAML surprise."""

from __future__ import annotations

import pickle

import pytest

from oerbank.yamlfile import pack, parse_mapping, unpack


def kinds(text: str) -> dict[str, tuple[str, int, str]]:
    fields, problems = parse_mapping(text, "x.yml")
    assert fields is not None and problems == []
    return {k: (e.plain(), e.line, e.kind) for k, e in fields.items()}


def test_values_stay_as_typed_with_what_yaml_would_make_of_them() -> None:
    assert kinds('a: no\nb: "no"\nc: 12:30\nd: 2024-02-30\ne: 1984\nf: 1.5\ng: ~\nh:\ni: text\n') == {
        "a": ("no", 1, "bool"), "b": ("no", 2, "str"), "c": ("12:30", 3, "int"),
        "d": ("2024-02-30", 4, "timestamp"), "e": ("1984", 5, "int"), "f": ("1.5", 6, "float"),
        "g": (None, 7, "null"), "h": (None, 8, "null"), "i": ("text", 9, "str")}


def test_list_items_and_block_text_know_their_lines() -> None:
    fields, _ = parse_mapping("subjects:\n  - music\n  - no\ndescription: |\n  line one\n  line two\n", "x.yml")
    assert fields is not None
    assert [(i.value, i.line, i.kind) for i in fields["subjects"].value] == [("music", 2, "str"), ("no", 3, "bool")]
    assert (fields["description"].line, fields["description"].value_line) == (4, 5)


def test_json_view_is_what_an_editor_sees() -> None:
    fields, _ = parse_mapping("a: 60\nb: 2024-01-02\nc: [x, 1]\nd: true\ne: no\n", "x.yml")
    assert {k: e.json() for k, e in fields.items()} == {"a": 60, "b": "2024-01-02", "c": ["x", 1], "d": True,
                                                        "e": "no"}


def test_a_line_offset_moves_every_line() -> None:
    fields, problems = parse_mapping("title: a\ntitle: b\n", "r.md", line_offset=1)
    assert fields is not None and fields["title"].line == 2
    assert [(p.line, p.code, p.message) for p in problems] == [
        (3, "duplicate-key", "The field 'title' is written twice (also on line 2).")]


@pytest.mark.parametrize("text,code,line", [
    ("", "empty-record", 1),
    ("# only a comment\n", "empty-record", 1),
    ("- a\n- b\n", "not-a-mapping", 1),
    ("just words\n", "not-a-mapping", 1),
    ("a: 1\nb: [1, 2\nc: 3\n", "yaml-syntax", 2),
    ("a: 1\n  b: 2\n", "yaml-syntax", 2),
    ("a: 'it's'\n", "yaml-syntax", 1),
    ("a: " + "[" * 2000 + "]" * 2000, "too-deeply-nested", 1),
])
def test_unusable_text_gives_one_problem_and_no_fields(text: str, code: str, line: int) -> None:
    fields, problems = parse_mapping(text, "x.yml")
    assert fields is None
    assert [(p.code, p.line) for p in problems] == [(code, line)]


def test_aliases_are_reported_once_and_never_expanded() -> None:
    fields, problems = parse_mapping("a: &x [1, 2]\nb: *x\nc: *x\n", "x.yml")
    assert fields is not None and fields["b"].kind == "null" and fields["c"].kind == "null"
    assert [(p.code, p.line, p.field) for p in problems] == [("yaml-alias", 2, "b")]


def test_a_trailing_empty_document_is_fine_but_fields_after_a_second_dashes_line_are_not() -> None:
    assert parse_mapping("a: 1\n---\n", "x.yml")[1] == []
    fields, problems = parse_mapping("a: 1\n---\nb: 2\n", "x.yml")
    assert fields is not None and list(fields) == ["a"]
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", 2)]


def test_packed_fields_survive_pickling_unchanged() -> None:
    fields, _ = parse_mapping("a: no\nb: [x, [y]]\nc: {d: 1}\ndescription: |\n  t\n", "x.yml")
    again = unpack(pickle.loads(pickle.dumps(pack(fields))))
    assert again == fields and again["description"].value_line == 5
