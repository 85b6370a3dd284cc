"""Lists of small non-negative integers as short strings, for the search's JSON files.

A JSON array spends a comma and a digit per decimal place on every number; this spends one
printable character per base-45 digit and gzips about 15% smaller. Each number is written
most significant digit first: digits before the last come from a second alphabet, so the
reader knows where a number ends. No character needs escaping in JSON. The search page's
assets/search/engine.js holds the matching decoder (decodeInts).
"""

from __future__ import annotations

from array import array
from functools import lru_cache
from typing import Iterable

BASE = 45
_ALPHABET = [chr(c) for c in range(35, 127) if c != 92]  # '#'..'~' without the backslash
LAST = _ALPHABET[:BASE]  # the final digit of a number: '#' (35) .. 'O' (79)
MORE = _ALPHABET[BASE:2 * BASE]  # a digit with more to follow: 'P' (80) .. '}' (125), skipping '\'
_LAST_VALUE = {ch: i for i, ch in enumerate(LAST)}
_MORE_VALUE = {ch: i for i, ch in enumerate(MORE)}
_SMALL = LAST + [MORE[v // BASE] + LAST[v % BASE] for v in range(BASE, BASE * BASE)]


def encode_ints(values: Iterable[int]) -> str:
    values = values if isinstance(values, (list, tuple, array)) else list(values)
    if not values:
        return ""
    if min(values) < 0:
        raise ValueError(f"can only encode non-negative integers, not {min(values)}")
    largest = max(values)
    if largest < BASE * BASE:  # most lists: every number one or two characters, looked up
        return "".join(map(_SMALL.__getitem__, values))
    if largest < BASE ** 3:  # document numbers and weights: three characters at most
        return "".join(map(_three_digits().__getitem__, values))
    return "".join([_SMALL[v] if v < BASE * BASE else _large(v) for v in values])


@lru_cache(maxsize=1)
def _three_digits() -> list[str]:
    return _SMALL + [MORE[v // (BASE * BASE)] + MORE[v // BASE % BASE] + LAST[v % BASE]
                     for v in range(BASE * BASE, BASE ** 3)]


def _large(v: int) -> str:
    digits = []
    while v:
        digits.append(v % BASE)
        v //= BASE
    return "".join(MORE[d] for d in reversed(digits[1:])) + LAST[digits[0]]


def decode_ints(text: str) -> list[int]:
    out, v = [], 0
    for ch in text:
        more = _MORE_VALUE.get(ch)
        if more is not None:
            v = v * BASE + more
        else:
            out.append(v * BASE + _LAST_VALUE[ch])
            v = 0
    return out
