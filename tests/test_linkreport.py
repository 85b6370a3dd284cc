"""The link report's schema and the one reader the site build and verify-link-report share."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from oerbank.cli import cli
from oerbank.linkreport import last_check, report_schema
from oerbank.load import load_catalogue
from test_linkcheck import NOW, Server, _catalogue, _with_pictures, server_fixture  # noqa: F401 (the `server` fixture)


def _verify(report: Path, root: Path, out: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["verify-link-report", str(report), "--root", str(root), "--out", str(out)])
    return result.exit_code, result.output.splitlines()


def _real_report(server: Server, tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "cat"
    _catalogue(root, server.base)
    _with_pictures(root, server.base)
    out = tmp_path / "checked" / "link-report.json"
    result = CliRunner().invoke(cli, ["check-links", "--root", str(root), "--out", str(out), "--timeout", "2",
                                      "--retries", "0", "--delay", "0", "--allow-loopback"])
    assert result.exit_code == 0, result.output
    return root, out


def test_a_real_report_matches_the_schema_and_passes_whole(server: Server, tmp_path: Path) -> None:
    root, written = _real_report(server, tmp_path)
    doc = json.loads(written.read_text(encoding="utf-8"))
    # The published schema, checked by a stock validator: what check-links writes is what it describes.
    stock = jsonschema.Draft7Validator(report_schema(), format_checker=jsonschema.FormatChecker())
    assert list(stock.iter_errors(doc)) == []
    assert {link["result"] for link in doc["links"]} == {"ok", "redirected", "broken"}

    out = tmp_path / "build" / "link-report.json"
    code, lines = _verify(written, root, out)
    assert (code, lines) == (0, [f"Kept 5 of 5 link entries from {written}; wrote {out}."])
    assert json.loads(out.read_text(encoding="utf-8")) == doc


def _entry(url: str, **changes: object) -> dict:
    entry = {"url": url, "result": "broken", "status": 404, "error": None, "final_url": url, "redirects": [],
             "redirect": None, "method": "GET", "attempts": 1, "checked": NOW, "resources": [],
             "organisations": [], "images": [], "logos": []}
    entry.update(changes)
    return entry


def _forged() -> dict:
    base = "https://tideway.example"
    return {
        "kind": "oerbank-link-report", "checked": NOW,
        "settings": {"concurrency": 8, "per_host": 2, "timeout": 10.0, "retries": 2, "user_agent": "x"},
        "summary": {"links": 999, "ok": 0, "redirected": 0, "broken": 999},
        "links": [
            _entry(f"{base}/1", resources=["tideway-arts/river-songs"]),
            _entry(f"{base}/2", status="200", resources=["tideway-arts/river-songs"]),
            _entry(f"{base}/3", error="<script>alert(1)</script>", status=None, resources=["tideway-arts/boat-prints"]),
            _entry(f"{base}/4", resources=["tideway-arts/ghost"]),
            _entry(f"{base}/5", status=None, error="timeout",
                   resources=["tideway-arts/mud-larks", "other-org/fake"], logos=["tideway-arts"]),
            {**_entry(f"{base}/6", resources=["tideway-arts/boat-prints"]), "html": "<img src=x onerror=alert(1)>"},
            _entry("javascript:alert(1)", final_url=f"{base}/7", resources=["tideway-arts/boat-prints"]),
            _entry(f"{base}/8", checked="yesterday", resources=["tideway-arts/boat-prints"]),
            _entry(f"{base}/9", status=200.0, result="ok", resources=["tideway-arts/boat-prints"]),
            _entry(f"{base}/10", resources=["<b>boat</b>"]),
            "hello",
            {"url": f"{base}/12"},
            _entry(f"{base}/13", status="x", error="pwned", resources=["tideway-arts/boat-prints"]),
        ],
    }


FORGED_WARNINGS = [
    "Warning: {f}, entry 2: left out, because its 'status' must be a whole number from 100 to 599, or null.",
    "Warning: {f}, entry 3: left out, because its 'error' must be one of the error words the link checker "
    "writes, or null.",
    "Warning: {f}, entry 4: left out, because the record 'tideway-arts/ghost' is not in the catalogue.",
    "Warning: {f}, entry 5: the record 'other-org/fake' left out of it, because it is not in the catalogue.",
    "Warning: {f}, entry 6: left out, because it has fields that a link report never has.",
    "Warning: {f}, entry 7: left out, because its 'url' must be a web address starting with http:// or https://.",
    "Warning: {f}, entry 8: left out, because its 'checked' must be a date and time like 2025-06-02T09:30:00Z.",
    "Warning: {f}, entry 9: left out, because its 'status' must be a whole number from 100 to 599, or null.",
    "Warning: {f}, entry 10: left out, because its 'resources' must be a list of resource ids like "
    "tideway-arts/river-songs.",
    "Warning: {f}, entry 11: left out, because it must be a link entry as check-links writes it.",
    "Warning: {f}, entry 12: left out, because it has no 'result', 'status', 'error', 'final_url', 'redirects', "
    "'redirect', 'method', 'attempts', 'checked', 'resources', 'organisations', 'images', 'logos'.",
    "Warning: {f}, entry 13: left out, because its 'status' must be a whole number from 100 to 599, or null; "
    "its 'error' must be one of the error words the link checker writes, or null.",
]


def test_a_forged_report_keeps_only_what_passes(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    forged = tmp_path / "download" / "link-report.json"
    forged.parent.mkdir()
    forged.write_text(json.dumps(_forged()), encoding="utf-8")
    out = tmp_path / "build" / "link-report.json"
    code, lines = _verify(forged, root, out)
    assert code == 0
    assert lines[:-1] == [w.format(f=forged) for w in FORGED_WARNINGS]
    assert lines[-1] == f"Kept 2 of 13 link entries from {forged}; wrote {out}."
    kept = json.loads(out.read_text(encoding="utf-8"))
    assert kept["summary"] == {"links": 2, "ok": 0, "redirected": 0, "broken": 2, "not_checked": 0}
    assert kept["links"] == [
        _entry("https://tideway.example/1", resources=["tideway-arts/river-songs"]),
        _entry("https://tideway.example/5", status=None, error="timeout", resources=["tideway-arts/mud-larks"],
               logos=["tideway-arts"]),
    ]
    # What the site build takes from the same file: the same two entries, the same warnings.
    status, broken, warnings = last_check(forged, load_catalogue(root)[0])
    assert status == {
        "tideway-arts/river-songs": {"status": 404, "checked": NOW, "final_url": "https://tideway.example/1",
                                     "ok": False},
        "tideway-arts/mud-larks": {"status": "timeout", "checked": NOW, "final_url": "https://tideway.example/5",
                                   "ok": False},
    }
    assert broken == {"tideway-arts"}
    assert [f"Warning: {w}" for w in warnings] == [w.format(f=forged) for w in FORGED_WARNINGS]


def test_the_site_shows_only_what_passed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from oerbank.pipeline import build as build_site
    from website.conftest import copy_project

    catalogue = tmp_path / "cat"
    _catalogue(catalogue, "https://tideway.example")
    project = copy_project(tmp_path / "project", catalogue)
    (project / "build").mkdir()
    (project / "build" / "link-report.json").write_text(json.dumps(_forged()), encoding="utf-8")
    site = tmp_path / "site"
    with caplog.at_level("WARNING"):
        build_site(project, site)
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (site / "resources" / "tideway-arts").glob("*/index.html")}
    assert "When we last checked (<time datetime=\"2025-06-02T09:30:00Z\">2 June 2025</time>) the page did not open (status 404)." in pages["river-songs"]
    assert "When we last checked (<time datetime=\"2025-06-02T09:30:00Z\">2 June 2025</time>) the page did not open (status timeout)." in pages["mud-larks"]
    assert "This link may be broken" not in pages["boat-prints"]
    everything = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    assert "alert(1)" not in everything and "pwned" not in everything
    assert f"{project / 'build' / 'link-report.json'}, entry 4: left out, because the record 'tideway-arts/ghost' " \
           "is not in the catalogue." in caplog.text


def test_a_symlink_is_never_read(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps(_forged()), encoding="utf-8")
    link = tmp_path / "link-report.json"
    link.symlink_to(target)
    out = tmp_path / "build" / "link-report.json"
    out.parent.mkdir()
    out.write_text('{"kind": "oerbank-link-report"}', encoding="utf-8")  # last deploy's report
    code, lines = _verify(link, root, out)
    assert (code, lines) == (0, [
        f"Warning: {link} is a symbolic link, not a file, so it was not read and no page is marked.",
        f"Removed the older {out}, so the site is built without a link report."])
    assert not out.exists()
    assert last_check(link, load_catalogue(root)[0]) == (
        {}, set(), [f"{link} is a symbolic link, not a file, so it was not read and no page is marked."])


def test_a_report_larger_than_the_catalogue_could_need_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    big = tmp_path / "link-report.json"
    with big.open("wb") as f:
        f.truncate(50 * 1000 * 1000)  # 50 MB (sparse: no disk used)
    out = tmp_path / "build" / "link-report.json"
    code, lines = _verify(big, root, out)
    # 1 MiB + 2 KiB for each of the 8 links 3 resources and 1 organisation can have.
    assert (code, lines) == (0, [f"Warning: {big} is 50.0 MB, more than a link report of this catalogue can be "
                                 "(1.1 MB), so it was not read and no page is marked."])
    assert not out.exists()


@pytest.mark.parametrize("text, problem", [
    ("not json", "is not valid JSON (line 1, column 1), so it was not used and no page is marked."),
    ("[" * 100_000 + "]" * 100_000, "is not JSON that can be read, so it was not used and no page is marked."),
    (b"\xff\xfe{}", "is not UTF-8 text, so it was not used and no page is marked."),
])
def test_unreadable_reports(tmp_path: Path, text: str | bytes, problem: str) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    report = tmp_path / "link-report.json"
    report.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, lines = _verify(report, root, tmp_path / "out.json")
    assert (code, lines) == (0, [f"Warning: {report} {problem}"])


def test_a_report_that_is_not_ours_is_not_used_at_all(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    doc = _forged()
    doc["kind"] = "something-else"
    doc["links"] = doc["links"][:1]
    doc["deploy"] = "<script>"
    report = tmp_path / "link-report.json"
    report.write_text(json.dumps(doc), encoding="utf-8")
    code, lines = _verify(report, root, tmp_path / "out.json")
    assert code == 0
    assert sorted(lines) == sorted([
        f"Warning: {report}: not used, and no page is marked, because it has fields that a link report never has.",
        f"Warning: {report}: not used, and no page is marked, because its 'kind' must be the text "
        '"oerbank-link-report".'])
    assert not (tmp_path / "out.json").exists()


def test_no_report_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    code, lines = _verify(tmp_path / "none.json", root, tmp_path / "out.json")
    assert (code, lines) == (0, [f"Warning: there is no link report at {tmp_path / 'none.json'}, "
                                 "so no page is marked."])


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "https://tideway.example")
    report = tmp_path / "link-report.json"
    report.write_text(json.dumps(_forged()), encoding="utf-8")
    folder = tmp_path / "build"
    folder.mkdir()
    code, lines = _verify(report, root, folder)
    assert code == 2 and f"--out {folder} is a folder; give the file to write, e.g. {folder / 'link-report.json'}." \
        in "\n".join(lines)
    notes = tmp_path / "notes.json"
    notes.write_text("{}", encoding="utf-8")
    code, lines = _verify(report, root, notes)
    assert code == 2 and f"--out {notes} exists and is not a link report; choose another file." in "\n".join(lines)
    assert notes.read_text(encoding="utf-8") == "{}"
    code, lines = _verify(report, tmp_path / "nowhere", tmp_path / "out.json")
    assert code == 2 and f"--root {tmp_path / 'nowhere'}: no such folder." in "\n".join(lines)
    result = CliRunner().invoke(cli, ["verify-link-report", "--root", str(root)])
    assert result.exit_code == 2


def test_a_report_of_the_real_lessons_passes_whole(tmp_path: Path) -> None:
    """311 real Oak lessons: every link entry a check could write about them passes the schema."""
    from catalogues import FIXTURES
    from oerbank.fetch import Hop
    from oerbank.linkcheck import Settings, check_targets, targets, write_json
    from oerbank.pipeline import check

    root = FIXTURES / "oak"
    found = targets(check(root)[0])
    answers = iter([Hop(200, None), Hop(404, None), Hop(None, "timeout"), Hop(None, "metadata-address")] * 1000)
    # No network: each link gets the next of these answers.
    report = check_targets(found, Settings(retries=0, backoff=0, host_delay=0, concurrency=1),
                           now=lambda: NOW, fetch=lambda url, method, deadline, settings: next(answers))
    written = tmp_path / "link-report.json"
    write_json(report, written)
    out = tmp_path / "build" / "link-report.json"
    code, lines = _verify(written, root, out)
    n = len(report.results)
    assert n > 300 and len(found) >= n
    assert (code, lines) == (0, [f"Kept {n} of {n} link entries from {written}; wrote {out}."])
    assert json.loads(out.read_text(encoding="utf-8"))["links"] == json.loads(written.read_text(encoding="utf-8"))["links"]
