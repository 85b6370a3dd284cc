"""Contributed pictures load without telling their host which catalogue page showed them."""

from __future__ import annotations

import re
from pathlib import Path

from oerbank.render.markdown import render_markdown

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = [*sorted((REPO / "src" / "oerbank" / "templates").rglob("*.html")), *sorted((REPO / "theme").rglob("*.html"))]


def test_every_picture_in_the_templates_sends_no_referrer() -> None:
    images = [(p.relative_to(REPO).as_posix(), tag) for p in TEMPLATES
              for tag in re.findall(r"<img\b[^>]*>", p.read_text(encoding="utf-8"))]
    assert {path for path, _ in images} >= {"src/oerbank/templates/resource.html",
                                            "src/oerbank/templates/organisation.html"}
    assert [(path, tag) for path, tag in images if 'referrerpolicy="no-referrer"' not in tag] == []


def test_a_description_cannot_add_a_picture_of_its_own() -> None:
    html = render_markdown('![tracker](https://tracker.example/p.gif) <img src="https://tracker.example/q.gif">')
    assert "<img" not in html and "tracker.example/q.gif" not in html
