"""Every valid catalogue builds: property-based tests over catalogues generated from the schema.

`validate` and `build` must agree on catalogues where any optional field is absent from every
record, filled in some or in all, and most vocabulary values go unused: valid means built, with
a page per record, and nothing ever ends in a traceback. The first test runs the pipeline
without MkDocs (fast, so it sees many catalogues); the second runs the real `oerbank build` on
a handful. More examples: OERBANK_PROPERTY_EXAMPLES=500 pytest tests/test_catalogue_properties.py
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from catalogues import REPO
from oerbank.cli import cli
from oerbank.pipeline import check
from oerbank.render.site import SiteModel, page_source
from oerbank.search import write_search
from oerbank.site_extras import extras, write_open_data
from schema_catalogues import Generated, catalogues

EXAMPLES = int(os.environ.get("OERBANK_PROPERTY_EXAMPLES", "30"))
BOUNDED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SITE_URL = "https://example.org/oerbank/"


def _verdict(generated: Generated, valid: bool) -> None:
    event("valid" if valid else "invalid")
    for name, mode in generated.modes.items():
        if mode == "absent" and valid:
            event(f"valid without {name}")


@settings(BOUNDED, max_examples=EXAMPLES)
@given(catalogues(), st.integers(1, 3), st.integers(1, 3))
def test_every_valid_catalogue_renders_its_pages_data_and_search(generated: Generated, page_size: int,
                                                                 browse_limit: int) -> None:
    """Listings are cut small here, so a handful of records also fill several pages."""
    with tempfile.TemporaryDirectory() as tmp:
        root = generated.write(Path(tmp) / "catalogue")
        catalogue, report = check(root)
        _verdict(generated, report.valid())
        if not report.valid():
            assert all(p.file and p.code and p.message for p in report.problems)
            return
        found = extras(root, catalogue)
        site = Path(tmp) / "site"
        model = SiteModel(catalogue, site_url=SITE_URL, page_size=page_size, browse_limit=browse_limit, **found)
        pages = {page.src_uri: page.html for page in model.pages()}
        for rid in generated.resource_ids:
            assert "<h1>" in pages[page_source("resources", rid)]
        for org_id in generated.organisation_ids:
            assert page_source("organisations", org_id) in pages
        write_open_data(catalogue, root, found["dates"], site, SITE_URL, "")
        with (site / "data" / "resources.csv").open(encoding="utf-8", newline="") as fh:
            assert sorted(row["id"] for row in csv.DictReader(fh)) == sorted(generated.resource_ids)
        write_search(catalogue, site)
        manifest = json.loads((site / "search" / "docs.json").read_text(encoding="utf-8"))
        assert manifest["count"] == len(generated.resource_ids)


@settings(BOUNDED, max_examples=max(3, EXAMPLES // 6))
@given(catalogues(max_resources=4))
def test_validate_and_build_agree(generated: Generated) -> None:
    """The real `oerbank build`: valid means a page per record; invalid means no site; never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        root = generated.write(Path(tmp) / "catalogue")
        runner = CliRunner()
        validated = runner.invoke(cli, ["validate", "--root", str(root)])
        built = runner.invoke(cli, ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml")])
        _verdict(generated, validated.exit_code == 0)
        assert "Traceback" not in built.output
        assert isinstance(built.exception, SystemExit) or built.exception is None, built.output
        assert validated.exit_code in (0, 1), validated.output
        assert (validated.exit_code == 0) == (built.exit_code == 0), built.output
        site = root / "build" / "site"
        if built.exit_code == 0:
            for rid in generated.resource_ids:
                assert (site / "resources" / rid / "index.html").is_file(), rid
            for org_id in generated.organisation_ids:
                assert (site / "organisations" / org_id / "index.html").is_file(), org_id
            assert (site / "sitemap.xml").is_file()
        else:
            assert "The site was not built: fix the problems above first." in built.output
            assert not site.exists()
