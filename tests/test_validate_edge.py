"""Bad input that can't sit in a fixture folder as text: encodings, bombs, huge and odd files.

None of it may crash, hang or use much memory, and each gets a problem on the right line.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import subprocess
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from oerbank import yamlfile
from oerbank.load import organisation_from_text, resource_from_text
from oerbank.pipeline import check
from oerbank.schema import load_schema
from oerbank.suggest import iso_date
from oerbank.validate import check_record

from catalogues import FIXTURES, write_files
from hostile_yaml import BILLION_LAUGHS, deeply_nested

MASKS = "resources/acme-arts/clay-masks.md"


def problems_in(root: Path, rel: str) -> list[tuple[int, str]]:
    _, report = check(root)
    return sorted((p.line, p.code) for p in report.problems if p.file == rel)


def test_bytes_that_are_not_utf8_name_the_line(good_catalogue: Path) -> None:
    text = (good_catalogue / MASKS).read_text(encoding="utf-8").replace("Faces from", "Caf\u00e9 faces from")
    write_files(good_catalogue, {MASKS: text.encode("latin-1")})
    assert problems_in(good_catalogue, MASKS) == [(2, "not-utf8")]


def test_utf16_and_nul_bytes_are_not_text(good_catalogue: Path) -> None:
    text = (good_catalogue / MASKS).read_text(encoding="utf-8")
    write_files(good_catalogue, {MASKS: text.encode("utf-16"),
                                 "resources/acme-arts/nul.md": b"---\ntitle: a\x00b\n---\n"})
    assert problems_in(good_catalogue, MASKS) == [(1, "not-utf8")]
    assert problems_in(good_catalogue, "resources/acme-arts/nul.md") == [(2, "not-text")]


def test_a_utf8_byte_order_mark_is_fine(good_catalogue: Path) -> None:
    for rel in (MASKS, "organisations/acme-arts.yml"):
        write_files(good_catalogue, {rel: b"\xef\xbb\xbf" + (good_catalogue / rel).read_bytes()})
    _, report = check(good_catalogue)
    assert report.problems == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_keep_line_numbers(good_catalogue: Path, newline: str) -> None:
    text = (good_catalogue / MASKS).read_text(encoding="utf-8").replace("key_stages: [ks2]", "key_stages: [ks9]")
    write_files(good_catalogue, {MASKS: text.replace("\n", newline).encode("utf-8")})
    assert problems_in(good_catalogue, MASKS) == [(6, "not-in-vocabulary")]


def test_control_characters_are_explained(good_catalogue: Path) -> None:
    text = (good_catalogue / MASKS).read_text(encoding="utf-8").replace("Pupils look", "Pupils\x07 look")
    write_files(good_catalogue, {MASKS: text})
    _, report = check(good_catalogue)
    [p] = report.problems
    assert (p.line, p.code) == (4, "control-character")
    assert p.message == "This line contains an invisible control character, U+0007 (a control character), at line 4, column 16."


class _CountingLoader(yamlfile._Loader):
    """The YAML reader, counting the events it hands over: the work a file costs, whatever the machine's speed."""

    events = 0

    def get_event(self) -> Any:
        _CountingLoader.events += 1
        return super().get_event()


@pytest.fixture
def yaml_events(monkeypatch: pytest.MonkeyPatch) -> type[_CountingLoader]:
    monkeypatch.setattr(yamlfile, "_Loader", _CountingLoader)
    _CountingLoader.events = 0
    return _CountingLoader


