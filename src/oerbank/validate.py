"""Check a loaded catalogue: first what Frictionless can't express, then one Frictionless run.

Stage 1 (per file, Python): field names, YAML surprises, value shapes, unsafe links and HTML,
path/organisation consistency. Stage 2 (all files at once, Frictionless): required values,
vocabularies, lengths, patterns, types and formats, primary keys, uniqueness and foreign
keys, over one in-memory data package whose rows map back to files and lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from frictionless import Package

from .load import Catalogue, Record
from .problems import Problem, Report
from .safety import has_html_tag, looks_like_formula, markdown_problems, url_problem
from .schema import Field, Schema, Table, Vocabulary, load_schema
from .suggest import closest, closest_term
from .yamlfile import Entry

MAX_BODY_CHARS = 20_000
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_KIND_WORDS = {"int": "a number", "float": "a number", "bool": "a yes/no value",
               "timestamp": "a date", "list": "a list", "map": "a group of fields", "null": "empty"}


@dataclass
class _Checked:
    """What stage 1 learnt about a record: its problems and the values Frictionless should see."""

    problems: list[Problem] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)


def _example(f: Field) -> str:
    ex = f.example
    if isinstance(ex, list):
        return f"{f.name}: [{', '.join(ex)}]"
    return f"{f.name}: {ex}" if ex is not None else f"{f.name}: ..."


def _allowed(vocab: Vocabulary) -> str:
    return "Use one of: " + ", ".join(vocab.keys) + "."


def _yaml_surprise(record: Record, f: Field, entry: Entry, where: str) -> Problem | None:
    """A plain value that YAML reads as something other than the text the contributor typed."""
    raw = entry.value
    if entry.kind == "bool":
        return Problem(record.path, entry.line, f.name, "yaml-boolean",
                       f"{where} '{raw}' is read by YAML as yes/no (true/false), not as the word '{raw}'.",
                       f"Put it in quotes: \"{raw}\".")
    if entry.kind == "int" and ":" in str(raw):
        return Problem(record.path, entry.line, f.name, "yaml-sexagesimal",
                       f"{where} '{raw}' is read by YAML as a number in base 60 (so 12:30 becomes 750).",
                       "Put it in quotes, or for a duration write the whole number of minutes, e.g. 90.")
    if entry.kind == "timestamp" and f.type != "date":
        return Problem(record.path, entry.line, f.name, "yaml-date",
                       f"{where} '{raw}' is read by YAML as a date, not as text.",
                       f"Put it in quotes: \"{raw}\".")
    return None


def _check_scalar(record: Record, f: Field, entry: Entry, where: str, item: bool = False) -> Problem | None:
    if entry.kind in ("list", "map"):
        what = "a list" if entry.kind == "list" else "a group of fields"
        hint = f"Write a single value, e.g. {_example(f)}" if not item else \
            f"Each item is one word or phrase, e.g. {_example(f)}"
        return Problem(record.path, entry.line, f.name, "wrong-type",
                       f"{where} should be a single value, but it is {what}.", hint)
    surprise = _yaml_surprise(record, f, entry, where)
    if surprise:
        return surprise
    expected = "integer" if f.type == "integer" and not item else "text"
    if f.type == "date" and not item:
        return None
    if expected == "integer":
        if entry.kind == "float":
            return Problem(record.path, entry.line, f.name, "wrong-type",
                           f"{where} should be a whole number, not '{entry.value}'.", f"For example: {_example(f)}")
        return None
    if entry.kind in ("int", "float"):
        return Problem(record.path, entry.line, f.name, "wrong-type",
                       f"{where} is a number ({entry.value}), but it should be text.",
                       f"Put it in quotes: {f.name}: \"{entry.value}\".")
    return None


def _text_problems(record: Record, f: Field, text: str, line: int, where: str) -> list[Problem]:
    problems = []
    if f.url_kind:
        bad = url_problem(text, https_only=f.url_kind == "image")
        if bad:
            code, reason = bad
            problems.append(Problem(record.path, line, f.name, code,
                                    f"{where} '{text[:80]}' {reason}.",
                                    f"Use the full web address, copied from the browser, e.g. {_example(f)}"))
        return problems
    if f.vocabulary or f.markdown:
        return problems
    if looks_like_formula(text):
        problems.append(Problem(record.path, line, f.name, "formula-like-text",
                                f"{where} starts with '{text[0]}', which spreadsheets treat as the start of a formula.",
                                "Start with a word or a number instead (for example drop the leading symbol)."))
    if has_html_tag(text):
        problems.append(Problem(record.path, line, f.name, "html-in-text",
                                f"{where} contains HTML tags; this field is plain text.",
                                "Remove the <...> tags; formatting belongs in the Markdown description."))
    return problems


def _markdown_problems(record: Record, text: str, first_line: int, field_name: str) -> list[Problem]:
    problems = []
    for offset, code, what in markdown_problems(text):
        problems.append(Problem(
            record.path, first_line + offset, field_name, code,
            f"The description contains {what}, which could run code in a teacher's browser.",
            "Use plain Markdown: **bold**, lists, headings and [links](https://...). "
            "Scripts, iframes, styles and event handlers are removed from the site."))
    return problems


def check_record(record: Record, table: Table, schema: Schema) -> _Checked:
    """Stage 1 for one record: everything that needs the file, its lines and its path."""
    out = _Checked(problems=list(record.parse_problems))
    names = [f.name for f in table.contributed]
    data: dict[str, Any] = {}
    for name, entry in record.fields.items():
        f = table.field(name)
        if f is None or (f.derived and not (record.kind == "organisation" and name == "id")):
            guess = closest(name, names)
            hint = f"Did you mean '{guess}'?" if guess else f"Fields you can use: {', '.join(names)}."
            if record.kind == "resource" and name in ("description", "body", "text"):
                hint = "Write the long description below the second --- line, not as a field."
            out.problems.append(Problem(record.path, entry.line, name, "unknown-field",
                                        f"'{name}' is not a field this catalogue knows.", hint))
            continue
        if entry.kind == "null":
            continue
        label = f"The {f.title.lower()}"
        if f.is_list:
            if entry.kind != "list":
                value = entry.value if entry.kind != "map" else "..."
                out.problems.append(Problem(record.path, entry.line, name, "wrong-type",
                                            f"{label} should be a list, but it is {_KIND_WORDS.get(entry.kind, 'a single value')}"
                                            f"{'' if entry.kind == 'map' else f' ({value!s})'}.",
                                            f"Write it as a list in square brackets, e.g. {name}: [{value if entry.kind == 'str' else 'value'}]"))
                out.bad.add(name)
                continue
            values = []
            for item in entry.value:  # type: ignore[union-attr]
                bad = _check_scalar(record, f, item, f"In {name}, the value", item=True)
                if bad:
                    out.problems.append(bad)
                    out.bad.add(name)
                    continue
                text = str(item.value).strip()
                out.problems.extend(_text_problems(record, f, text, item.line, f"In {name}, the value"))
                values.append((text, item.line))
            if f.max_items and len(entry.value) > f.max_items:  # type: ignore[arg-type]
                out.problems.append(Problem(record.path, entry.line, name, "too-many-values",
                                            f"{label} has {len(entry.value)} values; the most allowed is {f.max_items}.",  # type: ignore[arg-type]
                                            "Keep the ones that matter most to teachers."))
            data[name] = values
            continue
        bad = _check_scalar(record, f, entry, label)
        if bad:
            out.problems.append(bad)
            out.bad.add(name)
            continue
        text = str(entry.value).strip()
        if f.markdown:
            out.problems.extend(_markdown_problems(record, text, entry.line, name))
        else:
            found = _text_problems(record, f, text, entry.line, label)
            out.problems.extend(found)
            if any(p.code.endswith("url") for p in found):
                out.bad.add(name)
        data[name] = text

    for f in table.contributed:
        if f.is_list and f.required and not data.get(f.name) and f.name not in out.bad:
            out.problems.append(Problem(record.path, record.line(f.name), f.name, "missing-field",
                                        f"'{f.name}' is missing or empty: every resource needs at least one {f.item_name.replace('_', ' ')}.",
                                        f"Add it, e.g. {_example(f)}" + (f". {_allowed(schema.vocabulary_for(f))}" if f.vocabulary else "")))
        elif f.recommended and f.name not in data and f.name not in record.fields:
            out.problems.append(Problem(record.path, 1, f.name, "missing-recommended",
                                        f"'{f.name}' is not filled in; teachers use it to find resources.",
                                        f"Add it if you can, e.g. {_example(f)}", "warning"))

    if record.kind == "resource":
        _check_resource(record, data, out)
    else:
        given = data.get("id")
        if given is not None and given != record.id:
            out.problems.append(Problem(record.path, record.line("id"), "id", "id-mismatch",
                                        f"The id '{given}' doesn't match the file name '{record.id}.yml'.",
                                        f"Delete the id line (the file name is the id) or rename the file to {given}.yml."))
            out.bad.add("id")
    record.data = _normalise(record, table, data)
    return out


def _check_resource(record: Record, data: dict[str, Any], out: _Checked) -> None:
    claimed = data.get("organisation")
    if claimed is not None and claimed != record.folder:
        out.problems.append(Problem(record.path, record.line("organisation"), "organisation", "organisation-mismatch",
                                    f"This file is in the '{record.folder}' folder but says it belongs to '{claimed}'.",
                                    f"Move it to resources/{claimed}/ or delete the organisation line."))
    if data.get("image") and not data.get("image_alt"):
        out.problems.append(Problem(record.path, record.line("image"), "image_alt", "missing-image-alt",
                                    "There is an image but no image_alt describing it for people who can't see it.",
                                    "Add a short description, e.g. image_alt: Pupils printing with lino blocks"))
    if len(record.body) > MAX_BODY_CHARS:
        out.problems.append(Problem(record.path, record.body_line, "body", "too-long",
                                    f"The description is {len(record.body):,} characters; the limit is {MAX_BODY_CHARS:,}.",
                                    "Keep it to a few paragraphs and link to the full resource."))
    out.problems.extend(_markdown_problems(record, record.body, record.body_line, "body"))
    if data.get("published") and data.get("updated") and str(data["updated"]) < str(data["published"]):
        out.problems.append(Problem(record.path, record.line("updated"), "updated", "dates-out-of-order",
                                    f"It says it was updated ({data['updated']}) before it was published ({data['published']}).",
                                    "Check both dates.", "warning"))


def _normalise(record: Record, table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record.id}
    for f in table.fields:
        if f.name == "id":
            continue
        value = data.get(f.name)
        if f.is_list:
            value = [v for v, _ in value] if value else list(f.default or [])
        elif f.type == "integer" and value is not None:
            value = int(value) if re.fullmatch(r"\d+", str(value)) else value
        out[f.name] = value
    if record.kind == "resource":
        out["organisation"] = record.folder
        out["slug"] = record.id.split("/", 1)[1]
        out["body"] = record.body.strip()
    out["path"] = record.path
    return out


# --- stage 2: Frictionless ----------------------------------------------------------------

@dataclass
class _Rows:
    descriptor: dict[str, Any]
    # Per data row: the record, the field and the line a problem in that row points at.
    origin: list[tuple[Record, str, int]] | list[Record]


def _tables(catalogue_tables: list[tuple[Table, list[Record], dict[str, set[str]]]], schema: Schema) -> list[_Rows]:
    out: list[_Rows] = []
    for table, records, bad in catalogue_tables:
        scalars = table.scalar_fields
        header = [f.name for f in scalars]
        rows = []
        for r in records:
            skip = bad.get(r.id, set())
            rows.append([None if f.name in skip else _cell(r.data.get(f.name)) for f in scalars])
        d = schema.table_descriptor(table, with_lists=False)
        d["data"] = [header, *rows]
        out.append(_Rows(d, records))
        for f in table.list_fields:
            origin: list[tuple[Record, str, int]] = []
            lrows = []
            for r in records:
                if f.name in bad.get(r.id, set()):
                    continue
                entry = r.fields.get(f.name)
                lines = [i.line for i in entry.value] if entry and entry.kind == "list" else []  # type: ignore[union-attr]
                for n, value in enumerate(r.data.get(f.name) or []):
                    lrows.append([r.id, value])
                    origin.append((r, f.name, lines[n] if n < len(lines) else r.line(f.name)))
            ld = schema.long_table_descriptor(table, f)
            ld["data"] = [[c["name"] for c in ld["schema"]["fields"]], *lrows]
            out.append(_Rows(ld, origin))
    return out


def _cell(value: Any) -> Any:
    return None if value in ("", None) else value


def _explain(error: dict[str, Any], f: Field | None, schema: Schema, value: Any, table: Table) -> tuple[str, str, str]:
    """(code, message, hint) in plain English for one Frictionless error."""
    etype = error.get("type", "")
    name = f.name if f else error.get("fieldName", "")
    title = (f.title.lower() if f else name)
    if etype == "constraint-error":
        m = _CONSTRAINT.search(error.get("note", ""))
        constraint = m.group(1) if m else ""
        if constraint == "required":
            return ("missing-field", f"'{name}' is missing; every {table.name[:-1]} needs a {title}.",
                    f"Add it, e.g. {_example(f)}" if f else "")
        if constraint == "enum" and f is not None:
            vocab = schema.vocabulary_for(f)
            assert vocab is not None
            guess = closest_term(str(value), vocab)
            hint = _allowed(vocab) + (f" (did you mean '{guess}'?)" if guess else "")
            return ("not-in-vocabulary", f"'{value}' is not a {vocab.title.lower()} this catalogue uses.", hint)
        if constraint == "maxLength" and f is not None:
            limit = f.item_max_length if f.is_list else f.max_length
            return ("too-long", f"The {title} is {len(str(value))} characters long; the limit is {limit}.",
                    "Shorten it; the full detail belongs in the description.")
        if constraint == "pattern":
            return ("invalid-format", f"'{value}' is not in the right form for {title}.",
                    f"For example: {_example(f)}" if f else "")
        if constraint in ("minimum", "maximum") and f is not None:
            return ("out-of-range", f"{value} is not a sensible {title}.",
                    f"Use a number from {f.minimum} to {f.maximum}.")
    if etype == "type-error" and f is not None:
        if f.type == "date":
            return ("invalid-date", f"'{value}' is not a real date in the form YYYY-MM-DD.",
                    f"Check the day and month, e.g. {_example(f)}")
        if f.type == "integer":
            return ("not-a-number", f"The {title} should be a whole number, not '{value}'.",
                    f"For example: {_example(f)}")
        if f.format == "email":
            return ("invalid-email", f"'{value}' is not an email address.", f"For example: {_example(f)}")
        if f.format == "uri":
            return ("invalid-url", f"'{value}' is not a full web address.", f"For example: {_example(f)}")
    if etype == "primary-key":
        if f is not None and f.is_list:
            return ("duplicate-value", f"'{value}' is listed twice in {name}.", "Delete one of them.")
        return ("duplicate-id", f"Another file has the same id '{value}'.",
                "Each file name must be different; rename one of them.")
    if etype == "foreign-key":
        return ("unknown-organisation", f"There is no organisation called '{value}' (no organisations/{value}.yml).",
                "Put the file in your organisation's folder, or add the organisation file first "
                "(oerbank new organisation).")
    if etype == "unique-error":
        return ("duplicate-value", f"Another {table.name[:-1]} already uses this {title}: '{value}'.",
                "Each resource is listed once; edit the existing record instead of adding a copy.")
    return (etype or "invalid-value", error.get("message", "This value is not valid."), "")


def run_frictionless(tables: list[tuple[Table, list[Record], dict[str, set[str]]]], schema: Schema) -> list[Problem]:
    """Validate every table in one Frictionless call and map each error back to a file and line."""
    built = _tables(tables, schema)
    package = Package({"name": "catalogue", "resources": [b.descriptor for b in built]})
    report = package.validate(limit_errors=10**9)
    by_name = {b.descriptor["name"]: b for b in built}
    table_of = {t.name: t for t, _, _ in tables}
    problems: list[Problem] = []
    for task in report.tasks:
        rows = by_name[task.name]
        for error in task.errors:
            e = error.to_descriptor()
            row = e.get("rowNumber")
            if not row:
                problems.append(Problem(f"({task.name})", 1, "", e.get("type", "error"), e.get("message", ""), ""))
                continue
            origin = rows.origin[row - 2]
            if isinstance(origin, Record):
                record, fname = origin, e.get("fieldName") or ""
                if e.get("type") == "foreign-key":
                    fname = "organisation"
                line = record.line(fname) if fname in record.fields else 1
                table = table_of[task.name]
            else:
                record, fname, line = origin
                table = table_of["resources" if record.kind == "resource" else "organisations"]
            f = table.field(fname)
            value = e.get("cell") if "cell" in e else (e.get("cells") or [None])[-1]
            if e.get("type") in ("foreign-key",):
                value = record.data.get("organisation")
            if e.get("type") == "unique-error" and f is not None:
                value = record.data.get(fname)
            code, message, hint = _explain(e, f, schema, value, table)
            problems.append(Problem(record.path, line, fname, code, message, hint))
    return problems


def validate(catalogue: Catalogue, load_problems: list[Problem] | None = None, schema: Schema | None = None) -> Report:
    """Check every record; return a report holding every problem found."""
    schema = schema or load_schema()
    report = Report(organisations=len(catalogue.organisations), resources=len(catalogue.resources))
    report.extend(load_problems or [])
    tables = []
    for table, records in ((schema.organisations, catalogue.organisations), (schema.resources, catalogue.resources)):
        bad: dict[str, set[str]] = {}
        for record in records:
            checked = check_record(record, table, schema)
            report.extend(checked.problems)
            if checked.bad:
                bad[record.id] = checked.bad
        tables.append((table, records, bad))
    report.extend(run_frictionless(tables, schema))
    return report
