"""Write everything the search page needs under <site>/search/.

    search/docs.json             manifest: what a first search needs (shard boundaries, the filters' names)
    search/filters.json          each filter's values, labels and combinations, loaded after the first results
    search/facets/<param>.json   each document's combination of that facet's values
    search/index/<n>.json        lunr index shards, runs of terms in sorted order
    search/docs/<n>.json         display rows (id, title, summary) of CHUNK consecutive documents
    search/title-order.json      A-Z rank of each document, loaded only to sort by title
    search/terms/<letter>.json   the index's terms by first letter, loaded only to forgive a typo

Numbers in facets/, index/ and title-order.json are written with codec.encode_ints.

docs.json is fetched fresh on every visit; the other files are fetched with ?v=<build>,
a hash of everything written, so a browser never mixes two builds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from . import index as lunr_index
from .codec import encode_ints
from ..gitdates import Dates
from ..stages import load_stages
from .documents import FIELDS, search_documents
from .spelling import synonyms, term_lists
from .table import display_rows, facet_columns, title_ranks

FORMAT = 1
SHARD_POSTINGS = 8_000  # postings per index shard: small enough that a query loads little
FILTER_DATA = ("values", "sets", "map")  # what filters.json holds of each facet column
STAGE_DATA = ("values", "sets")  # ... but docs.json, of a nation's stages: its results' cards show them
CHUNK = 4  # documents per display chunk: results in relevance order are scattered, so each of the first
# 20 usually needs a chunk of its own; small chunks keep a first search on a slow network light (docs/benchmarks.md)


def _dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _filter_data(column: dict[str, Any]) -> dict[str, Any]:
    """Take out of a facet column what waits for filters.json (a nation's stages keep theirs)."""
    kept = STAGE_DATA if column["name"].startswith("stages:") else ()
    return {k: column.pop(k) for k in FILTER_DATA if k in column and k not in kept}


def search_files(catalogue: Any, dates: Dates | None = None, *, shard_postings: int = SHARD_POSTINGS,
                 chunk: int = CHUNK, jobs: int | None = None) -> dict[str, str]:
    """Every file of the search, as {path under search/: JSON text}; `dates` are the Git dates."""
    docs = search_documents(catalogue.resources, catalogue.organisations, dates)
    terms = lunr_index.catalogue_terms(docs, jobs)
    spelling = term_lists(docs, terms)
    shards = lunr_index.shard(terms, shard_postings)
    del terms  # the shards hold the terms now, and each shard's are let go once written out
    shard_starts = [run[0].term for run in shards]

    files: dict[str, str] = {}
    first = 0
    for n in range(len(shards)):
        run, shards[n] = shards[n], []
        files[f"index/{n}.json"] = _dumps(lunr_index.shard_payload(run, first))
        first += len(run)
    for letter, entry in spelling.items():
        files[f"terms/{letter}.json"] = _dumps(entry)
    rows = display_rows(docs, catalogue.organisations)
    for n in range(0, max(len(rows), 1), chunk):
        files[f"docs/{n // chunk}.json"] = _dumps(rows[n:n + chunk])
    files["title-order.json"] = _dumps(encode_ints(title_ranks(docs)))
    columns = facet_columns(docs, catalogue.organisations)
    for column in columns:
        if "docs" in column:
            files[f"facets/{column['param']}.json"] = _dumps(encode_ints(column.pop("docs")))
    # The filters follow the first results: the manifest, on the way to them, names them only. Except
    # what a result card needs in Scotland, Wales or Northern Ireland (that nation's stage names and
    # their combinations, a kilobyte or two), so those teachers' results need not wait for the rest.
    files["filters.json"] = _dumps({c["param"]: _filter_data(c) for c in columns})

    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    manifest = {
        "format": FORMAT,
        "count": len(docs),
        "lunr": {"version": "2.3.9", "fields": [lunr_index.TEXT_FIELD], "pipeline": ["stemmer"],
                 "indexed": dict(FIELDS)},
        "shards": shard_starts,
        "chunk": chunk,
        "facets": columns,
        # Where do you teach? Each nation's stage facet is the column whose "nation" is its key.
        "nations": [{"key": n.key, "label": n.label, "param": n.param} for n in load_stages().nations],
        "spelling": "".join(sorted(spelling)),
        "synonyms": synonyms(),
    }
    digest.update(_dumps(manifest).encode())
    manifest["build"] = digest.hexdigest()[:12]
    files["docs.json"] = _dumps(manifest)
    return files


def write_search(catalogue: Any, out_dir: Path, dates: Dates | None = None) -> list[Path]:
    """Write the search's files under out_dir/search/ (out_dir is the site root); return their paths.

    `dates`: the Git dates, which settle "newest" for records that don't say when they were published.
    """
    root = Path(out_dir) / "search"
    for old in ("index", "docs", "facets", "terms"):
        if (root / old).is_dir():
            shutil.rmtree(root / old)
    written = []
    for name, text in search_files(catalogue, dates).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
