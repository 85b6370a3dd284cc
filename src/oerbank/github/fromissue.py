"""Turn the answers of an "Add a resource" issue into a resource file, checked by the real validator.

GitHub writes a submitted form as `### <question label>` sections in the issue body, with
`_No response_` for an empty answer, several drop-down choices joined by ", " and tick boxes as
`- [X] option`. We find the sections by the form's own labels, in the form's order, read each
answer with `intake` (as the spreadsheet import and `oerbank new` read theirs), build the file
with `scaffold.resource_file`, and validate it together with the whole catalogue. Every wrong
answer is reported by its question's label, in the form's words; the file is written only when
there are none. Answers read as something other than what was typed are said in the comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import intake
from ..codes import CODES
from ..load import Catalogue, resource_from_text, slugify
from ..pipeline import check_with, load_checked
from ..problems import Problem
from ..scaffold import resource_file, update_resource_file
from ..schema import Schema, load_schema
from ..suggest import closest
from ..urls import url_key
from .inert import code, inert
from .issueform import (APPROVED_LABEL, BODY_ID, BODY_LABEL, CONFIRM_ID, CONFIRM_LABEL, CONFIRM_OPTION, Question,
                        questions)

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_TICKED = re.compile(r"^[ \t]*[-*][ \t]+\[[xX]\][ \t]+(.+?)[ \t]*$", re.M)
WHOLE_FILE = "The resource as a whole"


@dataclass(frozen=True)
class Note:
    """An answer read as something other than what was typed: "'Free' read as free"."""

    question: str
    said: str


@dataclass
class Submission:
    path: str  # resources/<org>/<slug>.md, or "" when the organisation or title is unknown
    text: str
    wrong: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    update: bool = False  # the file exists, describes the same link, and is updated (--force)

    @property
    def valid(self) -> bool:
        return not self.wrong


_MAX_TRIES = 10_000


def _label_headings(body: str, qs: list[Question]) -> list[tuple[int, re.Match[str]]]:
    """(question index, heading) for every `### <label>` line that names one of the form's questions."""
    index = {q.label: i for i, q in enumerate(qs)}
    return [(index[m.group(1)], m) for m in _HEADING.finditer(body) if m.group(1) in index]


def _sections(headings: list[tuple[int, re.Match[str]]], qs: list[Question]) -> list[int] | None:
    """Which of the label headings are the form's own: one per question, in the form's order.

    A heading typed inside an answer can repeat a question's label. GitHub puts free text only
    in text areas (and one-line boxes), never in choices, so a heading the form did not write
    must lie inside such an answer; the first choice that explains every heading wins.
    """
    free = {i for i, q in enumerate(qs) if q.kind in ("textarea", "input")}
    tries = 0

    def place(at: int, q: int, chosen: list[int]) -> list[int] | None:
        nonlocal tries
        tries += 1
        if tries > _MAX_TRIES:
            return None
        if q == len(qs):
            # Every heading after the last one chosen must be inside the last answer.
            last = headings[chosen[-1]][0] if chosen else None
            return chosen if at == len(headings) or last in free else None
        candidates = [h for h in range(at, len(headings)) if headings[h][0] == q]
        if not candidates:
            return place(at, q + 1, chosen)  # the question is missing from the body
        for h in candidates:
            skipped = range(at, h)  # headings before this one, after the previous section's heading
            owner = headings[chosen[-1]][0] if chosen else None
            if skipped and owner not in free:
                continue
            found = place(h + 1, q + 1, [*chosen, h])
            if found is not None:
                return found
        return None

    return place(0, 0, [])


