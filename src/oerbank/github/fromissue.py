"""Turn the answers of an "Add a resource" issue into a resource file, checked by the real validator.

GitHub writes a submitted form as `### <question label>` sections in the issue body, with
`_No response_` for an empty answer, several drop-down choices joined by ", " and tick boxes as
`- [X] option`. We find the sections in the form's order, map each answer back to the field it
came from, build the file with `scaffold.resource_file`, and validate it together with the
whole catalogue. Every wrong answer is reported by its question's label; the file is written
only when there are none.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load import Catalogue, Record, load_catalogue, load_resource, slugify
from ..scaffold import resource_file
from ..schema import Schema, Vocabulary, load_schema
from ..suggest import closest, closest_term
from ..validate import validate
from .inert import inert
from .issueform import BODY_ID, BODY_LABEL, CONFIRM_ID, CONFIRM_LABEL, CONFIRM_OPTION, Question, questions

NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.M)
_TICKED = re.compile(r"^[ \t]*[-*][ \t]+\[[xX]\][ \t]+(.+?)[ \t]*$", re.M)
WHOLE_FILE = "The resource as a whole"


@dataclass(frozen=True)
class Wrong:
    """One answer that needs changing, said for the person who filled in the form."""

    question: str
    code: str
    message: str
    hint: str = ""


@dataclass
class Submission:
    path: str  # resources/<org>/<slug>.md, or "" when the organisation or title is unknown
    text: str
    wrong: list[Wrong] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.wrong


def parse_answers(body: str, qs: list[Question]) -> dict[str, str]:
    """Each question's answer text ("" when empty or missing), found in the form's order.

    Taking the headings in order means a '### ...' line inside a long answer is only mistaken
    for a question if it repeats a later question's label.
    """
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    headings = list(_HEADING.finditer(body))
    found: list[tuple[str, re.Match[str]]] = []
    at = 0
    for q in qs:
        match = next((i for i in range(at, len(headings)) if headings[i].group(1) == q.label), None)
        if match is not None:
            found.append((q.id, headings[match]))
            at = match + 1
    answers = {q.id: "" for q in qs}
    for n, (qid, heading) in enumerate(found):
        end = found[n + 1][1].start() if n + 1 < len(found) else len(body)
        text = body[heading.end():end].strip()
        answers[qid] = "" if text == NO_RESPONSE else text
    return answers


def _choice_key(text: str, vocab: Vocabulary) -> str | None:
    """The key an option's text stands for: its label, or (typed by hand) its key, in any case."""
    wanted = text.strip().lower()
    return next((t.key for t in vocab.terms if wanted in (t.label.lower(), t.key.lower())), None)


def _chosen(q: Question, answer: str) -> list[str]:
    if q.kind == "checkboxes":
        return _TICKED.findall(answer)
    if q.kind == "dropdown" and q.field is not None and q.field.is_list:
        return [a.strip() for a in answer.split(", ") if a.strip()]
    return [answer] if answer else []


def _missing(q: Question) -> Wrong:
    f = q.field
    assert f is not None
    if q.vocabulary:
        how = "Tick at least one box" if q.kind == "checkboxes" else "Choose at least one" if f.is_list else "Choose one"
        return Wrong(q.label, "missing-answer", "This question needs an answer.",
                     f"{how}: {', '.join(q.options)}.")
    example = ", ".join(map(str, f.example)) if isinstance(f.example, list) else f.example
    return Wrong(q.label, "missing-answer", "This question needs an answer.",
                 f"{f.description}" + (f" For example: {example}" if example is not None else ""))


def values_from_answers(answers: dict[str, str], qs: list[Question]) -> tuple[dict[str, Any], list[Wrong]]:
    """Field values for scaffold.resource_file, and the answers that can't become one."""
    values: dict[str, Any] = {}
    wrong: list[Wrong] = []
    for q in qs:
        f, answer = q.field, answers.get(q.id, "")
        if f is None:
            continue
        value: Any
        if q.vocabulary:
            chosen = _chosen(q, answer)
            keys = [k for k in (_choice_key(t, q.vocabulary) for t in chosen) if k]
            unknown = [t for t in chosen if _choice_key(t, q.vocabulary) is None]
            for text in unknown:
                guess = closest_term(text, q.vocabulary)
                hint = f"Choose from: {', '.join(q.options)}."
                if guess:
                    hint = f"Did you mean '{q.vocabulary.label(guess)}'? " + hint
                wrong.append(Wrong(q.label, "not-a-choice", f"'{text}' is not one of the choices.", hint))
            value = list(dict.fromkeys(keys)) if f.is_list else (keys[0] if keys else "")
            if unknown:
                continue
        elif f.is_list:
            value = [a.strip() for a in re.split(r"[,\n]", answer) if a.strip()]
        else:
            value = " ".join(answer.split()) if q.kind == "input" else answer
            if f.type == "integer" and re.fullmatch(r"\d+", value):
                value = int(value)
        if value in ("", []):
            if f.required:
                wrong.append(_missing(q))
            continue
        values[f.name] = value
    return values, wrong


def _link_key(url: str) -> str:
    """Two links are the same resource if they differ only in the case of the site or a final /."""
    m = re.match(r"^([a-z][a-z0-9+.-]*://[^/?#]*)(.*)$", url.strip(), re.I)
    head, rest = (m.group(1).lower(), m.group(2)) if m else ("", url.strip())
    return head + rest.rstrip("/")


