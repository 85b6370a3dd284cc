"""Each record file's life in Git, read from one `git log` pass: added, updated, renamed, removed.

A file renamed in Git is still the same record, so it keeps the id it was first published
under (bookmarks and researchers' joins keep working), its old page addresses redirect to the
new one, and the open data's changes table can say what changed since any date, removals
included. Walking the log newest first, a rename `old -> new` means older changes to `old`
belong to the file now called `new`; an add (or copy) starts a file's life, so a file
deleted and later recreated under the same name is two records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import NamedTuple

from .load import MAX_ORG_ID, MAX_SLUG, SLUG, Catalogue

ADDED, UPDATED, RENAMED, REMOVED = "added", "updated", "renamed", "removed"
CHANGES = (ADDED, UPDATED, RENAMED, REMOVED)
HEADER = "\x01"
# The one `git log` call: NUL-separated, each commit's header is \x01<unix time> <hash>.
LOG_ARGS = ("log", "-z", "--name-status", "-M", "--relative", "--format=%x00%x01%ct %H")


class Event(NamedTuple):
    """One commit's change to one record file (a tuple: a large history has hundreds of thousands)."""

    day: str  # YYYY-MM-DD (UTC) of the commit
    commit: str
    change: str  # one of CHANGES
    path: str  # the file after the change; for a removal, the file removed
    old_path: str | None = None  # for a rename, the name before
    seq: int = 0  # the commit's place in the log, 0 for the newest


@dataclass
class Lineage:
    """One record's file through its renames, from when it was added until now or its removal."""

    names: list[str] = field(default_factory=list)  # newest first: names[0] is its name now (or when removed)
    events: list[Event] = field(default_factory=list)  # newest first

    @property
    def removed(self) -> bool:
        return self.events[0].change == REMOVED

    @property
    def dates(self) -> tuple[str, str]:
        """(first published, last updated)."""
        return self.events[-1].day, self.events[0].day


def _day(timestamp: str) -> str:
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")


def parse_history(output: str) -> list[Lineage]:
    """Every file's lineage from `git log` run with LOG_ARGS, newest event first.

    The first lineage found for a name that is not removed is the file by that name now.
    """
    lineages: list[Lineage] = []
    open_: dict[str, Lineage] = {}  # a name, as it was at the commit reached -> its lineage

    def lineage_at(name: str, keep: bool) -> Lineage:
        found = open_.pop(name, None) if not keep else open_.get(name)
        if found is None:
            found = Lineage([name])
            lineages.append(found)
        if keep:
            open_[name] = found
        return found

    day = commit = ""
    seq = -1
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if not token:
            continue
        if token.startswith(HEADER):
            stamp, _, commit = token[1:].strip().partition(" ")
            day = _day(stamp)
            seq += 1
            continue
        status = token[0]
        if status in "RC":
            old, new = next(tokens), next(tokens)
            lineage = lineage_at(new, keep=False)
            if status == "R":
                lineage.events.append(Event(day, commit, RENAMED, new, old, seq))
                lineage.names.append(old)
                open_[old] = lineage
            else:  # a copy is a new file with content like another's
                lineage.events.append(Event(day, commit, ADDED, new, None, seq))
            continue
        path = next(tokens)
        if status == "D":
            lineage = Lineage([path])  # a file gone by the next commit: the life of a removed record
            lineages.append(lineage)
            open_[path] = lineage
            lineage.events.append(Event(day, commit, REMOVED, path, None, seq))
        elif status == "A":
            lineage_at(path, keep=False).events.append(Event(day, commit, ADDED, path, None, seq))
        else:  # M, or T (type changed)
            lineage_at(path, keep=True).events.append(Event(day, commit, UPDATED, path, None, seq))
    return lineages


@lru_cache(maxsize=1 << 16)
def record_id(path: str) -> tuple[str, str] | None:
    """(table, id) of the record a file at `path` is, or None if no record can have that name.

    organisations/<id>.yml -> ("organisations", id); resources/<org>/<slug>.md ->
    ("resources", "<org>/<slug>"), as the loader names records, valid names only.
    """
    parts = path.split("/")
    if len(parts) == 2 and parts[0] == "organisations":
        stem, dot, ext = parts[1].rpartition(".")
        if dot and ext in ("yml", "yaml") and SLUG.match(stem) and len(stem) <= MAX_ORG_ID:
            return "organisations", stem
    elif len(parts) == 3 and parts[0] == "resources":
        stem, dot, ext = parts[2].rpartition(".")
        if (dot and ext in ("md", "markdown") and SLUG.match(stem) and len(stem) <= MAX_SLUG
                and SLUG.match(parts[1]) and len(parts[1]) <= MAX_ORG_ID):
            return "resources", f"{parts[1]}/{stem}"
    return None


