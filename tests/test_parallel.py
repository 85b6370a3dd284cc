"""Work over many items: the same results in processes or here, and a failure named, as data."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Sequence

import pytest

from oerbank.parallel import Failed, ItemFailed, Later, Strings, can_fork, map_chunks, map_items, start, unwrap

ITEMS = [f"resources/org/r{i}.md" for i in range(40)]


def _length(offset: int, item: str) -> int:
    if item == "resources/org/r17.md":
        raise ValueError(f"cannot read {item}")
    return len(item) + offset


def _pid(_: None, item: str) -> int:
    return os.getpid()


def _sum(offset: int, chunk: Sequence[str]) -> int:
    return sum(_length(offset, item) for item in chunk)


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_order_and_a_failure_names_its_item(jobs: int) -> None:
    results = map_items(_length, ITEMS, 100, jobs=jobs)
    assert results[:17] == [len(item) + 100 for item in ITEMS[:17]]
    assert results[18:] == [len(item) + 100 for item in ITEMS[18:]]
    failed = results[17]
    assert isinstance(failed, Failed)
    assert (failed.item, failed.error) == ("resources/org/r17.md", "ValueError: cannot read resources/org/r17.md")
    assert "in _length" in failed.details
    with pytest.raises(ItemFailed) as raised:
        unwrap(results)
    assert raised.value.failed == failed


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_chunk_is_narrowed_to_its_item(jobs: int) -> None:
    sums = map_chunks(_sum, ITEMS, 0, jobs=jobs, chunk=(10, 10))
    assert len(sums) == 4
    assert sums[0] == sum(len(i) for i in ITEMS[:10]) and sums[2:] == [sum(len(i) for i in ITEMS[n:n + 10])
                                                                        for n in (20, 30)]
    assert isinstance(sums[1], Failed) and sums[1].item == "resources/org/r17.md"


def _where(_: None, chunk: Sequence[str]) -> list[tuple[int, int, str]]:
    return [(os.getpid(), id(item), item) for item in chunk]


def test_packed_chunks_are_the_workers_own_copies_in_order_and_failures_still_named() -> None:
    """A worker given its chunk packed reads that, never the items it inherited: reading an
    inherited object copies the memory it is on into the worker."""
    inherited = {id(item) for item in ITEMS}
    for packed in (False, True):
        seen = [row for part in unwrap(map_chunks(_where, ITEMS, jobs=2, chunk=(5, 5), packed=packed))
                for row in part]
        assert [item for _, _, item in seen] == ITEMS
        assert {pid for pid, _, _ in seen} - {os.getpid()}  # read in the workers
        same = [item_id in inherited for _, item_id, _ in seen]
        assert all(same) if not packed else not any(same)
    sums = map_chunks(_sum, ITEMS, 0, jobs=2, chunk=(10, 10), packed=True)
    assert sums[0] == sum(len(i) for i in ITEMS[:10])
    assert isinstance(sums[1], Failed) and sums[1].item == "resources/org/r17.md"


def test_strings_kept_as_one_give_each_back() -> None:
    values = ["Dance: motifs", "", "Ffurfiau’r corff", "🎭 masks", "x"]
    strings = Strings(values)
    assert len(strings) == 5 and [strings[i] for i in range(5)] == values
    assert strings[-1] == "x" and strings[0] == "Dance: motifs"
    with pytest.raises(IndexError):
        strings[5]
    with pytest.raises(IndexError):
        strings[-6]
    assert len(Strings([])) == 0


def test_processes_are_used_only_when_forking_is_safe() -> None:
    assert can_fork()  # nothing else runs in this test process
    assert set(map_items(_pid, ITEMS, jobs=2)) - {os.getpid()}
    assert set(map_items(_pid, ITEMS)) == {os.getpid()}  # few items: not worth a process
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        assert set(map_items(_pid, ITEMS, jobs=2)) == {os.getpid()}  # beside a thread, forking could deadlock
    finally:
        stop.set()
        other.join()


def _write(path: str, text: str) -> None:
    if not text:
        raise RuntimeError("nothing to write")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _die() -> None:
    os._exit(3)


def test_work_beside_the_build_reports_how_it_ended(tmp_path: Path) -> None:
    target = str(tmp_path / "out.txt")
    assert start("search", _write, target, "done").wait() is None
    assert open(target, encoding="utf-8").read() == "done"
    failed = start("search", _write, target, "", describe=lambda exc: Failed.of("the record", exc)).wait()
    assert failed is not None and (failed.item, failed.error) == ("the record", "RuntimeError: nothing to write")
    died = start("search", _die).wait()
    assert died == Failed("", "the search process ended with exit code 3", "")


def _pids_beside(path: str) -> None:
    pids = set(map_items(_pid, [f"r{i}" for i in range(5000)]))  # enough items for a pool of its own
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}: {' '.join(str(p) for p in sorted(pids))}")


def test_work_beside_the_build_uses_no_pool_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's workers already use every core: a pool in the second process would only add copies of memory."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # a machine with cores to spare, even where CI has one
    assert os.getpid() not in set(map_items(_pid, [f"r{i}" for i in range(5000)]))  # here, the work takes a pool
    target = str(tmp_path / "pids.txt")
    assert start("search", _pids_beside, target).wait() is None
    beside, ran_in = open(target, encoding="utf-8").read().split(": ")
    assert ran_in == beside and int(beside) != os.getpid()  # all of it in the second process itself


def _write_first_then_later(path: str, later: Later) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"before {os.getpid()}\n")
        fh.flush()
        fh.write(f"then {later.get()!r}\n")


def _wait_for(path: Path, text: str) -> None:
    for _ in range(2000):  # the second process writes its first line at once; bound the waiting, not a time
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{path} never said {text!r}")


def test_work_beside_the_build_starts_before_a_value_it_needs_is_ready(tmp_path: Path) -> None:
    """The search index is written while the build finds the near-duplicates the data files need."""
    target = tmp_path / "out.txt"
    value = [("a", "b", 0.9)] * 20_000  # as many as near-duplicates can be
    with Later(tmp_path / "work") as later:
        job = start("search", _write_first_then_later, str(target), later)
        _wait_for(target, "before")  # it works before the value exists
        later.set(value)
    assert job.wait() is None
    first, then = target.read_text(encoding="utf-8").splitlines()
    assert first != f"before {os.getpid()}"  # in the second process
    assert then == f"then {value!r}"
    assert list((tmp_path / "work").iterdir()) == []  # the file that carried it is gone


def test_a_value_never_given_ends_the_work_beside_with_a_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(ValueError, match="no insight"):
        with Later(tmp_path / "work") as later:
            job = start("search", _write_first_then_later, str(target), later)
            _wait_for(target, "before")
            raise ValueError("no insight")  # the build fails while finding the value
    failed = job.wait()
    assert failed is not None and failed.error == "RuntimeError: the build stopped before this value was ready"


def test_beside_a_thread_the_work_runs_here_when_waited_for_with_the_value_given_by_then(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with Later(tmp_path / "work") as later:
            job = start("search", _write_first_then_later, str(target), later)
            assert not target.exists()  # not yet: the value is not ready
            later.set("the near-duplicates")
        assert job.wait() is None
    finally:
        stop.set()
        other.join()
    assert target.read_text(encoding="utf-8") == f"before {os.getpid()}\nthen 'the near-duplicates'\n"
    assert not (tmp_path / "work").exists()  # nothing crossed a process: no file


def test_a_value_is_given_once_and_asked_for_only_by_the_work(tmp_path: Path) -> None:
    with Later(tmp_path) as later:
        with pytest.raises(RuntimeError, match="before it was given"):
            later.get()  # here it would wait for ever
        later.set(1)
        with pytest.raises(RuntimeError, match="once"):
            later.set(2)
        assert later.get() == 1
