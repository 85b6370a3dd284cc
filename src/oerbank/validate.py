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
import shlex
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from pathlib import Path
from sys import intern
from collections.abc import Sequence, Set as AbstractSet
from typing import Any, Callable, NamedTuple, cast
from urllib.parse import unquote

from frictionless import Package

from .codes import CODES
from .confusables import name_key
from .curriculum import load_curriculum, misfit
from .identity import DARK, HEX, WHITE, booking, contrast, nearest_readable, ratio_text, text_on
from .intake import allowed, canonical, inline
from .intake import hint as intake_hint
from .gitdates import GitDates, git_dates
from .githistory import current_lineages
from .load import Catalogue, FrozenList, Record, paused_gc
from .parallel import map_items, unwrap
from .problems import Problem, Report
from .safety import (character_name, curly_quotes_around, encode_url, hidden_characters, html_markup, is_bidi_control,
                     formula_worth_warning, markdown_problems, url_problem)
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
    if entry.kind == "bool":
        code, variant = "yaml-boolean", ""
    elif entry.kind in ("int", "float") and ":" in raw:
        code, variant = "yaml-sexagesimal", "minutes" if f.type == "integer" else ""
    elif entry.kind == "timestamp" and f.type != "date":
        code, variant = "yaml-date", ""
    else:
        return None
    return CODES[code].problem(record.path, entry.line, f.name, variant, subject=_subject(f.name, raw, item), raw=raw)


def _check_scalar(record: Record, f: Field, entry: Entry, item: bool = False) -> Problem | None:
    """A single value (or one list item) of the wrong shape or type."""
    wrong = CODES["wrong-type"]
    if entry.kind in ("list", "map"):
        return wrong.problem(record.path, entry.line, f.name, "item-not-one" if item else "not-one",
                             name=f.name, kind=_KIND_WORDS[entry.kind], example=example(f))
    surprise = _yaml_surprise(record, f, entry, item)
    if surprise or f.type == "date":
        return surprise
    subject = _subject(f.name, entry.value, item)
    if f.type == "integer" and not item:
        if entry.kind == "float":
            return wrong.problem(record.path, entry.line, f.name, "not-whole", subject=subject, example=example(f))
        return None
    if entry.kind in ("int", "float"):
        return wrong.problem(record.path, entry.line, f.name, "item-number" if item else "number",
                             subject=subject, name=f.name, raw=entry.value)
    return None


def _free_text(f: Field) -> bool:
    """Plain text the contributor types freely (not a link, code, vocabulary key or Markdown)."""
    return not (f.url_kind or f.vocabulary or f.markdown or f.pattern or f.item_pattern or f.format
                or f.type in ("integer", "date") or f.name == "organisation")


def _text_problems(record: Record, f: Field, text: str, line: int, item: bool) -> list[Problem]:
    problems = []
    if f.url_kind:
        bad = url_problem(text, https_only=f.https_only)
        if bad:
            code, variant, said = bad
            if code == "insecure-url" and f.url_kind == "https":
                variant = "link"
            params: dict[str, Any] = dict(said)
            problems.append(CODES[code].problem(record.path, line, f.name, variant, **params,
                                                subject=_subject(f.name, text, item), example=example(f), name=f.name,
                                                encoded=encode_url(text) if variant == "characters" else ""))
        return problems
    if not _free_text(f):
        return problems
    if formula_worth_warning(text, title=f.name in ("title", "name")):
        problems.append(CODES["formula-like-text"].problem(record.path, line, f.name,
                                                           subject=_subject(f.name, text, item), first=text[0]))
    quotes = curly_quotes_around(text)
    if quotes:
        inner = inline(text[1:-1].strip())
        problems.append(CODES["curly-quoted-text"].problem(
            record.path, line, f.name, subject=_subject(f.name, text, item), quotes=f"{quotes[0]} {quotes[1]}",
            written=inner if item else f"{f.name}: {inner}"))
    markup = html_markup(text)
    if markup:
        problems.append(CODES["html-in-text"].problem(record.path, line, f.name, name=f.name,
                                                      markup=_short(markup, 40)))
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
        return CODES["line-break-in-text"].problem(record.path, line, name, subject=_subject(name, one_line, item),
                                                   what=what, fix=fix,
                                                   written=inline(one_line) if item else f"{name}: {inline(one_line)}")
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
    code = "bidi-control" if is_bidi_control(char) else "control-character"
    return CODES[code].problem(record.path, line, name, where=where, character=character_name(char), place=place,
                               also=also, column=column)


