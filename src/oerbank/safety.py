"""What may appear in contributed text: links, HTML and spreadsheet-looking values.

Used by validation (to explain) and by rendering (to enforce), so the two never disagree.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

FORMULA_START = ("=", "+", "-", "@")
_DANGEROUS_TAG = re.compile(r"<\s*(script|iframe|frame|object|embed|style|form|input|button|link|meta|base|svg|math|textarea)\b", re.I)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](on[a-z]+)\s*=", re.I)
_STYLE_ATTR = re.compile(r"<[a-zA-Z][^<>]*?[\s/\"'](style)\s*=", re.I)
_BAD_SCHEME_LINK = re.compile(
    r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?|^\s*\[[^\]]+\]:\s*<?|<)"
    r"\s*((?:javascript|vbscript|data|file)\s*:)", re.I | re.M)
_SPACE = re.compile(r"\s")
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?>")


def url_problem(url: str, https_only: bool = False) -> tuple[str, str] | None:
    """(code, reason) if `url` is not an absolute http(s) address, else None."""
    value = url.strip()
    if _SPACE.search(value):
        return "invalid-url", "has spaces in it"
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        return "invalid-url", "is not a valid web address"
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript", "data", "file", "blob", "about"):
        return "unsafe-url", f"starts with '{scheme}:', which browsers can use to run code or open local files"
    if not scheme:
        return "invalid-url", "is not a full web address (it has no https:// at the start)"
    if scheme not in ("http", "https"):
        return "unsafe-url", f"uses '{scheme}:'; only web addresses (https:// or http://) are allowed"
    if not host:
        return "invalid-url", "has no website name after the //"
    if https_only and scheme != "https":
        return "insecure-url", "starts with http://; images must use https:// so pages stay secure"
    return None


def is_safe_url(url: str, https_only: bool = False) -> bool:
    return url_problem(url, https_only) is None


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


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


def has_html_tag(text: str) -> bool:
    return bool(_ANY_TAG.search(text))
