"""url_key: the same page under different spellings gives one key; different pages stay apart."""

import pytest

from oerbank.urls import url_key


@pytest.mark.parametrize("a, b", [
    ("http://example.org/masks", "https://example.org/masks"),
    ("https://example.org/masks/", "https://example.org/masks"),
    ("https://Example.ORG/masks", "https://example.org/masks"),
    ("https://example.org:443/masks", "https://example.org/masks"),
    ("https://example.org/masks#top", "https://example.org/masks"),
    ("https://example.org/masks?utm_source=newsletter&utm_medium=email", "https://example.org/masks"),
    ("https://example.org/masks?fbclid=abc", "https://example.org/masks"),
    ("https://example.org/masks?gclid=abc&id=3", "https://example.org/masks?id=3"),
    ("https://example.org/masks?b=2&a=1", "https://example.org/masks?a=1&b=2"),
    ("https://example.org/a%20b", "https://example.org/a b"),
])
def test_same_page_same_key(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.org/masks", "https://example.org/Masks"),
    ("https://example.org/masks?id=3", "https://example.org/masks?id=4"),
    ("https://example.org:8080/masks", "https://example.org/masks"),
    ("https://example.org/masks", "https://example.com/masks"),
])
def test_different_pages_different_keys(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)
