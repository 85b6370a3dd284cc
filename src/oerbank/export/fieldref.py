"""The field reference, generated from load_schema() for the contributor docs and the data page.

Written from the schema so the documentation can never list a value the validator rejects
or miss one it accepts.
"""

from __future__ import annotations

import html

import yaml

from ..github.inert import page_cell as md_cell, page_text as md_text
from ..schema import Field, Schema, Table, Vocabulary, load_schema
from ..stages import ENGLAND, stages_of


def status(f: Field) -> str:
    if f.derived:
        return "Set from the file's path"
    if f.required:
        return "Required"
    if f.recommended:
        return "Recommended"
    return "Optional"


def kind(f: Field, schema: Schema) -> str:
    """What kind of value the field takes, in words."""
    vocab = schema.vocabulary_for(f)
    if f.is_list:
        what = (f"List of values from {vocab.title.lower()}" if vocab else
                "List of web addresses starting https://" if f.https_only else "List of text values")
        limits = []
        if f.max_items:
            limits.append(f"at most {f.max_items}")
        if f.item_max_length:
            limits.append(f"each at most {f.item_max_length} characters")
        return what + (f" ({', '.join(limits)})" if limits else "")
    if vocab:
        return f"One value from {vocab.title.lower()}"
    if f.type == "date":
        return "Date (YYYY-MM-DD)"
    if f.type == "integer":
        if f.minimum is not None and f.maximum is not None:
            return f"Whole number from {f.minimum} to {f.maximum}"
        return "Whole number"
    if f.https_only:
        return "Web address starting https://"
    if f.url_kind:
        return "Web address (https:// or http://)"
    if f.format == "email":
        return "Email address"
    what = "Markdown text" if f.markdown else "Text"
    return what + (f", at most {f.max_length} characters" if f.max_length else "")


def yaml_example(f: Field) -> str | None:
    """The example as a contributor would type it (quoted where YAML would misread it)."""
    if f.example is None:
        return None
    if f.type == "date":
        return f"{f.name}: {f.example}"
    return yaml.safe_dump({f.name: f.example}, default_flow_style=None if f.is_list else False,
                          allow_unicode=True, sort_keys=False, width=10_000).strip()


def vocabulary_table(vocab: Vocabulary) -> list[str]:
    lines = ["| Value | Label | Meaning |", "| --- | --- | --- |"]
    for t in vocab.terms:
        url = t.extra.get("url")
        # A term named by its own id (a curriculum statement) links to where it is published instead.
        label = "Official statement" if t.label == t.key and url else md_cell(t.label)
        if url:
            label = f'<a href="{html.escape(url)}">{label}</a>'
        lines.append(f"| `{t.key}` | {label} | {md_cell(t.definition)} |")
    return lines


def _field_section(f: Field, schema: Schema, hashes: str) -> list[str]:
    lines = [f"{hashes} `{f.name}`", "", f"**{md_text(f.title)}**. {status(f)}. {md_text(kind(f, schema))}.", "",
             md_text(f.description)]
    if f.pattern or f.item_pattern:
        lines += ["", f"Form (regular expression): `{f.pattern or f.item_pattern}`"]
    if f.unique:
        lines += ["", "No two records may share a value."]
    if f.default is not None:
        default = ", ".join(f.default) if isinstance(f.default, list) else f.default
        lines += ["", f"If left out: `{default}`."]
    example = yaml_example(f)
    if example and not f.derived:
        lines += ["", "Example:", "", "```yaml", example, "```"]
    elif example:
        lines += ["", f"Example: `{f.example}`"]
    vocab = schema.vocabulary_for(f)
    if vocab:
        lines += ["", "Allowed values:", ""]
        lines += vocabulary_table(vocab)
    if f.name == "key_stages":
        lines += stages_table(schema)
    return lines + [""]


def stages_table(schema: Schema) -> list[str]:
    """The other nations' stages each key stage is listed under, from stages.yml (ages overlapping)."""
    stages = stages_of(schema)
    others = [n for n in stages.nations if n.key != ENGLAND]
    lines = ["", "Teachers in Scotland, Wales and Northern Ireland find a resource under their own stages, "
             "worked out from its key stages: a stage fits a key stage when their ages overlap. Nothing "
             "to add to the record.", "",
             "| Key stage | " + " | ".join(md_cell(n.label) for n in others) + " |",
             "| --- |" + " --- |" * len(others)]
    for k in stages.of(ENGLAND):
        cells = ["<br>".join(f'<a href="{html.escape(s.source)}">{md_cell(s.label)}</a>'
                             for s in stages.for_key_stages([k.key], n.key)) for n in others]
        lines.append(f"| `{k.key}` | " + " | ".join(cells) + " |")
    lines += ["", "The stages (a stage's key names it in the search's address and in the structured data's URIs):", "",
              "| Stage | Label | Nation | Year groups | Ages |", "| --- | --- | --- | --- | --- |"]
    for n in others:
        for s in stages.of(n.key):
            lines.append(f"| `{s.key}` | <a href=\"{html.escape(s.source)}\">{md_cell(s.label)}</a> | "
                         f"{md_cell(n.label)} | {md_cell(', '.join(s.years))} | {s.ages[0]} to {s.ages[1]} |")
    return lines


