"""Material's stylesheet cut down to the rules one page can use, for a page that must show fast.

A shared search link opened on a slow school network waits for Material's whole stylesheet (about
22 KB gzipped), the largest file before its first results, though the page uses a small part of it
(docs/benchmarks.md). This keeps, from the installed theme's own stylesheet at build time, every
rule that could match something on the page, so the page looks exactly as with the whole sheet:

- a rule stays if one of its selectors names only classes, ids, element names and attributes that
  appear in the page or in the scripts that build it (any word of their text counts, so a rule that
  might match stays; what :not(), :has() and the like hold is not looked at; :is() and :where()
  need one of theirs); its selector list is kept whole, as browsers drop a list with one selector
  they don't know;
- @media, @supports and the like stay with the rules inside them that stay; @keyframes if a kept
  rule names them; everything else (@font-face, @charset, ...) stays;
- custom properties (--md-...) stay if a kept rule, a kept property or our own stylesheets use them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import tinycss2
from tinycss2 import ast

WORD = re.compile(r"[A-Za-z_][\w-]*")
VAR = re.compile(r"--[\w-]+")
ANY_OF = {"is", "where", "matches", "-webkit-any", "-moz-any"}  # match when one of their selectors does
GROUPS = {"media", "supports", "container", "layer", "document", "-moz-document"}


def words_of(texts: Iterable[str]) -> set[str]:
    """Every word of the page and its scripts: the names a selector may need (case as written and lower)."""
    out: set[str] = set()
    for text in texts:
        for w in WORD.findall(text):
            out.add(w)
            out.add(w.lower())
    return out


def _split(tokens: list[ast.Node]) -> list[list[ast.Node]]:
    """A selector list's selectors."""
    out: list[list[ast.Node]] = [[]]
    for t in tokens:
        if t.type == "literal" and t.value == ",":
            out.append([])
        else:
            out[-1].append(t)
    return out


def _possible(selector: list[ast.Node], words: set[str]) -> bool:
    """Whether every name the selector needs is among `words` (its :is() and :where() need one of theirs)."""
    previous: ast.Node | None = None
    for t in selector:
        after_colon = previous is not None and previous.type == "literal" and previous.value == ":"
        after_dot = previous is not None and previous.type == "literal" and previous.value == "."
        if t.type == "ident" and not after_colon and t.value not in words:
            if after_dot or t.value.lower() not in words:  # a class, or an element name
                return False
        elif t.type == "hash" and t.is_identifier and t.value not in words:
            return False
        elif t.type == "[] block":
            name = next((n for n in t.content if n.type == "ident"), None)
            if name is not None and name.value.lower() not in words:
                return False
        elif t.type == "function" and after_colon and t.lower_name in ANY_OF:
            if not any(_possible(s, words) for s in _split(t.arguments)):
                return False
        previous = t
    return True


def _uses(tokens: Iterable[ast.Node], found: set[str]) -> None:
    """Collect the custom properties (var(--x)) and names that declarations use."""
    for t in tokens:
        if t.type == "function":
            _uses(t.arguments, found)
        elif t.type in ("() block", "[] block", "{} block"):
            _uses(t.content, found)
        elif t.type == "ident":
            found.add(t.value)


class _Rule:
    def __init__(self, node: ast.QualifiedRule) -> None:
        self.prelude = tinycss2.serialize(node.prelude).strip()
        self.declarations = [d for d in tinycss2.parse_declaration_list(node.content, skip_comments=True,
                                                                         skip_whitespace=True)
                             if d.type == "declaration"]

    def css(self, variables: set[str]) -> str:
        kept = [f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in self.declarations if not d.name.startswith("--") or d.name in variables]
        return f"{self.prelude}{{{';'.join(kept)}}}" if kept else ""


