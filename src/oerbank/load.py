"""Load a catalogue folder into records, turning every unreadable file into a problem.

Loading never raises on bad data: each file yields a record or problems, so one run sees
every broken file (the way check-jsonschema's instance loader does).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .problems import Problem
from .yamlfile import Entry, parse_mapping

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
MAX_ORG_ID = 60
MAX_ORGANISATION_BYTES = 64 * 1024
MAX_RESOURCE_BYTES = 128 * 1024
IGNORED = {"README.md", ".gitkeep", ".DS_Store"}


@dataclass
class Record:
    """One organisation or resource file, as written, with the line of every field."""

    kind: str  # "organisation" or "resource"
    id: str
    path: str  # relative to the catalogue root, with forward slashes
    fields: dict[str, Entry]
    body: str = ""
    body_line: int = 0
    folder: str = ""  # resources: the organisation folder the file is in
    data: dict[str, Any] = field(default_factory=dict)  # normalised values, set by validation
    parse_problems: list[Problem] = field(default_factory=list)  # duplicate keys, aliases...

    def line(self, name: str) -> int:
        entry = self.fields.get(name)
        return entry.line if entry else 1


@dataclass
class Catalogue:
    root: Path
    organisations: list[Record]
    resources: list[Record]

    def organisation(self, org_id: str) -> Record | None:
        return self._orgs.get(org_id)

    def __post_init__(self) -> None:
        self._orgs = {o.id: o for o in self.organisations}


def slugify(name: str) -> str:
    """A suggestion for a valid file name, e.g. 'My Lesson (v2)' -> 'my-lesson-v2'."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s[:MAX_SLUG].rstrip("-") or "my-resource"


def find_root(start: Path) -> Path | None:
    """The catalogue containing `start`: the nearest folder with organisations/ and resources/."""
    for folder in [start, *start.parents]:
        if (folder / "organisations").is_dir() and (folder / "resources").is_dir():
            return folder
    return None


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(path, line, "", "not-utf8",
                              "This file is not saved as UTF-8 text, so some characters can't be read.",
                              "Save it again as 'UTF-8' (in most editors: Save As > Encoding > UTF-8). "
                              "This often happens when text is pasted from Word.")]
    if "\x00" in text:
        return None, [Problem(path, 1, "", "not-text", "This is not a text file.",
                              "Records are plain text files; see CONTRIBUTING.md.")]
    return text, []


def _read(root: Path, rel: str, limit: int) -> tuple[str | None, list[Problem]]:
    full = root / rel
    size = full.stat().st_size
    if size > limit:
        return None, [Problem(rel, 1, "", "file-too-large",
                              f"This file is {size // 1024} KB; a record can be at most {limit // 1024} KB.",
                              "Keep the description short and link to the full resource instead.")]
    if size == 0:
        return None, [Problem(rel, 1, "", "empty-file", "This file is empty.",
                              "Fill in the fields; `oerbank new` writes a starting file.")]
    text, problems = _decode(full.read_bytes(), rel)
    if text is not None and not text.strip():
        return None, [Problem(rel, 1, "", "empty-file", "This file has nothing in it but blank space.",
                              "Fill in the fields; `oerbank new` writes a starting file.")]
    return text, problems


def load_organisation(root: Path, rel: str) -> Record | list[Problem]:
    text, problems = _read(root, rel, MAX_ORGANISATION_BYTES)
    if text is None:
        return problems
    fields, problems = parse_mapping(text, rel)
    if fields is None:
        return problems
    org_id = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Record("organisation", org_id, rel, fields, parse_problems=problems)


