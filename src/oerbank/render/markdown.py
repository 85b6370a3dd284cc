"""Markdown from contributors, rendered and then sanitised with an allow-list (nh3)."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
                "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@lru_cache(maxsize=1)
def _converter() -> md.Markdown:
    # Building a Markdown instance loads its extensions; reusing one is several times faster.
    return md.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def _demote_headings(html: str) -> str:
    # Contributors may write '# Heading'; the page already has its one h1.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def render_markdown(text: str | None) -> str:
    """Safe HTML for a contributed Markdown text: no scripts, styles, handlers or non-http(s) links."""
    if not text:
        return ""
    html = _converter().reset().convert(text)
    return nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