def test_a_billion_laughs_is_refused_cheaply_and_small(good_catalogue: Path, yaml_events: type[_CountingLoader]) -> None:
    write_files(good_catalogue, {"organisations/laughs.yml": BILLION_LAUGHS})
    tracemalloc.start()
    record = organisation_from_text("organisations/laughs.yml", BILLION_LAUGHS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Expanded, the aliases would be 9**9 strings; read as written, the file is 126 YAML events.
    assert yaml_events.events <= 150 and peak < 2_000_000
    assert not isinstance(record, list)
    assert [(p.line, p.code) for p in record.parse_problems] == [(4, "yaml-alias")]

    yaml_events.events = 0
    tracemalloc.start()
    found = problems_in(good_catalogue, "organisations/laughs.yml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # The whole catalogue: the laughs file read once (126 events) plus five small records (about 190).
    assert yaml_events.events <= 400 and peak < 20_000_000
    # One alias problem, then the made-up fields b..i; nothing expanded.
    assert found[0] == (3, "wrong-type") or (4, "yaml-alias") in found
    assert sum(code == "yaml-alias" for _, code in found) == 1


@pytest.mark.parametrize("opening,closing", [("[", "]"), ("{a: ", "}")])
def test_deeply_nested_yaml_is_refused_early(good_catalogue: Path, opening: str, closing: str,
                                             yaml_events: type[_CountingLoader]) -> None:
    write_files(good_catalogue, {"resources/acme-arts/deep.md": deeply_nested(opening, closing)})
    found = problems_in(good_catalogue, "resources/acme-arts/deep.md")
    assert found == [(3, "too-deeply-nested")]
    # Reading stops at the fourth level: a handful of events, not the 120,000 the nesting holds
    # (the five other records of the catalogue take about 190).
    assert yaml_events.events <= 300


def test_deep_indentation_is_refused(good_catalogue: Path) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "x: 1\n"
    write_files(good_catalogue, {"organisations/deep.yml": text})
    assert problems_in(good_catalogue, "organisations/deep.yml") == [(5, "too-deeply-nested")]


def test_files_over_the_size_limit_are_not_read(good_catalogue: Path) -> None:
    big = "---\ntitle: Big\n---\n" + "All work and no play. " * 8000  # 176 KB
    write_files(good_catalogue, {"resources/acme-arts/big.md": big,
                                 "organisations/big.yml": "name: Big\ndescription: " + "x" * 70_000 + "\n"})
    _, report = check(good_catalogue)
    found = {(p.file, p.code, p.message) for p in report.problems}
    assert found == {
        ("resources/acme-arts/big.md", "file-too-large", "This file is 171 KB; a record can be at most 128 KB."),
        ("organisations/big.yml", "file-too-large", "This file is 68 KB; a record can be at most 64 KB."),
    }


def test_links_and_special_files_are_refused_without_reading_them(good_catalogue: Path) -> None:
    (good_catalogue / "resources/acme-arts/passwords.md").symlink_to("/etc/passwd")
    (good_catalogue / "organisations/elsewhere.yml").symlink_to(good_catalogue / "organisations/acme-arts.yml")
    os.mkfifo(good_catalogue / "resources/acme-arts/pipe.md")  # reading this would hang
    _, report = check(good_catalogue)
    assert sorted((p.file, p.code) for p in report.problems) == [
        ("organisations/elsewhere.yml", "symlink"),
        ("resources/acme-arts/passwords.md", "symlink"),
        ("resources/acme-arts/pipe.md", "misplaced-file"),
    ]


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_validation_never_writes_to_the_catalogue(good_catalogue: Path) -> None:
    for case in (FIXTURES / "validate" / "cases").iterdir():
        shutil.copytree(case / "files", good_catalogue, dirs_exist_ok=True)
    before = _digest(good_catalogue)
    listing = sorted(p.name for p in good_catalogue.rglob("*"))
    _, report = check(good_catalogue)
    assert report.errors
    assert _digest(good_catalogue) == before
    assert sorted(p.name for p in good_catalogue.rglob("*")) == listing


def test_the_parallel_path_reports_exactly_what_one_process_does(good_catalogue: Path) -> None:
    for case in (FIXTURES / "validate" / "cases").iterdir():
        shutil.copytree(case / "files", good_catalogue, dirs_exist_ok=True)
    # In a fresh interpreter: the pool is only used when no other threads run, and a test
    # process may hold a browser's threads.
    script = f"""
import json
from pathlib import Path
from oerbank.pipeline import check
root = Path({str(good_catalogue)!r})
_, one = check(root, jobs=1)
catalogue, two = check(root, jobs=2)
came_back = catalogue.resources[0]
print(json.dumps({{
    "same": one.sorted() == two.sorted() and len(one.problems) == len(two.problems),
    "from_worker": "fields" not in vars(came_back),
    "title_line": came_back.fields["title"].line,
    "same_data": [r.data for r in catalogue.resources] == [r.data for r in check(root, jobs=1)[0].resources],
}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"same": True, "from_worker": True, "title_line": 2, "same_data": True}


SPECIAL = ":-[]{}\"'\t\n#&*!|>%@`,?\\ \x00\u00e9"


def _mutations(text: str, rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                chars.insert(i, rng.choice(SPECIAL))
            elif op < 0.7:
                del chars[i]
            else:
                chars[i] = rng.choice(SPECIAL)
        out.append("".join(chars))
    return out


def test_random_damage_never_crashes() -> None:
    """Hundreds of randomly damaged records: every one gives a record or problems, never an exception."""
    schema = load_schema()
    rng = random.Random(7)
    good = FIXTURES / "validate" / "good"
    org_text = (good / "organisations/acme-arts.yml").read_text(encoding="utf-8")
    res_text = (good / MASKS).read_text(encoding="utf-8")
    for text in _mutations(org_text, rng, 300):
        loaded = organisation_from_text("organisations/acme-arts.yml", text)
        if not isinstance(loaded, list):
            check_record(loaded, schema.organisations, schema, {"acme-arts"})
    for text in _mutations(res_text, rng, 300):
        loaded = resource_from_text(MASKS, text)
        if not isinstance(loaded, list):
            check_record(loaded, schema.resources, schema, {"acme-arts"})


def test_random_damage_through_the_whole_pipeline(good_catalogue: Path) -> None:
    rng = random.Random(11)
    res_text = (good_catalogue / MASKS).read_text(encoding="utf-8")
    files = {f"resources/acme-arts/damaged-{i}.md": text for i, text in enumerate(_mutations(res_text, rng, 60))}
    write_files(good_catalogue, files)
    _, report = check(good_catalogue)
    assert report.errors and all(p.line >= 1 for p in report.problems)


@pytest.mark.parametrize(("written", "iso", "words"), [
    ("12/05/2025", "2025-05-12", "12 May 2025"),
    ("1.2.2024", "2024-02-01", "1 February 2024"),
    ("3rd March 2024", "2024-03-03", "3 March 2024"),
    ("March 3, 2024", "2024-03-03", "3 March 2024"),
    ("5 Sept 2024", None, None),  # not a form it knows: the general hint instead
    ("31/02/2024", None, None),  # no such day
])
def test_dates_written_another_way_are_rewritten_in_the_hint(written: str, iso: str | None, words: str | None) -> None:
    assert iso_date(written) == ((iso, words) if iso else None)


def test_an_unquoted_colon_gets_the_line_back_quoted(good_catalogue: Path) -> None:
    """An apostrophe in Welsh or English is not a curly quote: the hint is about the colon alone."""
    text = (good_catalogue / MASKS).read_text(encoding="utf-8").replace(
        'title: "Clay Masks: Faces from Around the World"', "title: Mygydau o\u2019r byd: c\u0175n a \"dr\u00e1ma\"")
    write_files(good_catalogue, {MASKS: text})
    _, report = check(good_catalogue)
    [p] = report.problems
    assert (p.file, p.line, p.field, p.code) == (MASKS, 2, "title", "yaml-syntax")
    assert p.message == ("This line can't be read: the colon after 'Mygydau o\u2019r byd' is followed by a space, "
                         "so YAML takes it for the start of another field inside 'title'.")
    assert p.hint == 'Put the whole value in double quotes: title: "Mygydau o\u2019r byd: c\u0175n a \\"dr\u00e1ma\\""'


def test_formula_like_text_fails_only_with_strict(good_catalogue: Path) -> None:
    from click.testing import CliRunner

    from oerbank.cli import cli

    text = (good_catalogue / MASKS).read_text(encoding="utf-8").replace(
        'title: "Clay Masks: Faces from Around the World"', 'title: "=SUM(A1:A9) masks"')
    write_files(good_catalogue, {MASKS: text})
    plain = CliRunner().invoke(cli, ["validate", "--root", str(good_catalogue), "--format", "github"])
    strict = CliRunner().invoke(cli, ["validate", "--root", str(good_catalogue), "--format", "github", "--strict"])
    assert plain.exit_code == 0 and strict.exit_code == 1
    assert plain.output.startswith(f"::warning file={MASKS},line=2,title=formula-like-text (title)::")
    assert strict.output.startswith(f"::error file={MASKS},line=2,title=formula-like-text (title)::")
