"""What contributed text may hold: formula warnings, markup, web address characters, hidden characters."""

from __future__ import annotations

import pytest

from oerbank.safety import (character_name, encode_url, formula_worth_warning, hidden_characters, html_markup,
                            looks_like_formula, unsafe_url_characters)


@pytest.mark.parametrize("text, title, warn", [
    ("=SUM(A1)", False, True), ("=SUM(A1)", True, True),
    ("-5 degrees", False, False), ("+44 20 7946 0000", False, False), ("- a list", False, False),
    ("-.5 of a turn", False, False), ("-", False, False),
    ("-ve numbers", False, True), ("+cmd", False, True),
    ("@home: copper tokens", True, False), ("@home learning", False, True),
    ("Masks", False, False), ("", False, False),
])
def test_formula_warnings(text: str, title: bool, warn: bool) -> None:
    assert formula_worth_warning(text, title=title) is warn


def test_the_export_rule_stays_strict() -> None:
    assert all(looks_like_formula(t) for t in ("-5 degrees", "+44", "@home", "=1", "\t=1"))


@pytest.mark.parametrize("text, found", [
    ("I can compare decimals using < and >.", None), ("Fish & chips <3", None), ("x<5", None), ("3 <= 5", None),
    ("a -> b", None), ("<<", None),
    ("Masks <b>new</b>", "<b>"), ("end</p>", "</p>"), ("<script", "<script"),
    ("a face<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"), ("<!-- note -->", "<!-- note -->"),
])
def test_markup_is_a_tag_name_straight_after_the_bracket(text: str, found: str | None) -> None:
    assert html_markup(text) == found


def test_web_address_characters() -> None:
    url = "https://a.example/clay masks<b>\\{x}|^`'\""
    assert unsafe_url_characters(url) == "a space, '<', '>', '\\', '{', '}', '|', '^', '`', ''' and '\"'"
    assert encode_url(url) == "https://a.example/clay%20masks%3Cb%3E%5C%7Bx%7D%7C%5E%60%27%22"
    assert unsafe_url_characters("https://a.example/clay%20masks?x=(1)&y=%C5%B5#top") == ""
    assert unsafe_url_characters("https://cy.example/Tŷ_Pawb") == ""


def test_hidden_characters() -> None:
    assert hidden_characters("a\tb\nc", allow_tab_newline=True) == []
    assert hidden_characters("a\tb", allow_tab_newline=False) == [(1, "\t")]
    assert hidden_characters("x\u202ey\x1bz\u200d\u00a0") == [(1, "\u202e"), (3, "\x1b")]
    assert hidden_characters("\u0627\u0644\u062e\u0637 \u05d0") == []
    assert character_name("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert character_name("\x1b") == "U+001B (a control character)"
