"""Organisation names compared as a reader sees them (Unicode TS #39 skeletons on case-folded NFKC text)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from oerbank.confusables import _prototypes, name_key, skeleton


def test_the_vendored_data_is_whole() -> None:
    text = files("oerbank").joinpath("unicode_data/confusables.txt").read_text(encoding="utf-8-sig")
    assert "# Version: 17.0.0" in text
    total = int(re.search(r"^# total: (\d+)$", text, re.M).group(1))
    assert len(_prototypes()) == total == 6565
    assert "UNICODE LICENSE V3" in files("oerbank").joinpath("unicode_data/LICENSE.txt").read_text(encoding="utf-8")


def test_skeletons_as_the_standard_gives_them() -> None:
    assert skeleton("p\u0430yp\u0430l") == skeleton("paypal")  # Cyrillic а
    assert skeleton("m") == "rn"
    assert skeleton("\u0391") == "A"  # Greek capital alpha


@pytest.mark.parametrize("a, b", [
    ("Acme Arts Centre", "ACME ARTS CENTRE"),
    ("Acme Arts Centre", "Ａｃｍｅ Arts Centre"),  # full-width, NFKC
    ("Acme Arts Centre", "\u0410cme Arts Centre"),  # Cyrillic А
    ("Acme Arts Centre", "Acrne  Arts Centre"),  # rn for m, two spaces
    ("Tŷ Pawb", "TŶ PAWB"),
    ("Straße Theatre", "STRASSE THEATRE"),  # case folding
])
def test_names_that_read_the_same(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Café Arts", "Cafe Arts"),
    ("Acme Arts Centre", "Acme Arts Centre Cardiff"),
    ("Theatre Royal Bath", "Theatre Royal Plymouth"),
])
def test_names_that_differ(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)
