"""Writing files so that a failed or interrupted run never leaves a half-written one behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; the message is one plain sentence for the person running the command."""


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and a rename.

    Either the whole new file is there afterwards or the old one (or none) is: a full disk or a
    killed process leaves no partial or empty file that a later run would mistake for a finished one.
    """
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """The bytes version of `write_text`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteError(_sentence(path, e)) from e


def _sentence(path: Path, e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return (f"The disk is full, so {path} could not be written; nothing was changed. "
                "Free some space and run the command again.")
    if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path} could not be written: this folder is not writable for you; nothing was changed."
    return f"{path} could not be written ({e.strerror or e}); nothing was changed."
