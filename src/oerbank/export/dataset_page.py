"""The "Open data" page: what each file holds and weighs, the columns, examples, citation, licence.

Generated after write_data so the sizes and version are those of the files actually
published, and the columns come from the same descriptors as datapackage.json. A schema.org
Dataset block lets dataset search engines find the downloads.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from ..load import Catalogue
from ..schema import LIST_SEPARATOR, load_schema
from .datapackage import DATAPACKAGE
from .dump import DATA_DIR, JSON_FILE, SQLITE_FILE
from ..github.inert import page_cell as md_cell
from .sqlite import FTS_TABLE
from .tables import FORMULA_NOTE

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
_FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "jsonl": "JSON Lines", "sqlite": "SQLite"}


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def jsonld_script(data: dict[str, Any]) -> str:
    """JSON-LD inside <script>: <, > and & escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return f'<script type="application/ld+json">{text}</script>'


def _package(out_dir: Path) -> dict[str, Any]:
    return json.loads((out_dir / DATA_DIR / DATAPACKAGE).read_text(encoding="utf-8"))


def _data_url(site_url: str) -> str:
    return f"{site_url}{DATA_DIR}/" if site_url else ""


def dataset_jsonld(package: dict[str, Any], site_url: str, organisations: int, resources: int) -> dict[str, Any]:
    """A schema.org Dataset with one DataDownload per file."""
    base = _data_url(site_url)
    files = [*package["resources"], {"name": "datapackage", "path": DATAPACKAGE, "mediatype": "application/json",
                                     "title": "Data package descriptor"}]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": package["title"],
        "description": (f"{organisations} UK arts and cultural organisations and {resources} learning resources "
                        "for teachers they publish, with key stages, subjects, art forms, licences and "
                        "costs, as CSV, JSON, SQLite and a Frictionless data package."),
        "version": package.get("version"),
        "license": CC0,
        "isAccessibleForFree": True,
        "keywords": package.get("keywords", []),
        "inLanguage": "en-GB",
        "spatialCoverage": {"@type": "Place", "name": "United Kingdom"},
        "creator": {"@type": "Organization", "name": f"{package['title']} contributors",
                    **({"url": site_url} if site_url else {})},
        "distribution": [
            {"@type": "DataDownload", "name": f.get("title") or f["name"],
             "encodingFormat": "application/gzip" if f.get("compression") else f["mediatype"],
             "contentUrl": _url(base, f["path"]), **({"contentSize": f"{f['bytes']} B"} if f.get("bytes") else {})}
            for f in files
        ],
    }
    if base:
        data["url"] = base
    return data


def _format_name(resource: dict[str, Any]) -> str:
    name = _FORMAT_NAMES.get(resource["format"], resource["format"])
    return name + ", gzipped" if resource.get("compression") else name


def _url(base: str, path: str) -> str:
    """A file's address: large files have absolute URLs (release assets), the rest sit in data/."""
    return path if path.startswith(("https://", "http://")) else base + path


def _link(path: str) -> str:
    # Plain HTML links: MkDocs would otherwise look for these files among the docs pages.
    name = path.rsplit("/", 1)[-1]
    return f'<a href="{html.escape(path)}"><code>{html.escape(name)}</code></a>'


def _downloads(package: dict[str, Any], datapackage_bytes: int) -> list[str]:
    main = [r for r in package["resources"] if not r["name"].startswith(("resource_", "organisation_"))]
    long = [r for r in package["resources"] if r["name"].startswith(("resource_", "organisation_"))]
    lines = ["| File | What it holds | Format | Size |", "| --- | --- | --- | --- |"]
    for r in main:
        lines.append(f"| {_link(r['path'])} | {md_cell(r.get('description', ''))} | "
                     f"{_format_name(r)} | {human_size(r['bytes'])} |")
    lines.append(f"| {_link(DATAPACKAGE)} | The Frictionless data package: every file's schema and "
                 f"SHA-256 checksum. | JSON | {human_size(datapackage_bytes)} |")
    lines += ["", "One row per value of each multi-valued column (\"long\" tables, easy to join and count):", "",
              "| File | Columns | Size |", "| --- | --- | --- |"]
    for r in long:
        cols = ", ".join(f"`{f['name']}`" for f in r["schema"]["fields"])
        lines.append(f"| {_link(r['path'])} | {cols} | {human_size(r['bytes'])} |")
    return lines


