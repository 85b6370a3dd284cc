"""Load a catalogue folder into records, turning every unreadable file into a problem.

Loading never raises on bad data: each file yields a record or problems, so one run sees
every broken file (the way check-jsonschema's instance loader does). Large catalogues are
read by a pool of processes, one per core, because parsing YAML is most of the work.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from sys import intern
from types import MappingProxyType
from typing import AbstractSet, Any, Callable, Iterable, Iterator, Mapping, Sequence

from .codes import CODES
from .parallel import map_items, unwrap
from .problems import Problem
from .symlinks import odd_entry
from .yamlfile import Entry, pack, parse_mapping, unpack

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
MAX_ORG_ID = 60
MAX_ORGANISATION_BYTES = 64 * 1024
MAX_RESOURCE_BYTES = 128 * 1024
IGNORED = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}
_IMAGE = {"jpg", "jpeg", "png", "gif", "svg", "webp", "tif", "tiff", "heic"}
NO_DATA: Mapping[str, Any] = MappingProxyType({})
NOTHING_BAD: AbstractSet[str] = frozenset()  # one for every record with no field found wrong (most of them)
_DOCUMENT = {"doc", "docx", "pdf", "odt", "rtf", "pages", "txt", "ppt", "pptx", "xls", "xlsx", "csv"}


class FrozenList(list):
    """A checked record's list of values (its key stages, say): a list, as templates, JSON and
    the checks expect, that refuses changes, since records with the same values share one."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a checked record's values are read-only")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, tuple[list[Any]]]:
        return (FrozenList, (list(self),))


@dataclass(frozen=True)
class Record:
    """One organisation or resource file, as written, with the line of every field.

    Frozen: loading makes it, validation makes a checked copy with `data` and `bad` filled
    in, and nothing after that changes it. What the build learns about a record elsewhere
    (Git dates, permanent ids, link status) is passed beside it, never written into it.
    """

    kind: str  # "organisation" or "resource"
    id: str
    path: str  # relative to the catalogue root, with forward slashes
    fields: Mapping[str, Entry]
    body: str = ""
    body_line: int = 0
    folder: str = ""  # resources: the organisation folder the file is in
    data: Mapping[str, Any] = field(default_factory=lambda: NO_DATA)  # normalised values (read-only), set by validation
    parse_problems: Sequence[Problem] = ()  # duplicate keys, aliases, names...
    # Fields whose problem is already reported, so the Frictionless stage must not report them again.
    bad: AbstractSet[str] = frozenset()  # made a frozenset
    source: str = ""  # the file it was read from, if it was read from a file

    def __post_init__(self) -> None:
        if not isinstance(self.data, MappingProxyType):
            object.__setattr__(self, "data", MappingProxyType(dict(self.data)))
        object.__setattr__(self, "bad", frozenset(self.bad) or NOTHING_BAD)
        if not isinstance(self.parse_problems, tuple):
            object.__setattr__(self, "parse_problems", tuple(self.parse_problems))

    def line(self, name: str) -> int:
        entry = self.fields.get(name)
        return entry.line if entry else 1

    def checked(self, data: Mapping[str, Any], bad: Iterable[str]) -> "Record":
        """This record with validation's normalised values and the fields it found wrong."""
        return replace(self, data=MappingProxyType(dict(data)), bad=frozenset(bad))

    # Records travel back from the worker processes that read a large catalogue. Their fields
    # (an object per value, half a record's memory) stay behind: once a record is checked,
    # `data` holds its values, and the fields are read again from the file only if asked
    # for, which in practice means only to find the line of a problem.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["data"] = dict(self.data)  # a read-only view can't be pickled; __setstate__ makes it again
        fields = state.pop("fields", None)
        if not self.source:
            state["_packed"] = pack(fields) if fields is not None else state.get("_packed", ())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["data"] = MappingProxyType(state["data"])
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> Any:
        if name != "fields":
            raise AttributeError(name)
        packed = self.__dict__.pop("_packed", None)
        fields = unpack(packed) if packed is not None else _reread_fields(self)
        self.__dict__["fields"] = fields  # a cache of what the file says, not a change to the record
        return fields


