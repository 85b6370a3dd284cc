"""What may appear in contributed text: links, HTML, spreadsheet-looking values, invisible characters.

Used by validation (to explain), by rendering and the data exports (to enforce), so they never
disagree.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# OWASP's list for CSV injection: a cell starting with one of these can run as a spreadsheet formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters RFC 3986 never allows in a web address (percent-encoded, they are fine).
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f<>\"'\\{}|^`]|\s")
# C0 and C1 control characters, and the characters that reorder text (bidi controls).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_TAB = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_DANGEROUS_TAG = re.compile(
    r"<\s*(script|iframe|frame|object|embed|style|form|input|button|link|meta|base|svg|math|textarea)\b", re.I)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](style)\s*=", re.I)
_BAD_SCHEME_LINK = re.compile(
    r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?|^\s*\[[^\]]+\]:\s*<?|<)"
    r"\s*((?:javascript|vbscript|data|file)\s*:)", re.I | re.M)
# Markup: a tag name straight after '<' ('<b>', '</p>', '<img src=...', '<script'), or a comment.
# '<' followed by a space, a digit or '=' is ordinary text ("compare decimals using < and >").
_MARKUP = re.compile(r"<(?:/?[a-zA-Z][a-zA-Z0-9-]*(?=[\s/>]|$)|!--)[^<>\n]{0,40}>?")


def url_problem(url: str, https_only: bool = False) -> tuple[str, str, dict[str, str]] | None:
    """(code, how the registry says it, its values) if `url` is not an absolute http(s) address, else None."""
    value = url.strip()
    bad = unsafe_url_characters(value)
    if bad:
        return "invalid-url", "characters", {"characters": bad}
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return "invalid-url", "unreadable", {}
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript", "data", "file", "blob", "about"):
        return "unsafe-url", "runs-code", {"scheme": scheme}
    if not scheme:
        return "invalid-url", "no-scheme", {}
    if scheme not in ("http", "https"):
        return "unsafe-url", "not-web", {"scheme": scheme}
    if not host:
        return "invalid-url", "no-host", {}
    if https_only and scheme != "https":
        return "insecure-url", "", {}
    return None


def is_safe_url(url: str, https_only: bool = False) -> bool:
    return url_problem(url, https_only) is None


def unsafe_url_characters(url: str) -> str:
    """The characters RFC 3986 does not allow in `url`, in words ('' if none): "a space and '<'"."""
    found = dict.fromkeys(_NOT_IN_URL.findall(url))
    said = {" ": "a space", "\t": "a tab", "\n": "a line break"}
    words = [said.get(c) or (f"'{c}'" if c.isprintable() else f"an invisible character, {character_name(c)},")
             for c in found]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def encode_url(url: str) -> str:
    """`url` with the characters RFC 3986 does not allow percent-encoded ('a b' -> 'a%20b')."""
    return _NOT_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url.strip())


def looks_like_formula(text: str) -> bool:
    """Whether `text` starts like a spreadsheet formula (what the CSV export neutralises)."""
    return text.startswith(FORMULA_START)


def formula_worth_warning(text: str, title: bool = False) -> bool:
    """Whether text a contributor typed is worth a warning that a spreadsheet could run it.

    A sign before a number or a space ("-5 degrees", "+44 20 ...", "- a list") is text, and so
    is '@' at the start of a title ("@home: copper tokens"). Exports neutralise every formula
    start anyway; this only decides what is worth telling the contributor.
    """
    first = text[:1]
    if not first or first not in FORMULA_START:
        return False
    if first in "+-" and (len(text) == 1 or text[1].isdigit() or text[1].isspace() or text[1] in ".,"):
        return False
    return not (first == "@" and title)


def hidden_characters(text: str, allow_tab_newline: bool = False) -> list[tuple[int, str]]:
    """(position, character) of each control or bidi character in `text`.

    Controls are invisible and bidi controls reorder what is shown ("evil.example" can display
    as "elpmaxe.live"), so text holding them does not say what it seems to say.
    """
    control = _CONTROL if allow_tab_newline else _CONTROL_OR_TAB
    if text.isascii():
        return [(m.start(), m.group()) for m in control.finditer(text)]
    found = [(m.start(), m.group()) for m in control.finditer(text)]
    found += [(m.start(), m.group()) for m in _BIDI.finditer(text)]
    return sorted(found)


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; control characters, which Unicode gives no name, as
    'U+001B (a control character)'."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X} (a control character)"


def is_bidi_control(char: str) -> bool:
    return bool(_BIDI.match(char))


def markdown_problems(text: str) -> list[tuple[int, str, str]]:
    """(line offset, code, what) for HTML or links in Markdown that could run code.

    The whole text is searched, not line by line, so a tag split over lines is still found.
    """
    found: dict[tuple[int, str, str], None] = {}

    def add(pos: int, code: str, what: str) -> None:
        found[(text.count("\n", 0, pos), code, what)] = None

    for m in _DANGEROUS_TAG.finditer(text):
        tag = m.group(1).lower()
        add(m.start(), "unsafe-html", f"{'an' if tag[0] in 'aeiou' else 'a'} <{tag}> tag")
    for m in _EVENT_ATTR.finditer(text):
        add(m.start(1), "unsafe-html", f"an HTML '{m.group(1).lower()}' attribute")
    for m in _STYLE_ATTR.finditer(text):
        add(m.start(1), "unsafe-html", "an HTML 'style' attribute")
    for m in _BAD_SCHEME_LINK.finditer(text):
        add(m.start(1), "unsafe-url", f"a '{m.group(1).replace(' ', '').lower()}' link")
    return sorted(found)


def curly_quotes_around(text: str) -> str | None:
    """The pair of curly quotation marks wrapping the whole text ("“Meet the Orchestra”"), as Word types them
    for a pair of straight quotes; None when the text only contains a quotation."""
    for pair in ("“”", "‘’", "””", "““"):
        if len(text) > 2 and text[0] == pair[0] and text[-1] == pair[1] and not set(pair) & set(text[1:-1]):
            return pair
    return None


def html_markup(text: str) -> str | None:
    """The first piece of HTML markup in plain text, as written ('<b>'), or None."""
    m = _MARKUP.search(text)
    return m.group() if m else None
