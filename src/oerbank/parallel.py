"""Work spread over processes, the one way the build does it.

Large catalogues are read, checked, indexed and rendered by one process per core; small ones
in this process, where starting processes would cost more than it saves. Workers are forked,
so they inherit the work and its shared data and only the results are copied back; without
fork, or beside other threads (forking a threaded process can deadlock the child), the work
runs here, one item after another, with the same results.

A failure comes back as data, a `Failed` naming the item it happened on, for the caller to
report in its own words; `unwrap` turns the first into an `ItemFailed` exception.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import tempfile
import threading
import traceback
from array import array
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 2000  # items; below this a pool costs more than it saves
MAX_CHUNK = 1000  # items per chunk of work handed to a process


@dataclass(frozen=True)
class Failed:
    """The work on one item raised: which item (as `name` gave it), the error and its traceback."""

    item: str
    error: str
    details: str
    step: str = ""  # the step of the build it failed in, when the work has several

    @classmethod
    def of(cls, item: str, exc: BaseException) -> "Failed":
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return cls(item, f"{type(exc).__name__}: {text}" if text else type(exc).__name__,
                   "".join(traceback.format_exception(exc)))


class ItemFailed(Exception):
    """Raised by `unwrap` for the first Failed among the results."""

    def __init__(self, failed: Failed) -> None:
        super().__init__(failed.error)
        self.failed = failed


def can_fork() -> bool:
    """Whether forked workers are available and safe here (no other thread is running)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


# True in a process `start` runs beside the build's own: the build's workers already use every core,
# so a pool of its own would only add processes, each holding a copy of the memory it touches.
_BESIDE = False


def _jobs(jobs: int | None, n: int, min_items: int) -> int:
    if jobs is None:
        jobs = (os.cpu_count() or 1) if n >= min_items and not _BESIDE else 1
    return jobs if jobs > 1 and n > 1 and can_fork() else 1


# What forked workers inherit: (work, shared, items, name). Set only while a pool runs.
_INHERITED: tuple[Callable[..., Any], Any, Sequence[Any], Callable[[Any], str]] | None = None


def _run_chunk(work: Callable[[Any, Sequence[Any]], Any], shared: Any, chunk: Sequence[Any],
               name: Callable[[Any], str]) -> Any:
    """work(shared, chunk), or a Failed naming the item that fails on its own."""
    try:
        return work(shared, chunk)
    except Exception as exc:
        for item in chunk:  # rare: find the one item that fails, to name it
            try:
                work(shared, [item])
            except Exception as alone:
                return Failed.of(name(item), alone)
        return Failed.of(name(chunk[0]) if len(chunk) == 1 else "", exc)


def _in_worker(bounds: tuple[int, int]) -> Any:
    work, shared, items, name = _INHERITED  # type: ignore[misc]
    return _run_chunk(work, shared, items[bounds[0]:bounds[1]], name)


def _unpacked_in_worker(number: int) -> Any:
    work, shared, packed, name = _INHERITED  # type: ignore[misc]
    return _run_chunk(work, shared, pickle.loads(packed[number]), name)


