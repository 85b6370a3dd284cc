"""Read YAML the way a contributor means it, keeping the line of every key and value.

PyYAML's constructor silently keeps the last of two equal keys, turns `no` into False,
`12:30` into 750 and expands aliases without limit. So we only compose the node graph
(libyaml, fast, bounded nesting) and build values ourselves, reporting each surprise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in every wheel we install
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .problems import Problem

MAX_DEPTH = 6

Value = Union[str, list["Entry"], dict[str, "Entry"]]


@dataclass
class Entry:
    """A value as written, with its 1-based line and what YAML would have made of it."""

    value: Value
    line: int
    kind: str  # str, int, float, bool, null, timestamp, list, map

    @property
    def is_text(self) -> bool:
        return self.kind == "str"

    def plain(self):
        """The value as plain Python (text stays text: `1984` stays '1984')."""
        if self.kind == "list":
            return [e.plain() for e in self.value]  # type: ignore[union-attr]
        if self.kind == "map":
            return {k: e.plain() for k, e in self.value.items()}  # type: ignore[union-attr]
        if self.kind == "null":
            return None
        return self.value


def _kind(tag: str) -> str:
    return tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else "str"


def _syntax_problem(path: str, err: yaml.YAMLError, line_offset: int) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = (mark.line + 1 + line_offset) if mark else 1 + line_offset
    what = getattr(err, "problem", None) or str(err)
    hint = ("Check this line and the one before it. Common causes: a colon inside a value "
            "that is not in quotes (write title: \"Masks: a workshop\"), uneven indentation, "
            "or a tab instead of spaces.")
    if "tab" in what:
        hint = "Replace the tab at the start of the line with spaces."
    elif "nesting depth" in what:
        hint = "Records are simple lists of fields; remove the deeply nested brackets."
    return Problem(path, line, "", "yaml-syntax",
                   f"This line can't be read as YAML ({what}).", hint)


class _Builder:
    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.alias_reported = False

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node, depth: int, field: str) -> Entry:
        line = self.line(node)
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            if not self.alias_reported:
                self.alias_reported = True
                self.problems.append(Problem(
                    self.path, line, field, "yaml-alias",
                    "This uses a YAML alias (*name) to repeat another part of the file.",
                    "Write the values out in full; aliases and anchors (&name) are not allowed."))
            return Entry("", line, "null")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problems.append(Problem(
                self.path, line, field, "too-deeply-nested",
                "The values here are nested too deeply.",
                "A field holds text or a simple list of words, e.g. key_stages: [ks2, ks3]."))
            return Entry("", line, "null")
        if isinstance(node, yaml.ScalarNode):
            return Entry(node.value, line, _kind(node.tag))
        if isinstance(node, yaml.SequenceNode):
            return Entry([self.build(n, depth + 1, field) for n in node.value], line, "list")
        items: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            name = key if not field else f"{field}.{key}"
            if key in items:
                self.problems.append(Problem(
                    self.path, self.line(key_node), name, "duplicate-key",
                    f"'{key}' appears twice (first on line {items[key].line}); only one would be kept.",
                    f"Delete one of the two '{key}:' lines, or merge their values."))
                continue
            entry = self.build(value_node, depth + 1, name)
            entry.line = self.line(key_node)
            items[key] = entry
        return Entry(items, line, "map")


def parse_mapping(text: str, path: str, line_offset: int = 0) -> tuple[dict[str, Entry] | None, list[Problem]]:
    """Parse a YAML mapping; never raises for bad input."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        return None, [_syntax_problem(path, err, line_offset)]
    except RecursionError:
        return None, [Problem(path, 1 + line_offset, "", "too-deeply-nested",
                              "The values in this file are nested too deeply.",
                              "A field holds text or a simple list of words.")]
    if node is None:
        return None, [Problem(path, 1 + line_offset, "", "empty-record",
                              "There are no fields here.",
                              "Add the required fields; `oerbank new` writes a starting file.")]
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(path, node.start_mark.line + 1 + line_offset, "", "not-a-mapping",
                              "This should be a list of fields, one per line, like `title: My resource`.",
                              "Start each line with a field name, a colon and a space.")]
    builder = _Builder(path, line_offset)
    entry = builder.build(node, 0, "")
    return entry.value, builder.problems  # type: ignore[return-value]
