"""Names compared as a reader sees them: case folded, NFKC-normalised, and by confusable skeleton.

Unicode Technical Standard #39 gives each character that looks like another a prototype
("а" Cyrillic -> "a", "ｍ" -> "m", "rn" is how "m" is drawn); two names with the same skeleton
look the same on a page, so a catalogue must not hold both. The data is Unicode's own
confusables.txt (unicode_data/, with its licence): the PyPI packages that carry it
(confusable-homoglyphs, confusables) test pairs of characters but do not compute skeletons.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Character -> its prototype, from confusables.txt ('0430 ; 0061 ; MA # ...')."""
    table: dict[str, str] = {}
    text = files("oerbank").joinpath("unicode_data/confusables.txt").read_text(encoding="utf-8-sig")
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (part.strip() for part in data.split(";")[:2])
        table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target.split())
    return table


def skeleton(text: str) -> str:
    """TS #39 skeleton(X): NFD, each character replaced by its prototype, NFD again."""
    table = _prototypes()
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in unicodedata.normalize("NFD", text)))


def name_key(name: str) -> str:
    """What two names must share to read as the same name: 'ACME  Arts', 'Аcme arts' (Cyrillic А)
    and 'ＡＣＭＥ Arts' all give one key. Spaces are collapsed; accents still count."""
    text = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    # A prototype may be a capital (Cherokee 'Ꭺ' -> 'A'): fold again, and take the skeleton of that.
    return skeleton(skeleton(text).casefold())
