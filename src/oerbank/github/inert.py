"""Make text inert before it goes into Markdown: GitHub's (job summaries, comments, pull requests,
link-check issues) and the site's pages built by MkDocs (field reference, open data page).

File names, titles, messages quoting a contributor's value and form answers are written by
people outside the catalogue. In GitHub Markdown they could start a new line (a fake "✅
approved"), a heading, a table row, a link or an HTML tag, or ping people and link issues.
`inert` is the one place that stops all of that; every Markdown writer in oerbank uses it (or
`code`, `page_text`, `page_cell` below) for anything that is not its own fixed wording.
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones
# that start or end emphasis, code, links, images, HTML, table cells, entities or autolinks
# anywhere in a line. `-`, `+`, `=` and `1.` matter only at its start (lists, headings).
_MARKDOWN = "\\`*_[]<>#|~&"
_LINE_START = re.compile(r"^([-+=]|[0-9]+(?=[.)]))")
_ESCAPE = {ord(ch): "\\" + ch for ch in _MARKDOWN}
# Python-Markdown (the docs engine's pages) honours a backslash before these but not before '<'
# or '&', so `page_text` writes HTML's characters as entities and escapes only these.
_PAGE_ESCAPE = {ord(ch): "\\" + ch for ch in "\\`*_"}
# Control characters, and the invisible ones that reorder text (Trojan Source) or join lines.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WORD_JOINER = "\u2060"  # invisible, and breaks GitHub's @mention and #123 patterns
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_REFERENCE = re.compile(r"#(?=[0-9])|(?<![A-Za-z0-9])(GH\\?-)(?=[0-9])", re.IGNORECASE)


def inert(text: object) -> str:
    """`text` as one line of GitHub Markdown that shows exactly those characters and does nothing.

    Newlines and other line breaks become spaces, Markdown and HTML punctuation is escaped,
    and `@name`, `#123` and `GH-123` no longer notify anyone or link anything.
    """
    flat = " ".join(_INVISIBLE.sub(" ", str(text)).split())  # str.split also splits on \u2028, \x85 ...
    escaped = _LINE_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\",
                              flat.translate(_ESCAPE))
    escaped = _MENTION.sub("@" + _WORD_JOINER, escaped)
    return _REFERENCE.sub(lambda m: (m.group(1) or "#") + _WORD_JOINER, escaped)


def code(text: object) -> str:
    """`text` as an inline code span (a file name, say), which shows it as written and links or
    notifies nothing; text holding a backquote falls back to `inert`, as a span can't hold it."""
    flat = " ".join(_INVISIBLE.sub(" ", str(text)).split())
    if not flat or "`" in flat:
        return inert(flat)
    quiet = _MENTION.sub("@" + _WORD_JOINER, flat)  # GitHub shows no link in a span; belt and braces
    return "`" + _REFERENCE.sub(lambda m: (m.group(1) or "#") + _WORD_JOINER, quiet) + "`"


def page_text(text: object) -> str:
    """Text in a paragraph of a page the docs engine renders (Python-Markdown, which honours no
    backslash before `<` or `&`): HTML characters become entities, so `<slug>` shows as text and
    does not vanish as a tag, and `resource_*.csv` does not start italics."""
    return html.escape(str(text), quote=False).translate(_PAGE_ESCAPE)


def page_cell(text: object) -> str:
    """`page_text` for a table cell: pipes escaped and line breaks made spaces."""
    return page_text(text).replace("|", "\\|").replace("\n", " ")
