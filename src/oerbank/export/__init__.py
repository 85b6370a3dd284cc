"""Open data and the files around the site: data dumps, Atom feeds, sitemap, the data page.

The site build calls, in order: write_data and write_feeds (any time after loading),
open_data_page (after write_data), write_redirects then write_sitemap (after every HTML page
is written).
"""

from __future__ import annotations

from ..gitdates import GitDates, git_dates, version_from_git
from .dataset_page import open_data_page
from .dump import LargeFiles, write_data
from .feeds import feed_links, feed_path, write_feeds
from .fieldref import field_reference_markdown
from .redirects import write_redirects
from .sitemap import write_sitemap

__all__ = [
    "GitDates", "LargeFiles", "field_reference_markdown", "feed_links", "feed_path", "git_dates", "open_data_page",
    "version_from_git", "write_data", "write_feeds", "write_redirects", "write_sitemap",
]
