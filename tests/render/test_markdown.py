"""Contributed Markdown on the pages: as GitHub shows it in the pull request, and never unsafe."""

import os

import pytest

from oerbank.render import markdown
from oerbank.render.markdown import render_markdown


def test_a_list_straight_after_a_line_is_a_list_as_on_github() -> None:
    html = render_markdown("The box contains:\n- a brass lantern\n- a tin mug\n")
    assert html == "<p>The box contains:</p>\n<ul>\n<li>a brass lantern</li>\n<li>a tin mug</li>\n</ul>"


def test_a_list_indented_by_two_spaces_nests() -> None:
    html = render_markdown("- Painting\n  - watercolour\n  - oils\n- Drawing\n")
    assert "<li>Painting\n<ul>\n<li>watercolour</li>\n<li>oils</li>\n</ul>\n</li>" in html


def test_headings_start_below_the_page_title_and_tables_keep_their_cells() -> None:
    html = render_markdown("# Before the visit\n\n| Day | Time |\n|---|---|\n| Monday | 10:00 |\n")
    assert html.startswith("<h2>Before the visit</h2>\n")
    assert "<th>Day</th>" in html and "<td>Monday</td>" in html and "<h1>" not in html


def test_scripts_handlers_and_javascript_links_are_removed_and_the_text_kept() -> None:
    html = render_markdown('Hello <script>alert(1)</script><b onclick="x()">bold</b> '
                           '[a javascript link](javascript:alert(1) "link") and [ours](https://example.org/)')
    assert "<script" not in html and "alert" not in html and "onclick" not in html and "javascript:" not in html
    assert "<b>bold</b>" in html
    assert '<a title="link" rel="noopener noreferrer nofollow">a javascript link</a>' in html
    assert '<a href="https://example.org/" rel="noopener noreferrer nofollow">ours</a>' in html


def test_nothing_gives_nothing() -> None:
    assert render_markdown(None) == "" and render_markdown("") == ""


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads the resident memory from Linux's /proc")
def test_rendering_descriptions_keeps_no_memory() -> None:
    """A page worker renders tens of thousands of descriptions: cmark-gfm's tree and HTML are freed
    after each (left allocated, they took about 3 KB a description, 60 MB here)."""
    text = "## Before the visit\n\n" + "Pupils sketch the *masks* and [read more](https://example.org/a). " * 12 + \
        "\n\n- clay\n- card\n\n| Age | Group |\n|---|---|\n| 7 | KS2 |\n"
    assert "<table>" in render_markdown(text)
    before = _resident_mb()
    for _ in range(20_000):
        render_markdown(text)
    assert _resident_mb() - before < 15


def test_where_cmark_gfm_exports_no_freeing_functions_descriptions_render_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of cmarkgfm whose library does not export the two freeing functions renders as before."""
    text = "# Masks\n\nPupils *sketch* them.\n\n| Age | Group |\n|---|---|\n| 7 | KS2 |\n\n<script>x()</script>"
    freed = render_markdown(text)
    monkeypatch.setattr(markdown, "_FREE", None)
    assert render_markdown(text) == freed and "<table>" in freed and "<h2>Masks</h2>" in freed
