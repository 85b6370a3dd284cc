"""The JSON Schema editors use to check and complete records as contributors type."""

from __future__ import annotations

from typing import Any

from .schema import Field, Schema, Table, load_schema


def _property(f: Field, schema: Schema) -> dict[str, Any]:
    vocab = schema.vocabulary_for(f)
    item: dict[str, Any] = {"type": "string"}
    if vocab:
        item = {"type": "string", "enum": vocab.keys,
                "markdownEnumDescriptions": [f"**{t.label}**: {t.definition}" for t in vocab.terms]}
    if f.item_pattern:
        item["pattern"] = f.item_pattern
    if f.item_max_length:
        item["maxLength"] = f.item_max_length
    if f.is_list and f.url_kind:
        item.update({"format": "uri", "pattern": "^https://" if f.https_only else "^https?://"})
    if f.is_list:
        prop: dict[str, Any] = {"type": "array", "items": item, "uniqueItems": True}
        if f.required:
            prop["minItems"] = 1
        if f.max_items:
            prop["maxItems"] = f.max_items
    elif f.type == "integer":
        prop = {"type": "integer"}
        if f.minimum is not None:
            prop["minimum"] = f.minimum
        if f.maximum is not None:
            prop["maximum"] = f.maximum
    elif f.type == "date":
        prop = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    else:
        prop = dict(item)
        if f.max_length:
            prop["maxLength"] = f.max_length
        if f.pattern:
            prop["pattern"] = f.pattern
        if f.url_kind:
            prop["format"] = "uri"
            prop["pattern"] = "^https://" if f.https_only else "^https?://"
        if f.format == "email":
            prop["format"] = "email"
    prop["title"] = f.title
    prop["description"] = f.description
    if f.example is not None:
        prop["examples"] = [f.example]
    return prop


def json_schema(table: Table, schema: Schema | None = None) -> dict[str, Any]:
    schema = schema or load_schema()
    fields = list(table.contributed) + [f for f in table.fields
                                        if f.derived and f.name == "id" and table.name == "organisations"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://open-arts-resource-bank.example/schema/{table.name[:-1]}.schema.json",
        "title": f"Open Arts Resource Bank: {table.name[:-1]}",
        "description": table.description,
        "type": "object",
        "properties": {f.name: _property(f, schema) for f in fields},
        "required": [f.name for f in table.contributed if f.required and f.name != "organisation"],
        "additionalProperties": False,
    }