def _markdown_problems(record: Record, text: str, first_line: int, field_name: str) -> list[Problem]:
    where = "The description" if field_name in ("body", "description") else f"'{field_name}'"
    return [CODES[code].problem(record.path, first_line + offset, field_name,
                                "markdown" if code == "unsafe-url" else "", where=where, what=what)
            for offset, code, what in markdown_problems(text)]


def _unknown_field(record: Record, name: str, entry: Entry, table: Table) -> tuple[Problem, str | None]:
    names = [f.name for f in table.contributed]
    guess = closest(name, names)
    variant = "guess" if guess else ""
    if record.kind == "resource" and name.lower() in ("description", "body", "text", "content"):
        variant = "description"
    elif record.kind == "resource" and name in ("id", "slug"):
        variant = "id"
    return CODES["unknown-field"].problem(record.path, entry.line, name, variant, name=name, guess=guess,
                                          names=", ".join(names)), guess


def _check_list(record: Record, f: Field, entry: Entry) -> tuple[list[tuple[str, int]] | None, list[Problem]]:
    """The list's values with their lines (None if it isn't a list), and its problems."""
    name = f.name
    if entry.kind != "list":
        return None, [_not_a_list(record, f, entry)]
    problems: list[Problem] = []
    values: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    ok = True
    for item in cast(list[Entry], entry.value):
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
            problems.append(CODES["duplicate-value"].problem(record.path, item.line, name,
                                                             "same-line" if seen[text] == item.line else "",
                                                             value=text, name=name, first_line=seen[text]))
            continue
        seen[text] = item.line
        problems.extend(_text_problems(record, f, text, item.line, item=True))
        values.append((text, item.line))
    at = _at_names(record, f, values)
    if at:
        problems.append(at)
        ok = False
    if f.max_items and len(values) > f.max_items:
        problems.append(CODES["too-many-values"].problem(record.path, entry.line, name, name=name,
                                                         count=len(values), limit=f.max_items))
    return (values if ok else None), problems


def _not_a_list(record: Record, f: Field, entry: Entry) -> Problem:
    """A list field written as one value (the hint gives it as a list) or as a group of fields."""
    if entry.kind == "str":
        parts = [p.strip() for p in re.split(r"[,;]", str(entry.value)) if p.strip()]
        vocab = load_schema().vocabulary_for(f)
        if vocab:  # suggest the allowed words, so following the hint does not lead to a second error
            parts = [p if p in vocab.keys else (_guess(f, p, vocab) or p) for p in parts]
        variant, what, values = "not-list", f"a single value ('{_short(str(entry.value))}')", inline(parts or ["..."])
    else:
        variant, what, values = "not-list-kind", _KIND_WORDS.get(entry.kind, "a single value"), ""
    return CODES["wrong-type"].problem(record.path, entry.line, f.name, variant, name=f.name, what=what,
                                       values=values, example=example(f))


def _at_names(record: Record, f: Field, values: list[tuple[str, int]]) -> Problem | None:
    """'@name' in a list of usernames, as GitHub shows them: the hint gives the list without the @."""
    ats = [(v, line) for v, line in values
           if f.item_pattern and v.startswith("@") and re.fullmatch(f.item_pattern, v[1:])]
    if not ats:
        return None
    fixed = [v[1:] if v.startswith("@") else v for v, _ in values]
    listed = " and ".join(f"'{v}'" for v, _ in ats)
    return CODES["invalid-format"].problem(record.path, ats[0][1], f.name, "at", listed=listed, name=f.name,
                                           s="s" if len(ats) == 1 else "", fixed=inline(fixed))


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
        if name not in flagged:
            problems.extend(_check_field(record, table, by_name.get(name), name, entry, data, bad_fields))
    problems.extend(_missing(record, table, schema, data, bad_fields))
    if record.kind == "resource":
        problems.extend(_check_resource(record, data, bad_fields, org_ids))
    else:
        problems.extend(_check_organisation(record, data, bad_fields))
        given = data.get("id")
        if given is not None and given != record.id:
            problems.append(CODES["id-mismatch"].problem(record.path, record.line("id"), "id", given=given,
                                                         file_name=record.path.rsplit("/", 1)[-1]))
        bad_fields.add("id")  # the file name is the id; its problems are reported by the loader
    return record.checked(_normalise(record, table, data), bad_fields), problems


