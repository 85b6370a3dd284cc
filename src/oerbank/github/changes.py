"""Which files a pull request changes, and what they held before, asked of `git`."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..load import Catalogue, Record, organisation_from_text, resource_from_text
from ..problems import Problem
from ..schema import load_schema
from .inert import code, inert

STATUS_WORDS = {"A": "added", "M": "changed", "D": "removed", "T": "changed", "R": "renamed"}


class GitError(Exception):
    """`git` could not answer (not a repository, unknown revision, git missing)."""


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, T or R (renamed), as `git diff --name-status` prints it
    path: str  # relative to the catalogue root, with forward slashes
    inside: bool = True  # False for files outside the catalogue folder (then path is the repository path)
    old_path: str | None = None  # for a rename, the name before (relative like path)
    changed: tuple[str, ...] = ()  # for a rename, the fields whose values changed too

    @property
    def word(self) -> str:
        return STATUS_WORDS.get(self.status, "changed")


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError as err:
        raise GitError("git is not installed.") from err
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise GitError(message.removeprefix("fatal: "))
    return done.stdout


def verify(root: Path, rev: str) -> str:
    """The commit `rev` names, or GitError saying it is not one."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision.")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitError:
        raise GitError(f"'{rev}' is not a commit in this repository (fetch it first, "
                       "e.g. actions/checkout with fetch-depth: 0).") from None


def changed_files(root: Path, base: str, head: str = "HEAD", renames: bool = False) -> list[Change]:
    """Files changed between the merge base of `base` and `head`, and `head` (what a pull request changes).

    With `renames`, a file renamed (with or without edits) is one change, R, rather than a
    removal and an addition; each rename says which fields changed.
    """
    base_sha, head_sha = verify(root, base), verify(root, head)
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    out = _git(root, "diff", "--name-status", "-M" if renames else "--no-renames", "-z", f"{base_sha}...{head_sha}")
    tokens = iter(t for t in out.split("\0") if t)
    changes = []

    def relative(path: str) -> tuple[str, bool]:
        inside = path.startswith(prefix)
        return (path[len(prefix):] if inside else path), inside

    for status in tokens:
        if status[0] in "RC":
            (old, _), (path, inside) = relative(next(tokens)), relative(next(tokens))
            changes.append(Change("R", path, inside, old) if status[0] == "R" else Change("A", path, inside))
            continue
        path, inside = relative(next(tokens))
        changes.append(Change(status[0], path, inside))
    renamed = [i for i, c in enumerate(changes) if c.status == "R" and c.inside and _kind(c) != "other"
               and "\n" not in c.path + (c.old_path or "")]  # cat-file reads one name a line
    if renamed:
        merge_base = _git(root, "merge-base", base_sha, head_sha).strip()
        texts = show_many(root, [(merge_base, prefix + (changes[i].old_path or "")) for i in renamed]
                          + [(head_sha, prefix + changes[i].path) for i in renamed])
        for n, i in enumerate(renamed):
            c = changes[i]
            changes[i] = Change("R", c.path, c.inside, c.old_path,
                                changed_fields(c.path, texts[n], texts[n + len(renamed)]))
    return changes


def show_many(root: Path, wanted: list[tuple[str, str]]) -> list[str | None]:
    """The text of each (commit, path from the repository root), None where there is none, from one `git cat-file`."""
    request = "".join(f"{rev}:{path}\n" for rev, path in wanted).encode("utf-8")
    try:
        done = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request,
                              capture_output=True, check=False)
    except FileNotFoundError as err:
        raise GitError("git is not installed.") from err
    out, at = done.stdout, 0
    texts: list[str | None] = []
    for _ in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            texts.append(None)  # "<name> missing"
            continue
        size = int(header[2])
        texts.append(out[at:at + size].decode("utf-8", errors="replace"))
        at += size + 1
    return texts