def _reread_fields(record: Record) -> Mapping[str, Entry]:
    """The fields of a record whose Entry objects were left behind in a worker process."""
    if not record.source:
        return {}
    path = Path(record.source)
    root = path.parents[record.path.count("/")]
    limit = MAX_ORGANISATION_BYTES if record.kind == "organisation" else MAX_RESOURCE_BYTES
    text, _ = _read(root, record.path, limit)
    if text is None:
        return {}
    again = (organisation_from_text if record.kind == "organisation" else resource_from_text)(record.path, text)
    return {} if isinstance(again, list) else again.fields


@dataclass(frozen=True)
class Catalogue:
    """The records of one catalogue folder, as loaded or as validation checked them; frozen like them."""

    root: Path
    organisations: Sequence[Record]
    resources: Sequence[Record]
    organisation_files: int = -1  # files found, readable or not (-1: count the records)
    resource_files: int = -1
    # Ids of every organisation file found, including those that couldn't be read, so their
    # resources aren't also reported as belonging to no organisation.
    organisation_ids_found: AbstractSet[str] = frozenset()
    _orgs: Mapping[str, Record] = field(init=False, repr=False, compare=False, default_factory=lambda: NO_DATA)

    def organisation(self, org_id: str) -> Record | None:
        return self._orgs.get(org_id)

    def __post_init__(self) -> None:
        settle = partial(object.__setattr__, self)
        settle("organisations", tuple(self.organisations))
        settle("resources", tuple(self.resources))
        settle("organisation_ids_found", frozenset(self.organisation_ids_found))
        settle("_orgs", MappingProxyType({o.id: o for o in self.organisations}))
        if self.organisation_files < 0:
            settle("organisation_files", len(self.organisations))
        if self.resource_files < 0:
            settle("resource_files", len(self.resources))