def _check_field(record: Record, table: Table, f: Field | None, name: str, entry: Entry,
                 data: dict[str, Any], bad_fields: set[str]) -> list[Problem]:
    """One field's problems; its value goes into `data` when it can be used, else its name into `bad_fields`."""
    if f is None or (f.derived and not (record.kind == "organisation" and name == "id")):
        problem, guess = _unknown_field(record, name, entry, table)
        if guess and guess not in record.fields:
            bad_fields.add(guess)  # 'keystages' for key_stages: don't also say key_stages is missing
        return [problem]
    if entry.kind == "null":
        return []
    if f.is_list:
        values, found = _check_list(record, f, entry)
        if values is None:
            bad_fields.add(name)
        else:
            data[name] = values
        return found
    bad = _check_scalar(record, f, entry)
    if bad:
        bad_fields.add(name)
        return [bad]
    written = str(entry.value) if f.markdown else str(entry.value).strip()
    hidden = _hidden_problem(record, name, written, entry.value_line, multiline=bool(f.markdown),
                             warn_breaks=not f.url_kind)  # a link's own check names the break
    problems = [hidden] if hidden else []
    if hidden and hidden.severity == "error":
        bad_fields.add(name)
        return problems
    text = str(entry.value).strip()
    if f.markdown:
        problems.extend(_markdown_problems(record, str(entry.value), entry.value_line, name))
    else:
        found = _text_problems(record, f, text, entry.line, item=False)
        problems.extend(found)
        if any(p.code.endswith("-url") for p in found):
            bad_fields.add(name)
    data[name] = text
    return problems


def _missing(record: Record, table: Table, schema: Schema, data: dict[str, Any],
             bad_fields: set[str]) -> list[Problem]:
    """Required lists with no value, and recommended fields not written at all."""
    problems = []
    for f in table.contributed:
        if f.is_list and f.required and not data.get(f.name) and f.name not in bad_fields:
            problems.append(CODES["missing-field"].problem(
                record.path, record.line(f.name), f.name, "list", name=f.name, record=table.name[:-1],
                what="is empty" if f.name in record.fields else "is missing", item=f.item_name.replace("_", " "),
                hint=_add_hint(f, schema)))
        elif f.recommended and f.name not in data and f.name not in record.fields and f.name not in bad_fields:
            variant = "curriculum" if f.name == "curriculum" else ""  # its hint names the command that finds ids
            if variant and not _curriculum_can_fit(data):
                continue  # no statement suits its key stages and subjects: there is nothing to add
            problems.append(CODES["missing-recommended"].problem(record.path, 1, f.name, variant, name=f.name,
                                                                 example=example(f), path=_shell_word(record.path)))
    return problems


def _curriculum_can_fit(data: dict[str, Any]) -> bool:
    """Whether any curriculum statement suits the record's key stages and subjects."""
    stages, subjects = _stages_and_subjects(data)
    return _curriculum_coverage().fits(stages, subjects)


class Coverage(NamedTuple):
    """What a set of curriculum statements is for, as `misfit` judges a record against them: asked of what
    they cover rather than of each statement in turn (records combine stages and subjects in too many ways
    for a cache of answers)."""

    pairs: frozenset[tuple[str, str]]  # (key stage, subject) some statement is for
    any_subject: frozenset[str]  # key stages with a statement for any subject
    stages: frozenset[str]  # every key stage a statement names
    subjects: frozenset[str]  # every subject a statement names
    without_subjects: bool  # some statement names no subject (so suits a record of any subject)
    any: bool  # there is a statement at all

    @classmethod
    def of(cls, statements: Sequence[Any]) -> "Coverage":
        return cls(frozenset((k, j) for s in statements for k in s.key_stages for j in s.subjects),
                   frozenset(k for s in statements if not s.subjects for k in s.key_stages),
                   frozenset(k for s in statements for k in s.key_stages),
                   frozenset(j for s in statements for j in s.subjects),
                   any(not s.subjects for s in statements), bool(statements))

    def fits(self, stages: Sequence[str], subjects: Sequence[str]) -> bool:
        """Whether `misfit` would pass some statement for a record with these key stages and subjects."""
        if stages and subjects:
            return (any((k, j) in self.pairs for k in stages for j in subjects)
                    or any(k in self.any_subject for k in stages))
        if stages:
            return any(k in self.stages for k in stages)
        if subjects:
            return self.without_subjects or any(j in self.subjects for j in subjects)
        return self.any