def _plain(value: Any) -> Any:
    """A parsed value without its line numbers, to compare two versions of a field."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return _plain(value.value) if hasattr(value, "value") else value


def changed_fields(path: str, before: str | None, after: str | None) -> tuple[str, ...]:
    """The fields (and `description`, a resource's text) whose values differ between two versions."""
    def read(text: str | None) -> dict[str, Any] | None:
        if text is None:
            return None
        record: Record | list[Problem] | None
        if path.endswith((".yml", ".yaml")):
            record = organisation_from_text(path, text)
        else:
            record = resource_from_text(path, text, folder_ok=True) if path.count("/") == 2 else None
        if not isinstance(record, Record):
            return None
        values = {name: _plain(entry) for name, entry in record.fields.items()}
        if record.kind == "resource":
            values["description"] = record.body.strip()
        return values

    old, new = read(before), read(after)
    if old is None or new is None:
        return ()
    return tuple(name for name in sorted(old.keys() | new.keys(), key=_field_order)
                 if old.get(name) != new.get(name))


def _field_order(name: str) -> tuple[int, str]:
    schema = load_schema()
    order = [*schema.resources.names, *schema.organisations.names, "description"]
    return (order.index(name) if name in order else len(order), name)


def show(root: Path, rev: str, rel: str) -> str | None:
    """The text of `rel` (relative to the catalogue root) at `rev`, or None if it wasn't there."""
    try:
        return _git(root, "show", f"{rev}:./{rel}")
    except GitError:
        return None


# --- what a pull request adds or changes, for the job summary ------------------------------

@dataclass(frozen=True)
class Row:
    """One changed resource or organisation, with the fields a reviewer looks at."""

    change: Change
    kind: str  # resource, organisation or other
    fields: dict[str, str]  # title/name, key stages, subjects, cost, as labels


RESOURCE_COLUMNS = {"title": "Title", "key_stages": "Key stages", "subjects": "Subjects", "cost": "Cost"}


def _kind(change: Change) -> str:
    parts = change.path.split("/")
    if change.inside and len(parts) == 2 and parts[0] == "organisations":
        return "organisation"
    if change.inside and len(parts) == 3 and parts[0] == "resources" and parts[2].endswith(".md"):
        return "resource"
    return "other"


def rows(changes: list[Change], catalogue: Catalogue) -> list[Row]:
    schema = load_schema()
    records = {r.path: r for r in [*catalogue.resources, *catalogue.organisations]}
    out = []
    for change in changes:
        kind = _kind(change)
        record = records.get(change.path) if change.status != "D" else None
        data = record.data if record is not None else {}
        fields: dict[str, str] = {}
        if kind == "organisation":
            fields["name"] = str(data.get("name") or "")
        elif kind == "resource":
            for name in RESOURCE_COLUMNS:
                f = schema.resources.field(name)
                vocab = schema.vocabulary_for(f) if f else None
                value = data.get(name)
                items = value if isinstance(value, list) else [value] if value else []
                fields[name] = ", ".join(vocab.label(str(v)) if vocab else str(v) for v in items)
        out.append(Row(change, kind, fields))
    return out


def _title(name: str) -> str:
    """A field's title as reviewers read it (Title, Key stages), for 'changed: ...'."""
    schema = load_schema()
    f = schema.resources.field(name) or schema.organisations.field(name)
    return f.title if f else name.replace("_", " ").capitalize()


def _what(change: Change, code: Callable[[str], str] = str) -> str:
    """'from <old> to <new>; changed: Title, Summary' for a rename, else the path."""
    if change.status != "R":
        return code(change.path)
    text = f"from {code(change.old_path or '')} to {code(change.path)}"
    if change.changed:
        text += "; changed: " + ", ".join(_title(n) for n in change.changed)
    return text


def format_markdown(found: list[Row]) -> str:
    resources = [r for r in found if r.kind == "resource"]
    orgs = [r for r in found if r.kind == "organisation"]
    other = [r for r in found if r.kind == "other"]
    out = ["### What this pull request changes", ""]
    if resources:
        out += ["| | File | " + " | ".join(RESOURCE_COLUMNS.values()) + " |",
                "|---" * (len(RESOURCE_COLUMNS) + 2) + "|"]
        for r in resources:
            cells = [inert(r.fields[n]) for n in RESOURCE_COLUMNS]
            if r.change.status != "D" and not r.fields["title"]:
                cells = ["*can't be read yet; see the problems above*"] + [""] * (len(cells) - 1)
            out.append(f"| {r.change.word} | {_what(r.change, code)} | " + " | ".join(cells) + " |")
    else:
        out.append("No resources are added, changed or removed.")
    if orgs:
        out += ["", "Organisations:", ""]
        out += [f"- {r.change.word}: {_what(r.change, code)}"
                + (f" ({inert(r.fields['name'])})" if r.fields["name"] else "") for r in orgs]
    if other:
        out += ["", f"Other files ({len(other)}), which a catalogue editor reviews:", ""]
        out += [f"- {r.change.word}: {_what(r.change, code)}" for r in other]
    return "\n".join(out) + "\n"


def format_text(found: list[Row]) -> str:
    if not found:
        return "No files changed."
    lines = []
    for r in found:
        detail = "; ".join(f"{RESOURCE_COLUMNS.get(k, k.capitalize())}: {v}" for k, v in r.fields.items() if v)
        lines.append(f"{r.change.word:8} {_what(r.change)}" + (f"  ({detail})" if detail else ""))
    return "\n".join(lines)


def to_json(found: list[Row]) -> list[dict[str, Any]]:
    out = []
    for r in found:
        rename: dict[str, Any] = (
            {"old_path": r.change.old_path, "changed": list(r.change.changed)} if r.change.status == "R" else {})
        out.append({"status": r.change.word, "path": r.change.path, **rename, "kind": r.kind, **r.fields})
    return out
