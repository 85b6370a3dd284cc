"""Resource and organisation files written from the schema: new ones with comments, and updates
of existing ones that change only the fields given and keep everything else as written."""

from __future__ import annotations

import json
from typing import Any

from .load import split_front_matter
from .schema import Field, Schema, Table, load_schema
from .yamlfile import parse_mapping

SCHEMA_LINE = "# yaml-language-server: $schema=../build/schema/organisation.schema.json"


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    return _yaml_scalar(value)


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, int):
        return str(value)
    # JSON strings are valid YAML and always read back as the same text.
    return json.dumps(str(value), ensure_ascii=False)


def _comment(f: Field, schema: Schema) -> str:
    vocab = schema.vocabulary_for(f)
    text = f"# {f.title}: {f.description}"
    if vocab and not any(t.label == t.key for t in vocab.terms):  # not the hundreds of curriculum ids
        text += f"\n#   one{' or more' if f.is_list else ''} of: " + ", ".join(vocab.keys)
    return text


def render(table: Table, values: dict[str, Any], schema: Schema | None = None) -> str:
    """Fields with values are written; the others are left as commented examples."""
    schema = schema or load_schema()
    lines: list[str] = []
    for f in table.contributed:
        if f.name == "organisation":
            continue
        lines.append(_comment(f, schema))
        if values.get(f.name) not in (None, "", []):
            lines.append(f"{f.name}: {_yaml_value(values[f.name])}")
        elif f.example is not None:
            lines.append(f"# {f.name}: {_yaml_value(f.example)}")
    return "\n".join(lines) + "\n"


def organisation_file(values: dict[str, Any], schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    return SCHEMA_LINE + "\n" + render(schema.organisations, values, schema)


def resource_file(values: dict[str, Any], body: str = "", schema: Schema | None = None) -> str:
    schema = schema or load_schema()
    # A comment, so the prompt is never published if it is left in.
    body = body or ("<!-- Describe the resource for teachers here, in Markdown: what pupils do, "
                    "what you need, and how it links to the curriculum. -->\n")
    return "---\n" + render(schema.resources, values, schema) + "---\n" + body


def _same(old: Any, new: Any) -> bool:
    """Whether a value already in a file says what `new` says (so its line is left as written)."""
    if isinstance(new, list):
        return isinstance(old, list) and [str(o).strip() for o in old] == [str(n) for n in new]
    return not isinstance(old, (list, dict)) and old is not None and str(old).strip() == str(new)


def update_resource_file(text: str, values: dict[str, Any], body: str = "", rel: str = "") -> str | None:
    """The file `text` with the fields in `values` set, everything else kept as written.

    Lines of other fields, comments, the order of the fields and the description stay as they
    are; a field that already says the same is not touched; a new field replaces its commented
    example (`# field: ...`) or goes after the last field. `body`, when not empty, replaces the
    description. None when `text` has no front matter that can be read (nothing is changed then).
    """
    split = split_front_matter(text, rel)
    if not isinstance(split, tuple):
        return None
    front, offset, _, _ = split
    fields, _ = parse_mapping(front, rel, line_offset=offset)
    if fields is None:
        return None
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    starts = sorted(e.line - 1 for e in fields.values())
    edits: list[tuple[int, int, str]] = []  # (first line, line after the last, new line), 0-based
    for name, value in values.items():
        if value in (None, "", []):
            continue
        line = f"{name}: {_yaml_value(value)}"
        entry = fields.get(name)
        if entry is not None:
            if _same(entry.plain(), value):
                continue
            start = entry.line - 1
            end = next((s for s in starts if s > start), close)
            while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
                end -= 1  # the comment above the next field belongs to it
            edits.append((start, end, line))
            continue
        example = next((i for i in range(1, close) if lines[i].startswith(f"# {name}:")), None)
        if example is not None:
            edits.append((example, example + 1, line))
        else:
            after = max(starts, default=0)
            end = next((s for s in starts if s > after), close)
            while end > after + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
                end -= 1
            edits.append((end, end, line))
    # From the bottom up, so earlier line numbers stay right; new fields at one place keep their order.
    for start, end, _, line in sorted(((s, e, n, ln) for n, (s, e, ln) in enumerate(edits)), reverse=True):
        lines[start:end] = [line]
    out = "\n".join(lines)
    if body.strip():
        head = out.split("\n")
        at = next(i for i in range(1, len(head)) if head[i].rstrip() in ("---", "..."))
        out = "\n".join(head[: at + 1]) + "\n" + body.strip() + "\n"
    return out