def parse_answers(body: str, qs: list[Question]) -> dict[str, str]:
    """Each question's answer text ("" when empty or missing), found by the form's own labels.

    A '### ...' line inside an answer stays part of it, even when it repeats a question's label.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    headings = _label_headings(body, qs)
    chosen = _sections(headings, qs)
    if chosen is None:  # a body no form could have written: take each label's first heading in order
        chosen, after = [], -1
        for q in range(len(qs)):
            h = next((h for h in range(after + 1, len(headings)) if headings[h][0] == q), None)
            if h is not None:
                chosen.append(h)
                after = h
    answers = {q.id: "" for q in qs}
    for n, h in enumerate(chosen):
        q, heading = headings[h]
        end = headings[chosen[n + 1]][1].start() if n + 1 < len(chosen) else len(body)
        text = body[heading.end():end].strip()
        answers[qs[q].id] = "" if text == NO_RESPONSE else text
    return answers


def _chosen(q: Question, answer: str) -> list[str]:
    if q.kind == "checkboxes":
        return _TICKED.findall(answer)
    if q.kind == "dropdown" and q.field is not None and q.field.is_list:
        return [a.strip() for a in answer.split(", ") if a.strip()]
    return [answer] if answer else []


def _missing(q: Question) -> Problem:
    f = q.field
    assert f is not None
    if q.vocabulary:
        how = ("Tick at least one box" if q.kind == "checkboxes"
               else "Choose at least one" if f.is_list else "Choose one")
        return CODES["missing-answer"].in_form(q.label, hint=f"{how}: {', '.join(q.options)}.")
    example = ", ".join(map(str, f.example)) if isinstance(f.example, list) else f.example
    return CODES["missing-answer"].in_form(
        q.label, hint=f"{f.description}" + (f" For example: {example}" if example is not None else ""))


def values_from_answers(answers: dict[str, str], qs: list[Question], schema: Schema | None = None
                        ) -> tuple[dict[str, Any], list[Problem], list[Note]]:
    """Field values for scaffold.resource_file, the required answers left empty, and what was
    read as something other than what was typed (the form's own choice labels are not said)."""
    schema = schema or load_schema()
    values: dict[str, Any] = {}
    wrong: list[Problem] = []
    notes: list[Note] = []
    for q in qs:
        f, answer = q.field, answers.get(q.id, "")
        if f is None or f.name == "organisation":
            if f is not None and answer:
                values[f.name] = answer
            continue
        if q.vocabulary:
            chosen = _chosen(q, answer)
            reading = intake.read(f, chosen if f.is_list else (chosen[0] if chosen else ""), schema)
            options = set(q.options)
            notes += [Note(q.label, c.said()) for c in reading.conversions if c.typed not in options]
        elif f.is_list:
            reading = intake.read(f, answer, schema)  # split as a spreadsheet cell is
            notes += [Note(q.label, c.said()) for c in reading.conversions]
        else:
            reading = intake.read(f, " ".join(answer.split()) if q.kind == "input" else answer, schema)
            notes += [Note(q.label, c.said()) for c in reading.conversions]
        value = reading.value
        if value in ("", []):
            if f.required:
                wrong.append(_missing(q))
            continue
        values[f.name] = value
    return values, wrong, notes


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _organisation(answer: str, catalogue: Catalogue, label: str) -> tuple[str, Problem | None, Note | None]:
    """The organisation id an answer gives; its exact full name is read as its id, and said."""
    ids = [o.id for o in catalogue.organisations]
    answer = answer.strip()
    if answer in ids:
        return answer, None, None
    by_name: dict[str, set[str]] = {}
    for o in catalogue.organisations:
        if isinstance(o.data.get("name"), str):
            by_name.setdefault(_fold(o.data["name"]), set()).add(o.id)
    named = by_name.get(_fold(answer), set())
    if len(named) == 1:
        org = next(iter(named))
        return org, None, Note(label, f"'{answer}' read as {org}")
    guess = closest(slugify(answer), ids)
    return "", CODES["unknown-organisation"].in_form(label, "form", answer=answer,
                                                     guess=f"Did you mean '{guess}'? " if guess else ""), None


def submission_from_issue(root: Path, body: str, org: str | None = None, slug: str | None = None,
                          replace: bool = False, schema: Schema | None = None) -> Submission:
    """Build and check the resource file an issue describes; nothing is written here.

    `slug` must already be a valid file name; by default it is made from the title. A file
    already at that path is updated (with `replace`) only when it describes the same link:
    the answers' fields are set, the rest of the file is kept, and its description too when
    the form's is empty. A file describing another resource is never replaced.
    """
    schema = schema or load_schema()
    qs = questions(schema)
    labels = {q.field.name: q.label for q in qs if q.field is not None}
    answers = parse_answers(body, qs)
    if org:
        answers["organisation"] = org
    values, wrong, notes = values_from_answers(answers, qs, schema)
    if not _TICKED.search(answers.get(CONFIRM_ID, "")):
        wrong.append(CODES["missing-answer"].in_form(CONFIRM_LABEL, "permission", option=CONFIRM_OPTION))
    catalogue = load_checked(root)
    org_id = ""
    if values.get("organisation"):
        org_id, bad, said = _organisation(str(values.pop("organisation")), catalogue, labels["organisation"])
        wrong += [bad] if bad else []
        notes = ([said] if said else []) + notes
    slug = slug or slugify(str(values.get("title", "")))
    path = f"resources/{org_id}/{slug}.md" if org_id and values.get("title") else ""
    description = answers.get(BODY_ID, "").strip()
    text = resource_file(values, body=description + "\n", schema=schema)

    link = url_key(str(values.get("url", ""))) if values.get("url") else ""
    update = False
    taken = bool(path) and ((root / path).exists() or (root / path).is_symlink())
    existing = next((r for r in catalogue.resources if r.path == path), None) if taken else None
    if taken:
        theirs = str(existing.data.get("url") or "") if existing is not None else ""
        if existing is None or not link or url_key(theirs) != link:
            wrong.append(CODES["file-name-taken"].in_form(labels["title"], "form", path=path,
                                                          theirs=f" ({theirs})" if theirs else ""))
        elif not replace:
            wrong.append(CODES["file-exists"].in_form(labels["title"], path=path))
        else:
            old = (root / path).read_text(encoding="utf-8")
            updated = update_resource_file(old, {k: v for k, v in values.items() if k != "url"},
                                           body=description, rel=path)
            text, update = (updated, True) if updated is not None else (text, False)
    for r in catalogue.resources:
        if link and r.path != path and r.data.get("url") and url_key(str(r.data["url"])) == link:
            wrong.append(CODES["duplicate-url"].in_form(labels["url"], "form", path=r.path))

    # Check every other answer too, even when the organisation is unknown: then the file is
    # checked in a stand-in organisation's folder, and only its location is left unchecked.
    stand_in = org_id or next((o.id for o in catalogue.organisations), "")
    if stand_in:
        wrong += _validator_says(catalogue, text, f"resources/{stand_in}/{slug}.md", labels, schema,
                                 answered={w.question for w in wrong})
    order = {q.label: i for i, q in enumerate(qs)}
    return Submission(path, text, sorted(wrong, key=lambda w: order.get(w.question, len(order))),
                      sorted(notes, key=lambda n: order.get(n.question, len(order))), update)


def _in_form_words(text: str, labels: dict[str, str]) -> str:
    """A validator message or hint, said to someone who answered a form: no YAML field names.

    The question's label is already in front of it, so "'summary: =SUM(1)' starts ..." becomes
    "'=SUM(1)' starts ...", "'title' is 250 characters long" becomes "The answer is 250 ...",
    and a field name in a sentence ("no image_alt describing it") becomes its question's label.
    """
    for name in sorted(labels, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}: ", "", text)
        text = text.replace(f" in {name} ", " ")
        text = re.sub(rf"(^|\. )'{re.escape(name)}'", lambda m: m.group(1) + "The answer", text)
        text = text.replace(f"'{name}'", "the answer")
        if "_" in name:  # plain words like 'title' are left alone in a sentence
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", f"'{labels[name]}'", text)
    return text


def _validator_says(catalogue: Catalogue, text: str, rel: str, labels: dict[str, str],
                    schema: Schema, answered: set[str]) -> list[Problem]:
    """The validator's errors in the new file, by question, for questions not already answered wrongly."""
    record = resource_from_text(rel, text)
    if isinstance(record, list):  # pragma: no cover - scaffold output always parses
        return [Problem.in_form(WHOLE_FILE, p.code, p.message, p.hint) for p in record]
    report = check_with(catalogue, [record], schema)
    out = []
    for p in report.sorted():
        question = BODY_LABEL if p.field == "body" else labels.get(p.field, WHOLE_FILE)
        if p.file == rel and p.severity == "error" and question not in answered:
            out.append(Problem.in_form(question, p.code, _in_form_words(p.message, labels),
                                       _in_form_words(p.hint, labels)))
    return out


def format_text(sub: Submission, source: str) -> str:
    said = [f"  {n.question}: {n.said}" for n in sub.notes]
    if sub.valid:
        return "\n".join([f"{'Updated' if sub.update else 'Wrote'} {sub.path}.", *said])
    lines = [f"The answers in {source} need changing; nothing was written:"]
    for w in sub.wrong:
        lines.append(f"  {w.question}: {w.message}")
        if w.hint:
            lines.append(f"      hint: {w.hint}")
    if said:
        lines += ["Answers read as the catalogue writes them:", *said]
    return "\n".join(lines)


def format_markdown(sub: Submission) -> str:
    """A comment for the issue, in plain English."""
    said = ["", "Some answers were read as the catalogue writes them; please check:", ""] + \
        [f"- **{inert(n.question)}**: {inert(n.said)}" for n in sub.notes] if sub.notes else []
    if sub.valid:
        verb = "updates" if sub.update else "becomes"
        return "\n".join([f"The answers are complete: this resource {verb} {code(sub.path)}.", *said]) + "\n"
    out = ["Thank you for suggesting this resource. A few answers need changing before it can go "
           "into the catalogue:", ""]
    for w in sub.wrong:
        hint = f" *{inert(w.hint)}*" if w.hint else ""
        out.append(f"- **{inert(w.question)}**: {inert(w.message)}{hint}")
    out += said
    out += ["", "Please edit the issue (the **···** menu at the top of it, then **Edit**), change these "
            f"answers and save. Then an editor adds the {code(APPROVED_LABEL)} label again."]
    return "\n".join(out) + "\n"

