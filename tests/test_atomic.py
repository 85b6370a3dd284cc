"""Atomic writes: a failed write leaves the old file (or none), never a partial one."""

import errno
import os
from pathlib import Path

import pytest

from oerbank import atomic


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.md"
    atomic.write_text(target, "one")
    atomic.write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.md"]


def test_full_disk_keeps_the_old_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(atomic.WriteError) as e:
        atomic.write_text(target, "new text")
    assert str(e.value) == (f"The disk is full, so {target} could not be written; nothing was changed. "
                            "Free some space and run the command again.")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_full_disk_leaves_no_empty_new_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(atomic.WriteError):
        atomic.write_text(tmp_path / "new.md", "text")
    assert list(tmp_path.iterdir()) == []