def _organisation(answer: str, catalogue: Catalogue, label: str) -> tuple[str, Wrong | None]:
    """The organisation id an answer names (its id or its full name)."""
    ids = [o.id for o in catalogue.organisations]
    if answer in ids:
        return answer, None
    by_name = {str(o.fields["name"].value).strip().lower(): o.id
               for o in catalogue.organisations if "name" in o.fields}
    if answer.strip().lower() in by_name:
        return by_name[answer.strip().lower()], None
    guess = closest(slugify(answer), ids)
    hint = (f"Did you mean '{guess}'? " if guess else "") + \
        "Use the name of your organisation's file in organisations/ (without .yml); a new organisation " \
        "is added by the editors first."
    return "", Wrong(label, "unknown-organisation", f"There is no organisation '{answer}' in the catalogue.", hint)


def submission_from_issue(root: Path, body: str, org: str | None = None, slug: str | None = None,
                          replace: bool = False, schema: Schema | None = None) -> Submission:
    """Build and check the resource file an issue describes; nothing is written here.

    `slug` must already be a valid file name; by default it is made from the title.
    """
    schema = schema or load_schema()
    qs = questions(schema)
    labels = {q.field.name: q.label for q in qs if q.field is not None}
    answers = parse_answers(body, qs)
    if org:
        answers["organisation"] = org
    values, wrong = values_from_answers(answers, qs)
    if not _TICKED.search(answers.get(CONFIRM_ID, "")):
        wrong.append(Wrong(CONFIRM_LABEL, "missing-answer", "The permission box is not ticked.",
                           f"Tick '{CONFIRM_OPTION}' if it is true: the catalogue lists resources that "
                           "organisations publish themselves."))
    catalogue, _ = load_catalogue(root)
    org_id = ""
    if values.get("organisation"):
        org_id, bad = _organisation(str(values.pop("organisation")), catalogue, labels["organisation"])
        wrong += [bad] if bad else []
    slug = slug or slugify(str(values.get("title", "")))
    path = f"resources/{org_id}/{slug}.md" if org_id and values.get("title") else ""
    text = resource_file(values, body=(answers.get(BODY_ID, "").strip() + "\n"), schema=schema)

    if path and (root / path).exists() and not replace:
        wrong.append(Wrong(labels["title"], "file-exists", f"There is already a resource at {path}.",
                           "Give this resource a different title, or change the existing file instead."))
    link = _link_key(str(values.get("url", "")))
    for r in catalogue.resources:
        if link and r.path != path and "url" in r.fields and _link_key(str(r.fields["url"].value)) == link:
            wrong.append(Wrong(labels["url"], "duplicate-url", f"This link is already in the catalogue, in {r.path}.",
                               "Each resource is listed once: change the existing file instead of adding a copy."))

    # Check every other answer too, even when the organisation is unknown: then the file is
    # checked in a stand-in organisation's folder, and only its location is left unchecked.
    stand_in = org_id or next((o.id for o in catalogue.organisations), "")
    if stand_in:
        wrong += _validator_says(root, catalogue, text, f"resources/{stand_in}/{slug}.md", labels, schema,
                                 answered={w.question for w in wrong})
    order = {q.label: i for i, q in enumerate(qs)}
    return Submission(path, text, sorted(wrong, key=lambda w: order.get(w.question, len(order))))


def _validator_says(root: Path, catalogue: Catalogue, text: str, rel: str, labels: dict[str, str],
                    schema: Schema, answered: set[str]) -> list[Wrong]:
    """The validator's errors in the new file, by question, for questions not already answered wrongly."""
    record = _read_back(text, rel)
    if isinstance(record, list):  # pragma: no cover - scaffold output always parses
        return [Wrong(WHOLE_FILE, p.code, p.message, p.hint) for p in record]
    others = [r for r in catalogue.resources if r.path != rel]
    report = validate(Catalogue(root, catalogue.organisations, others + [record]), [], schema)
    out = []
    for p in report.sorted():
        question = BODY_LABEL if p.field == "body" else labels.get(p.field, WHOLE_FILE)
        if p.file == rel and p.severity == "error" and question not in answered:
            out.append(Wrong(question, p.code, p.message, p.hint))
    return out


def _read_back(text: str, rel: str) -> Record | list[Any]:
    """Read the text exactly as the loader reads a file in the catalogue."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / rel
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
        return load_resource(Path(tmp), rel)


def format_text(sub: Submission, source: str) -> str:
    if sub.valid:
        return f"Wrote {sub.path}."
    lines = [f"The answers in {source} need changing; nothing was written:"]
    for w in sub.wrong:
        lines.append(f"  {w.question}: {w.message}")
        if w.hint:
            lines.append(f"      hint: {w.hint}")
    return "\n".join(lines)


def format_markdown(sub: Submission) -> str:
    """A comment for the issue, in plain English."""
    if sub.valid:
        return f"The answers are complete: this resource becomes {inert(sub.path)}.\n"
    out = ["Thank you for suggesting this resource. A few answers need changing before it can go "
           "into the catalogue:", ""]
    for w in sub.wrong:
        hint = f" *{inert(w.hint)}*" if w.hint else ""
        out.append(f"- **{inert(w.question)}**: {inert(w.message)}{hint}")
    out += ["", "Please edit the issue (the **···** menu at the top of it, then **Edit**), change these "
            "answers and save. Then an editor adds the `approved-resource` label again."]
    return "\n".join(out) + "\n"

