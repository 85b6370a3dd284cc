"""Where a build writes: a new folder beside the site, swapped in only once it is complete.

So a failed, interrupted or killed build leaves the previous site as it was; a lock file makes a
second build of the same folder refuse rather than trip over the first.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from .buildstep import step


def large_files_folder(site_dir: Path) -> Path:
    """Where data files too large for the site are written: beside it, build/site-large-files."""
    return site_dir.parent / f"{site_dir.name}-large-files"


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


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A new, empty folder to build the site in, put in place of `out` only if the block completes.

    Until then, and for ever if the build fails, `out` is the previous site, untouched.
    """
    out = out.resolve()
    with build_lock(out):
        for leftover in _leftovers(out):
            _remove(leftover)
            _remove(large_files_folder(leftover))
        staging = out.parent / f".{out.name}.new-{os.getpid()}"
        staging.mkdir()  # under the lock, after the leftovers are gone: the name is free
        try:
            yield staging
            step("putting the new site in place")
            swap_in(staging, out)
        except BaseException:
            _stop_helpers()
            raise
        finally:
            _remove(staging)
            _remove(large_files_folder(staging))