def _table_section(table: Table, schema: Schema, level: int) -> list[str]:
    h = "#" * level
    lines = [f"{h} {md_text(table.title)}", "", md_text(table.description), ""]
    lines += ["| Field | | Takes |", "| --- | --- | --- |"]
    for f in table.fields:
        lines.append(f"| `{f.name}` | {status(f)} | {md_cell(kind(f, schema))} |")
    lines.append("")
    for f in table.fields:
        lines += _field_section(f, schema, "#" * (level + 1))
    if table.name == "resources":
        from ..validate import MAX_BODY_CHARS
        lines += [f"{'#' * (level + 1)} The description (below the front matter)", "",
                  f"**Description**. Optional. Markdown text, at most {MAX_BODY_CHARS:,} characters.", "",
                  "Everything after the second `---` line is the resource's description: what pupils do, "
                  "what teachers get, what they need. Use plain Markdown (paragraphs, lists, **bold**, "
                  "[links](https://example.org)); scripts and embedded frames are not allowed.", ""]
    return lines


def field_reference_markdown(heading_level: int = 2, schema: Schema | None = None) -> str:
    """Every field of both tables: status, type, description, allowed values and an example.

    Headings start at `heading_level` (2 by default, under the page's own title).
    """
    schema = schema or load_schema()
    lines: list[str] = []
    for table in schema.tables():
        lines += _table_section(table, schema, heading_level)
    lines += _synonyms_section(schema, heading_level)
    lines += _messages_section(heading_level)
    return "\n".join(lines).rstrip() + "\n"


def _lines_cell(lines: dict[str, str]) -> str:
    """Front-matter lines as code in a table cell, one per line ('' for a field: the line left out)."""
    def shown(name: str, value: str) -> str:
        if not value:
            return f"(no {name} line)"
        if len(value) > 60:
            return f"{name}: {value[:20]}... ({len(value)} characters)"
        return f"{name}: {value}"
    return "<br>".join(f"<code>{html.escape(line).replace('|', '&#124;')}</code>"
                       for k, v in lines.items() for line in shown(k, v).split("\n"))


def _synonyms_section(schema: Schema, level: int) -> list[str]:
    """The search's synonyms vocabulary: what a teacher may type for a key stage or another word."""
    vocab = schema.vocabularies.get("synonyms")
    if vocab is None:
        return []
    lines = [f"{'#' * level} {md_text(vocab.title)}", "", md_text(vocab.description) + " Edit "
             "`schema/vocabularies/synonyms.yml` to add words; the next build's search reads them.", "",
             "| Value | Label | Words a teacher may type | Finds key stages |", "| --- | --- | --- | --- |"]
    for t in vocab.terms:
        words = ", ".join(str(w) for w in t.extra.get("words") or [])
        stages = ", ".join(schema.vocabularies["key_stages"].label(k) for k in t.extra.get("key_stages") or [])
        if t.extra.get("narrows") is False:
            stages = "None: these words never narrow the results, they only help order them"
        lines.append(f"| `{t.key}` | {md_cell(t.label)} | {md_cell(words)} | {md_cell(stages)} |")
    from ..search.spelling import age_words  # the search's reading of ages, so this says what it does

    aged = {t.key: t for t in schema.vocabularies["key_stages"].terms if t.extra.get("ages")}
    if not aged:
        return lines + [""]
    stage = aged.get("ks2") or next(iter(aged.values()))
    typed = ", ".join(f"“{md_text(w)}”" for w in age_words(stage.extra["ages"]))
    return lines + ["", f"The search also reads each key stage's ages, from the key stages vocabulary: {typed} "
                    f"find {md_text(stage.label)}.", ""]


def _messages_section(level: int) -> list[str]:
    """Every problem code a hand-written file can get, from the registry, with its examples."""
    from ..codes import FILE_ROWS

    lines = [f"{'#' * level} Check messages", "",
             "Each message names its code; the contributor guide says more about each. Where it helps, a line "
             "that gets the message, and a near one that doesn't.", "",
             "| Code | Says | Gets it | Fine |", "| --- | --- | --- | --- |"]
    for row in FILE_ROWS:
        for code in row.codes:
            said = md_cell(code.title) + (" (warning)" if code.severity == "warning" else "")
            lines.append(f"| `{code.name}` | {said} | {_lines_cell(code.bad)} | {_lines_cell(code.good)} |")
    return lines + [""]