def _compressed_note(package: dict[str, Any]) -> list[str]:
    if not any(r.get("compression") for r in package["resources"]):
        return []
    note = ["Files ending in `.gz` are gzip-compressed because they are large: pandas, R (readr), DuckDB "
            "and Frictionless read them as they are; to open one in a spreadsheet, unzip it first "
            "(double-click it, or `gunzip` it)."]
    if any(r["path"].startswith(("https://", "http://")) for r in package["resources"]):
        note.append("The largest files are downloaded from the catalogue's repository (release assets), "
                    "not from this site, which keeps the site within its host's size limit; they are "
                    "replaced with every build, and datapackage.json gives their addresses and SHA-256 "
                    "checksums.")
    return [" ".join(note), ""]


def _allowed(fd: dict[str, Any], vocab_of: dict[str, Any]) -> str:
    vocab = vocab_of.get(fd["name"])
    keys = vocab.keys if vocab is not None else fd.get("constraints", {}).get("enum", [])
    return ", ".join(f"`{k}`" for k in keys)


def _columns(package: dict[str, Any]) -> list[str]:
    schema = load_schema()
    lines: list[str] = []
    for name in ("organisations", "resources", "changes"):
        r = next(x for x in package["resources"] if x["name"] == name)
        fields = schema.table(name).fields if name != "changes" else ()
        vocab_of = {f.name: schema.vocabulary_for(f) for f in fields if f.vocabulary}
        lines += [f"### {r['path']}", "", "| Column | Type | Description | Allowed values |",
                  "| --- | --- | --- | --- |"]
        for fd in r["schema"]["fields"]:
            type_ = "list" if fd["type"] == "list" else fd["type"]
            required = " (required)" if fd.get("constraints", {}).get("required") else ""
            lines.append(f"| `{fd['name']}` | {type_}{required} | {md_cell(fd.get('description', ''))} | "
                         f"{_allowed(fd, vocab_of)} |")
        lines.append("")
    return lines


def _paths(package: dict[str, Any]) -> dict[str, str]:
    return {r["name"]: r["path"] for r in package["resources"]}


def _examples(package: dict[str, Any], site_url: str) -> list[str]:
    base = _data_url(site_url) or ""
    paths = _paths(package)
    csv_url, stages = _url(base, paths["resources"]), _url(base, paths["resource_key_stages"])
    sqlite_url = _url(base, paths["catalogue-sqlite"])
    sqlite_file = sqlite_url.rsplit("/", 1)[-1]
    fetch_sqlite = [f"curl -O {sqlite_url}"]
    if sqlite_file.endswith(".gz"):
        fetch_sqlite.append(f"gunzip {sqlite_file}")
    return [
        "### Python (pandas)", "", "```python", "import pandas as pd", "",
        "# keep_default_na=False: a title such as \"NA\" stays text; empty cells become ''",
        f'resources = pd.read_csv("{csv_url}", keep_default_na=False)',
        f'stages = pd.read_csv("{stages}", keep_default_na=False)',
        'print(stages.groupby("key_stage").size())',
        f'resources["subjects"] = resources["subjects"].str.split("{LIST_SEPARATOR}")', "```", "",
        "### R", "", "```r", "library(readr)",
        f'resources <- read_csv("{csv_url}", na = "")',
        f'stages <- read_csv("{stages}", na = "")', "table(stages$key_stage)", "```", "",
        "### DuckDB", "", "```sql",
        f"SELECT licence, count(*) AS n FROM read_csv('{csv_url}') GROUP BY licence ORDER BY n DESC;",
        "-- what changed since a date, removals and renames included:",
        f"SELECT date, change, id, path, old_path FROM read_csv('{_url(base, paths['changes'])}') "
        "WHERE date >= DATE '2025-01-01';",
        f"-- or the SQLite file (after downloading{' and unzipping' if sqlite_file.endswith('.gz') else ''} it):",
        "INSTALL sqlite; LOAD sqlite;",
        f"ATTACH '{SQLITE_FILE}' AS oer (TYPE sqlite);",
        "SELECT title, url FROM oer.resources WHERE organisation = 'castlegate-gallery';", "```", "",
        "### Datasette and SQLite", "", "```sh", *fetch_sqlite, f"datasette {SQLITE_FILE}", "```", "",
        f"Datasette offers full-text search on the resources table; in plain SQLite use the `{FTS_TABLE}` index:",
        "", "```sql",
        f"SELECT r.id, r.title FROM {FTS_TABLE} JOIN resources r ON r.rowid = {FTS_TABLE}.rowid",
        f"WHERE {FTS_TABLE} MATCH 'shipwreck' ORDER BY rank;", "```", "",
        "List columns hold JSON arrays in SQLite, so `json_each` unnests them; Datasette can facet on "
        "them with `_facet_array=key_stages`.", "",
        "### Check the files", "", "```sh", f"frictionless validate {base}{DATAPACKAGE}", "```", "",
    ]


