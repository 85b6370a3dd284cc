"""Brand colours kept readable (WCAG 2 contrast) and bookings read as links."""

from __future__ import annotations

import pytest

from oerbank.identity import AA, DARK, WHITE, booking, contrast, nearest_readable, ratio_text, text_on


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes AA on white
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert contrast("#1a7f37", WHITE) == contrast(WHITE, "#1a7f37")


@pytest.mark.parametrize("colour,text", [("#0b4f6c", WHITE), ("#1a7f37", WHITE), ("#f2c230", DARK), ("#ffd166", DARK)])
def test_the_text_on_a_colour_is_the_one_that_reads(colour: str, text: str) -> None:
    assert text_on(colour).text == text
    assert text_on(colour).passes


@pytest.mark.parametrize("colour", ["#808080", "#3a8f4c", "#4a7fb0", "#e0533d", "#2e86c1"])
def test_the_suggestion_is_a_near_shade_that_passes(colour: str) -> None:
    assert not text_on(colour).passes
    better = nearest_readable(colour)
    assert text_on(better).ratio >= AA
    # a shade of the same colour, not black or white: each channel moves by less than a fifth
    assert all(abs(int(colour[i:i + 2], 16) - int(better[i:i + 2], 16)) < 52 for i in (1, 3, 5))


def test_a_ratio_is_rounded_down_so_a_fail_never_reads_as_a_pass() -> None:
    assert ratio_text(4.499) == "4.4 to 1"
    assert ratio_text(21.0) == "21 to 1"


@pytest.mark.parametrize("written,kind,href", [
    ("learning@harbourlight-museum.example", "email", "mailto:learning@harbourlight-museum.example"),
    ("0131 496 0000", "phone", "tel:01314960000"),
    ("+44 (0)20 7946 0318", "phone", "tel:+440207946 0318".replace(" ", "")),
    ("https://www.ropewalktheatre.example/schools/book", "web", "https://www.ropewalktheatre.example/schools/book"),
])
def test_a_booking_becomes_a_link(written: str, kind: str, href: str) -> None:
    found = booking(written)
    assert found is not None and (found.kind, found.href, found.text) == (kind, href, written)


@pytest.mark.parametrize("written", ["call us on Tuesdays", "http://www.example.org/book", "javascript:alert(1)",
                                     "https://", "12", "learning@", "mailto:learning@acme.example"])
def test_anything_else_is_not_a_booking(written: str) -> None:
    assert booking(written) is None
