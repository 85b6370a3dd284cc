"""The catalogue's search: a lunr index prebuilt in Python, sharded by term, queried by lunr.js.

`write_search(catalogue, site_dir, dates)` writes the data under site_dir/search/ (`dates`,
the Git dates, place records without `published` in the "newest" order); the site's
/search/ page holds `<div id="oer-search" data-root="../">` and loads the ES modules
assets/oerbank/search/first.js and search.bundle.js (bundle.py: search.js and the modules it
imports in one file), which build the page from that data.

    lunrjs.py     lunr.js 2.3.9's tokenizer, trimmer and stemmer in Python (Python lunr's differ)
    documents.py  resources numbered newest first, with the plain text of each indexed field
    index.py      the lunr index (Python lunr's Builder) and its shards by term
    table.py      facet columns with vocabulary labels, result rows, A-Z order
    codec.py      lists of numbers as short strings
    write.py      the files, and write_search
    bundle.py     the search page's modules in one file, for the site

Importing this package makes Python lunr's "trimmer" and "stemmer" behave as lunr.js's do,
so the terms in the index are the terms lunr.js looks up.
"""

from __future__ import annotations

from . import lunrjs as _lunrjs  # noqa: F401  (registers lunr.js's pipeline functions)
from .write import search_files, write_search

__all__ = ["search_files", "write_search"]