def _citation(package: dict[str, Any], site_url: str) -> list[str]:
    version = package.get("version") or ""
    year = version[:4] if version[:4].isdigit() else "n.d."
    url = _data_url(site_url) or "(this page)"
    title = package["title"]
    return [
        f"{title} contributors ({year}). *{title}* (version {version}) [Data set]. {url}", "",
        "```bibtex", "@misc{oerbank,", f"  title = {{{title}}},", f"  author = {{{{{title} contributors}}}},",
        f"  year = {{{year}}},", f"  version = {{{version}}},", f"  url = {{{url}}},",
        "  note = {Data set, CC0 1.0}", "}", "```",
    ]


def open_data_page(catalogue: Catalogue, out_dir: Path, site_url: str, large_folder: Path | None = None) -> str:
    """Markdown (with a little safe HTML) for the /data/ page; call it after write_data.

    Files published elsewhere (LargeFiles) have no size in the package; it is read from
    large_folder, where write_data put them.
    """
    site_url = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    package = _package(out_dir)
    for r in package["resources"]:
        if "bytes" not in r and large_folder is not None:
            r["bytes"] = (large_folder / r["path"].rsplit("/", 1)[-1]).stat().st_size
    datapackage_bytes = (out_dir / DATA_DIR / DATAPACKAGE).stat().st_size
    n_orgs, n_res = len(catalogue.organisations), len(catalogue.resources)
    version = package.get("version", "")
    lines = [
        "# Open data", "",
        f"The whole catalogue, {n_orgs} organisations and {n_res} resources, is open data: download it, "
        "study it, build on it. This is version "
        f"`{html.escape(version)}` (the date and commit of the catalogue it was built from); the files "
        "are rebuilt whenever the catalogue changes.", "",
        "## Downloads", "", *_downloads(package, datapackage_bytes), "",
        "Every CSV file is UTF-8 with a header row, one row per record, sorted by id. In "
        f"`organisations.csv` and `resources.csv`, a column holding several values joins them with "
        f"`{LIST_SEPARATOR}` (the long tables give one row per value; use them if a value might "
        f"contain `{LIST_SEPARATOR}`). Empty cells mean no value. Dates are YYYY-MM-DD. "
        f"`{JSON_FILE}` embeds each resource's organisation (id, name, url, page_url).", "",
        *_compressed_note(package),
        f"Spreadsheet safety: {FORMULA_NOTE}", "",
        "`first_published` and `last_updated` come from the catalogue's Git history (when the record "
        "was added and last changed); `published` and `updated` are what the organisation says about "
        "the resource itself.", "",
        "An `id` is permanent: a record keeps the id it was first published under when its file is "
        "renamed (its page moves to the new name, and the old address leads there), so joins and links "
        "keep working; a resource's `organisation` column holds its organisation's id in the same way. "
        "`changes.csv` lists every change to the records with its date, removals and "
        "renames included: filter it on `date` to see what changed since then.", "",
        "## Columns", "",
        "Generated from the catalogue's schema, like the validator and the "
        '<a href="../contributing/fields/">field reference</a>; `vocabularies.csv` gives the label and '
        "definition of every allowed value.", "",
        *_columns(package),
        "## Examples", "", *_examples(package, site_url),
        "## How to cite", "", *_citation(package, site_url), "",
        "## Licence", "",
        f'The catalogue\'s data is dedicated to the public domain under <a href="{CC0}">CC0 1.0</a>: '
        "use it for anything, no permission needed. A credit and a link back are appreciated. The "
        "resources themselves belong to the organisations that publish them; each one's terms are in "
        "its `licence` column, with the licence's name in `licence_label` and the page that sets out its "
        "terms in `licence_url`.", "",
        jsonld_script(dataset_jsonld(package, site_url, n_orgs, n_res)), "",
    ]
    return "\n".join(lines)
