"""The catalogue's search: a lunr index prebuilt in Python, sharded by term, queried by lunr.js.

`write_search(catalogue, site_dir)` writes the data; src/oerbank/assets/search.js builds the
page from it. Importing this package makes Python lunr's "trimmer" and "stemmer" behave as
lunr.js's do (see lunrjs.py), so the terms in the index are the terms lunr.js looks up.
"""

from __future__ import annotations

from . import lunrjs as _lunrjs  # noqa: F401  (registers lunr.js's pipeline functions)
from .write import search_files, write_search

__all__ = ["search_files", "write_search"]
