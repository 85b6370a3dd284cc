"""sitemap.xml and robots.txt, made from the built site so they list exactly the pages that exist.

The docs engine's sitemap knows only the prose pages; walking the output after the build
also catches every record and listing page. Past the sitemap protocol's
50,000 URLs the pages are split into gzipped sitemap-N.xml.gz files (as the protocol allows;
a tenth of the size) under a sitemap index.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from collections.abc import Collection
from pathlib import Path
from urllib.parse import quote

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
SKIP_PAGES = {"404.html"}  # the error page is not a page to index


def page_urls(out_dir: Path, site_url: str, exclude: Collection[str] = ()) -> list[str]:
    """The URL of every HTML page under out_dir, sorted; folders' index.html as the folder URL.

    `exclude`: pages to leave out, as paths from the site root (folders end in /): redirects.
    """
    urls = []
    for folder, dirs, files in os.walk(out_dir):
        dirs.sort()
        rel_dir = Path(folder).relative_to(out_dir).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in files:
            if not name.endswith((".html", ".htm")) or (not prefix and name in SKIP_PAGES):
                continue
            rel = prefix if name == "index.html" else prefix + name
            if rel in exclude:
                continue
            urls.append(site_url + quote(rel, safe="/-._~"))
    return sorted(urls)


def _xml(root_tag: str, child_tag: str, locs: list[str]) -> bytes:
    root = ET.Element(root_tag, {"xmlns": SITEMAP_NS})
    for loc in locs:
        ET.SubElement(ET.SubElement(root, child_tag), "loc").text = loc
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(out_dir: Path, site_url: str, max_urls: int = MAX_URLS,
                  exclude: Collection[str] = ()) -> list[Path]:
    """Write sitemap.xml (a sitemap, or an index of sitemap-N.xml.gz) and robots.txt.

    Only canonical pages are listed: `exclude` names the redirect pages (see page_urls).

    Run it after the site is built; with no site_url nothing is written. A stale sitemap.xml.gz
    from the docs engine is replaced by a
    gzip of the new sitemap.xml (with no timestamp, so rebuilds stay identical).
    """
    if not site_url:
        return []  # sitemaps need absolute URLs; without site_url there is nothing true to write
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    urls = page_urls(out_dir, site_url, set(exclude))
    written: list[Path] = []
    for old in [*out_dir.glob("sitemap-*.xml"), *out_dir.glob("sitemap-*.xml.gz")]:
        old.unlink()
    if len(urls) <= max_urls:
        main = _xml("urlset", "url", urls)
    else:
        parts = []
        for n, start in enumerate(range(0, len(urls), max_urls), start=1):
            part = out_dir / f"sitemap-{n}.xml.gz"
            with gzip.GzipFile(part, "wb", mtime=0) as fh:
                fh.write(_xml("urlset", "url", urls[start:start + max_urls]))
            written.append(part)
            parts.append(f"{site_url}{part.name}")
        main = _xml("sitemapindex", "sitemap", parts)
    sitemap = out_dir / "sitemap.xml"
    sitemap.write_bytes(main)
    written.insert(0, sitemap)
    gz = out_dir / "sitemap.xml.gz"
    if gz.exists():
        with gzip.GzipFile(gz, "wb", mtime=0) as fh:
            fh.write(main)
        written.append(gz)
    robots = out_dir / "robots.txt"
    robots.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n", encoding="utf-8")
    written.append(robots)
    return written
