"""Build or serve the site with MkDocs, for a catalogue that may live outside the project.

A build writes into a new folder beside the site and swaps it in only once it is complete, so
a failed, interrupted or killed build leaves the previous site as it was; a lock file makes a
second build of the same folder refuse rather than trip over the first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from .buildstep import step
from .load import find_root

ROOT_ENV = "OERBANK_ROOT"
# A catalogue already loaded and validated by `oerbank build`, handed to the plugin so the
# records are not read and checked twice. Keyed by the catalogue's resolved root.
PRELOADED: dict[Path, Any] = {}


def config_file(root: Path, explicit: Path | None = None) -> Path:
    """The mkdocs.yml to use: given, the catalogue's own, or the project's around the cwd or package."""
    candidates = [explicit] if explicit else []
    candidates.append(root / "mkdocs.yml")
    cwd_root = find_root(Path.cwd())
    if cwd_root:
        candidates.append(cwd_root / "mkdocs.yml")
    candidates.append(Path(__file__).resolve().parents[2] / "mkdocs.yml")
    for candidate in candidates:
        if candidate and candidate.is_file():
            return candidate
    raise FileNotFoundError("No mkdocs.yml found; pass --config.")


@contextmanager
def catalogue_root(root: Path) -> Iterator[None]:
    """Point the MkDocs plugin at `root` for the duration of a build or serve."""
    old = os.environ.get(ROOT_ENV)
    os.environ[ROOT_ENV] = str(root)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ROOT_ENV, None)
        else:
            os.environ[ROOT_ENV] = old


class BuildBusy(Exception):
    """Another build holds the folder's lock; the message is one sentence for the user."""


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold `.<site>.lock` beside `out` for the whole build, or refuse at once if another build does.

    flock is released by the kernel when its holder exits, however it exits, so a killed build
    never leaves a stale lock behind.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = (out.parent / f".{out.name}.lock").open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise BuildBusy(f"Another build{who} is writing {out} right now: wait for it to finish, "
                            "then run the build again.") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock


def _leftovers(out: Path) -> list[Path]:
    """Folders an earlier build that was killed left beside `out` (only ever called under the lock)."""
    return sorted(out.parent.glob(f".{out.name}.new-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def swap_in(staging: Path, out: Path) -> None:
    """Put the finished site (and its large data files, if any) in place of the previous one.

    Each folder is replaced by two renames on the same file system; the previous folders are
    deleted only after both new ones are in place. A site built without large files leaves no
    stale large-files folder of an earlier build behind.
    """
    from .site_extras import large_files_folder

    old = out.parent / f".{out.name}.old-{os.getpid()}"
    old.mkdir()
    for new, target in ((staging, out), (large_files_folder(staging), large_files_folder(out))):
        if target.exists() or target.is_symlink():
            target.rename(old / target.name)
        if new.exists():
            new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _stop_helpers() -> None:
    """Stop the processes a failed build started (the search index), so none writes on into its folder."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
        child.join()


def build_site(root: Path, out: Path, config: Path | None = None, checked: Any = None) -> None:
    """Build the site into `out`; `checked` is the (catalogue, report) from pipeline.check, if made.

    The new site is written to a hidden folder beside `out` and swapped in at the end; until
    then, and for ever if the build fails, `out` is the previous site, untouched.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .site_extras import large_files_folder

    out = out.resolve()
    with build_lock(out):
        for leftover in _leftovers(out):
            _remove(leftover)
            _remove(large_files_folder(leftover))
        staging = out.parent / f".{out.name}.new-{os.getpid()}"
        staging.mkdir()  # under the lock, after the leftovers are gone: the name is free
        try:
            if checked is not None:
                PRELOADED[root.resolve()] = checked
            step("reading the site configuration")
            with catalogue_root(root):
                cfg = load_config(config_file=str(config_file(root, config)), site_dir=str(staging))
                build(cfg)
            step("putting the new site in place")
            swap_in(staging, out)
        except BaseException:
            _stop_helpers()
            raise
        finally:
            PRELOADED.pop(root.resolve(), None)
            _remove(staging)
            _remove(large_files_folder(staging))


def serve_site(root: Path, host: str, port: int, config: Path | None = None) -> None:
    from mkdocs.commands.serve import serve

    with catalogue_root(root):
        serve(config_file=str(config_file(root, config)), dev_addr=f"{host}:{port}", livereload=True)


def serve_path(root: Path, config: Path | None = None) -> str:
    """The path MkDocs serves the site under: that of site_url, e.g. /oerbank/."""
    from urllib.parse import urlsplit

    import yaml

    try:
        site_url = (yaml.safe_load(config_file(root, config).read_text(encoding="utf-8")) or {}).get("site_url") or ""
    except yaml.YAMLError:  # a config using MkDocs' own YAML tags: fall back to the root
        site_url = ""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"
