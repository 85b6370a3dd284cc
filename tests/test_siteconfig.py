"""mkdocs.yml read without a docs engine: the catalogue's settings from the plugin entry or `extra: oerbank:`."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogues import REPO
from oerbank.siteconfig import SiteConfigError, read_site_config


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_own_settings() -> None:
    site = read_site_config(REPO / "mkdocs.yml")
    assert (site.site_name, site.engine, site.page_size, site.browse_limit) == ("Open Arts Resource Bank", "mkdocs", 50, 500)
    assert site.edit_base == "https://github.com/open-arts-resource-bank/oerbank/edit/main/"
    assert site.large_files_url == "https://github.com/open-arts-resource-bank/oerbank/releases/download/open-data"
    assert site.theme_dir == REPO / "theme"


def test_settings_under_extra_serve_an_engine_without_plugins(tmp_path: Path) -> None:
    site = read_site_config(_config(tmp_path, "site_name: Museum\nextra:\n  oerbank:\n    engine: zensical\n    page_size: 20\n"))
    assert (site.site_name, site.engine, site.page_size) == ("Museum", "zensical", 20)


def test_the_plugin_entry_wins_over_extra(tmp_path: Path) -> None:
    site = read_site_config(_config(tmp_path, "extra:\n  oerbank:\n    engine: zensical\n"
                                              "plugins:\n  - search\n  - oerbank:\n      engine: properdocs\n"))
    assert site.engine == "properdocs"


def test_mkdocs_own_tags_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/bank/")
    site = read_site_config(_config(tmp_path, "site_url: !ENV [SITE_URL, 'https://fallback.example/']\n"
                                              "site_name: !ENV [NO_SUCH_VARIABLE, Fallback]\n"))
    assert (site.site_url, site.site_name) == ("https://example.org/bank/", "Fallback")


def test_an_unknown_engine_is_refused_by_name(tmp_path: Path) -> None:
    path = _config(tmp_path, "plugins:\n  - oerbank:\n      engine: hugo\n")
    with pytest.raises(SiteConfigError) as refused:
        read_site_config(path)
    assert str(refused.value) == f"{path}: engine: hugo is not one of mkdocs, properdocs, zensical."
