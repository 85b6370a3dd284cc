"""Validation hands back checked records that nothing after it can change."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import pytest

from catalogues import FIXTURES
from oerbank.export import write_data, write_feeds
from oerbank.load import load_catalogue
from oerbank.pipeline import check
from oerbank.render.site import SiteModel
from oerbank.search import write_search
from oerbank.validate import validate

LINO = "quay-arts/lino-printing-for-beginners"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    for folder in ("organisations", "resources"):
        shutil.copytree(FIXTURES / "export" / "small" / folder, root / folder)
    return root


def test_checked_records_cannot_be_changed(root: Path) -> None:
    catalogue, report = check(root)
    assert report.valid()
    lino = next(r for r in catalogue.resources if r.id == LINO)
    assert lino.data["title"] == "Lino Printing for Beginners, Part 1" and lino.data["organisation"] == "quay-arts"
    with pytest.raises(TypeError):
        lino.data["title"] = "Something else"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lino.data = {}  # type: ignore[misc]
    with pytest.raises(AttributeError):
        lino.bad.add("title")  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(lino))  # as records come back from the processes that read them
    assert again.data == lino.data and again.line("title") == lino.line("title")
    with pytest.raises(TypeError):
        again.data["title"] = "Something else"  # type: ignore[index]


def test_the_build_steps_leave_the_records_as_validation_made_them(root: Path, tmp_path: Path) -> None:
    catalogue, _ = check(root)
    before = [dict(r.data) for r in (*catalogue.organisations, *catalogue.resources)]
    dates = {r.path: ("2020-01-01", "2021-01-01") for r in catalogue.resources}
    model = SiteModel(catalogue, dates=dates)
    for page in model.pages():
        assert page.html
    write_search(catalogue, tmp_path / "site", dates)
    write_data(catalogue, dates, tmp_path / "site", "https://example.org/", "1.0.0")
    write_feeds(catalogue, dates, tmp_path / "site", "https://example.org/")
    assert [dict(r.data) for r in (*catalogue.organisations, *catalogue.resources)] == before
    assert all("first_published" not in d for d in before)  # dates travel beside the records, never in them


def test_validating_loaded_records_returns_checked_copies(root: Path) -> None:
    loaded, problems = load_catalogue(root)
    checked, report = validate(loaded, problems)
    assert report.valid()
    assert all(not r.data for r in loaded.resources)  # what was loaded is left as it was
    assert [r.id for r in checked.resources] == [r.id for r in loaded.resources]
    assert [dict(r.data) for r in checked.resources] == [dict(r.data) for r in check(root)[0].resources]


def test_the_words_records_share_are_one_string_in_memory(root: Path) -> None:
    """A vocabulary key is held once however many records use it: at 100,000 resources each
    process would otherwise hold (and copy) a few million small strings."""
    catalogue, _ = check(root)
    seen: dict[str, str] = {}
    uses = 0
    for r in catalogue.resources:
        for value in [*r.data["key_stages"], *r.data["subjects"], r.data["licence"], r.data["cost"]]:
            assert seen.setdefault(value, value) is value, (r.id, value)
            uses += 1
    assert uses > len(seen)  # values recur


def test_records_with_the_same_keys_share_one_list_that_refuses_changes(root: Path) -> None:
    """Lists of keys or codes recur as the words do (["ks2", "ks3"], ["en"]): one list for them
    all, which is why no record's list may be changed in place."""
    catalogue, _ = check(root)
    lists: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    uses = 0
    for r in catalogue.resources:
        for name in ("key_stages", "subjects", "art_forms", "languages"):
            values = r.data[name]
            assert isinstance(values, list)  # templates, JSON and the checks see a list
            assert lists.setdefault((name, tuple(values)), values) is values, (r.id, name)
            uses += 1
    assert len(lists) < uses  # some records share a list
    lino = next(r for r in catalogue.resources if r.id == LINO)
    for change in (lambda v: v.append("ks5"), lambda v: v.sort(), lambda v: v.__setitem__(0, "ks5"),
                   lambda v: v.__iadd__(["ks5"]), lambda v: v.clear(), lambda v: v.pop()):
        with pytest.raises(TypeError):
            change(lino.data["key_stages"])
    assert lino.data["key_stages"] == ["ks2", "ks3"]
    again = pickle.loads(pickle.dumps(lino.data["key_stages"]))
    assert again == ["ks2", "ks3"] and type(again) is type(lino.data["key_stages"])
