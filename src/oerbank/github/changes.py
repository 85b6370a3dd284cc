"""Which files a pull request changes, and what they held before, asked of `git`."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load import Catalogue
from ..schema import load_schema
from .inert import inert

STATUS_WORDS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


class GitError(Exception):
    """`git` could not answer (not a repository, unknown revision, git missing)."""


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D or T, as `git diff --name-status` prints it
    path: str  # relative to the catalogue root, with forward slashes
    inside: bool = True  # False for files outside the catalogue folder (then path is the repository path)

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


def changed_files(root: Path, base: str, head: str = "HEAD") -> list[Change]:
    """Files changed between the merge base of `base` and `head`, and `head` (what a pull request changes)."""
    base_sha, head_sha = verify(root, base), verify(root, head)
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    out = _git(root, "diff", "--name-status", "--no-renames", "-z", f"{base_sha}...{head_sha}")
    tokens = [t for t in out.split("\0") if t]
    changes = []
    for status, path in zip(tokens[::2], tokens[1::2]):
        inside = path.startswith(prefix)
        changes.append(Change(status[0], path[len(prefix):] if inside else path, inside))
    return changes


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


def format_markdown(found: list[Row]) -> str:
    resources = [r for r in found if r.kind == "resource"]
    orgs = [r for r in found if r.kind == "organisation"]
    other = [r for r in found if r.kind == "other"]
    out = ["### What this pull request changes", ""]
    if resources:
        out += ["| | File | " + " | ".join(RESOURCE_COLUMNS.values()) + " |", "|---" * (len(RESOURCE_COLUMNS) + 2) + "|"]
        for r in resources:
            cells = [inert(r.fields[n]) for n in RESOURCE_COLUMNS]
            if r.change.status != "D" and not r.fields["title"]:
                cells = ["*can't be read yet; see the problems above*"] + [""] * (len(cells) - 1)
            out.append(f"| {r.change.word} | {inert(r.change.path)} | " + " | ".join(cells) + " |")
    else:
        out.append("No resources are added, changed or removed.")
    if orgs:
        out += ["", "Organisations:", ""]
        out += [f"- {r.change.word}: {inert(r.change.path)}" + (f" ({inert(r.fields['name'])})" if r.fields["name"] else "")
                for r in orgs]
    if other:
        out += ["", f"Other files ({len(other)}), which a catalogue editor reviews:", ""]
        out += [f"- {r.change.word}: {inert(r.change.path)}" for r in other]
    return "\n".join(out) + "\n"


def format_text(found: list[Row]) -> str:
    if not found:
        return "No files changed."
    lines = []
    for r in found:
        detail = "; ".join(f"{RESOURCE_COLUMNS.get(k, k.capitalize())}: {v}" for k, v in r.fields.items() if v)
        lines.append(f"{r.change.word:8} {r.change.path}" + (f"  ({detail})" if detail else ""))
    return "\n".join(lines)


def to_json(found: list[Row]) -> list[dict[str, Any]]:
    return [{"status": r.change.word, "path": r.change.path, "kind": r.kind, **r.fields} for r in found]
