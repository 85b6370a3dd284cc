"""`oerbank.intake`: what people type, read the same way on every route."""

from __future__ import annotations

import pytest

from oerbank.intake import Conversion, canonical, hint, read, replacement, split_list
from oerbank.schema import Field, load_schema

SCHEMA = load_schema()
FIELD = SCHEMA.resources.field


@pytest.mark.parametrize("name,typed,value,said", [
    ("key_stages", "Key Stage 2", ["ks2"], "'Key Stage 2' read as ks2"),
    ("key_stages", "Key Stage 2 (ages 7–11); KS3", ["ks2", "ks3"],
     "'Key Stage 2 (ages 7–11)' read as ks2; 'KS3' read as ks3"),
    ("key_stages", "Early years", ["eyfs"], "'Early years' read as eyfs"),
    ("licence", "CC BY 4.0", "CC-BY-4.0", "'CC BY 4.0' read as CC-BY-4.0"),
    ("licence", "Open Government Licence 3.0", "OGL-UK-3.0", "'Open Government Licence 3.0' read as OGL-UK-3.0"),
    ("cost", "Free", "free", "'Free' read as free"),
    ("published", "12/05/2025", "2025-05-12", "'12/05/2025' read as 2025-05-12 (12 May 2025)"),
    ("languages", "English, Welsh", ["en", "cy"], "'English' read as en; 'Welsh' read as cy"),
    ("languages", "Scottish Gaelic; en_GB", ["gd", "en-GB"], "'Scottish Gaelic' read as gd; 'en_GB' read as en-GB"),
    ("duration_minutes", "90 minutes", 90, "'90 minutes' read as 90"),
])
def test_what_people_type_is_read_and_said(name: str, typed: str, value: object, said: str) -> None:
    reading = read(FIELD(name), typed, SCHEMA)
    assert reading.value == value
    assert reading.said() == said


@pytest.mark.parametrize("name,typed,value", [
    ("key_stages", "ks2, ks3", ["ks2", "ks3"]),
    ("cost", "free", "free"),
    ("published", "2025-05-12", "2025-05-12"),
    ("duration_minutes", "60", 60),
    ("languages", "en; cy", ["en", "cy"]),
    # Not certain readings: left as typed, for the validator to refuse with a did-you-mean.
    ("key_stages", "Year 4", ["Year 4"]),
    ("licence", "OGL", "OGL"),
    ("published", "31/02/2025", "31/02/2025"),
    ("languages", "Elvish", ["Elvish"]),
])
def test_what_is_already_canonical_or_uncertain_is_kept_as_typed(name: str, typed: str, value: object) -> None:
    reading = read(FIELD(name), typed, SCHEMA)
    assert reading.value == value
    assert reading.conversions == []


def test_a_yes_no_field_reads_yes_and_no() -> None:
    # No field of the current schema is yes/no; a schema that adds one gets the same reading everywhere.
    flag = Field("online_only", "boolean", "Online only", "Only online.")
    assert canonical(flag, "Yes") == Conversion("Yes", True)
    assert canonical(flag, "no") == Conversion("no", False)
    assert canonical(flag, "true") is None and canonical(flag, "maybe") is None
    assert read(flag, "Yes", SCHEMA).said() == "'Yes' read as true"


def test_hints_give_the_exact_line_to_write() -> None:
    assert hint(FIELD("key_stages"), "Key Stage 2", SCHEMA, ["Key Stage 2", "ks3"]) == \
        "Write ks2 for 'Key Stage 2': key_stages: [ks2, ks3]"
    assert hint(FIELD("licence"), "CC BY 4.0", SCHEMA) == "Write CC-BY-4.0 for 'CC BY 4.0': licence: CC-BY-4.0"
    assert hint(FIELD("published"), "12/05/2025", SCHEMA) == \
        "Write it year-month-day: published: 2025-05-12 (if you mean 12 May 2025)."
    assert hint(FIELD("languages"), "Welsh", SCHEMA, ["en", "Welsh"]) == "Write cy for 'Welsh': languages: [en, cy]"
    assert hint(FIELD("key_stages"), "Year 4", SCHEMA) == \
        "Did you mean 'ks2'? Use one of: eyfs, ks1, ks2, ks3, ks4, ks5."
    assert hint(FIELD("title"), "Anything", SCHEMA) is None
    assert replacement(FIELD("key_stages"), ["ks2", "ks3"], SCHEMA) is None


def test_lists_split_as_spreadsheets_write_them() -> None:
    assert split_list("ks1; ks2") == ["ks1", "ks2"]
    assert split_list("GCSE, A level") == ["GCSE", "A level"]
    assert split_list("one, two; three") == ["one, two", "three"]
    assert split_list("a\r\nb") == ["a", "b"]
    assert read(FIELD("key_stages"), "ks2; Key Stage 2", SCHEMA).value == ["ks2"]  # one value, once