@lru_cache(maxsize=1)
def _curriculum_coverage() -> Coverage:
    return Coverage.of(load_curriculum().statements)


def _shell_word(path: str) -> str:
    """`path` as one word of a command to copy: in double quotes (which every shell reads) when it has spaces."""
    if re.fullmatch(r"[\w./-]+", path, re.ASCII):
        return path
    return f'"{path}"' if not set(path) & set('"$`\\!%') else shlex.quote(path)


def _check_resource(record: Record, data: dict[str, Any], bad_fields: set[str],
                    org_ids: set[str] | None) -> list[Problem]:
    problems = []
    claimed = data.get("organisation")
    if claimed is not None and claimed != record.folder:
        line = record.line("organisation")
        if org_ids is not None and claimed not in org_ids:
            guess = closest(claimed, sorted(org_ids))
            problems.append(CODES["unknown-organisation"].problem(
                record.path, line, "organisation", "claimed", claimed=_short(claimed), folder=record.folder,
                guess=f"Did you mean '{guess}'? " if guess and guess != record.folder else ""))
        else:
            problems.append(CODES["organisation-mismatch"].problem(record.path, line, "organisation",
                                                                   folder=record.folder,
                                                                   claimed=_short(claimed), claimed_full=claimed))
    if data.get("image") and not data.get("image_alt") and "image" not in bad_fields:
        problems.append(CODES["missing-image-alt"].problem(record.path, record.line("image"), "image_alt"))
    length = len(record.body.strip())
    if length > MAX_BODY_CHARS:
        problems.append(CODES["too-long"].problem(record.path, record.body_line, "body", "body", length=length,
                                                  limit=MAX_BODY_CHARS))
    problems.extend(_markdown_problems(record, record.body, record.body_line, "body"))
    hidden = _hidden_problem(record, "body", record.body, record.body_line, multiline=True, raw=record.body)
    if hidden:
        problems.append(hidden)
    problems.extend(_curriculum_fit(record, data))
    published, updated = data.get("published"), data.get("updated")
    if published and updated and _DATE.match(published) and _DATE.match(updated) and updated < published:
        problems.append(CODES["dates-out-of-order"].problem(record.path, record.line("updated"), "updated",
                                                            updated=updated, published=published))
    return problems


def _curriculum_fit(record: Record, data: dict[str, Any]) -> list[Problem]:
    """A warning for each known curriculum id taught at none of the record's key stages or in none of its subjects."""
    links = data.get("curriculum") or []
    if not links:
        return []
    curriculum = load_curriculum()
    vocabularies = load_schema().vocabularies
    stages, subjects = _stages_and_subjects(data)
    problems = []
    for value, line in links:
        statement = curriculum.statement(value)
        if statement is None:
            continue  # not an id at all: stage 2 says so, with a did-you-mean
        why = misfit(statement, stages, subjects, vocabularies["key_stages"].label, vocabularies["subjects"].label)
        if why:
            problems.append(CODES["curriculum-mismatch"].problem(record.path, line, "curriculum",
                                                                 statement=_short(value, 90), why=why))
    return problems