def slugify(name: str) -> str:
    """A suggestion for a valid file name, e.g. 'My Lesson (v2)' -> 'my-lesson-v2'."""
    s = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", " and ")).strip("-")
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
        return None, [CODES["not-utf8"].problem(path, line, "")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [CODES["not-text"].problem(path, line, "")]
    # One kind of line ending, so line numbers agree with what every editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _read(root: Path, rel: str, limit: int) -> tuple[str | None, list[Problem]]:
    try:
        with open(root / rel, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as err:
        return None, [CODES["unreadable-file"].problem(rel, 1, "", reason=err.strerror or err)]
    if len(raw) > limit:
        size = os.path.getsize(root / rel)
        return None, [CODES["file-too-large"].problem(rel, 1, "", size=size // 1024, limit=limit // 1024)]
    if not raw:
        return None, [CODES["empty-file"].problem(rel, 1, "")]
    text, problems = _decode(raw, rel)
    if text is not None and not text.strip():
        return None, [CODES["empty-file"].problem(rel, 1, "", "blank")]
    return text, problems


def load_organisation(root: Path, rel: str, name_problems: list[Problem] | None = None) -> Record | list[Problem]:
    text, problems = _read(root, rel, MAX_ORGANISATION_BYTES)
    if text is None:
        return [*(name_problems or []), *problems]
    return organisation_from_text(rel, text, name_problems, source=str(root / rel))


def organisation_from_text(rel: str, text: str, name_problems: list[Problem] | None = None,
                           source: str = "") -> Record | list[Problem]:
    """An organisation record from the text of organisations/<id>.yml."""
    fields, problems = parse_mapping(text, rel)
    if fields is None:
        return [*(name_problems or []), *problems]
    org_id = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return Record("organisation", org_id, rel, fields, parse_problems=[*(name_problems or []), *problems],
                  bad={"id"} if name_problems else set(), source=source)


def split_front_matter(text: str, rel: str) -> tuple[str, int, str, int] | Problem:
    """(front matter, lines before it, body, body's first line) or a problem."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    if first.rstrip() != "---":
        return CODES["missing-front-matter"].problem(rel, 1, "")
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            # Trailing blank lines are dropped: they never hold a problem, and the site strips them.
            return "\n".join(lines[1:i]), 1, "\n".join(lines[i + 1:]).rstrip(), i + 2
    return CODES["unterminated-front-matter"].problem(rel, 1, "")


def load_resource(root: Path, rel: str, name_problems: list[Problem] | None = None,
                  folder_ok: bool = True) -> Record | list[Problem]:
    text, problems = _read(root, rel, MAX_RESOURCE_BYTES)
    if text is None:
        return [*(name_problems or []), *problems]
    return resource_from_text(rel, text, name_problems, folder_ok, source=str(root / rel))


def resource_from_text(rel: str, text: str, name_problems: list[Problem] | None = None,
                       folder_ok: bool = True, source: str = "") -> Record | list[Problem]:
    """A resource record from the text of resources/<org>/<slug>.md."""
    split = split_front_matter(text, rel)
    if isinstance(split, Problem):
        return [*(name_problems or []), split]
    front, offset, body, body_line = split
    fields, problems = parse_mapping(front, rel, line_offset=offset)
    if fields is None:
        if problems and problems[-1].code == "empty-record":
            problems[-1] = CODES["empty-front-matter"].problem(rel, 1, "")
        return [*(name_problems or []), *problems]
    folder, name = rel.split("/")[1:3]
    folder = intern(folder)  # one string for the organisation's hundreds of resources
    slug = name.rsplit(".", 1)[0]
    bad = ({"id"} if name_problems else set()) | (set() if folder_ok else {"organisation"})
    return Record("resource", f"{folder}/{slug}", rel, fields, body, body_line, folder,
                  parse_problems=[*(name_problems or []), *problems], bad=bad, source=source)


def _name_problem(rel: str, stem: str, what: str, limit: int) -> Problem | None:
    if SLUG.match(stem) and len(stem) <= limit:
        return None
    if len(stem) > limit:
        return CODES["invalid-file-name"].problem(rel, 1, "", "long", what=what, start=stem[:40], length=len(stem),
                                                  limit=limit, fixed=slugify(stem)[:limit // 2].rstrip("-"))
    return CODES["invalid-file-name"].problem(rel, 1, "", what=what, stem=stem, fixed=slugify(stem))


def _wrong_type_hint(ext: str, where: str) -> str:
    if ext in _IMAGE:
        return "Images aren't stored in the catalogue: link to them with image: https://... in the resource."
    if ext in _DOCUMENT:
        return ("The catalogue lists resources rather than storing them: put the document on your website "
                f"and describe it in a .md file in {where}.")
    return f"Only record files belong in {where}."


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []


WalkItem = tuple[str, str, list[Problem], bool]  # kind, path, problems with its name, folder ok


def walk(root: Path) -> Iterator[WalkItem | Problem]:
    """Yield (kind, path, name problems, folder ok) for every record file, and a problem for anything misplaced."""
    for entry in _entries(root / "organisations"):
        rel = f"organisations/{entry.name}"
        if entry.name in IGNORED or entry.name.startswith("."):
            continue
        odd = odd_entry(entry, rel)
        if odd:
            yield odd
            continue
        if entry.is_dir():
            yield CODES["misplaced-file"].problem(rel, 1, "", "organisations-folder")
            continue
        stem, dot, ext = entry.name.rpartition(".")
        if not dot or ext not in ("yml", "yaml"):
            hint = ("Resource files (.md) go in resources/<your-org-id>/." if ext in ("md", "markdown")
                    else "Only organisation files, named <your-org-id>.yml, belong in organisations/.")
            yield CODES["wrong-file-type"].problem(rel, 1, "", "organisations", hint=hint, name=entry.name)
            continue
        names = [p for p in [_name_problem(rel, stem, "organisation id", MAX_ORG_ID)] if p]
        if ext == "yaml":
            names.append(CODES["file-extension"].problem(rel, 1, "", "organisations", stem=stem))
        yield ("organisation", rel, names, True)

    for folder in _entries(root / "resources"):
        rel_folder = f"resources/{folder.name}"
        if folder.name in IGNORED or folder.name.startswith("."):
            continue
        odd = odd_entry(folder, rel_folder)
        if odd:
            yield odd
            continue
        if not folder.is_dir():
            yield CODES["misplaced-file"].problem(rel_folder, 1, "", "resources-file", name=folder.name)
            continue
        folder_ok = bool(SLUG.match(folder.name)) and len(folder.name) <= MAX_ORG_ID
        if not folder_ok:
            yield CODES["invalid-folder-name"].problem(rel_folder, 1, "", folder=folder.name,
                                                       fixed=slugify(folder.name))
        for entry in _entries(Path(folder.path)):
            rel = f"{rel_folder}/{entry.name}"
            if entry.name.startswith(".") or entry.name in IGNORED:
                continue
            odd = odd_entry(entry, rel)
            if odd:
                yield odd
                continue
            if entry.is_dir():
                yield CODES["misplaced-file"].problem(rel, 1, "", "nested-folder", folder=rel_folder)
                continue
            stem, dot, ext = entry.name.rpartition(".")
            if not dot or ext not in ("md", "markdown"):
                hint = ("Organisation files go in organisations/." if ext in ("yml", "yaml")
                        else _wrong_type_hint(ext.lower(), f"{rel_folder}/"))
                yield CODES["wrong-file-type"].problem(rel, 1, "", "resources", hint=hint, name=entry.name)
                continue
            names = [p for p in [_name_problem(rel, stem, "file name", MAX_SLUG)] if p]
            if ext == "markdown":
                names.append(CODES["file-extension"].problem(rel, 1, "", "resources", folder=rel_folder, stem=stem))
            yield ("resource", rel, names, folder_ok)


def load_file(root: Path, item: WalkItem) -> Record | list[Problem]:
    kind, rel, names, folder_ok = item
    if kind == "organisation":
        return load_organisation(root, rel, names)
    return load_resource(root, rel, names, folder_ok)


Checker = Callable[[Record, set[str]], tuple[Record, list[Problem]]]


def _load_one(shared: tuple[Path, set[str], Checker | None], item: WalkItem) -> tuple[Record | list[Problem], list]:
    root, org_ids, checker = shared
    loaded = load_file(root, item)
    if checker is None or isinstance(loaded, list):
        return loaded, []
    return checker(loaded, org_ids)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while building many small objects that hold no cycles.

    Left on, it walks the whole growing heap again and again: loading 100,000 records
    took twice as long.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_catalogue(root: Path, jobs: int | None = None,
                   checker: Checker | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read every record under `root`. Records that can't be read become problems.

    `jobs`: processes to read with (default: one per core for large catalogues).
    `checker(record, organisation ids)`: checks to run on each record as soon as it is read,
    in the same process, returning the checked record (which the catalogue then holds) and
    its problems (validation's per-file stage).
    """
    with paused_gc():
        return _load_catalogue(root, jobs, checker)


def _load_catalogue(root: Path, jobs: int | None, checker: Checker | None) -> tuple[Catalogue, list[Problem]]:
    problems: list[Problem] = []
    items: list[WalkItem] = []
    for item in walk(root):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            items.append(item)
    org_ids = {rel.rsplit("/", 1)[-1].rsplit(".", 1)[0] for kind, rel, *_ in items if kind == "organisation"}
    results = unwrap(map_items(_load_one, items, (root, org_ids, checker), jobs=jobs, name=_walked_path))
    orgs: list[Record] = []
    resources: list[Record] = []
    for (kind, *_), (loaded, checked) in zip(items, results, strict=True):
        if isinstance(loaded, list):
            problems.extend(loaded)
        else:
            (orgs if kind == "organisation" else resources).append(loaded)
            problems.extend(checked)
    n_orgs = sum(1 for kind, *_ in items if kind == "organisation")
    return Catalogue(root, orgs, resources, n_orgs, len(items) - n_orgs, org_ids), problems


def _walked_path(item: WalkItem) -> str:
    return item[1]
