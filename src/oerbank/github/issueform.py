"""The "Add a resource" issue form, generated from the schema so that it never drifts.

Each contributed resource field becomes one question labelled with the field's title. Short
vocabularies of a list field are tick boxes, other vocabularies drop-down lists (several
choices allowed for list fields), and free text is a one-line or multi-line box. The options
are the vocabulary labels ("Key Stage 2 (ages 7–11)"), which teachers understand and which
`fromissue` reads back to keys through `intake`: labels are unique and contain no ", ", the
separator GitHub puts between several chosen options. Answers are found by these labels, so
they must be unique too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from ..schema import Field, Schema, Vocabulary, load_schema

FORM_PATH = ".github/ISSUE_TEMPLATE/add-resource.yml"
SUBMITTED_LABEL = "new-resource"  # put on every issue made with the form
APPROVED_LABEL = "approved-resource"  # a maintainer adds it to turn the issue into a pull request
BODY_ID, BODY_LABEL = "body", "Description for teachers"
CONFIRM_ID, CONFIRM_LABEL = "confirm", "Permission"
CONFIRM_OPTION = "I work for or with this organisation, and it has published this resource."
MAX_TICK_BOXES = 6  # a list field with at most this many choices shows them all as tick boxes

INTRO = """\
Thank you for adding a learning resource to the catalogue. Fill in the questions below; the ones
marked with a red star are needed. A maintainer checks your answers and turns them into a pull
request; if something needs changing, you'll get a comment here saying what.

Your organisation must already be in the catalogue. If it isn't, ask the editors to add it first."""

# The form asks for the organisation's id, not its name: ids are unique and can't be mistaken for
# one another, where two names may look alike.
ORGANISATION_LABEL = "Organisation id"
ORGANISATION_HELP = ("Your organisation's id: the name of its file in the organisations/ folder, "
                     "without .yml, and the end of your organisation's page address in the catalogue "
                     "(for example harbourlight-museum in .../organisations/harbourlight-museum/).")


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    kind: str  # input, textarea, dropdown or checkboxes
    required: bool = False
    field: Field | None = None
    vocabulary: Vocabulary | None = None

    @property
    def options(self) -> list[str]:
        if self.id == CONFIRM_ID:
            return [CONFIRM_OPTION]
        return [t.label for t in self.vocabulary.terms] if self.vocabulary else []


def _kind(f: Field, vocab: Vocabulary | None) -> str:
    if vocab:
        return "checkboxes" if f.is_list and len(vocab.terms) <= MAX_TICK_BOXES else "dropdown"
    long_text = f.markdown or (f.max_length is not None and f.max_length >= 300 and not f.url_kind)
    return "textarea" if long_text else "input"


def questions(schema: Schema | None = None) -> list[Question]:
    """The form's questions in order: organisation, the resource's fields, description, permission."""
    schema = schema or load_schema()
    table = schema.resources
    fields = [table.field("organisation")] + [f for f in table.contributed if f.name != "organisation"]
    out = []
    for f in fields:
        assert f is not None
        vocab = schema.vocabulary_for(f)
        label = ORGANISATION_LABEL if f.name == "organisation" else f.title
        out.append(Question(f.name, label, _kind(f, vocab), f.required, f, vocab))
    out.append(Question(BODY_ID, BODY_LABEL, "textarea"))
    out.append(Question(CONFIRM_ID, CONFIRM_LABEL, "checkboxes", True))
    return out


def _example(f: Field) -> str:
    return ", ".join(map(str, f.example)) if isinstance(f.example, list) else str(f.example)


def _description(q: Question) -> str:
    f = q.field
    if f is None:
        return ("What pupils do, what you need, and how it links to the curriculum. You can use "
                "Markdown: **bold**, lists and [links](https://...).") if q.id == BODY_ID else ""
    parts = [ORGANISATION_HELP if f.name == "organisation" else f.description]
    if q.kind == "checkboxes":
        parts.append("Tick all that apply." + (" At least one is needed." if f.required else ""))
    elif q.kind == "dropdown" and f.is_list:
        parts.append("Choose all that apply.")
    elif f.is_list:
        parts.append("Separate several with commas.")
    if q.vocabulary and any(t.label == t.key for t in q.vocabulary.terms):
        # Options named by their ids (curriculum statements): hundreds of wordings would bury the form.
        parts.append("The field reference on the catalogue's website, and its Curriculum pages, give each id's "
                     "wording.")
    elif q.vocabulary:
        parts.append("\n".join(f"- **{t.label}**: {t.definition}" for t in q.vocabulary.terms))
    return "\n\n".join(parts)


def _element(q: Question) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": q.label}
    if description := _description(q):
        attributes["description"] = description
    if q.kind in ("input", "textarea") and q.field is not None and q.field.example is not None:
        attributes["placeholder"] = _example(q.field)
    if q.kind == "dropdown":
        attributes["multiple"] = bool(q.field and q.field.is_list)
        attributes["options"] = q.options
    if q.kind == "checkboxes":
        required = q.id == CONFIRM_ID  # GitHub can only require a particular box, not "at least one"
        attributes["options"] = [{"label": o, "required": True} if required else {"label": o} for o in q.options]
    element: dict[str, Any] = {"type": q.kind, "id": q.id, "attributes": attributes}
    if q.required and q.kind != "checkboxes":
        element["validations"] = {"required": True}
    return element


def _check_options(qs: list[Question]) -> None:
    """Labels and options must parse back unambiguously; a schema change that breaks this is a bug."""
    labels = [q.label for q in qs]
    if len(set(labels)) != len(labels):
        raise ValueError("Two questions have the same label; answers are found by their label.")
    for q in qs:
        options = q.options
        if len(set(options)) != len(options):
            raise ValueError(f"The choices for '{q.label}' repeat a label; labels must be unique.")
        for o in options:
            if (q.kind == "dropdown" and ", " in o) or o == "None" or "\n" in o:
                raise ValueError(f"The choice '{o}' for '{q.label}' can't be read back from an issue.")


def form(schema: Schema | None = None) -> dict[str, Any]:
    qs = questions(schema)
    _check_options(qs)
    return {
        "name": "Add a resource",
        "description": "Suggest a learning resource from your organisation for the catalogue.",
        "title": "Add resource: ",
        "labels": [SUBMITTED_LABEL],
        "body": [{"type": "markdown", "attributes": {"value": INTRO}}, *map(_element, qs)],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

HEADER = ("# Generated by `oerbank issue-form` from the schema (src/oerbank/schema/); don't edit it by hand.\n"
          "# Answers become a resource file with `oerbank from-issue` (see docs/publishing.md).\n")


def form_text(schema: Schema | None = None) -> str:
    return HEADER + yaml.dump(form(schema), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
