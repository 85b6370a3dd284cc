"""Loading finds every record file, reads each one once, and turns what it can't read into problems."""

from __future__ import annotations

import pickle
from pathlib import Path

from oerbank.load import find_root, load_catalogue, resource_from_text, slugify, split_front_matter


def test_front_matter_and_body_lines() -> None:
    text = "---\ntitle: A\nurl: b\n---\n\nFirst paragraph.\n\n"
    assert split_front_matter(text, "r.md") == ("title: A\nurl: b", 1, "\nFirst paragraph.", 5)


def test_a_resource_knows_its_id_folder_and_lines() -> None:
    record = resource_from_text("resources/acme-arts/masks.md", "---\ntitle: Masks\nkey_stages: [ks2]\n---\nBody\n")
    assert not isinstance(record, list)
    assert (record.id, record.folder, record.body, record.body_line) == ("acme-arts/masks", "acme-arts", "Body", 5)
    assert (record.line("title"), record.line("key_stages"), record.line("absent")) == (2, 3, 1)


def test_counts_include_files_that_could_not_be_read(good_catalogue: Path) -> None:
    (good_catalogue / "resources/acme-arts/broken.md").write_text("no front matter\n", encoding="utf-8")
    catalogue, problems = load_catalogue(good_catalogue)
    assert (catalogue.organisation_files, catalogue.resource_files) == (2, 4)
    assert len(catalogue.resources) == 3 and [p.code for p in problems] == ["missing-front-matter"]
    assert catalogue.organisation_ids_found == {"acme-arts", "harbour-museum"}


def test_records_read_by_workers_come_back_without_their_fields_until_asked(good_catalogue: Path) -> None:
    catalogue, _ = load_catalogue(good_catalogue)
    record = pickle.loads(pickle.dumps(catalogue.resources[0]))
    assert "fields" not in vars(record)
    assert record.fields == catalogue.resources[0].fields
    made = resource_from_text("resources/acme-arts/new.md", "---\ntitle: New\n---\n")
    assert pickle.loads(pickle.dumps(made)).fields == made.fields  # not from a file: the fields travel


def test_find_root_walks_up_from_inside_a_catalogue(good_catalogue: Path, tmp_path: Path) -> None:
    assert find_root(good_catalogue / "resources" / "acme-arts") == good_catalogue
    assert find_root(tmp_path) is None


def test_slugify_suggests_a_valid_file_name() -> None:
    assert slugify("Clay Masks (v2)") == "clay-masks-v2"
    assert slugify("Art & Design: Year 4!") == "art-and-design-year-4"
    assert slugify("!!!") == "my-resource"
