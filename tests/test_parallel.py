"""Work over many items: the same results in processes or here, and a failure named, as data."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Sequence

import pytest

from oerbank.parallel import Failed, ItemFailed, can_fork, map_chunks, map_items, start, unwrap

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
