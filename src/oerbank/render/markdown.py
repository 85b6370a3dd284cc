"""Markdown from contributors, rendered and then sanitised with an allow-list (nh3).

Rendered as GitHub renders it (cmark-gfm, with tables), so a page shows a description the way
the contributor saw it in their pull request: a list straight after a line of text is a list.
It is C, a few hundred times faster than a Python renderer, which matters at 10,000 pages.
Raw HTML is passed on to nh3, which keeps the few harmless tags and drops the rest.
"""

from __future__ import annotations

from typing import Any

import cffi
import cmarkgfm
import nh3
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
                "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def _demote_headings(html: str) -> str:
    # Contributors may write '# Heading'; the page already has its one h1.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


# UNSAFE only means "keep raw HTML": nh3 below is what makes it safe.
OPTIONS = Options.CMARK_OPT_UNSAFE

# cmarkgfm's own functions never free the tree they parse nor the HTML they render (about 3 KB a
# description: 150 MB in each page worker at 100,000 resources), and its bindings leave out the two
# functions that free them. They are in its library all the same, so they are declared here.
_FREEING = cffi.FFI()
_FREEING.cdef("""
    typedef struct cmark_mem { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t);
                               void (*free)(void *); } cmark_mem;
    cmark_mem *cmark_get_default_mem_allocator(void);
    void cmark_node_free(void *node);
""")


def _freeing_library() -> Any:
    """cmarkgfm's library, opened to call the two functions, or None where they are not to be found
    (a build of it that does not export them, as Windows builds do not): then nothing is freed."""
    try:
        library = _FREEING.dlopen(_cmark.__file__)
        library.cmark_node_free, library.cmark_get_default_mem_allocator  # noqa: B018 (looked up now, not mid-build)
    except (OSError, AttributeError, TypeError):
        return None
    return library


_FREE: Any = _freeing_library()
_cmark.lib.cmark_gfm_core_extensions_ensure_registered()
_TABLE = _cmark.lib.cmark_find_syntax_extension(b"table")  # found once: the same for every description


def _pointer(p: object) -> object:
    """A pointer of cmarkgfm's bindings as one of ours."""
    return _FREEING.cast("void *", int(_cmark.ffi.cast("uintptr_t", p)))


def _gfm_html(text: str) -> str:
    """The text as GitHub renders it (tables included), freeing what cmark-gfm allocated."""
    if _FREE is None:
        return cmarkgfm.markdown_to_html_with_extensions(text, options=OPTIONS, extensions=["table"])
    lib, ffi = _cmark.lib, _cmark.ffi
    parser = lib.cmark_parser_new(OPTIONS)
    try:
        lib.cmark_parser_attach_syntax_extension(parser, _TABLE)
        encoded = text.encode("utf-8")
        lib.cmark_parser_feed(parser, encoded, len(encoded))
        root = lib.cmark_parser_finish(parser)
        try:
            raw = lib.cmark_render_html(root, OPTIONS, lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return ffi.string(raw).decode("utf-8")
            finally:
                _FREE.cmark_get_default_mem_allocator().free(_pointer(raw))
        finally:
            _FREE.cmark_node_free(_pointer(root))
    finally:
        lib.cmark_parser_free(parser)


def render_markdown(text: str | None) -> str:
    """Safe HTML for a contributed Markdown text: no scripts, styles, handlers or non-http(s) links."""
    if not text:
        return ""
    html = _gfm_html(text).rstrip("\n")
    return nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
