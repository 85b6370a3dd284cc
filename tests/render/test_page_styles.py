"""The search page's cut of Material's stylesheet: the rules that may match the page, nothing it can't use."""

from __future__ import annotations

from pathlib import Path

from oerbank.render.page_styles import page_stylesheet, write_page_stylesheet

CSS = (":root{--md-a:red;--md-b:var(--md-c);--md-c:blue;--md-unused:green}"
       ".md-header{color:var(--md-b)}.md-nav{color:var(--md-unused)}"
       ".md-typeset :is(.admonition,details){margin:0}.md-typeset table:not([class]){border:0}"
       "@media screen{.md-nav__link{color:red}}@media print{.md-header{display:none}}"
       ".md-search,.md-header__title{font-weight:700}[data-md-toggle=search]{opacity:0}"
       "@keyframes md-spin{to{transform:rotate(1turn)}}@keyframes md-unused{to{opacity:0}}"
       ".md-header--shadow{animation:md-spin 1s!important}#__drawer{display:none}")
PAGE = ('<body><header class="md-header md-header--shadow"><div class="md-header__title"></div></header>'
        '<article class="md-typeset">x</article></body>')


def test_keeps_the_rules_that_may_match_and_the_custom_properties_they_use() -> None:
    css = page_stylesheet(CSS, [PAGE], ["a{color:var(--md-a)}"])
    assert css == (":root{--md-a:red;--md-b:var(--md-c);--md-c:blue}"
                   ".md-header{color:var(--md-b)}"
                   "@media print{.md-header{display:none}}"
                   ".md-search,.md-header__title{font-weight:700}"  # a selector list is kept whole
                   "@keyframes md-spin{to{transform:rotate(1turn)}}"
                   ".md-header--shadow{animation:md-spin 1s!important}")


def test_words_in_the_scripts_count_as_the_page_they_build() -> None:
    """The search page builds its controls with script: a rule for an element it makes stays."""
    script = "el('details', {className: 'x'}); el('table'); node.setAttribute('data-md-toggle', 'search')"
    css = page_stylesheet(CSS, [PAGE, script])
    assert ".md-typeset :is(.admonition,details){margin:0}" in css
    assert ".md-typeset table:not([class]){border:0}" in css
    assert "[data-md-toggle=search]{opacity:0}" in css
    assert ".md-nav" not in css and "#__drawer" not in css


def test_a_stylesheet_of_the_docs_folder_keeps_the_custom_properties_it_uses(tmp_path: Path) -> None:
    """mkdocs.yml's extra_css may be a file of docs/, which reaches the site after the cut is made."""
    site, docs = tmp_path / "site", tmp_path / "docs"
    (site / "search").mkdir(parents=True)
    (site / "search" / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "main.css").write_text(CSS, encoding="utf-8")
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "extra.css").write_text(".oer-x{color:var(--md-unused)}", encoding="utf-8")
    write_page_stylesheet(site, "search/index.html", ["main.css"], [], ["stylesheets/extra.css"], "cut.css", docs)
    assert ":root{--md-b:var(--md-c);--md-c:blue;--md-unused:green}" in (site / "cut.css").read_text()
    write_page_stylesheet(site, "search/index.html", ["main.css"], [], ["stylesheets/extra.css"], "cut.css")
    assert "--md-unused" not in (site / "cut.css").read_text()  # without the docs folder it is not found