def _stages_and_subjects(data: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The record's key stages and subjects, as curriculum statements are judged against them.

    A key stage or subject that is not a word of its vocabulary is refused in stage 2; until it is
    put right, the record's stages (or subjects) are unknown, so they are not judged (empty).
    """
    vocabularies = load_schema().vocabularies

    def known(field: str) -> list[str]:
        values = [v for v, _ in data.get(field) or []]
        return values if all(v in vocabularies[field].keys for v in values) else []
    return known("key_stages"), known("subjects")


def _check_organisation(record: Record, data: dict[str, Any], bad_fields: set[str]) -> list[Problem]:
    """What an organisation's page needs of its identity: a described logo, a readable colour, a way to book."""
    problems = []
    if data.get("logo") and not data.get("logo_alt") and "logo" not in bad_fields:
        problems.append(CODES["missing-logo-alt"].problem(record.path, record.line("logo"), "logo_alt",
                                                          example=example(_by_name(load_schema().organisations)["logo_alt"])))
    colour = data.get("colour")  # unquoted, `colour: #1a5f8a` is a comment: yaml-comment-in-value says so
    if colour is not None and "colour" not in bad_fields:
        if not HEX.match(colour):
            problems.append(CODES["invalid-colour"].problem(record.path, record.line("colour"), "colour",
                                                            subject=_subject("colour", colour, False)))
        elif not text_on(colour).passes:
            better = nearest_readable(colour)
            problems.append(CODES["low-contrast-colour"].problem(
                record.path, record.line("colour"), "colour", colour=colour,
                white=ratio_text(contrast(colour, WHITE)), dark=ratio_text(contrast(colour, DARK)),
                suggestion=better, text=text_on(better).said, ratio=ratio_text(text_on(better).ratio)))
        if problems and problems[-1].field == "colour":
            bad_fields.add("colour")
    bookings = data.get("bookings")
    if bookings is not None and "bookings" not in bad_fields and booking(bookings) is None:
        variant = "insecure" if bookings.lower().startswith("http://") else ""
        problems.append(CODES["invalid-bookings"].problem(record.path, record.line("bookings"), "bookings", variant,
                                                          subject=_subject("bookings", bookings, False)))
        bad_fields.add("bookings")
    return problems


_SHARED: dict[tuple[Any, ...], FrozenList] = {}
_SHARED_MAX = 100_000  # distinct lists kept to share; past that the table starts again


def shared_values(values: list[Any]) -> FrozenList:
    """One list for every record with the same keys or codes (["ks2", "ks3"] recurs thousands of times)."""
    key = tuple(values)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= _SHARED_MAX:
            _SHARED.clear()
        found = _SHARED[key] = FrozenList(key)
    return found


def _normalise(record: Record, table: Table, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record.id}
    for f in table.fields:
        if f.name == "id":
            continue
        value = data.get(f.name)
        # Vocabulary keys, keywords and dates recur across thousands of records: one shared string
        # each (sys.intern), and one list for each set of keys, not one per record, which also spares
        # the processes that read the records copying them on write.
        if f.is_list:
            value = [intern(v) if type(v) is str else v for v, _ in value] if value else list(f.default or [])
            value = shared_values(value) if f.vocabulary or f.item_pattern else FrozenList(value)
        elif f.type == "integer" and value is not None and re.fullmatch(r"[0-9]+", value):
            value = int(value)
        elif type(value) is str and (f.vocabulary or f.type == "date"):
            value = intern(value)
        out[f.name] = value
    if record.kind == "resource":
        out["organisation"] = intern(record.folder)
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
    records: Sequence[Record]  # main tables: one per row
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


class _Error(NamedTuple):
    """One Frictionless error, with what its explanation needs."""

    f: Field | None
    schema: Schema
    value: Any
    table: Table
    record: Record
    name: str
    subject: str


# What an explanation gives: (code, variant, template values, a hint worked out here or None for the template's).
_Said = tuple[str, str, dict[str, Any], str | None]


def _required(x: _Error) -> _Said:
    what = "is empty" if x.name in x.record.fields else "is missing"
    return "missing-field", "", {"name": x.name, "what": what, "record": x.table.name[:-1]}, _add_hint(x.f, x.schema)


def _enum(x: _Error) -> _Said | None:
    vocab = x.schema.vocabulary_for(x.f) if x.f else None
    if x.f is None or not vocab:
        return None
    hint = intake_hint(x.f, x.value, x.schema, _written(x.record, x.f)) or allowed(vocab)
    return "not-in-vocabulary", "", {"subject": x.subject, "vocabulary": _a(vocab.title.lower())}, hint


def _max_length(x: _Error) -> _Said:
    assert x.f is not None
    item = x.f.is_list
    return ("too-long", "resource" if x.record.kind == "resource" else "",
            {"what": f"A value in '{x.name}'" if item else f"'{x.name}'", "length": len(str(x.value)),
             "limit": x.f.item_max_length if item else x.f.max_length}, None)


def _pattern(x: _Error) -> _Said:
    assert x.f is not None
    hint = (intake_hint(x.f, x.value, x.schema, _written(x.record, x.f))
            or f"{x.f.description} For example: {example(x.f)}")
    return "invalid-format", "", {"subject": x.subject}, hint


def _range(x: _Error) -> _Said:
    assert x.f is not None
    return "out-of-range", "", {"subject": x.subject, "minimum": x.f.minimum, "maximum": x.f.maximum}, None


def _date(x: _Error) -> _Said:
    assert x.f is not None
    hint = intake_hint(x.f, x.value, x.schema) if isinstance(x.value, str) else None
    return "invalid-date", "", {"subject": x.subject, "example": example(x.f)}, hint or None


def _integer(x: _Error) -> _Said:
    assert x.f is not None
    hint = intake_hint(x.f, x.value, x.schema) or None
    return "not-a-number", "", {"subject": x.subject, "example": example(x.f)}, hint


def _email(x: _Error) -> _Said:
    assert x.f is not None
    return "invalid-email", "", {"subject": x.subject, "example": example(x.f)}, None


# Frictionless' constraint, or the field's type for a type error, -> its explanation.
_EXPLAIN: dict[str, Callable[[_Error], _Said | None]] = {
    "required": _required, "enum": _enum, "maxLength": _max_length, "pattern": _pattern, "minimum": _range,
    "maximum": _range, "type:date": _date, "type:integer": _integer, "type:email": _email}


def _error_key(e: dict[str, Any], f: Field | None) -> str:
    """The `_EXPLAIN` key for a Frictionless error: its constraint, or 'type:' and the field's type."""
    if e.get("type") == "constraint-error":
        m = _CONSTRAINT.search(e.get("note", ""))
        key = m.group(1) if m else ""
        return key if key == "required" or f is not None else ""
    if e.get("type") == "type-error" and f is not None:
        return "type:" + ("email" if f.format == "email" and f.type not in ("date", "integer") else f.type)
    return ""


def _explain(e: dict[str, Any], f: Field | None, schema: Schema, value: Any, table: Table,
             record: Record) -> tuple[str, str, str]:
    """(code, message, hint) in plain English for one Frictionless error."""
    name = f.name if f else e.get("fieldName", "")
    x = _Error(f, schema, value, table, record, name, _subject(name, value, f is not None and f.is_list))
    explain = _EXPLAIN.get(_error_key(e, f))
    said = explain(x) if explain else None
    if said is None:
        said = ("invalid-value", "" if f else "no-field",
                {"subject": x.subject, "note": e.get("note") or e.get("message") or e.get("type", ""),
                 "example": example(f) if f else ""}, None)
    code, variant, params, hint = said
    message, hint = CODES[code].say(variant, hint, **params)
    return code, message, hint


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
                problems.append(CODES["internal-error"].problem(f"({task.name})", 1, "", message=e.get("message", "")))
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
        for item in cast(list[Entry], entry.value):
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
    out = []
    for r in copies:
        value, line = r.data[name], r.line(name)
        if value != there:
            spelled = f" ('{_short(value, 200)}' here, '{_short(there, 200)}' there)"
        else:
            spelled = f": '{_short(value, 200)}'"
        out.append(CODES[f"duplicate-{name}"].problem(r.path, line, name, here=r.path, here_line=line, there=first.path,
                                                     there_line=first.line(name), spelled=spelled))
    return out


def _main_problem(e: dict[str, Any], t: _Table, record: Record, schema: Schema, org_ids: list[str],
                  catalogue_found: AbstractSet[str]) -> list[Problem]:
    etype = e.get("type")
    if etype == "foreign-key":
        if "organisation" in record.bad or record.folder in catalogue_found:
            return []  # the folder's name, or the organisation's file, is the problem reported
        folder = record.folder
        guess = closest(folder, org_ids)
        rename = (f"Did you mean '{guess}'? Rename the folder to resources/{guess}/, " if guess else
                  "Rename the folder after your organisation's file in organisations/ (without .yml), ")
        return [CODES["unknown-organisation"].problem(
            record.path, record.line("organisation") if "organisation" in record.fields else 1, "organisation",
            "folder", folder=folder, rename=rename)]
    if etype == "primary-key":
        other = _first(t, "id", record.id, record)
        both = f"This file and {other.path} both" if other else "Two files"
        return [CODES["duplicate-id"].problem(record.path, 1, "id", both=both, record=t.table.name[:-1], id=record.id)]
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
