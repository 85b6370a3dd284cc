"""Starting files for a new organisation or resource, written from the schema with comments."""

from __future__ import annotations

import json
from typing import Any

from .schema import Field, Schema, Table, load_schema

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
    if vocab:
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
