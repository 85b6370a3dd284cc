"""Read YAML the way a contributor means it, keeping the line of every key and value.

PyYAML's constructor silently keeps the last of two equal keys, turns `no` into False,
`12:30` into 750 and expands aliases without limit. So we read only the event stream
(libyaml, fast, no recursion) and build values ourselves: nesting is cut off at a fixed
depth, aliases are reported and never expanded (a "billion laughs" file costs nothing),
and every surprise becomes a problem with the line it is on.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from typing import Any, Union

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every wheel we install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .codes import CODES
from .problems import Problem
from .safety import curly_quotes_around

# A record is a mapping of fields whose values are text or lists of text: depth 2 at most.
# A little slack lets us name the mistake ("a list inside a list") instead of refusing.
MAX_DEPTH = 4

Value = Union[str, list["Entry"], dict[str, "Entry"]]
# A parser event. PyYAML's stubs type its marks and tags as optional, but the parser always
# sets the marks, and each event kind has the attributes its handler reads.
Event = Any

_RESOLVER = yaml.resolver.Resolver()
_KINDS = {"str", "int", "float", "bool", "null", "timestamp"}
_YAML_TAG = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?[0-9]+$")
# `title: Masks: a workshop`: a field whose unquoted value holds a colon and a space.
_FIELD_START = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")  # a line that starts a field
_NO_COLON = re.compile(r"^([a-z_][a-z0-9_]*)[ \t]+(\S.*)$")  # a field name, a space and a value: the colon left out
_COLON_IN_VALUE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_-]*):[ \t]+([^\"'\[{#|>][^#]*?:(?:[ \t].*)?)\s*$")


class Entry:
    """A value as written, with its 1-based line and what YAML would have made of it.

    `line` is the line of the field's key (or of the list item); `value_line` is where the
    text itself starts, which differs for block text (`description: |`).
    """

    __slots__ = ("value", "line", "kind", "value_line")

    def __init__(self, value: Value, line: int, kind: str, value_line: int = 0) -> None:
        self.value = value
        self.line = line
        self.kind = kind  # str, int, float, bool, null, timestamp, list, map
        self.value_line = value_line or line

    def __repr__(self) -> str:
        return f"Entry({self.value!r}, line={self.line}, kind={self.kind!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and (self.value, self.line, self.kind) == (other.value, other.line, other.kind)

    def plain(self) -> Any:
        """The value as plain Python (text stays text: `1984` stays '1984')."""
        if self.kind == "list":
            return [e.plain() for e in self.value]  # type: ignore[union-attr]
        if self.kind == "map":
            return {k: e.plain() for k, e in self.value.items()}  # type: ignore[union-attr]
        if self.kind == "null":
            return None
        return self.value

    def json(self) -> Any:
        """The value as a YAML 1.2 reader (such as an editor's YAML plug-in) would see it."""
        if self.kind == "list":
            return [e.json() for e in self.value]  # type: ignore[union-attr]
        if self.kind == "map":
            return {k: e.json() for k, e in self.value.items()}  # type: ignore[union-attr]
        if self.kind == "null":
            return None
        if self.kind == "int" and _INT.match(str(self.value)):
            return int(str(self.value))
        if self.kind == "bool" and str(self.value).lower() in ("true", "false"):
            return str(self.value).lower() == "true"
        return self.value


def pack(fields: dict[str, Entry]) -> tuple:
    """Fields as nested tuples, which pickle about twenty times faster than Entry objects."""
    return tuple((k, _pack(e)) for k, e in fields.items())


def _pack(e: Entry) -> tuple:
    if e.kind == "list":
        return (tuple(_pack(i) for i in e.value), e.line, "list", e.value_line)  # type: ignore[arg-type]
    if e.kind == "map":
        return (pack(e.value), e.line, "map", e.value_line)  # type: ignore[arg-type]
    return (e.value, e.line, e.kind, e.value_line)


def unpack(packed: tuple) -> dict[str, Entry]:
    return {k: _unpack(p) for k, p in packed}


def _unpack(p: tuple) -> Entry:
    value, line, kind, value_line = p
    if kind == "list":
        return Entry([_unpack(i) for i in value], line, kind, value_line)
    if kind == "map":
        return Entry(unpack(value), line, kind, value_line)
    return Entry(value, line, kind, value_line)


# libyaml's words for a mistake -> (what a contributor would say, how to fix it)
_SYNTAX = [
    ("mapping values are not allowed",
     "there is a colon (:) in a value, so it reads as the start of another field, "
     "or the line is indented when it shouldn't be",
     "Put a value that contains a colon in double quotes, e.g. title: \"Masks: a workshop\", "
     "and start each field at the beginning of the line."),
    ("tab character", "there is a tab at the start of the line",
     "Replace the tab with spaces."),
    ("cannot start any token", "this line has a character YAML can't start a value with (often a tab, @ or `)",
     "Replace tabs with spaces, and put values that start with @ or ` in double quotes."),
    ("could not find expected ':'", "this line is not in the form `field: value`",
     "Each line starts with a field name, a colon and a space. A value that runs onto a second line "
     "must be indented, or written in double quotes."),
    ("unexpected end of stream", "a quotation mark or bracket is opened but never closed",
     "Close the quotes (\") or brackets ([ ]) that start on this line."),
    ("expected ',' or ']'", "a list in square brackets is not closed, or two items have no comma between them",
     "Write lists like [ks2, ks3]: commas between items and a closing ]."),
    ("expected ',' or '}'", "a group in curly brackets is not closed",
     "Curly brackets are rarely needed; if the value is text, put it in double quotes."),
    ("did not find expected key", "the indentation is uneven, or there is text after a closing quote",
     "Start every field at the beginning of the line; indent list items ( - item) by the same amount; "
     "if a value is in quotes, nothing may follow the closing quote."),
    ("did not find expected '-' indicator", "a list item and a field are mixed at the same indentation",
     "Indent list items under their field, e.g.\nsubjects:\n  - music"),
    ("unknown escape character", "a backslash (\\) inside double quotes starts an unknown escape",
     "Use single quotes around the value, or write the backslash twice (\\\\)."),
    ("control characters are not allowed",
     "the line contains an invisible control character (often pasted from Word or a PDF)",
     "Delete the line and type it again."),
    ("found undefined alias", "it uses a YAML alias (*name)",
     "Write the value out in full; aliases (*name) and anchors (&name) are not allowed."),
]


def _colon_problem(path: str, line: int, source: str) -> Problem | None:
    """The usual cause of 'mapping values are not allowed': a colon inside a value not in quotes."""
    m = _COLON_IN_VALUE.match(source)
    if not m:
        return None
    indent, key, value = m.group(1), m.group(2), m.group(3).strip()
    before = value.split(": ", 1)[0] if ": " in value else value.rstrip(":")
    if curly_quotes_around(value):  # Word's quotes for the ones YAML needs
        value = value[1:-1]
    return CODES["yaml-syntax"].problem(path, line, key, "colon", before=before[-30:], key=key,
                                        written=f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}")


def _control_problem(path: str, err: yaml.reader.ReaderError, text: str, line_offset: int) -> Problem:
    """A control character in the fields (libyaml refuses them): name it, with its line and column."""
    pos = min(err.position, len(text))
    line = text[:pos].count("\n") + 1 + line_offset
    column = pos - text.rfind("\n", 0, pos)
    char = chr(err.character) if isinstance(err.character, int) else str(err.character)
    name = unicodedata.name(char, "") or "(a control character)"
    return CODES["control-character"].problem(path, line, "", "yaml", character=f"U+{ord(char):04X} {name}",
                                              at_line=line, at_column=column, column=column)


def _syntax_problem(path: str, err: yaml.YAMLError, text: str, line_offset: int) -> Problem:
    if isinstance(err, yaml.reader.ReaderError):
        if isinstance(err.character, int) and (err.character < 0x20 or 0x7F <= err.character <= 0x9F):
            return _control_problem(path, err, text, line_offset)
        line0 = text[: err.position].count("\n")
        what = str(err.reason)
    else:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        what = str(getattr(err, "problem", None) or err)
        unfinished = ("could not find expected ':'", "end of stream", "expected ',' or")
        if any(w in what for w in unfinished) and getattr(err, "context_mark", None):
            mark = err.context_mark  # type: ignore[attr-defined]  # where the unfinished thing starts
        line0 = mark.line if mark else 0
    lines = text.split("\n")
    line0 = min(line0, len(lines) - 1)
    source = lines[line0]
    if "\t" in source[: len(source) - len(source.lstrip())]:
        what = "tab character"  # libyaml doesn't always name the character it choked on
    if "nesting depth" in what:  # libyaml's own limit, met while scanning ahead
        return CODES["too-deeply-nested"].problem(path, line0 + 1 + line_offset, "")
    needle, plain, hint = next((known for known in _SYNTAX if known[0] in what), (
        "", f"YAML says: {what}",
        "Check this line and the one before it: uneven indentation, a colon or # inside a value "
        "that is not in quotes, or a quotation mark that is not closed."))
    if needle == "tab character" and _FIELD_START.match(source.lstrip(" \t")):
        hint = ("Delete the tab: a field starts at the beginning of its line "
                "(only list items under a field are indented).")
    # Curly quotes where quotes belong; a ’ inside a word is an apostrophe, not a quote.
    curly = any(q in source for q in "“”") or re.search(r":\s*‘", source) is not None
    curly_note = ("This line has curly quotation marks (“ ” or ‘ ’), often from Word; YAML only "
                  'understands straight ones. Retype them as " (or delete them). ')
    # `title "Masks"`: first in the file, YAML reads it and the next line as one field name and stops at the
    # next line; after another field, it stops at the line itself.
    unread = {"mapping values are not allowed": line0 - 1, "could not find expected ':'": line0}.get(needle, -1)
    missing = _NO_COLON.match(lines[unread]) if unread >= 0 else None
    if missing and ": " not in missing.group(2) and not missing.group(2).rstrip().endswith(":"):
        key, value = missing.groups()
        return CODES["yaml-syntax"].problem(path, unread + 1 + line_offset, key, "no-colon", key=key,
                                            written=f"{key}: {value.rstrip()}")
    if needle == "mapping values are not allowed" and "\t" not in source:
        colon = _colon_problem(path, line0 + 1 + line_offset, source)
        if colon is not None:
            return colon if not curly else dataclasses.replace(colon, hint=curly_note + colon.hint)
    if curly:
        hint = curly_note + hint
    return CODES["yaml-syntax"].problem(path, line0 + 1 + line_offset, "", hint=hint, plain=plain)


_IMPLICIT = _RESOLVER.yaml_implicit_resolvers


def _written(tag: str) -> str:
    """A tag as the contributor typed it: 'tag:yaml.org,2002:python/...' was '!!python/...'."""
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _kind(tag: str | None, value: str, implicit: tuple[bool, bool], style: str | None) -> str:
    """What YAML 1.1 makes of a scalar: a plain `no` is a bool, `12:30` an int, `"no"` text."""
    if tag in (None, "!"):
        if style or not implicit[0]:  # quoted or block text is always text
            return "str"
        if value and value[0] not in _IMPLICIT:  # most words: no rule can apply
            return "str"
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    assert tag is not None
    if tag.startswith(_YAML_TAG):
        kind = tag[len(_YAML_TAG):]
        return kind if kind in _KINDS else "str"
    return "tag"


class _Frame:
    __slots__ = ("entry", "key", "key_line", "field", "skip")

    def __init__(self, entry: Entry, field: str) -> None:
        self.entry = entry
        self.key: str | None = None  # maps: the key waiting for its value
        self.key_line = 0
        self.field = field
        self.skip = False  # maps: the waiting key is a duplicate, so drop its value


class _Builder:
    """Builds Entries from parser events; reports what YAML would have hidden."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.alias_reported = False
        self.stack: list[_Frame] = []
        self.root: Entry | None = None
        self.text = ""  # the YAML itself, read only to explain a dropped comment
        self.lines: list[str] | None = None

    def line(self, event: Event) -> int:
        return event.start_mark.line + 1 + self.offset

    def field(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        return top.key if top.entry.kind == "map" and top.key is not None else top.field

    def add(self, entry: Entry) -> None:
        """Put a finished value where it belongs: the root, a list, or a map's key or value."""
        if not self.stack:
            self.root = entry
            return
        top = self.stack[-1]
        if top.entry.kind == "list":
            top.entry.value.append(entry)  # type: ignore[union-attr]
            return
        items: dict[str, Entry] = top.entry.value  # type: ignore[assignment]
        if top.key is None:  # this entry is a key
            if entry.kind in ("list", "map"):
                self.problems.append(CODES["yaml-syntax"].problem(self.path, entry.line, top.field, "key"))
                top.key, top.key_line, top.skip = "", entry.line, True
                return
            key = "" if entry.kind == "null" else str(entry.value)
            top.key, top.key_line, top.skip = key, entry.line, False
            name = f"{top.field}.{key}" if top.field else key
            if key in items:
                first = items[key].line
                self.problems.append(CODES["duplicate-key"].problem(self.path, entry.line, name, key=key,
                                                                    first_line=first))
                top.skip = True
            return
        if not top.skip:
            entry.line = top.key_line
            items[top.key] = entry
        top.key, top.skip = None, False

    def start(self, event: Event, kind: str) -> bool:
        """Open a list or map; False when nesting goes too deep (the file is then refused)."""
        line = self.line(event)
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(CODES["too-deeply-nested"].problem(self.path, line, self.field()))
            return False
        if event.tag not in (None, "!") and not event.implicit:
            self.problems.append(CODES["yaml-tag"].problem(self.path, line, self.field(), tag=_written(event.tag)))
        self.stack.append(_Frame(Entry([] if kind == "list" else {}, line, kind), self.field()))
        return True

    def end(self) -> None:
        frame = self.stack.pop()
        self.add(frame.entry)

    def scalar(self, event: Event) -> None:
        line = self.line(event)
        kind = _kind(event.tag, event.value, event.implicit, event.style)
        if kind == "tag":
            self.problems.append(CODES["yaml-tag"].problem(self.path, line, self.field(), tag=_written(event.tag)))
            kind = "null"
        value_line = line + 1 if event.style in ("|", ">") else line
        if not event.style and self.text and (dropped := self._hashtag_after(event)):
            self.problems.append(CODES["yaml-comment-in-value"].problem(self.path, line, self.field(),
                                                                        dropped=dropped[:30], value=event.value,
                                                                        whole=f"{event.value} {dropped}".strip()))
        self.add(Entry(event.value, line, kind, value_line))

    def _hashtag_after(self, event: Event) -> str:
        """The text after a value that YAML dropped as a comment, when it looks like a hashtag.

        `cost: free  # was paid` is a comment on purpose; `title: A #seafront walk` is not.
        """
        if self.lines is None:
            self.lines = self.text.split("\n")
        end = event.end_mark
        if end.line != event.start_mark.line or end.line >= len(self.lines):
            return ""
        rest = self.lines[end.line][end.column:]
        stripped = rest.lstrip(" \t")
        if rest[:1] in (" ", "\t") and len(stripped) > 1 and stripped[0] == "#" and not stripped[1].isspace():
            return stripped.rstrip()
        return ""

    def alias(self, event: Event) -> None:
        line = self.line(event)
        if not self.alias_reported:
            self.alias_reported = True
            self.problems.append(CODES["yaml-alias"].problem(self.path, line, self.field(), anchor=event.anchor))
        self.add(Entry("", line, "null"))


def parse_mapping(text: str, path: str, line_offset: int = 0) -> tuple[dict[str, Entry] | None, list[Problem]]:
    """Parse a YAML mapping of fields; never raises for bad input.

    Returns (fields, problems); fields is None when the text can't be used at all.
    """
    builder = _Builder(path, line_offset)
    builder.text = text if "#" in text else ""
    loader = _Loader(text)
    documents = 0
    try:
        while True:
            event: Event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                builder.scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if not builder.start(event, "map" if kind is yaml.MappingStartEvent else "list"):
                    return None, builder.problems
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.end()
            elif kind is yaml.AliasEvent:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    extra = _extra_document(builder, event, text)
                    if extra:
                        builder.problems.append(extra)
                    break
            elif event is None or kind is yaml.StreamEndEvent:
                break
    except yaml.YAMLError as err:
        return None, [*builder.problems, _syntax_problem(path, err, text, line_offset)]
    finally:
        loader.dispose()
    root = builder.root
    if root is None or (root.kind == "null") or (root.kind == "str" and not str(root.value).strip()):
        return None, [*builder.problems, CODES["empty-record"].problem(path, 1 + line_offset, "")]
    if root.kind != "map":
        return None, [*builder.problems, CODES["not-a-mapping"].problem(path, root.line, "")]
    return root.value, builder.problems  # type: ignore[return-value]


def _extra_document(builder: _Builder, event: Event, text: str) -> Problem | None:
    """A second `---` is only a problem when something follows it."""
    rest = text.split("\n")[event.start_mark.line + 1:]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in rest):
        return None
    return CODES["yaml-syntax"].problem(builder.path, builder.line(event), "", "document")
