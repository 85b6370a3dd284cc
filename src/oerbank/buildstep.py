"""What a build is doing, so that a failure can say so in one sentence instead of a traceback.

The build names each step as it starts it (`step`). When something unexpected breaks,
`describe` turns the exception into a sentence naming the step and the record it was on, and
`write_details` keeps the full traceback in a file for whoever reports or fixes it.
"""

from __future__ import annotations

import errno
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from .load import Record
from .parallel import ItemFailed

ERROR_LOG = "oerbank-error.log"


@dataclass
class Progress:
    step: str = "starting"
    page: str = ""  # the page being written, while the pages are written
    started: float = field(default_factory=time.perf_counter)  # when `step` began
    timings: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds) of the steps finished


PROGRESS = Progress()


def step(name: str, page: str = "") -> None:
    """Record that the build has moved on to `name` (and, while writing pages, which page)."""
    if name != PROGRESS.step:
        now = time.perf_counter()
        PROGRESS.timings.append((PROGRESS.step, now - PROGRESS.started))
        PROGRESS.started = now
    PROGRESS.step, PROGRESS.page = name, page


def timings() -> list[tuple[str, float]]:
    """(step, seconds) of every step so far, the one running included, in the order they ran."""
    return [*PROGRESS.timings, (PROGRESS.step, time.perf_counter() - PROGRESS.started)]


class StepFailed(Exception):
    """A step that ran in another process failed; it carries what the parent cannot see."""

    def __init__(self, step_name: str, record: str, error: str, details: str) -> None:
        super().__init__(error)
        self.step, self.record, self.error, self.details = step_name, record, error, details


def _record_path(value: Any) -> tuple[int, str] | None:
    """(preference, path) if `value` is a record or a record's data; resources win over organisations."""
    if isinstance(value, Record):
        path = value.path
    elif isinstance(value, Mapping) and isinstance(value.get("path"), str):
        path = value["path"]
    else:
        return None
    if path.startswith("resources/"):
        return 0, path
    if path.startswith("organisations/"):
        return 1, path
    return None


def record_in(tb: TracebackType | None) -> str:
    """The record the failing code was working on: the innermost frame that holds one."""
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        found = sorted(filter(None, (_record_path(v) for v in list(frame.f_locals.values()))))
        if found:
            return found[0][1]
    return ""


def _item_record(item: str) -> str:
    return item if item.startswith(("resources/", "organisations/")) else ""


def page_record(src_uri: str) -> str:
    """The file a generated page comes from (resources/o/s.md, organisations/o.yml), else the page."""
    if src_uri.endswith("/index/index.md"):  # a record named index (render.site.page_source)
        src_uri = src_uri.removesuffix("/index.md") + ".md"
    if src_uri.startswith("resources/") and src_uri.count("/") == 2:
        return src_uri
    if src_uri.startswith("organisations/") and src_uri.count("/") == 1 and src_uri != "organisations/index.md":
        return src_uri.removesuffix(".md") + ".yml"
    return src_uri


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "the disk is full"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def failure(exc: BaseException) -> tuple[str, str, str, str]:
    """(step, record, error, details) of an exception raised during a build."""
    if isinstance(exc, StepFailed):
        return exc.step, exc.record, exc.error, exc.details
    if isinstance(exc, ItemFailed):  # in another process: the item and traceback came back as data
        return PROGRESS.step, _item_record(exc.failed.item), exc.failed.error, exc.failed.details
    record = record_in(exc.__traceback__) or (page_record(PROGRESS.page) if PROGRESS.page else "")
    details = "".join(traceback.format_exception(exc))
    return PROGRESS.step, record, _error_text(exc), details


def describe(exc: BaseException, log: Path | None, kept: str) -> str:
    """One sentence for the person running the build; `kept` says what is left as it was."""
    step_name, record, error, _ = failure(exc)
    where = f", on {record}" if record else ""
    if isinstance(exc, KeyboardInterrupt):
        return f"The build was interrupted while {step_name}{where}; {kept}."
    told = f"; the full error is in {log}, please include it if you report this" if log else ""
    return f"The build stopped while {step_name}{where} ({error}); {kept}{told}."


def write_details(exc: BaseException, log: Path) -> Path | None:
    """Write the step, record and traceback to `log`; None if even that is impossible."""
    step_name, record, error, details = failure(exc)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"Step: {step_name}\nRecord: {record or '-'}\nError: {error}\n\n{details}", encoding="utf-8")
    except OSError:
        return None
    return log
