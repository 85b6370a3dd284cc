"""lunr.js 2.3.9's text pipeline (tokenizer, trimmer, stemmer), ported faithfully to Python.

The index is built in Python and queried by lunr.js in the browser, so both must turn a word
into the same term. Python lunr 0.8.0 does not: its Porter stemmer turns "key", "play" and
"day" into "kei", "plai" and "dai" where lunr.js leaves them alone, its trimmer treats
accented letters as word characters where JavaScript's `\\W` does not, and its tokenizer
splits on fewer kinds of space. A term lunr.js never produces can never be found, so this
module replaces those functions, registered under lunr.js's names ("trimmer", "stemmer").

JavaScript regular expressions work on UTF-16 code units; words with characters outside the
Basic Multilingual Plane are stemmed as surrogate pairs here too, so even emoji agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lunr.pipeline import Pipeline
from lunr.stop_word_filter import WORDS as STOP_WORDS
from lunr.token import Token

# JavaScript's `\s` (ECMAScript WhiteSpace and LineTerminator) plus the hyphen: lunr.tokenizer.separator.
SEPARATOR = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]")

# JavaScript's `\W` is ASCII-only: an accented letter is a "non-word" character to lunr.js.
_LEADING = re.compile(r"^[^A-Za-z0-9_]+")
_TRAILING = re.compile(r"[^A-Za-z0-9_]+$")


def tokenize(text: str | None) -> list[str]:
    """lunr.tokenizer for a string: lower-case, split on JavaScript whitespace and hyphens."""
    if text is None:
        return []
    return [t for t in SEPARATOR.split(js_lower(str(text))) if t]


def js_lower(text: str) -> str:
    """String.prototype.toLowerCase: Python's str.lower follows the same Unicode rules."""
    return text.lower()


def trim(word: str) -> str:
    """lunr.trimmer: strip non-word characters (JavaScript's ASCII `\\W`) from both ends."""
    return _TRAILING.sub("", _LEADING.sub("", word, count=1), count=1)


# --- lunr.stemmer, line by line --------------------------------------------------------------

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence

# JavaScript's `.` excludes line terminators and `$` is the very end; neither can occur in a
# token (they are separators), so Python's `.` and `\Z` behave the same here.
_mgr0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_meq1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?\\Z")  # [C]VC[V] is m=1
_mgr1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_s_v = re.compile("^(" + _C + ")?" + _v)  # vowel in stem

_re_1a = re.compile(r"^(.+?)(ss|i)es\Z")
_re2_1a = re.compile(r"^(.+?)([^s])s\Z")
_re_1b = re.compile(r"^(.+?)eed\Z")
_re2_1b = re.compile(r"^(.+?)(ed|ing)\Z")
_re_1b_2 = re.compile(r".\Z")
_re2_1b_2 = re.compile(r"(at|bl|iz)\Z")
_re3_1b_2 = re.compile(r"([^aeiouylsz])\1\Z")
_re4_1b_2 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")
_re_1c = re.compile(r"^(.+?[^aeiou])y\Z")
_re_2 = re.compile(r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator"
                   r"|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)\Z")
_re_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)\Z")
_re_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)\Z")
_re2_4 = re.compile(r"^(.+?)(s|t)(ion)\Z")
_re_5 = re.compile(r"^(.+?)e\Z")
_re_5_1 = re.compile(r"ll\Z")
_re3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")


def _porter(w: str) -> str:
    """porterStemmer from lunr.js 2.3.9, on a string of UTF-16 code units."""
    if len(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]

    # Step 1a
    if _re_1a.search(w):
        w = _re_1a.sub(r"\1\2", w, count=1)
    elif _re2_1a.search(w):
        w = _re2_1a.sub(r"\1\2", w, count=1)

    # Step 1b
    fp = _re_1b.search(w)
    if fp:
        if _mgr0.search(fp.group(1)):
            w = _re_1b_2.sub("", w, count=1)
    else:
        fp = _re2_1b.search(w)
        if fp:
            stem = fp.group(1)
            if _s_v.search(stem):
                w = stem
                if _re2_1b_2.search(w):
                    w = w + "e"
                elif _re3_1b_2.search(w):
                    w = _re_1b_2.sub("", w, count=1)
                elif _re4_1b_2.search(w):
                    w = w + "e"

    # Step 1c: y -> i after a consonant that is not the first letter (cry -> cri, say -> say)
    fp = _re_1c.search(w)
    if fp:
        w = fp.group(1) + "i"

    # Step 2
    fp = _re_2.search(w)
    if fp:
        stem, suffix = fp.group(1), fp.group(2)
        if _mgr0.search(stem):
            w = stem + _STEP2[suffix]

    # Step 3
    fp = _re_3.search(w)
    if fp:
        stem, suffix = fp.group(1), fp.group(2)
        if _mgr0.search(stem):
            w = stem + _STEP3[suffix]

    # Step 4
    fp = _re_4.search(w)
    if fp:
        stem = fp.group(1)
        if _mgr1.search(stem):
            w = stem
    else:
        fp = _re2_4.search(w)
        if fp:
            stem = fp.group(1) + fp.group(2)
            if _mgr1.search(stem):
                w = stem

    # Step 5
    fp = _re_5.search(w)
    if fp:
        stem = fp.group(1)
        if _mgr1.search(stem) or (_meq1.search(stem) and not _re3_5.search(stem)):
            w = stem
    if _re_5_1.search(w) and _mgr1.search(w):
        w = _re_1b_2.sub("", w, count=1)

    # and turn initial Y back to y
    if firstch == "y":
        w = "y" + w[1:]
    return w


def _to_units(s: str) -> str:
    """The string as JavaScript sees it: one character per UTF-16 code unit."""
    data = s.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i:i + 2], "little")) for i in range(0, len(data), 2))


def _from_units(s: str) -> str:
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """lunr.stemmer's result for one word (cached: a catalogue repeats its words a lot)."""
    if word.isascii() or all(ord(ch) <= 0xFFFF for ch in word):
        return _porter(word)
    return _from_units(_porter(_to_units(word)))


@lru_cache(maxsize=200_000)
def term(token: str) -> str | None:
    """What lunr.js's default build pipeline makes of a token: trimmed, stop word removed, stemmed.

    A token with no ASCII letter or digit ("—", "🎭") trims to "", which lunr.js keeps as a
    term (its stop word filter tests the token object, not the string); so does this.
    """
    trimmed = trim(token)
    if trimmed in STOP_WORDS:
        return None
    return stem(trimmed)


def terms(text: str | None) -> list[str]:
    """Every term lunr.js would index for a field's text, in order."""
    out = []
    for token in tokenize(text):
        t = term(token)
        if t is not None:
            out.append(t)
    return out


# --- Pipeline functions under lunr.js's names -----------------------------------------------

def trimmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(lambda s, metadata=None: trim(s))


def stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(lambda s, metadata=None: stem(s))


def register() -> None:
    """Make "trimmer" and "stemmer" mean lunr.js's functions wherever Python lunr loads a pipeline."""
    for fn, label in ((trimmer, "trimmer"), (stemmer, "stemmer")):
        fn.label = label  # type: ignore[attr-defined]
        Pipeline.registered_functions[label] = fn


register()
