"""The open data page and the field reference are generated from the files and the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

from export_helpers import SITE_URL

from oerbank.export import LargeFiles, field_reference_markdown, open_data_page, write_data
from oerbank.export.dataset_page import human_size, jsonld_script
from oerbank.load import Catalogue
from oerbank.schema import load_schema

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_page_lists_every_file_with_its_size(small: Catalogue, tmp_path: Path) -> None:
    written = write_data(small, {}, tmp_path, SITE_URL, "2025.1.20+1a2b3c4d")
    page = open_data_page(small, tmp_path, SITE_URL)
    assert page.startswith("# Open data")
    for path in written:
        assert f'<a href="{path.name}">' in page
        assert human_size(path.stat().st_size) in page
    assert "2 organisations and 3 resources" in page
    for heading in ("## Examples", "## How to cite", "## Licence", "### Python (pandas)", "### R", "### DuckDB",
                    "### Datasette"):
        assert heading in page
    assert "CC0 1.0" in page and "2025.1.20+1a2b3c4d" in page
    for f in load_schema().resources.fields:
        assert f"| `{f.name}` |" in page
    assert ("| `licence_label` | string (required) | The licence's name, from the licence vocabulary "
            "(the label of licence in vocabularies.csv). |  |") in page
    assert "with the licence's name in `licence_label` and the page that sets out its terms in `licence_url`" in page


def test_page_names_compressed_files_and_how_to_open_them(small: Catalogue, tmp_path: Path) -> None:
    write_data(small, {}, tmp_path, SITE_URL, "2025.1.20+1a2b3c4d", compress_over=0)
    page = open_data_page(small, tmp_path, SITE_URL)
    assert "Files ending in `.gz` are gzip-compressed" in page
    assert f'pd.read_csv("{SITE_URL}data/resources.csv.gz", keep_default_na=False)' in page
    assert f"curl -O {SITE_URL}data/catalogue.sqlite.gz\ngunzip catalogue.sqlite.gz\ndatasette catalogue.sqlite" in page
    assert "| CSV, gzipped |" in page
    assert "-- or the SQLite file (after downloading and unzipping it):" in page
    ld = json.loads(SCRIPT.findall(page)[-1])
    formats = {d["contentUrl"].rsplit("/", 1)[-1]: d["encodingFormat"] for d in ld["distribution"]}
    assert formats["resources.csv.gz"] == "application/gzip" and formats["datapackage.json"] == "application/json"
    write_data(small, {}, tmp_path, SITE_URL, "2025.1.20+1a2b3c4d")
    assert ".gz" not in open_data_page(small, tmp_path, SITE_URL)


def test_page_links_large_files_where_they_are_published(small: Catalogue, tmp_path: Path) -> None:
    url = "https://github.com/example/catalogue/releases/download/open-data"
    large = LargeFiles(tmp_path / "site-large-files", url)
    write_data(small, {}, tmp_path / "site", SITE_URL, "2025.1.20+1a2b3c4d", compress_over=0, large=large)
    page = open_data_page(small, tmp_path / "site", SITE_URL, large.folder)
    size = human_size((large.folder / "resources.csv.gz").stat().st_size)
    assert f'| <a href="{url}/resources.csv.gz"><code>resources.csv.gz</code></a> |' in page
    assert f"| CSV, gzipped | {size} |" in page
    assert f'pd.read_csv("{url}/resources.csv.gz", keep_default_na=False)' in page
    assert "downloaded from the catalogue's repository (release assets)" in page
    ld = json.loads(SCRIPT.findall(page)[-1])
    urls = {d["contentUrl"] for d in ld["distribution"]}
    assert f"{url}/catalogue.sqlite.gz" in urls and f"{SITE_URL}data/datapackage.json" in urls


def test_dataset_jsonld(small: Catalogue, tmp_path: Path) -> None:
    written = write_data(small, {}, tmp_path, SITE_URL, "1.0.0")
    page = open_data_page(small, tmp_path, SITE_URL)
    blocks = SCRIPT.findall(page)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Dataset" and data["license"].endswith("/publicdomain/zero/1.0/")
    assert data["url"] == f"{SITE_URL}data/"
    urls = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    assert urls[f"{SITE_URL}data/resources.csv"] == "text/csv"
    assert urls[f"{SITE_URL}data/catalogue.sqlite"] == "application/vnd.sqlite3"
    assert set(urls) == {f"{SITE_URL}data/{p.name}" for p in written}
    assert all(d["@type"] == "DataDownload" for d in data["distribution"])


def test_jsonld_cannot_close_its_script() -> None:
    hostile = {"name": "</script><script>alert(1)</script> & <!--", "x": "\u2028"}
    script = jsonld_script(hostile)
    inner = script[len('<script type="application/ld+json">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == hostile


def test_field_reference_covers_every_field_and_value() -> None:
    schema = load_schema()
    text = field_reference_markdown()
    assert text.startswith("## Organisations")
    for table in schema.tables():
        for f in table.fields:
            assert f"### `{f.name}`" in text
    for vocab in schema.vocabularies.values():
        for term in vocab.terms:
            assert f"| `{term.key}` |" in text
    assert "charity_number: '1123456'" in text  # quoted, or YAML would read a number
    assert "keywords: [floating, ships]" in text
    # Recommended fields say so, in the table and under their own heading.
    assert "| `curriculum` | Recommended |" in text and "**Curriculum**. Recommended." in text
    assert "| `keywords` | Optional |" in text
    assert "resources/&lt;organisation&gt;/&lt;slug&gt;.md" in text  # shown, not swallowed as a tag
    assert field_reference_markdown(heading_level=3).startswith("### Organisations")


def _html(markdown_text: str) -> str:
    import markdown
    # MkDocs always adds toc, tables and fenced_code; the site adds the others.
    return markdown.markdown(markdown_text, extensions=["toc", "tables", "fenced_code", "attr_list", "md_in_html",
                                                        "admonition"])


def test_page_renders_as_intended(small: Catalogue, tmp_path: Path) -> None:
    write_data(small, {}, tmp_path, SITE_URL, "1.0.0")
    page = _html(open_data_page(small, tmp_path, SITE_URL))
    assert "<em>" not in page.split("<h2", 3)[2]  # no stray italics from resource_*.csv
    assert "resource_*.csv" in page
    assert '<td><a href="resources.csv"><code>resources.csv</code></a></td>' in page
    assert page.count('<pre><code class="language-') >= 5
    assert len(SCRIPT.findall(page)) == 1


def test_field_reference_renders() -> None:
    text = _html(field_reference_markdown())
    assert "resources/&lt;organisation&gt;/&lt;slug&gt;.md" in text
    assert '<code class="language-yaml">keywords: [floating, ships]' in text
    assert "<table>" in text and "<script" not in text


def test_field_reference_lists_every_check_message_from_the_registry() -> None:
    from oerbank.codes import FILE_ROWS

    page = _html(field_reference_markdown())
    messages = page.split('id="check-messages"', 1)[1]
    for row in FILE_ROWS:
        for code in row.codes:
            assert f"<td><code>{code.name}</code></td>" in messages
    assert ("<td><code>yaml-syntax</code></td>\n<td>A line can't be read</td>\n"
            "<td><code>title: Masks: a workshop</code></td>\n"
            "<td><code>title: &quot;Masks: a workshop&quot;</code></td>") in messages
    assert "<td><code>title: Masks</code><br><code>title: Masks again</code></td>" in messages
    assert "<td>Starts like a formula (warning)</td>" in messages


def test_field_reference_shows_each_key_stages_stages_in_the_other_nations() -> None:
    """Generated from stages.yml: the row for ks2 names the stages a Key Stage 2 resource is listed under."""
    text = field_reference_markdown()
    row = next(line for line in text.splitlines() if line.startswith("| `ks2` | <a"))
    cells = row.split(" | ")
    assert "First level (P2–P4)" in cells[1] and "Second level (P5–P7)" in cells[1]
    assert "Progression step 3 (around age 11)" in cells[2]
    assert '<a href="https://ccea.org.uk/about/what-we-do/curriculum">Key Stage 2 (Years 5–7)</a>' in cells[3]