@dataclass
class History:
    """What the one pass over the history says about the records on disk.

    `ids`: path of a record on disk -> its permanent id (the id it was first published under);
    `redirects`: (table, old id) -> the id whose page it now leads to;
    `lineages`: every file's life, removed files included, for the changes table.
    """

    lineages: list[Lineage] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    redirects: dict[tuple[str, str], str] = field(default_factory=dict)
    on_disk: frozenset[str] = frozenset()
    rows: list[tuple[str, str, str, str, str, str | None, str]] | None = None  # change_rows, once made

    def permanent_id(self, path: str, current: str) -> str:
        return self.ids.get(path, current)

    def lineage_id(self, lineage: Lineage) -> tuple[str, str] | None:
        """(table, id) a lineage is known by: its record's on disk, else its first valid name's."""
        if not lineage.removed and lineage.names[0] in self.on_disk:
            now = record_id(lineage.names[0])
            if now:
                return now[0], self.permanent_id(lineage.names[0], now[1])
        return next((n for n in (record_id(name) for name in reversed(lineage.names)) if n), None)


def change_rows(history: History) -> list[tuple[str, str, str, str, str, str | None, str]]:
    """(date, change, record type, id, path, old_path, commit) for every change to a record, oldest first.

    Made once per History: the CSV and SQLite writers both read them.
    """
    if history.rows is not None:
        return history.rows
    keyed = []
    for lineage in history.lineages:
        known = history.lineage_id(lineage)
        if known is None:
            continue  # never a record's name: a README, a picture
        table, rid = known
        for e in lineage.events:
            keyed.append(((-e.seq, e.path), (e.day, e.change, table[:-1], rid, e.path, e.old_path, e.commit)))
    keyed.sort(key=lambda k: k[0])
    history.rows = [row for _, row in keyed]
    return history.rows


def current_lineages(lineages: list[Lineage]) -> dict[str, Lineage]:
    """Name now -> the lineage of the file by that name, for every file not removed."""
    out: dict[str, Lineage] = {}
    for lineage in lineages:
        if not lineage.removed:
            out.setdefault(lineage.names[0], lineage)
    return out


def resolve(lineages: list[Lineage], paths: list[str]) -> History:
    """Permanent ids and redirects for the record files at `paths` (those on disk).

    A record keeps the oldest of its names that no other record on disk is called now and
    no older record claimed first; a name taken that way passes to the next. Every other
    name it had (not now another record's) redirects to its page.
    """
    history = History(lineages, on_disk=frozenset(paths))
    by_name = current_lineages(lineages)
    here = {p: record_id(p) for p in paths}
    taken = {rid for rid in here.values() if rid}
    claimants = sorted((p for p in paths if here[p] and p in by_name),
                       key=lambda p: (by_name[p].dates[0], p))
    for path in claimants:
        table, own = here[path]  # type: ignore[misc]
        chosen = own
        for name in reversed(by_name[path].names):
            rid = record_id(name)
            if rid is None or rid[0] != table:
                continue
            if rid[1] == own or rid not in taken:
                chosen = rid[1]
                break
        taken.add((table, chosen))
        if chosen != own:
            history.ids[path] = chosen
    # Old names lead to the record that now answers to them: first its permanent-id owner,
    # else the record that held the name most recently.
    current = {rid for rid in here.values() if rid}
    for path in sorted(claimants, key=lambda p: by_name[p].dates[1]):
        table, own = here[path]  # type: ignore[misc]
        for name in by_name[path].names[1:]:
            rid = record_id(name)
            if rid and rid[0] == table and rid not in current:
                history.redirects[rid] = own
    for path, pid in history.ids.items():
        table = here[path][0]  # type: ignore[index]
        history.redirects[(table, pid)] = here[path][1]  # type: ignore[index]
    return history


def history_for(dates: object, catalogue: Catalogue) -> History:
    """The History of the catalogue's records, from GitDates' lineages (none: ids stay as they are).

    Resolved once per catalogue and kept on `dates`: the data files, feeds and redirects all ask.
    """
    paths = [r.path for r in (*catalogue.organisations, *catalogue.resources)]
    lineages = getattr(dates, "lineages", None)
    if not lineages:
        return History(on_disk=frozenset(paths))
    cached = getattr(dates, "resolved", None)
    if cached is None or cached.on_disk != frozenset(paths):
        cached = resolve(lineages, paths)
        dates.resolved = cached  # type: ignore[attr-defined]
    return cached