def imap_chunks(work: Callable[[Any, Sequence[T]], R], items: Sequence[T], shared: Any = None, *,
                jobs: int | None = None, min_items: int = PARALLEL_FROM, chunk: tuple[int, int] = (1, MAX_CHUNK),
                name: Callable[[T], str] = str, packed: bool = False) -> Iterator[R | Failed]:
    """work(shared, chunk) for consecutive chunks of `items`, yielded in order as they finish.

    `jobs`: processes (default: one per core when there are `min_items` items or more, else
    this process alone). Each chunk is a quarter of an even share per process, kept within the
    bounds `chunk` (fewest, most items). A chunk whose work raises yields a Failed naming the item.

    `packed`: each chunk is pickled here before the workers start, and a worker reads only the
    chunks it is given, unpickled as its own copy that it frees when done, never the items
    themselves. Reading an object writes to it (its reference count), and so copies the memory
    page it is on into whichever process reads it: workers that read the items would each copy
    the pages of theirs, and pickling them here once the workers share those pages would copy
    them into this process. The packed chunks are about half the items' size.
    """
    global _INHERITED
    jobs = _jobs(jobs, len(items), min_items)
    size = max(chunk[0], min(chunk[1], len(items) // (jobs * 4)), 1)
    bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
    if jobs == 1:
        for a, b in bounds:
            yield _run_chunk(work, shared, items[a:b], name)
        return
    inherited: Sequence[Any] = items
    if packed:
        inherited = [pickle.dumps(items[a:b], protocol=pickle.HIGHEST_PROTOCOL) for a, b in bounds]
    previous, _INHERITED = _INHERITED, (work, shared, inherited, name)
    try:
        with _frozen():
            pool = multiprocessing.get_context("fork").Pool(jobs)
        with pool:
            if packed:
                yield from pool.imap(_unpacked_in_worker, range(len(bounds)))
            else:
                yield from pool.imap(_in_worker, bounds)
    finally:
        _INHERITED = previous


@contextmanager
def _frozen() -> Iterator[None]:
    """Fork with every object moved out of the garbage collector's sight, so the children's
    collections never touch (and so copy) the memory they share with this process."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def map_chunks(work: Callable[[Any, Sequence[T]], R], items: Sequence[T], shared: Any = None, *,
               jobs: int | None = None, min_items: int = PARALLEL_FROM, chunk: tuple[int, int] = (1, MAX_CHUNK),
               name: Callable[[T], str] = str, packed: bool = False) -> list[R | Failed]:
    """`imap_chunks` as a list."""
    return list(imap_chunks(work, items, shared, jobs=jobs, min_items=min_items, chunk=chunk, name=name,
                            packed=packed))


class Strings:
    """Many strings kept as one, for forked workers to read: a worker that reads one string
    object each from thousands of records (the titles of related resources) copies the memory
    pages they are on; slices of one long string are the worker's own."""

    def __init__(self, values: Iterable[str]) -> None:
        values = list(values)
        self._text = "".join(values)
        self._ends = array("q", accumulate(map(len, values)))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i: int) -> str:
        if i < 0:
            i += len(self._ends)
            if i < 0:
                raise IndexError("Strings index out of range")
        return self._text[self._ends[i - 1] if i else 0:self._ends[i]]


def _each(shared: tuple[Callable[[Any, Any], Any], Any, Callable[[Any], str]], chunk: Sequence[Any]) -> list[Any]:
    work, inner, name = shared
    out = []
    for item in chunk:
        try:
            out.append(work(inner, item))
        except Exception as exc:
            out.append(Failed.of(name(item), exc))
    return out


def map_items(work: Callable[[Any, T], R], items: Sequence[T], shared: Any = None, *, jobs: int | None = None,
              min_items: int = PARALLEL_FROM, name: Callable[[T], str] = str) -> list[R | Failed]:
    """work(shared, item) for every item, results in the items' order; an item whose work
    raised gives a Failed naming it (by `name(item)`) in its place."""
    parts = imap_chunks(_each, items, (work, shared, name), jobs=jobs, min_items=min_items, name=name)
    return [result for part in parts for result in part]  # type: ignore[union-attr]


def unwrap(results: list[R | Failed]) -> list[R]:
    """The results, or ItemFailed for the first item that failed."""
    for result in results:
        if isinstance(result, Failed):
            raise ItemFailed(result)
    return results  # type: ignore[return-value]


@dataclass
class Job:
    """Work running in a second process (or already done here); `wait` gives its outcome."""

    what: str  # what the work is, for a process that dies without a word: "search"
    process: Any = None
    reader: Any = None
    failed: Failed | None = None
    here: Callable[[], Failed | None] | None = None  # the work, when it runs in this process on `wait`

    def wait(self) -> Failed | None:
        """Wait for the work to end: None if it succeeded, else a Failed."""
        if self.here is not None:
            self.failed, self.here = self.here(), None
        if self.process is None:
            return self.failed
        try:
            reported = self.reader.recv()  # returns when the process reports a failure or ends
        except EOFError:
            reported = None
        self.process.join()
        if reported is None and self.process.exitcode != 0:
            reported = Failed("", f"the {self.what} process ended with exit code {self.process.exitcode}", "")
        self.process = None
        self.failed = reported
        return reported


def start(what: str, work: Callable[..., Any], *args: Any,
          describe: Callable[[BaseException], Failed] = lambda exc: Failed.of("", exc)) -> Job:
    """Run work(*args) in a forked process beside this one, or here when it is waited for, if
    forking is unsafe (so a `Later` among the args has been given its value by then).

    `describe(exception)` turns a failure into a Failed (naming the record it was on, say); it
    runs in the process that failed, where the traceback is.
    """
    if not can_fork():
        def here() -> Failed | None:
            try:
                work(*args)
            except Exception as exc:
                return describe(exc)
            return None
        return Job(what, here=here)
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    for arg in args:
        if isinstance(arg, Later):
            arg.forked = True
    process = context.Process(target=_background, args=(work, args, describe, writer))
    with _frozen():
        process.start()
    writer.close()  # the child holds the only writer left, so its exit ends the pipe
    return Job(what, process, reader)


def _background(work: Callable[..., Any], args: tuple, describe: Callable[[BaseException], Failed],
                report: Any) -> None:
    """The second process: a failure goes back as data, not as a traceback on screen."""
    global _BESIDE
    _BESIDE = True
    try:
        work(*args)
    except BaseException as exc:
        report.send(describe(exc))
        raise SystemExit(1) from None


class Later:
    """A value the work `start`ed is given after it started, by the process that started it.

    The work asks for it with `get` only when it needs it, and so does what it can meanwhile
    (the search index is written while the build finds the near-duplicates the data files list).
    The value goes through a file in `folder` (one the caller removes when done, such as the
    build's own folder), so `set` never waits for the work to read it. Pass it to `start` as one
    of its arguments, and use it as a context manager around the code that `set`s it: if that
    code fails instead, the work's `get` raises rather than waiting for ever.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._reader, self._writer = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._owner = os.getpid()
        self._value: Any = None
        self._set = False
        self.forked = False  # set by `start` when a process that may `get` it is forked

    def set(self, value: Any) -> None:
        if self._set:
            raise RuntimeError("a Later is given its value once")
        self._value, self._set = value, True
        if self.forked:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, path = tempfile.mkstemp(prefix=".later-", suffix=".pickle", dir=self.folder)
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            self._writer.send(path)

    def get(self) -> Any:
        if self._set:  # the work runs in the process that set it
            return self._value
        if os.getpid() == self._owner:
            raise RuntimeError("asked for a Later's value before it was given")
        self._writer.close()  # the starter's end is then the only one: its closing ends the wait
        try:
            path = self._reader.recv()
        except EOFError:
            raise RuntimeError("the build stopped before this value was ready") from None
        try:
            with open(path, "rb") as f:
                self._value = pickle.load(f)
        finally:
            os.unlink(path)
        self._set = True
        return self._value

    def __enter__(self) -> "Later":
        return self

    def __exit__(self, *exc: object) -> None:
        self._writer.close()
