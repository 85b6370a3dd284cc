"""Check a loaded catalogue: first what Frictionless can't express, then one Frictionless run.

Stage 1 (per file, Python): field names, YAML surprises, value shapes, unsafe links and HTML,
path/organisation consistency, list sizes and repeats. Stage 2 (all files at once,
Frictionless): required values, vocabularies, lengths, patterns, types and formats, primary
keys, uniqueness and foreign keys, over one in-memory data package whose rows map back to
files and lines. A field stage 1 has already reported is kept out of stage 2, so one
mistake is one problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from frictionless import Package

from .confusables import name_key
from .intake import allowed, canonical, inline
from .intake import hint as intake_hint
from .gitdates import GitDates, git_dates
from .githistory import current_lineages
from .load import Catalogue, Record, paused_gc
from .parallel import map_items, unwrap
from .problems import Problem, Report
from .safety import (character_name, encode_url, hidden_characters, html_markup, is_bidi_control,
                     formula_worth_warning, markdown_problems, unsafe_url_characters, url_problem)
from .schema import Field, Schema, Table, Vocabulary, load_schema
from .suggest import closest, closest_term
from .urls import url_key
from .yamlfile import Entry

MAX_BODY_CHARS = 20_000
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KIND_WORDS = {"int": "a number", "float": "a number", "bool": "a yes/no value", "timestamp": "a date",
               "list": "a list", "map": "a group of fields", "null": "empty", "str": "a single value"}


# --- wording ------------------------------------------------------------------------------

_EXAMPLES: dict[int, str] = {}


def example(f: Field) -> str:
    """`field: value` from the schema's example, ready to copy (cached: messages repeat)."""
    text = _EXAMPLES.get(id(f))
    if text is None:
        text = _EXAMPLES[id(f)] = f"{f.name}: {inline(f.example)}" if f.example is not None else f"{f.name}: ..."
    return text


