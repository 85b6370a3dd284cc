"""The page shell around every catalogue page: links relative to the page, titles escaped, the policy."""

from __future__ import annotations

from oerbank.render.shell import Shell, menu
from oerbank.render.site import Page

NAV = [{"Home": "index.md"}, {"Search": "search.md"},
       {"Browse": [{"Key stages": "key-stages/index.md"}, {"Subjects": "subjects/index.md"}]},
       {"Organisations": "organisations/index.md"}, {"Elsewhere": "https://example.org/"},
       {"About": [{"About the catalogue": "about.md"}, {"Architecture": "architecture.md"}]}]
SHELL = Shell("Arts & Crafts Bank", "https://example.org/bank/", ("assets/stylesheets/main.css",),
              ("assets/oerbank/site.css",), "assets/oerbank/favicon.svg", menu=tuple(menu(NAV)))


def test_the_menu_is_the_navigation_s_top_level_pages_without_home() -> None:
    assert [(m["title"], m["href"]) for m in menu(NAV)] == [
        ("Search", "search/"), ("Browse", "key-stages/"), ("Organisations", "organisations/"), ("About", "about/")]


def _page(src_uri: str, kind: str = "resource", title: str = "Masks", key: str = "") -> Page:
    return Page(src_uri, title, 'Clay "masks" <for> pupils', lambda: "<h1>Masks</h1>", kind=kind, key=key, about=title)


def test_a_resource_page_links_back_to_the_site_root() -> None:
    html = SHELL.document(SHELL.environment(), _page("resources/acme/masks.md"), "<h1>Masks</h1>")
    assert '<link rel="canonical" href="https://example.org/bank/resources/acme/masks/">' in html
    assert '<link rel="stylesheet" href="../../../assets/stylesheets/main.css">' in html
    assert '<a class="oer-lean-title" href="../../..">Arts &amp; Crafts Bank</a>' in html
    assert 'action="../../../search/"' in html  # the theme's search form, the one copy
    assert '<a href="../../../organisations/">Organisations</a>' in html  # the header menu
    assert html.index('class="oer-menu__nav"') < html.index("</header>")
    assert "<title>Masks - Arts &amp; Crafts Bank</title>" in html
    assert '<meta name="description" content="Clay &quot;masks&quot; &lt;for&gt; pupils">' in html
    assert '<article class="md-content__inner md-typeset"><h1>Masks</h1></article>' in html
    assert "alternate feed" not in html  # resource pages carry no feed links
    assert "script-src 'self'; style-src" in html  # no inline script runs


def test_the_home_page_links_from_the_root() -> None:
    html = SHELL.document(SHELL.environment(), _page("index.md", kind="home", title="Home"), "")
    assert '<a class="oer-lean-title" href=".">' in html
    assert 'action="search/"' in html and '<link rel="icon" href="assets/oerbank/favicon.svg">' in html


def test_an_organisation_page_names_its_feed_and_the_catalogues() -> None:
    html = SHELL.document(SHELL.environment(), _page("organisations/acme.md", kind="organisation", title="Acme's",
                                                     key="acme"), "")
    assert ('<link rel="alternate feed" type="application/atom+xml" title="Arts &amp; Crafts Bank: new resources '
            'from Acme&#39;s" href="feed.xml">') in html
    assert ('<link rel="alternate feed" type="application/atom+xml" title="Arts &amp; Crafts Bank: newest resources" '
            'href="../../feed.xml">') in html
    assert '<a href="../">Organisations</a>' in html


def test_a_live_preview_allows_the_reload_script() -> None:
    live = Shell(SHELL.site_name, "", (), (), "x.svg", live_reload=True)
    html = live.document(live.environment(), _page("search.md", kind="search"), "")
    assert "script-src 'self' 'unsafe-inline';" in html
    assert "canonical" not in html