def _keep(nodes: list[ast.Node], words: set[str]) -> list[object]:
    """The rules that may match, as _Rule objects, at-rules as (node, kept inside) or node."""
    out: list[object] = []
    for node in nodes:
        if node.type == "qualified-rule":
            if any(_possible(s, words) for s in _split(node.prelude)):
                out.append(_Rule(node))
        elif node.type == "at-rule":
            if node.content is not None and node.lower_at_keyword in GROUPS:
                inner = _keep(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True), words)
                if inner:
                    out.append((node, inner))
            else:
                out.append(node)
    return out


def _rules(kept: list[object]) -> Iterable[_Rule]:
    for item in kept:
        if isinstance(item, _Rule):
            yield item
        elif isinstance(item, tuple):
            yield from _rules(item[1])


def _write(kept: list[object], variables: set[str], names: set[str]) -> str:
    parts: list[str] = []
    for item in kept:
        if isinstance(item, _Rule):
            parts.append(item.css(variables))
        elif isinstance(item, tuple):
            node, inner = item
            body = _write(inner, variables, names)
            if body:
                parts.append(f"@{node.at_keyword}{tinycss2.serialize(node.prelude).rstrip()}{{{body}}}")
        else:
            node = item
            assert isinstance(node, ast.AtRule)
            if node.lower_at_keyword.endswith("keyframes"):
                name = tinycss2.serialize(node.prelude).strip()
                if name not in names:
                    continue
            parts.append(node.serialize())
    return "".join(parts)


def page_stylesheet(css: str, page_texts: Iterable[str], own_css: Iterable[str] = ()) -> str:
    """`css` with only the rules that may match on a page made of `page_texts` (its HTML and scripts);
    `own_css`: the page's other stylesheets, whose custom properties (var(--md-...)) must stay defined."""
    texts = list(page_texts)
    kept = _keep(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), words_of(texts))
    variables = {v for text in [*texts, *own_css] for v in VAR.findall(text)}
    names: set[str] = set()
    rules = list(_rules(kept))
    while True:  # custom properties that kept ones use, until nothing new
        before = len(variables)
        for rule in rules:
            for d in rule.declarations:
                if not d.name.startswith("--") or d.name in variables:
                    used: set[str] = set()
                    _uses(d.value, used)
                    names |= used
                    variables |= {u for u in used if u.startswith("--")}
        if len(variables) == before:
            break
    return _write(kept, variables, names)


def write_page_stylesheet(site: Path, page: str, sheets: Iterable[str], scripts: Iterable[str],
                          own_css: Iterable[str], target: str, docs: Path | None = None) -> None:
    """Write `target` (a site path) from the site's `sheets` (Material's, as site paths) cut down to
    what the written `page` (e.g. search/index.html) and its `scripts` may use. `own_css` (site paths)
    are read from the site, or else from `docs` (the docs folder, whose files reach the site later)."""
    texts = [(site / page).read_text(encoding="utf-8")] + [(site / s).read_text(encoding="utf-8") for s in scripts]
    places = [site, docs] if docs else [site]

    def found(path: str) -> Path | None:
        return next((p / path for p in places if (p / path).is_file()), None)
    own = [f.read_text(encoding="utf-8") for c in own_css if (f := found(c))]
    css = "".join((site / s).read_text(encoding="utf-8") for s in sheets)
    (site / target).write_text(page_stylesheet(css, texts, own), encoding="utf-8")


SEARCH_PAGE = "search/index.html"
SEARCH_STYLESHEET = "assets/oerbank/search-material.css"  # Material's rules the search page may use


def write_search_stylesheet(site: Path, material: Iterable[str], extra_css: Iterable[str],
                            docs: Path | None = None) -> None:
    """The search page's cut of Material's stylesheet, once the page and the search's scripts are written;
    `docs`: the docs folder, where a stylesheet of mkdocs.yml's extra_css may be."""
    assets = site / "assets" / "oerbank"
    scripts = [assets / "search.js", *sorted((assets / "search").glob("*.js"))]
    write_page_stylesheet(site, SEARCH_PAGE, material, [p.relative_to(site).as_posix() for p in scripts],
                          [*extra_css, "assets/oerbank/search.css"], SEARCH_STYLESHEET, docs)
