"""Redirect pages at the addresses renamed records had, so bookmarks and links keep working.

As mkdocs-redirects does: a tiny page with a meta refresh, a canonical link and a visible
link, marked noindex. It runs no script, so the site's Content Security Policy holds, and it
is written only where no real page is. The sitemap leaves these addresses out.
"""

from __future__ import annotations

import html
import posixpath
import shutil
from pathlib import Path

from ..githistory import history_for
from ..load import Catalogue
from .feeds import FEED_FILE
from .tables import Dates

PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta name="robots" content="noindex">
<title>This page has moved</title>
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={href}">
</head>
<body>
<p>This page has moved to <a href="{href}">{canonical}</a>.</p>
</body>
</html>
"""


def redirect_page(old: str, new: str, site_url: str) -> str:
    """The page at folder `old` (e.g. resources/acme/old-name) leading to folder `new`."""
    href = posixpath.relpath(new, old) + "/"
    canonical = f"{site_url}{new}/" if site_url else href
    return PAGE.format(href=html.escape(href), canonical=html.escape(canonical))


def _is_redirect(page: Path) -> bool:
    """Whether `page` is a redirect an earlier build wrote (kept out of the sitemap like a new one)."""
    head = PAGE[:PAGE.index("<title>")].encode()
    with page.open("rb") as fh:
        return fh.read(len(head)) == head


def write_redirects(catalogue: Catalogue, dates: Dates | None, out_dir: Path, site_url: str) -> list[str]:
    """Write a redirect page at every old address of a renamed record; return their folders.

    An organisation's feed is copied to its old address too, so feed readers keep receiving it.
    """
    site_url = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    written = []
    for (table, old_id), new_id in sorted(history_for(dates, catalogue).redirects.items()):
        old, new = f"{table}/{old_id}", f"{table}/{new_id}"
        page = out_dir / old / "index.html"
        if page.exists() and not _is_redirect(page):
            continue  # a real page is there
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(redirect_page(old, new, site_url), encoding="utf-8")
        written.append(old + "/")
        feed = out_dir / new / FEED_FILE
        if table == "organisations" and feed.exists():
            shutil.copyfile(feed, out_dir / old / FEED_FILE)
    return written