def _a(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _add_hint(f: Field | None, schema: Schema) -> str:
    """'Add a line like ...', with the allowed values when there is a vocabulary."""
    if f is None:
        return "Add it."
    vocab = schema.vocabulary_for(f)
    return f"Add a line like {example(f)}" + (f" ({allowed(vocab)[:-1].replace('Use', 'use')})." if vocab else "")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- stage 1: one record --------------------------------------------------------------------

def _subject(name: str, value: Any, item: bool) -> str:
    """How a message names a value: as the line was written, or as one value of a list."""
    return f"'{_short(value)}' in {name}" if item else f"'{name}: {_short(value)}'"


def _yaml_surprise(record: Record, f: Field, entry: Entry, item: bool) -> Problem | None:
    """A plain value that YAML reads as something other than the text the contributor typed."""
    if entry.kind == "str":
        return None
    raw = str(entry.value)
    subject = _subject(f.name, raw, item)
    if entry.kind == "bool":
        return Problem(record.path, entry.line, f.name, "yaml-boolean",
                       f"YAML reads {subject} as yes/no (true or false), not as the word '{raw}'.",
                       f"Put it in quotes: \"{raw}\".")
    if entry.kind in ("int", "float") and ":" in raw:
        return Problem(record.path, entry.line, f.name, "yaml-sexagesimal",
                       f"YAML reads {subject} as a number in base 60 (12:30 becomes 750), not as the text you typed.",
                       "Write the whole number of minutes, e.g. 90." if f.type == "integer"
                       else f"Put it in quotes: \"{raw}\".")
    if entry.kind == "timestamp" and f.type != "date":
        return Problem(record.path, entry.line, f.name, "yaml-date",
                       f"YAML reads {subject} as a date, not as text.",
                       f"Put it in quotes: \"{raw}\".")
    return None


def _check_scalar(record: Record, f: Field, entry: Entry, item: bool = False) -> Problem | None:
    """A single value (or one list item) of the wrong shape or type."""
    if entry.kind in ("list", "map"):
        if item:
            return Problem(record.path, entry.line, f.name, "wrong-type",
                           f"One of the items in '{f.name}' is {_KIND_WORDS[entry.kind]}; each item should be "
                           "one word or phrase.",
                           f"Write the list on one line, e.g. {example(f)}")
        return Problem(record.path, entry.line, f.name, "wrong-type",
                       f"'{f.name}' should be a single value, but it is {_KIND_WORDS[entry.kind]}.",
                       f"Write it on one line after the colon, e.g. {example(f)}")
    surprise = _yaml_surprise(record, f, entry, item)
    if surprise or f.type == "date":
        return surprise
    if f.type == "integer" and not item:
        if entry.kind == "float":
            return Problem(record.path, entry.line, f.name, "wrong-type",
                           f"{_subject(f.name, entry.value, item)} should be a whole number.",
                           f"For example: {example(f)}")
        return None
    if entry.kind in ("int", "float"):
        return Problem(record.path, entry.line, f.name, "wrong-type",
                       f"YAML reads {_subject(f.name, entry.value, item)} as a number, but it should be text.",
                       f"Put it in quotes: {f.name}: \"{entry.value}\"" if not item else f"Put it in quotes: \"{entry.value}\".")
    return None


def _free_text(f: Field) -> bool:
    """Plain text the contributor types freely (not a link, code, vocabulary key or Markdown)."""
    return not (f.url_kind or f.vocabulary or f.markdown or f.pattern or f.item_pattern or f.format
                or f.type in ("integer", "date") or f.name == "organisation")


def _text_problems(record: Record, f: Field, text: str, line: int, item: bool) -> list[Problem]:
    problems = []
    if f.url_kind:
        bad = url_problem(text, https_only=f.url_kind == "image")
        if bad:
            code, reason = bad
            hint = f"Copy the full address from the browser's address bar, e.g. {example(f)}"
            if code == "invalid-url" and unsafe_url_characters(text):
                hint = ("Copy the address again from the browser's address bar. If it is right, write those "
                        f"characters encoded: {f.name}: {encode_url(text)}")
            problems.append(Problem(record.path, line, f.name, code, f"{_subject(f.name, text, item)} {reason}.", hint))
        return problems
    if not _free_text(f):
        return problems
    if formula_worth_warning(text, title=f.name in ("title", "name")):
        problems.append(Problem(record.path, line, f.name, "formula-like-text",
                                f"{_subject(f.name, text, item)} starts with '{text[0]}', which a spreadsheet may read as "
                                "the start of a formula.",
                                "The downloads are made safe anyway; if the symbol is not needed, start with a word "
                                "or a number instead.", "warning"))
    markup = html_markup(text)
    if markup:
        problems.append(Problem(record.path, line, f.name, "html-in-text",
                                f"'{f.name}' contains HTML markup ('{_short(markup, 40)}'), but it is plain text.",
                                "Remove the tag; formatting belongs in the description below the fields. "
                                "A '<' on its own, followed by a space, is fine."))
    return problems


def _raw_line(record: Record, line: int) -> str | None:
    """Line `line` of the record's file as written (read only to place a problem)."""
    if not record.source:
        return None
    try:
        lines = Path(record.source).read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def _hidden_problem(record: Record, name: str, text: str, line: int, multiline: bool,
                    raw: str | None = None, item: bool = False, warn_breaks: bool = True) -> Problem | None:
    """Invisible control or bidi characters in one value, with the line and column of the first.

    `line` is where the value's text starts; `raw` is that text as written in the file, when it
    is known (the description), else the file's line is read to find the column.
    """
    found = hidden_characters(text, allow_tab_newline=True)
    if not found:
        if multiline or not warn_breaks or not ("\n" in text or "\t" in text):
            return None
        # A line break or tab in one-line text shows as a space: harmless, but not what was meant.
        one_line = " ".join(text.split())
        what, fix = ("line break", "Write it on one line") if "\n" in text else ("tab", "Write a space instead")
        return Problem(record.path, line, name, "line-break-in-text",
                       f"{_subject(name, one_line, item)} has a {what} in it; it is shown as a space.",
                       f"{fix}: {inline(one_line) if item else f'{name}: {inline(one_line)}'}", "warning")
    pos, char = found[0]
    before = text[:pos]
    line += before.count("\n")
    start = before.rfind("\n") + 1
    if raw is None:
        written = _raw_line(record, line)
        column = None
        if written is not None:
            nth = text[start:pos].count(char)  # the same character earlier on the line
            at = -1
            for _ in range(nth + 1):
                at = written.find(char, at + 1)
                if at < 0:
                    break
            # Not in the file as itself: it was written as an escape in double quotes ("\u202e").
            column = at + 1 if at >= 0 else (written.find("\\") + 1 or None)
    else:
        column = pos - start + 1
    where = "The description" if name in ("body", "description") else f"'{name}'"
    place = f"line {line}" + (f", column {column}" if column else "")
    more = len(found) - 1
    also = f" (and {more} more such character{'s' if more > 1 else ''})" if more else ""
    if is_bidi_control(char):
        return Problem(record.path, line, name, "bidi-control",
                       f"{where} contains an invisible character that changes the direction of text, "
                       f"{character_name(char)}, at {place}{also}: readers would not see what is written.",
                       "Delete it: retype the text around that place by hand (it usually comes with text "
                       "pasted from a web page, a PDF or a chat).")
    return Problem(record.path, line, name, "control-character",
                   f"{where} contains an invisible control character, {character_name(char)}, at {place}{also}.",
                   "Delete it: retype the text around that place by hand (it usually comes with text pasted "
                   "from Word, a PDF or a terminal).")


def _markdown_problems(record: Record, text: str, first_line: int, field_name: str) -> list[Problem]:
    where = "The description" if field_name in ("body", "description") else f"'{field_name}'"
    return [Problem(record.path, first_line + offset, field_name, code,
                    f"{where} contains {what}, which could run code in a teacher's browser.",
                    "Use plain Markdown: **bold**, lists, headings and [links](https://...). "
                    "Scripts, iframes, styles, event handlers and javascript: links are not allowed.")
            for offset, code, what in markdown_problems(text)]


def _unknown_field(record: Record, name: str, entry: Entry, table: Table) -> tuple[Problem, str | None]:
    names = [f.name for f in table.contributed]
    guess = closest(name, names)
    hint = f"Did you mean '{guess}'?" if guess else f"Fields you can use: {', '.join(names)}."
    if record.kind == "resource" and name.lower() in ("description", "body", "text", "content"):
        hint = "Write the long description below the second --- line, not as a field."
    elif record.kind == "resource" and name in ("id", "slug"):
        hint = "The id comes from the file's name and folder; delete this line."
    return Problem(record.path, entry.line, name, "unknown-field",
                   f"'{name}' is not a field this catalogue knows.", hint), guess


def _check_list(record: Record, f: Field, entry: Entry) -> tuple[list[tuple[str, int]] | None, list[Problem]]:
    """The list's values with their lines (None if it isn't a list), and its problems."""
    name = f.name
    if entry.kind != "list":
        if entry.kind == "str":
            parts = [p.strip() for p in re.split(r"[,;]", str(entry.value)) if p.strip()]
            vocab = load_schema().vocabulary_for(f)
            if vocab:  # suggest the allowed words, so following the hint does not lead to a second error
                parts = [p if p in vocab.keys else (_guess(f, p, vocab) or p) for p in parts]
            hint = f"Write it in square brackets, even for one value: {name}: {inline(parts or ['...'])}"
            what = f"a single value ('{_short(entry.value)}')"
        else:
            hint = f"Write it in square brackets, e.g. {example(f)}"
            what = _KIND_WORDS.get(entry.kind, "a single value")
        return None, [Problem(record.path, entry.line, name, "wrong-type", f"'{name}' should be a list, but it is {what}.", hint)]
    problems: list[Problem] = []
    values: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    ok = True
    for item in entry.value:  # type: ignore[union-attr]
        if item.kind == "null" or (item.kind == "str" and not str(item.value).strip()):
            continue
        bad = _check_scalar(record, f, item, item=True)
        if bad:
            problems.append(bad)
            ok = False
            continue
        text = str(item.value).strip()
        hidden = _hidden_problem(record, name, text, item.line, multiline=False, item=True)
        if hidden:
            problems.append(hidden)
            if hidden.severity == "error":
                ok = False
                continue
        if text in seen:
            problems.append(Problem(record.path, item.line, name, "duplicate-value",
                                    f"'{text}' is listed twice in '{name}' (also on line {seen[text]}).",
                                    "Delete one of them."))
            continue
        seen[text] = item.line
        problems.extend(_text_problems(record, f, text, item.line, item=True))
        values.append((text, item.line))
    ats = [(v, line) for v, line in values if f.item_pattern and v.startswith("@") and re.fullmatch(f.item_pattern, v[1:])]
    if ats:  # '@name', as GitHub shows usernames
        fixed = [v[1:] if v.startswith("@") else v for v, _ in values]
        listed = " and ".join(f"'{v}'" for v, _ in ats)
        problems.append(Problem(record.path, ats[0][1], name, "invalid-format",
                                f"{listed} in '{name}' start{'s' if len(ats) == 1 else ''} with @.",
                                f"Drop the @ (GitHub usernames are written here without it): {name}: {inline(fixed)}"))
        ok = False
    if f.max_items and len(values) > f.max_items:
        problems.append(Problem(record.path, entry.line, name, "too-many-values",
                                f"'{name}' has {len(values)} values; the most allowed is {f.max_items}.",
                                "Keep the ones that matter most to teachers."))
    return (values if ok else None), problems


_BY_NAME: dict[int, dict[str, Field]] = {}


def _by_name(table: Table) -> dict[str, Field]:
    found = _BY_NAME.get(id(table))
    if found is None:
        found = _BY_NAME[id(table)] = {f.name: f for f in table.fields}
    return found


def check_record(record: Record, table: Table, schema: Schema,
                 org_ids: set[str] | None = None) -> tuple[Record, list[Problem]]:
    """Stage 1 for one record: everything that needs the file, its lines and its path.

    Returns the checked record, a new frozen one whose `data` holds the normalised values
    (what stage 2 and the site use) and whose `bad` adds every field whose problem is
    reported here, and the problems.
    """
    problems = list(record.parse_problems)
    data: dict[str, Any] = {}
    by_name = _by_name(table)
    # An alias or a tag is the whole mistake: don't also call the field empty or the wrong type.
    flagged = {p.field.split(".")[0] for p in record.parse_problems if p.field and p.code in ("yaml-alias", "yaml-tag")}
    bad_fields = set(record.bad) | flagged
    for name, entry in record.fields.items():
        if name in flagged:
            continue
        f = by_name.get(name)
        if f is None or (f.derived and not (record.kind == "organisation" and name == "id")):
            problem, guess = _unknown_field(record, name, entry, table)
            problems.append(problem)
            if guess and guess not in record.fields:
                bad_fields.add(guess)  # 'keystages' for key_stages: don't also say key_stages is missing
            continue
        if entry.kind == "null":
            continue
        if f.is_list:
            values, found = _check_list(record, f, entry)
            problems.extend(found)
            if values is None:
                bad_fields.add(name)
            else:
                data[name] = values
            continue
        bad = _check_scalar(record, f, entry)
        if bad:
            problems.append(bad)
            bad_fields.add(name)
            continue
        written = str(entry.value) if f.markdown else str(entry.value).strip()
        hidden = _hidden_problem(record, name, written, entry.value_line, multiline=bool(f.markdown),
                                 warn_breaks=not f.url_kind)  # a link's own check names the break
        if hidden:
            problems.append(hidden)
            if hidden.severity == "error":
                bad_fields.add(name)
                continue
        text = str(entry.value).strip()
        if f.markdown:
            problems.extend(_markdown_problems(record, str(entry.value), entry.value_line, name))
        else:
            found = _text_problems(record, f, text, entry.line, item=False)
            problems.extend(found)
            if any(p.code.endswith("-url") for p in found):
                bad_fields.add(name)
        data[name] = text

    for f in table.contributed:
        if f.is_list and f.required and not data.get(f.name) and f.name not in bad_fields:
            what = "is empty" if f.name in record.fields else "is missing"
            problems.append(Problem(record.path, record.line(f.name), f.name, "missing-field",
                                    f"'{f.name}' {what}: every {table.name[:-1]} needs at least one "
                                    f"{f.item_name.replace('_', ' ')}.", _add_hint(f, schema)))
        elif f.recommended and f.name not in data and f.name not in record.fields and f.name not in bad_fields:
            problems.append(Problem(record.path, 1, f.name, "missing-recommended",
                                    f"'{f.name}' is not filled in; teachers use it to find resources.",
                                    f"Add it if you can, e.g. {example(f)}", "warning"))

    if record.kind == "resource":
        problems.extend(_check_resource(record, data, bad_fields, org_ids))
    else:
        given = data.get("id")
        if given is not None and given != record.id:
            problems.append(Problem(record.path, record.line("id"), "id", "id-mismatch",
                                    f"The id '{given}' doesn't match the file name '{record.path.rsplit('/', 1)[-1]}'.",
                                    f"Delete the id line (the file name is the id), or rename the file to {given}.yml."))
        bad_fields.add("id")  # the file name is the id; its problems are reported by the loader
    return record.checked(_normalise(record, table, data), bad_fields), problems


def _check_resource(record: Record, data: dict[str, Any], bad_fields: set[str], org_ids: set[str] | None) -> list[Problem]:
    problems = []
    claimed = data.get("organisation")
    if claimed is not None and claimed != record.folder:
        line = record.line("organisation")
        if org_ids is not None and claimed not in org_ids:
            guess = closest(claimed, sorted(org_ids))
            problems.append(Problem(record.path, line, "organisation", "unknown-organisation",
                                    f"There is no organisation '{_short(claimed)}' (no file organisations/{_short(claimed)}.yml).",
                                    (f"Did you mean '{guess}'? " if guess and guess != record.folder else "")
                                    + f"This file is in the folder resources/{record.folder}/, so write "
                                      f"organisation: {record.folder}, or delete the line (the folder says it)."))
        else:
            problems.append(Problem(record.path, line, "organisation", "organisation-mismatch",
                                    f"This file is in the folder resources/{record.folder}/ but says it belongs to "
                                    f"'{_short(claimed)}'.",
                                    f"Move the file to resources/{claimed}/, or change the line to "
                                    f"organisation: {record.folder} (or delete it; the folder says it)."))
    if data.get("image") and not data.get("image_alt") and "image" not in bad_fields:
        problems.append(Problem(record.path, record.line("image"), "image_alt", "missing-image-alt",
                                "There is an image but no image_alt describing it for people who can't see it.",
                                "Add a short description of what the image shows, e.g. "
                                "image_alt: Pupils printing with lino blocks"))
    length = len(record.body.strip())
    if length > MAX_BODY_CHARS:
        problems.append(Problem(record.path, record.body_line, "body", "too-long",
                                f"The description is {length:,} characters long; the limit is {MAX_BODY_CHARS:,}.",
                                "Keep it to a few paragraphs and link to the full resource."))
    problems.extend(_markdown_problems(record, record.body, record.body_line, "body"))
    hidden = _hidden_problem(record, "body", record.body, record.body_line, multiline=True, raw=record.body)
    if hidden:
        problems.append(hidden)
    published, updated = data.get("published"), data.get("updated")
    if published and updated and _DATE.match(published) and _DATE.match(updated) and updated < published:
        problems.append(Problem(record.path, record.line("updated"), "updated", "dates-out-of-order",
                                f"It says it was updated ({updated}) before it was published ({published}).",
                                "Check both dates.", "warning"))
    return problems


def _normalise(record: Record, table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record.id}
    for f in table.fields:
        if f.name == "id":
            continue
        value = data.get(f.name)
        if f.is_list:
            value = [v for v, _ in value] if value else list(f.default or [])
        elif f.type == "integer" and value is not None and re.fullmatch(r"[0-9]+", value):
            value = int(value)
        out[f.name] = value
    if record.kind == "resource":
        out["organisation"] = record.folder
        out["slug"] = record.id.split("/", 1)[1]
        out["body"] = record.body.strip()
    out["path"] = record.path
    return out


# --- stage 2: Frictionless ------------------------------------------------------------------

class _Inline(list):
    """Row data Frictionless may copy as often as it likes: copying it is free.

    Frictionless deep-copies a resource's descriptor, inline data included, several times
    per validation; for 100,000 rows that was most of the run.
    """

    def __deepcopy__(self, memo: dict) -> "_Inline":
        return self


@dataclass
class _Table:
    """One table of the in-memory package, and where each of its rows came from."""

    table: Table
    descriptor: dict[str, Any]
    records: list[Record]  # main tables: one per row
    field: Field | None = None  # value tables: the list field
    uses: list[list[Record]] | None = None  # value tables: per row, the records that use the value
    first: dict[str, dict[Any, Record]] = dataclass_field(default_factory=dict)  # field -> value -> first record


def _stage2_field(schema: Schema, f: Field) -> dict[str, Any]:
    d = schema.field_descriptor(f)
    if f.url_kind:
        d.pop("format", None)  # links are checked (more strictly) in stage 1
    d.get("constraints", {}).pop("unique", None)  # by meaning, not spelling: see `duplicates`
    return d


def _package(catalogue: Catalogue, schema: Schema) -> list[_Table]:
    """Main tables with one row per record; value tables with one row per distinct list value.

    A list value means the same wherever it is written, so each distinct value is checked once
    and its errors are reported at every place it was used.
    """
    out: list[_Table] = []
    for table, records in ((schema.organisations, catalogue.organisations), (schema.resources, catalogue.resources)):
        scalars = table.scalar_fields
        names = [f.name for f in scalars]
        rows = _Inline([names])
        for r in records:
            data, bad = r.data, r.bad
            rows.append([None if (n in bad and n != "id") or data.get(n) == "" else data.get(n) for n in names])
        d = schema.table_descriptor(table, with_lists=False)
        d["schema"]["fields"] = [_stage2_field(schema, f) for f in scalars]
        d["data"] = rows
        out.append(_Table(table, d, records))
        for f in table.list_fields:
            long = schema.long_table_descriptor(table, f)
            item = long["schema"]["fields"][1]
            if set(item.get("constraints", {})) <= {"required"}:
                continue  # nothing to check per value
            uses: dict[str, list[Record]] = {}
            for r in records:
                if f.name in r.bad:
                    continue
                for value in r.data.get(f.name) or []:
                    uses.setdefault(value, []).append(r)
            out.append(_Table(table, {"name": f"{table.name}-{f.name.replace('_', '-')}",
                                      "schema": {"fields": [item]},
                                      "data": _Inline([[item["name"]], *([v] for v in uses)])},
                              [], f, list(uses.values())))
    return out


def _written(record: Record, f: Field) -> Any:
    """All of a list field's values as the file has them, for a hint that fixes the whole line."""
    value = record.data.get(f.name)
    if not (f.is_list and isinstance(value, list)):
        return None
    return [v[0] if isinstance(v, tuple) else v for v in value]


def _guess(f: Field, text: str, vocab: Vocabulary) -> str | None:
    """The key a typed word stands for: read exactly (a label), or the closest (a typo)."""
    found = canonical(f, text)
    return found.value if found else closest_term(text, vocab)


def _explain(e: dict[str, Any], f: Field | None, schema: Schema, value: Any, table: Table,
             record: Record) -> tuple[str, str, str]:
    """(code, message, hint) in plain English for one Frictionless error."""
    etype = e.get("type", "")
    name = f.name if f else e.get("fieldName", "")
    item = f is not None and f.is_list
    subject = _subject(name, value, item)
    if etype == "constraint-error":
        m = _CONSTRAINT.search(e.get("note", ""))
        constraint = m.group(1) if m else ""
        if constraint == "required":
            what = "is empty" if name in record.fields else "is missing"
            return ("missing-field", f"'{name}' {what}: every {table.name[:-1]} needs it.", _add_hint(f, schema))
        if constraint == "enum" and f is not None and (vocab := schema.vocabulary_for(f)):
            hint = intake_hint(f, value, schema, _written(record, f)) or allowed(vocab)
            return ("not-in-vocabulary", f"{subject} is not {_a(vocab.title.lower())} this catalogue uses.", hint)
        if constraint == "maxLength" and f is not None:
            limit = f.item_max_length if item else f.max_length
            what = f"A value in '{name}'" if item else f"'{name}'"
            return ("too-long", f"{what} is {len(str(value)):,} characters long; the limit is {limit:,}.",
                    "Shorten it; the full detail belongs in the description below the fields."
                    if record.kind == "resource" else "Shorten it.")
        if constraint == "pattern" and f is not None:
            return ("invalid-format", f"{subject} is not in the right form.",
                    intake_hint(f, value, schema, _written(record, f)) or f"{f.description} For example: {example(f)}")
        if constraint in ("minimum", "maximum") and f is not None:
            return ("out-of-range", f"{subject} is out of range.",
                    f"Use a whole number from {f.minimum:,} to {f.maximum:,}.")
    if etype == "type-error" and f is not None:
        if f.type == "date":
            hint = intake_hint(f, value, schema) if isinstance(value, str) else None
            return ("invalid-date", f"{subject} is not a real date in the form YYYY-MM-DD.",
                    hint or f"Check the year, month and day, e.g. {example(f)}")
        if f.type == "integer":
            return ("not-a-number", f"{subject} is not a whole number.",
                    intake_hint(f, value, schema) or f"For example: {example(f)}")
        if f.format == "email":
            return ("invalid-email", f"{subject} is not an email address.", f"For example: {example(f)}")
    return ("invalid-value", f"{subject} is not valid ({e.get('note') or e.get('message') or etype}).",
            f"For example: {example(f)}" if f else "Check this value.")


def run_frictionless(catalogue: Catalogue, schema: Schema) -> list[Problem]:
    """Validate every table in one Frictionless call and map each error back to a file and line."""
    built = _package(catalogue, schema)
    package = Package({"name": "catalogue", "resources": [b.descriptor for b in built]})
    report = package.validate(limit_errors=10**9)
    by_name = {b.descriptor["name"]: b for b in built}
    org_ids = sorted(o.id for o in catalogue.organisations)
    problems: list[Problem] = []
    for task in report.tasks:
        t = by_name[task.name]
        for error in task.errors:
            e = error.to_descriptor()
            row = e.get("rowNumber")
            if not row:  # the package itself is wrong: a bug in this program, not in the catalogue
                problems.append(Problem(f"({task.name})", 1, "", "internal-error", e.get("message", ""), ""))
                continue
            if t.uses is not None and t.field is not None:
                users = t.uses[row - 2]
                code, message, hint = _explain(e, t.field, schema, e.get("cell"), t.table, users[0])
                own_line = canonical(t.field, str(e.get("cell"))) is not None  # the hint fixes each file's list
                for r in users:
                    if r is not users[0] and own_line:
                        code, message, hint = _explain(e, t.field, schema, e.get("cell"), t.table, r)
                    problems.append(Problem(r.path, _item_line(r, t.field.name, e.get("cell")), t.field.name,
                                            code, message, hint))
                continue
            record = t.records[row - 2]
            problems.extend(_main_problem(e, t, record, schema, org_ids, catalogue.organisation_ids_found))
    return problems


def _item_line(record: Record, name: str, value: Any) -> int:
    """The line of one value of a list field (looked up only when there is a problem)."""
    entry = record.fields.get(name)
    if entry is not None and entry.kind == "list":
        for item in entry.value:  # type: ignore[union-attr]
            if str(item.value).strip() == value:
                return item.line
    return record.line(name)


def _first(t: _Table, name: str, value: Any, upto: Record) -> Record | None:
    """The first record before `upto` with this value in field `name` (for 'also in ...')."""
    if name not in t.first:  # built once, on the first duplicate, so many duplicates stay fast
        first: dict[Any, Record] = {}
        for r in t.records:
            first.setdefault(r.id if name == "id" else r.data.get(name), r)
        t.first[name] = first
    found = t.first[name].get(value)
    return found if found is not upto else None


class _LastCommits:
    """When each record file was last committed, as a place in the history (higher: later).

    Read from the build's one pass over `git log` (gitdates), and only when a duplicate asks:
    a catalogue without duplicates never reads Git here. A file never committed (a new one)
    comes after every committed file.
    """

    def __init__(self, root: Path, dates: GitDates | None = None) -> None:
        self.root, self.dates = root, dates
        self._order: dict[str, float] | None = None

    def __call__(self, record: Record) -> float:
        if self._order is None:
            dates = git_dates(self.root) if self.dates is None else self.dates
            lineages = current_lineages(dates.lineages)
            self._order = {path: -lineage.events[0].seq for path, lineage in lineages.items()}
        return self._order.get(record.path, float("inf"))


def _same_meaning(f: Field) -> Any:
    """How two values of a unique field are compared: web addresses by what they lead to, names
    as a reader sees them (capitals, compatibility forms and look-alike letters set aside)."""
    return url_key if f.url_kind else name_key


def _url_bucket(url: str) -> str:
    """A cheap, coarser stand-in for `url_key` (the path alone, decoded, in lower case): links with
    the same key always share a bucket, so `url_key` is needed only inside the rare shared ones."""
    text = url.strip().split("#", 1)[0].split("?", 1)[0]
    rest = text[text.find("://") + 3:] if "://" in text else text
    slash = rest.find("/")
    if slash < 0:
        return ""
    path = rest[slash:]
    return (unquote(path) if "%" in path else path).rstrip("/").lower()


_DUPLICATE_HINTS = {
    "url": "Each resource is listed once: edit the existing record instead of adding a copy, "
           "or check that the link is the right one.",
    "name": "Each organisation is listed once: if this is the same organisation, put its resources in "
            "the other's folder and delete this file; if not, write the name so that teachers can tell "
            "the two apart (e.g. add the town).",
}


def duplicates(catalogue: Catalogue, schema: Schema, dates: GitDates | None = None) -> list[Problem]:
    """Two records sharing a value of a unique field, compared by meaning (`_same_meaning`).

    The copy is the file committed later (by Git's history, `dates`, read once only when a
    duplicate is found and the caller has not read it), else the later one in order; the
    message names both files and lines.
    """
    problems: list[Problem] = []
    committed = _LastCommits(catalogue.root, dates)
    for table, records in ((schema.organisations, catalogue.organisations), (schema.resources, catalogue.resources)):
        for f in table.scalar_fields:
            if not f.unique or f.name == "id":
                continue
            key = _same_meaning(f)
            bucket = _url_bucket if f.url_kind else key
            buckets: dict[str, list[Record]] = {}
            for r in records:
                value = r.data.get(f.name)
                if value and f.name not in r.bad:
                    buckets.setdefault(bucket(value), []).append(r)
            for candidates in buckets.values():
                if len(candidates) < 2:
                    continue
                groups: dict[str, list[Record]] = {}
                for r in candidates:
                    groups.setdefault(key(r.data[f.name]), []).append(r)
                for group in groups.values():
                    if len(group) > 1:
                        problems.extend(_duplicate_problems(f, group, committed))
    return problems


def _duplicate_problems(f: Field, group: list[Record], committed: Callable[[Record], float]) -> list[Problem]:
    order = {id(r): i for i, r in enumerate(group)}
    first, *copies = sorted(group, key=lambda r: (committed(r), order[id(r)]))
    name, there = f.name, first.data[f.name]
    what = "link to the same page" if f.url_kind else "give the same name"
    out = []
    for r in copies:
        value, line = r.data[name], r.line(name)
        spelled = f" ('{_short(value, 200)}' here, '{_short(there, 200)}' there)" if value != there else f": '{_short(value, 200)}'"
        out.append(Problem(r.path, line, name, f"duplicate-{name}",
                           f"{r.path} (line {line}) and {first.path} (line {first.line(name)}) {what}{spelled}.",
                           _DUPLICATE_HINTS.get(name, "Each record is listed once: keep one of the two.")))
    return out


def _main_problem(e: dict[str, Any], t: _Table, record: Record, schema: Schema, org_ids: list[str],
                  catalogue_found: set[str]) -> list[Problem]:
    etype = e.get("type")
    if etype == "foreign-key":
        if "organisation" in record.bad or record.folder in catalogue_found:
            return []  # the folder's name, or the organisation's file, is the problem reported
        folder = record.folder
        guess = closest(folder, org_ids)
        hint = (f"Did you mean '{guess}'? Rename the folder to resources/{guess}/, " if guess else
                "Rename the folder after your organisation's file in organisations/ (without .yml), ")
        return [Problem(record.path, record.line("organisation") if "organisation" in record.fields else 1,
                        "organisation", "unknown-organisation",
                        f"This file is in the folder resources/{folder}/, but there is no organisation "
                        f"'{folder}' (no file organisations/{folder}.yml).",
                        hint + "or add the organisation first with `oerbank new organisation`.")]
    if etype == "primary-key":
        other = _first(t, "id", record.id, record)
        both = f"This file and {other.path} both" if other else "Two files"
        return [Problem(record.path, 1, "id", "duplicate-id",
                        f"{both} describe the {t.table.name[:-1]} '{record.id}'.",
                        "Keep one of the two files and delete the other, or rename one of them.")]
    name = e.get("fieldName") or ""
    if name in record.bad:
        return []
    f = t.table.field(name)
    line = record.line(name)
    code, message, hint = _explain(e, f, schema, e.get("cell"), t.table, record)
    return [Problem(record.path, line, name, code, message, hint)]


# --- both stages ----------------------------------------------------------------------------

def check_file(record: Record, org_ids: set[str]) -> tuple[Record, list[Problem]]:
    """Stage 1 for one record, as `load_catalogue` runs it in its workers: the checked record and its problems."""
    schema = load_schema()
    return check_record(record, schema.table(record.kind + "s"), schema, org_ids)


def _check_one(org_ids: set[str], record: Record) -> tuple[Record, list[Problem]]:
    return check_file(record, org_ids)


def _path(record: Record) -> str:
    return record.path


def validate(catalogue: Catalogue, load_problems: list[Problem] | None = None, schema: Schema | None = None,
             jobs: int | None = None, checked: bool = False,
             dates: GitDates | None = None) -> tuple[Catalogue, Report]:
    """Check every record; return the catalogue of checked (frozen) records and a report holding every problem.

    `checked`: stage 1 already ran as the records were loaded (its problems are in
    `load_problems`), so only the checks across files remain and the catalogue is returned as it is.
    `dates`: the Git history (gitdates.GitDates) if the caller has read it; else it is read
    once, only if two records turn out to be duplicates.
    """
    with paused_gc():
        return _validate(catalogue, load_problems, schema or load_schema(), jobs, checked, dates)


def _validate(catalogue: Catalogue, load_problems: list[Problem] | None, schema: Schema, jobs: int | None,
              checked: bool, dates: GitDates | None) -> tuple[Catalogue, Report]:
    report = Report(organisations=catalogue.organisation_files, resources=catalogue.resource_files)
    report.extend(load_problems or [])
    if not checked:
        org_ids = {o.id for o in catalogue.organisations} | catalogue.organisation_ids_found
        records = [*catalogue.organisations, *catalogue.resources]
        results = unwrap(map_items(_check_one, records, org_ids, jobs=jobs, name=_path))
        for _, problems in results:
            report.extend(problems)
        done = [r for r, _ in results]
        n = len(catalogue.organisations)
        catalogue = Catalogue(catalogue.root, done[:n], done[n:], catalogue.organisation_files,
                              catalogue.resource_files, catalogue.organisation_ids_found)
    report.extend(duplicates(catalogue, schema, dates))
    report.extend(run_frictionless(catalogue, schema))
    return catalogue, report