def split_front_matter(text: str, rel: str) -> tuple[str, int, str, int] | Problem:
    """(front matter, its first line, body, body's first line) or a problem."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Problem(rel, 1, "", "missing-front-matter",
                       "The file must start with a line of three dashes (---), then the fields.",
                       "Put --- on the first line, the fields (title: ..., url: ...) below it, "
                       "then another --- line, then the description.")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 1, "\n".join(lines[i + 1:]), i + 2
    return Problem(rel, 1, "", "unterminated-front-matter",
                   "The fields start with --- on line 1 but never end with another --- line.",
                   "Add a line of three dashes (---) after the last field, before the description.")


def load_resource(root: Path, rel: str) -> Record | list[Problem]:
    text, problems = _read(root, rel, MAX_RESOURCE_BYTES)
    if text is None:
        return problems
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return [split]
    front, offset, body, body_line = split
    fields, problems = parse_mapping(front, rel, line_offset=offset)
    if fields is None:
        if problems and problems[0].code == "empty-record":
            problems = [Problem(rel, 1, "", "empty-front-matter",
                                "There are no fields between the --- lines.",
                                "Add title, url, summary and the other required fields.")]
        return problems
    folder, name = rel.split("/")[1:3]
    slug = name.rsplit(".", 1)[0]
    return Record("resource", f"{folder}/{slug}", rel, fields, body, body_line, folder,
                  parse_problems=problems)


def _location_problem(rel: str, code: str, message: str, hint: str) -> Problem:
    return Problem(rel, 1, "", code, message, hint)


def _name_problem(rel: str, stem: str, what: str, limit: int) -> Problem | None:
    if SLUG.match(stem) and len(stem) <= limit:
        return None
    if len(stem) > limit:
        return Problem(rel, 1, "", "invalid-file-name",
                       f"The {what} '{stem}' is {len(stem)} characters long; the limit is {limit}.",
                       f"Rename it to something shorter, e.g. '{slugify(stem)[:limit].rstrip('-')}'.")
    return Problem(rel, 1, "", "invalid-file-name",
                   f"The {what} '{stem}' can only use lowercase letters, digits and single hyphens.",
                   f"Rename it to '{slugify(stem)}'.")


def walk(root: Path) -> Iterator[tuple[str, str] | Problem]:
    """Yield (kind, relative path) for every record file, and a problem for anything misplaced."""
    orgs = root / "organisations"
    for entry in sorted(os.scandir(orgs), key=lambda e: e.name):
        rel = f"organisations/{entry.name}"
        if entry.name in IGNORED or entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield _location_problem(rel, "misplaced-file",
                                    "Folders don't belong in organisations/.",
                                    "Each organisation is one file: organisations/<your-org-id>.yml.")
            continue
        stem, _, ext = entry.name.rpartition(".")
        if ext not in ("yml", "yaml"):
            yield _location_problem(rel, "wrong-file-type",
                                    f"organisations/ holds only .yml files, not '{entry.name}'.",
                                    "Save the organisation as organisations/<your-org-id>.yml; "
                                    "resource files (.md) go in resources/<your-org-id>/.")
            continue
        if ext == "yaml":
            yield _location_problem(rel, "wrong-file-type", "Organisation files end in .yml, not .yaml.",
                                    f"Rename it to organisations/{stem}.yml.")
        bad = _name_problem(rel, stem, "organisation id", MAX_ORG_ID)
        if bad:
            yield bad
        yield ("organisation", rel)

    resources = root / "resources"
    for folder in sorted(os.scandir(resources), key=lambda e: e.name):
        rel_folder = f"resources/{folder.name}"
        if folder.name in IGNORED or folder.name.startswith("."):
            continue
        if not folder.is_dir():
            yield _location_problem(rel_folder, "misplaced-file",
                                    "Resource files go in a folder named after your organisation.",
                                    f"Move it to resources/<your-org-id>/{folder.name}.")
            continue
        if not SLUG.match(folder.name):
            yield _location_problem(rel_folder, "invalid-folder-name",
                                    f"The folder '{folder.name}' is not an organisation id.",
                                    f"Folders in resources/ are named after an organisation file, e.g. '{slugify(folder.name)}'.")
            continue
        for entry in sorted(os.scandir(folder.path), key=lambda e: e.name):
            rel = f"{rel_folder}/{entry.name}"
            if entry.name.startswith(".") or entry.name in IGNORED:
                continue
            if entry.is_dir():
                yield _location_problem(rel, "misplaced-file",
                                        "Resource folders can't contain other folders.",
                                        f"Put each resource straight in {rel_folder}/ as <slug>.md.")
                continue
            stem, _, ext = entry.name.rpartition(".")
            if ext not in ("md", "markdown"):
                yield _location_problem(rel, "wrong-file-type",
                                        f"Resources are .md files, not '{entry.name}'.",
                                        f"Save it as {rel_folder}/{slugify(stem or entry.name)}.md with the fields "
                                        "between --- lines at the top.")
                continue
            if ext == "markdown":
                yield _location_problem(rel, "wrong-file-type", "Resource files end in .md, not .markdown.",
                                        f"Rename it to {rel_folder}/{stem}.md.")
            bad = _name_problem(rel, stem, "file name", MAX_SLUG)
            if bad:
                yield bad
            yield ("resource", rel)


def load_catalogue(root: Path) -> tuple[Catalogue, list[Problem]]:
    """Read every record under `root`. Records that can't be read become problems."""
    problems: list[Problem] = []
    orgs: list[Record] = []
    resources: list[Record] = []
    for item in walk(root):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        kind, rel = item
        loaded = load_organisation(root, rel) if kind == "organisation" else load_resource(root, rel)
        if isinstance(loaded, list):
            problems.extend(loaded)
        else:
            (orgs if kind == "organisation" else resources).append(loaded)
    return Catalogue(root, orgs, resources), problems
