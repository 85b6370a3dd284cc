"""An organisation's identity fields: each mistake is one problem, at its file and line, in words a learning
officer can act on; the sample organisations show every field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogues import FIXTURES, REPO
from oerbank.pipeline import check

ORG = "organisations/acme-arts.yml"


def _with(tmp_path: Path, lines: str) -> list:
    root = tmp_path / "catalogue"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURES / "validate" / "good", root)
    path = root / ORG
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")
    return [p for p in check(root)[1].problems if p.file == ORG]


def _line_of(tmp_path: Path, field: str) -> int:
    text = (tmp_path / "catalogue" / ORG).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(text, 1) if line.startswith(f"{field}:"))


def test_a_low_contrast_colour_is_refused_with_the_nearest_readable_colour(tmp_path: Path) -> None:
    problems = _with(tmp_path, 'colour: "#3d85c6"\n')
    assert [(p.file, p.line, p.field, p.code, p.severity) for p in problems] == [
        (ORG, _line_of(tmp_path, "colour"), "colour", "low-contrast-colour", "error")]
    assert problems[0].message == ("Text on colour #3d85c6 would be hard to read: white text on it has a contrast of "
                                   "3.9 to 1 and dark text 4.1 to 1, and text needs at least 4.5 to 1 (WCAG AA).")
    assert problems[0].hint == ('Use colour: "#488cc9" instead, the nearest colour that dark text can be read on '
                                "(4.5 to 1), or choose another shade of your brand colour.")


def test_following_the_hint_passes(tmp_path: Path) -> None:
    assert _with(tmp_path, 'colour: "#488cc9"\n') == []


@pytest.mark.parametrize("colour", ["#0B4F6C", "#f2c230", "#1a7f37", "#000000", "#ffffff"])
def test_a_colour_that_white_or_dark_text_reads_on_passes(tmp_path: Path, colour: str) -> None:
    assert _with(tmp_path, f'colour: "{colour}"\n') == []


def test_a_colour_not_written_as_a_code(tmp_path: Path) -> None:
    problems = _with(tmp_path, "colour: navy blue\n")
    assert [(p.line, p.code) for p in problems] == [(_line_of(tmp_path, "colour"), "invalid-colour")]
    assert problems[0].message == "'colour: navy blue' is not a colour code: write # and six letters or digits (0-9, a-f)."


def test_an_unquoted_colour_is_a_comment_and_the_hint_quotes_it(tmp_path: Path) -> None:
    problems = _with(tmp_path, "colour: #1a7f37\n")
    assert [(p.line, p.code, p.hint) for p in problems] == [
        (_line_of(tmp_path, "colour"), "yaml-comment-in-value", 'Put the whole value in double quotes: "#1a7f37"')]


def test_a_logo_needs_its_description(tmp_path: Path) -> None:
    problems = _with(tmp_path, "logo: https://www.acme-arts.example/logo.png\n")
    assert [(p.line, p.field, p.code, p.message) for p in problems] == [
        (_line_of(tmp_path, "logo"), "logo_alt", "missing-logo-alt",
         "There is a logo but no logo_alt describing it for people who can't see it.")]
    assert _with(tmp_path, "logo: https://www.acme-arts.example/logo.png\nlogo_alt: Acme Arts in red letters\n") == []


@pytest.mark.parametrize("written", ["learning@acme-arts.example", "0131 496 0000", "+44 20 7946 0318",
                                     "https://www.acme-arts.example/schools/book"])
def test_bookings_by_email_phone_or_https(tmp_path: Path, written: str) -> None:
    assert _with(tmp_path, f"bookings: {written}\n") == []


@pytest.mark.parametrize("written,message", [
    ("ring the office", "'bookings: ring the office' is not an email address, a phone number or an https:// web "
                        "address."),
    ("http://www.acme-arts.example/book", "'bookings: http://www.acme-arts.example/book' starts with http://; a "
                                          "booking page must use https:// so schools' details stay private."),
])
def test_anything_else_as_bookings_is_refused(tmp_path: Path, written: str, message: str) -> None:
    problems = _with(tmp_path, f"bookings: {written}\n")
    assert [(p.line, p.code, p.message) for p in problems] == [(_line_of(tmp_path, "bookings"), "invalid-bookings",
                                                                message)]


def test_nations_and_links(tmp_path: Path) -> None:
    problems = _with(tmp_path, "nations: [england, cornwall]\nlinks:\n  - https://www.instagram.com/acme\n"
                               "  - http://www.facebook.com/acme\n")
    assert sorted((p.line, p.field, p.code) for p in problems) == [
        (_line_of(tmp_path, "nations"), "nations", "not-in-vocabulary"),
        (_line_of(tmp_path, "links") + 2, "links", "insecure-url")]
    vocabulary, link = sorted(problems, key=lambda p: p.line)
    assert vocabulary.hint == "Use one of: england, scotland, wales, northern-ireland."
    assert link.message == ("'http://www.facebook.com/acme' in links starts with http://; the links listed "
                                   "here must use https://.")


def test_every_sample_organisation_has_a_logo_colour_and_bookings() -> None:
    catalogue, report = check(REPO)
    assert report.problems == []
    assert len(catalogue.organisations) == 16
    for org in catalogue.organisations:
        missing = [f for f in ("logo", "logo_alt", "colour", "bookings", "nations") if not org.data[f]]
        assert missing == [], org.id
        assert org.data["logo"].startswith("https://"), org.id
