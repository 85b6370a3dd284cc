"""`scaffold.update_resource_file`: set some fields of a file and keep everything else as written."""

from __future__ import annotations

from pathlib import Path

from oerbank.load import resource_from_text
from oerbank.scaffold import update_resource_file

OAK = Path(__file__).parent / "fixtures" / "oak" / "resources"


def fields(text: str) -> dict:
    record = resource_from_text("resources/o/x.md", text)
    assert not isinstance(record, list), record
    return {k: e.plain() for k, e in record.fields.items()} | {"body": record.body}


def test_every_real_lesson_keeps_what_is_not_updated() -> None:
    files = sorted(OAK.glob("*/*.md"))
    assert len(files) == 311
    for path in files:
        text = path.read_text(encoding="utf-8")
        before = fields(text)
        after_text = update_resource_file(text, {"summary": "A new summary: with a colon.", "key_stages": ["ks4"],
                                                 "duration_minutes": 50})
        after = fields(after_text)
        assert after == before | {"summary": "A new summary: with a colon.", "key_stages": ["ks4"],
                                  "duration_minutes": "50"}, path.name
        # Lines of fields that were not updated are byte for byte the same, in the same order.
        untouched = [line for line in text.splitlines() if line.startswith(("title:", "url:", "licence:", "cost:"))]
        assert [line for line in after_text.splitlines() if line in untouched] == untouched


def test_comments_order_and_description_are_kept_and_examples_are_filled_in() -> None:
    text = ("---\n# Our own note about this lesson.\ntitle: Clay Faces\nurl: https://a.example/clay\n"
            "key_stages:\n  - ks1\n\n# Licence: checked with the director.\nlicence: CC-BY-4.0\n"
            "# keywords: [\"example\"]\n---\nWritten by hand.\n")
    assert update_resource_file(text, {"key_stages": ["ks1", "ks2"], "keywords": ["clay"], "cost": "free"}) == (
        "---\n# Our own note about this lesson.\ntitle: Clay Faces\nurl: https://a.example/clay\n"
        'key_stages: ["ks1", "ks2"]\n\n# Licence: checked with the director.\nlicence: CC-BY-4.0\n'
        'cost: "free"\nkeywords: ["clay"]\n---\nWritten by hand.\n')
    # A value that already says the same leaves its line as written; a new description replaces the old.
    assert update_resource_file(text, {"title": "Clay Faces", "key_stages": ["ks1"]}) == text
    assert update_resource_file(text, {}, body="New words.").endswith("---\nNew words.\n")
    assert update_resource_file("no front matter", {"title": "x"}) is None
