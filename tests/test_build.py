"""`oerbank build`: one sentence instead of a traceback, and the previous site kept whatever happens."""

from __future__ import annotations

import csv
import errno
import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import oerbank.render.site
import oerbank.search.write
import oerbank.site_extras
from catalogues import FIXTURES, REPO
from oerbank.buildstep import describe
from oerbank.cli import cli
from oerbank.parallel import ItemFailed
from oerbank.pipeline import check
from oerbank.render.shell import Shell, write_pages
from oerbank.render.site import SiteModel
from oerbank.sitebuild import swap_in

LINO = "resources/quay-arts/lino-printing-for-beginners.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    for folder in ("organisations", "resources"):
        shutil.copytree(FIXTURES / "export" / "small" / folder, root / folder)
    return root


def build(root: Path, *more: str) -> Result:
    return CliRunner().invoke(cli, ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml"), *more])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(root: Path) -> dict[str, bytes]:
    """The catalogue built once: the previous site every later build must leave alone if it fails."""
    first = build(root)
    assert first.exit_code == 0, first.output
    assert first.output == f"2 organisations, 3 resources: site written to {root / 'build' / 'site'}\n"
    return snapshot(root / "build" / "site")


def _fail_on_lino(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    render = oerbank.render.site.SiteModel.resource_html

    def resource_html(self: object, r: dict) -> str:
        if r["path"] == LINO:
            raise error
        return render(self, r)  # type: ignore[arg-type]

    monkeypatch.setattr(oerbank.render.site.SiteModel, "resource_html", resource_html)


def _no_leftovers(root: Path) -> None:
    assert sorted(p.name for p in (root / "build").iterdir()) in (
        [".site.lock", "oerbank-error.log", "site"], [".site.lock", "site"])


def test_a_failing_page_names_the_step_and_record_and_keeps_the_previous_site(
        root: Path, built: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    (root / LINO).write_text((root / LINO).read_text(encoding="utf-8").replace("Lino", "Linocut"), encoding="utf-8")
    _fail_on_lino(monkeypatch, ZeroDivisionError("division by zero"))
    result = build(root)
    site, log = root / "build" / "site", root / "build" / "oerbank-error.log"
    assert result.exit_code == 1
    assert result.output == (
        f"The build stopped while rendering the resource pages, on {LINO} (ZeroDivisionError: division by zero); "
        f"the previous site in {site} is unchanged; the full error is in {log}, please include it if you report "
        "this.\n")
    assert snapshot(site) == built
    _no_leftovers(root)
    details = log.read_text(encoding="utf-8")
    assert details.startswith(f"Step: rendering the resource pages\nRecord: {LINO}\n"
                              "Error: ZeroDivisionError: division by zero\n\nTraceback (most recent call last):")
    assert "in resource_html" in details


def test_a_failure_in_the_search_process_names_its_record(root: Path, built: dict[str, bytes],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    documents = oerbank.search.write.search_documents

    def search_documents(resources: list, organisations: list, dates: object = None) -> list:
        for record in resources:
            if record.path == LINO:
                raise ValueError("a value the index cannot take")
        return documents(resources, organisations, dates)

    monkeypatch.setattr(oerbank.search.write, "search_documents", search_documents)
    result = build(root)
    assert result.exit_code == 1
    assert result.output.startswith(f"The build stopped while writing the search index, on {LINO} "
                                    "(ValueError: a value the index cannot take); the previous site in ")
    assert "Traceback" not in result.output
    assert snapshot(root / "build" / "site") == built
    assert "raise ValueError" in (root / "build" / "oerbank-error.log").read_text(encoding="utf-8")


def test_a_full_disk_at_the_last_step_keeps_the_previous_site(root: Path, built: dict[str, bytes],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(oerbank.site_extras, "write_sitemap", full)
    result = build(root)
    assert result.exit_code == 1
    assert result.output.startswith("The build stopped while writing the sitemap (the disk is full); "
                                    f"the previous site in {root / 'build' / 'site'} is unchanged;")
    assert snapshot(root / "build" / "site") == built
    _no_leftovers(root)


def test_an_interrupted_build_keeps_the_previous_site(root: Path, built: dict[str, bytes],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_on_lino(monkeypatch, KeyboardInterrupt())
    result = build(root)
    assert result.exit_code == 130
    assert result.output == (f"The build was interrupted while rendering the resource pages, on {LINO}; "
                             f"the previous site in {root / 'build' / 'site'} is unchanged.\n")
    assert snapshot(root / "build" / "site") == built
    _no_leftovers(root)


def test_a_first_build_that_fails_leaves_no_half_site(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_on_lino(monkeypatch, RuntimeError("boom"))
    result = build(root)
    assert result.exit_code == 1
    assert "(RuntimeError: boom); no site was written; the full error is in" in result.output
    assert sorted(p.name for p in (root / "build").iterdir()) == [".site.lock", "oerbank-error.log"]


def test_a_second_build_of_the_same_folder_is_refused(root: Path, built: dict[str, bytes]) -> None:
    """The lock is held here as a running build holds it: by another open file on .site.lock."""
    with (root / "build" / ".site.lock").open("r+", encoding="utf-8") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        other.seek(0)
        other.truncate()
        other.write("4242")
        other.flush()
        result = build(root)
    assert result.exit_code == 1
    assert result.output == (f"Another build (process 4242) is writing {root / 'build' / 'site'} right now: "
                             "wait for it to finish, then run the build again.\n")
    assert snapshot(root / "build" / "site") == built
    again = build(root)  # released: the next build goes ahead
    assert again.exit_code == 0, again.output


def test_what_a_killed_build_left_behind_is_cleared(root: Path, built: dict[str, bytes]) -> None:
    half = root / "build" / ".site.new-999"
    (half / "resources").mkdir(parents=True)
    (half / "resources" / "half.html").write_text("<p>half", encoding="utf-8")
    (root / "build" / ".site.new-999-large-files").mkdir()
    result = build(root)
    assert result.exit_code == 0, result.output
    _no_leftovers(root)
    assert snapshot(root / "build" / "site").keys() == built.keys()


def test_the_large_files_folder_is_swapped_with_the_site(tmp_path: Path) -> None:
    out, staging = tmp_path / "site", tmp_path / ".site.new-1"
    for folder, text in ((out, "old"), (tmp_path / "site-large-files", "old"), (staging, "new"),
                         (tmp_path / ".site.new-1-large-files", "new")):
        folder.mkdir()
        (folder / "file.txt").write_text(text, encoding="utf-8")
    swap_in(staging, out)
    assert (out / "file.txt").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "site-large-files" / "file.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site-large-files"]
    # A build without large files leaves none of the previous build's behind.
    staging.mkdir()
    swap_in(staging, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_out_may_not_be_the_catalogue_itself(root: Path) -> None:
    result = build(root, "--out", str(root))
    assert result.exit_code == 2
    assert "the site would replace the catalogue folder" in result.output
    assert (root / LINO).is_file()


def test_the_build_passes_no_lock_or_temporary_folder_into_the_site(root: Path, built: dict[str, bytes]) -> None:
    assert not [name for name in built if name.startswith(".") or "/." in name]
    assert os.path.isfile(root / "build" / "site" / "resources" / "quay-arts" / "sinema-bach" / "index.html")


def test_a_build_reads_the_git_history_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation, the pages, the data and the feeds all share one pass over `git log`."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2024-03-01T12:00:00+00:00", "GIT_COMMITTER_DATE": "2024-03-01T12:00:00+00:00"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "catalogue"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    calls: list[list[str]] = []
    run = subprocess.run

    def counting(args: object, *rest: object, **kwargs: object) -> object:
        if isinstance(args, list) and args[:1] == ["git"]:
            calls.append([str(a) for a in args])
        return run(args, *rest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "run", counting)
    result = build(root)
    assert result.exit_code == 0, result.output
    history = [c for c in calls if "log" in c and "-1" not in c]
    assert len(history) == 1 and "--name-status" in history[0]
    with (root / "build" / "site" / "data" / "resources.csv").open(encoding="utf-8", newline="") as fh:
        assert {row["first_published"] for row in csv.DictReader(fh)} == {"2024-03-01"}  # the pass was used


def test_a_page_failing_in_another_process_names_its_record(root: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered by worker processes, a failure comes back as data naming the record."""
    _fail_on_lino(monkeypatch, ZeroDivisionError("division by zero"))
    catalogue, _ = check(root)
    shell = Shell("Catalogue", "", (), (), "favicon.svg")
    with pytest.raises(ItemFailed) as raised:
        write_pages(SiteModel(catalogue), shell, tmp_path / "site", jobs=2)
    assert describe(raised.value, None, "nothing was written") == (
        f"The build stopped while rendering the resource pages, on {LINO} (ZeroDivisionError: division by zero); "
        "nothing was written.")
    assert "in resource_html" in raised.value.failed.details


def test_timings_say_how_long_each_step_took(root: Path) -> None:
    """`--timings` lists the build's steps in the order they ran, each with its seconds."""
    result = build(root, "--timings")
    assert result.exit_code == 0, result.output
    listed = result.output.split("Time per step (seconds):\n", 1)[1].splitlines()
    steps = [line.split(None, 1)[1] for line in listed]
    assert all(float(line.split(None, 1)[0]) >= 0 for line in listed)
    for name in ("reading and checking the catalogue", "rendering the resource pages", "writing the pages",
                 "writing the sitemap", "putting the new site in place"):
        assert name in steps, steps
    assert steps.index("rendering the resource pages") < steps.index("writing the sitemap")
    assert (root / "build" / "site" / "index.html").is_file()
