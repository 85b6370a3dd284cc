"""`oerbank new`: write a valid, commented starting file for an organisation or a resource.

The file is checked with the validator before it is written, so `new` never leaves behind a
file that `validate` would reject, and it never replaces a file that is already there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import intake
from ..atomic import WriteError, write_text
from ..codes import CODES
from ..load import SLUG, Catalogue, Record, load_organisation, organisation_from_text, resource_from_text, slugify
from ..problems import Problem
from ..scaffold import organisation_file, resource_file
from ..schema import Field, Table, load_schema
from ..validate import validate
from .common import resolve_root, root_option


def _interactive() -> bool:
    """Ask for missing values only when a person is at the keyboard."""
    return sys.stdin.isatty() and sys.stdout.isatty()


Checker = Callable[[dict[str, Any]], list[Problem]]


def _read(f: Field, typed: Any) -> Any:
    """What was typed, read by `intake` as the spreadsheet and the web form read it; conversions are said."""
    reading = intake.read(f, list(typed) if isinstance(typed, (list, tuple)) else str(typed))
    if reading.conversions:
        click.echo(f"{f.title}: {reading.said()}")
    return reading.value


def _field_problems(f: Field, values: dict[str, Any], check: Checker) -> list[Problem]:
    return [p for p in check(values) if p.field == f.name and p.severity == "error"]


def _ask(f: Field, values: dict[str, Any], check: Checker, problems: list[Problem] | None = None) -> Any:
    """Ask until the answer is right: a wrong one is explained at once and asked again."""
    vocab = load_schema().vocabulary_for(f)
    if vocab:
        click.echo(f"{f.title}: {f.description} Choose from: " + ", ".join(vocab.keys))
    label = f"{f.title}" + (" (separate several with commas)" if f.is_list else "")
    while True:
        for p in problems or []:
            click.echo(f"  {p.message}" + (f"\n  hint: {p.hint}" if p.hint else ""))
        answer = click.prompt(label)
        value = _read(f, answer)
        if value in ("", []):
            problems = [CODES["missing-answer"].problem("", 0, f.name, "prompt")]
            continue
        problems = _field_problems(f, {**values, f.name: value}, check)
        if not problems:
            return value


def _option(f: Field) -> str:
    name = f.name.replace("_", "-")
    return f"--{name.removesuffix('s') if f.is_list else name}"


def _collect(table: Table, given: dict[str, Any], interactive: bool, check: Checker) -> dict[str, Any]:
    """Values from the options; in a terminal, ask for the required ones still missing and ask
    again for any that is wrong, one question at a time."""
    values: dict[str, Any] = {}
    for f in table.contributed:
        value = given.get(f.name)
        if f.is_list and value:
            value = [v for item in value for v in intake.split_list(item)]
        if value not in (None, (), [], ""):
            values[f.name] = _read(f, value)
    if not interactive:
        missing = [_option(f) for f in table.contributed
                   if f.required and f.name != "organisation" and f.name not in values]
        if missing:
            raise click.UsageError("Missing " + ", ".join(missing) + " (or run it in a terminal to be asked).")
        return values
    for f in table.contributed:
        if f.name == "organisation":
            continue
        if f.name in values:
            problems = _field_problems(f, values, check)
            if problems:
                values[f.name] = _ask(f, values, check, problems)
        elif f.required:
            values[f.name] = _ask(f, values, check)
    return values


def _with_examples(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """The values so far, with the schema's example in each required field not yet answered, so
    that one answer can be checked before the others are given."""
    out = dict(values)
    for f in table.contributed:
        if f.required and f.name not in out and f.example is not None:
            out[f.name] = f.example
    return out


def _problems(loaded: Record | list[Problem], catalogue: Catalogue, rel: str) -> list[Problem]:
    if isinstance(loaded, list):
        return loaded
    return [p for p in validate(catalogue, [], jobs=1)[1].problems if p.file == rel]


def _refuse_problems(problems: list[Problem]) -> None:
    """A usage error (exit 2) listing what is wrong with the values, before anything is written."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        lines = [f"  {p.field or 'file'}: {p.message} {p.hint}".rstrip() for p in errors]
        raise click.UsageError("Nothing was written, because:\n" + "\n".join(lines))


def _write(path: Path, text: str, root: Path) -> None:
    rel = path.relative_to(root).as_posix()
    if path.exists() or path.is_symlink():
        raise click.ClickException(f"{rel} already exists; it was not changed. "
                                   "Choose another name, or edit the existing file.")
    try:
        write_text(path, text)  # whole or not at all
    except WriteError as err:
        raise click.ClickException(str(err)) from None


@click.group("new")
def command() -> None:
    """Start a new organisation or resource file.

    Example:

        oerbank new resource --org harbourlight-maritime-museum --title "Ship in a Bottle" ...
    """


@command.command("organisation")
@root_option
@click.option("--id", "org_id", help="Short id, used as the file name: lowercase letters, digits and hyphens, "
                                      "e.g. harbourlight-maritime-museum.")
@click.option("--name", help="The organisation's name as teachers know it.")
@click.option("--url", help="Its website or learning pages (https://...).")
@click.option("--summary", help="One sentence about the organisation.")
@click.option("--type", "type_", help="The main kind of organisation, e.g. museum.")
@click.option("--region", help="Where it is based, e.g. north-east.")
@click.option("--maintainer", "maintainers", multiple=True, help="GitHub username; repeat for several.")
@click.option("--email", help="A contact email address for schools.")
def organisation(root: Path | None, org_id: str | None, **given: Any) -> None:
    """Write organisations/<id>.yml, with a comment above every field.

    Example:

    \b
        oerbank new organisation --id harbourlight-maritime-museum --name "Harbourlight Museum" \\
          --url https://harbourlight.example/ --summary "A maritime museum." \\
          --type museum --region north-east --maintainer harbourlight-learning
    """
    root = resolve_root(root)
    interactive = _interactive()
    given["type"] = given.pop("type_")
    if not org_id and interactive:
        org_id = click.prompt("Organisation id (e.g. harbourlight-maritime-museum)")
    if not org_id or not SLUG.match(org_id):
        suggestion = slugify(org_id or given.get("name") or "my-organisation")
        raise click.UsageError(f"--id must use lowercase letters, digits and single hyphens, e.g. '{suggestion}'.")
    rel = f"organisations/{org_id}.yml"
    table = load_schema().organisations

    def check(values: dict[str, Any]) -> list[Problem]:
        loaded = organisation_from_text(rel, organisation_file(_with_examples(table, values)))
        return _problems(loaded, Catalogue(root, [] if isinstance(loaded, list) else [loaded], []), rel)

    values = _collect(table, given, interactive, check)
    text = organisation_file(values)
    _refuse_problems(check(values))
    _write(root / rel, text, root)
    click.echo(f"Wrote {rel}.")
    click.echo(f"Next: add a resource with `oerbank new resource --org {org_id}`, then run `oerbank validate`.")


@command.command("resource")
@root_option
@click.option("--org", "org_id", required=True, help="Your organisation's id (its file name in organisations/).")
@click.option("--slug", help="File name without .md; default: made from the title.")
@click.option("--title", help="The resource's title.")
@click.option("--url", help="Where teachers find it (https://...).")
@click.option("--summary", help="What it is and how a teacher would use it, in at most 300 characters.")
@click.option("--resource-type", "resource_types", multiple=True, help="e.g. lesson-plan; repeat for several.")
@click.option("--key-stage", "key_stages", multiple=True, help="e.g. ks2; repeat for several.")
@click.option("--subject", "subjects", multiple=True, help="e.g. history; repeat for several.")
@click.option("--art-form", "art_forms", multiple=True, help="e.g. theatre; repeat for several.")
@click.option("--delivery", "delivery", multiple=True, help="e.g. download; repeat for several.")
@click.option("--licence", help="e.g. CC-BY-4.0.")
@click.option("--cost", help="free, free-registration or paid.")
@click.option("--price", help="What it costs, in words, when it is not free, e.g. \"£4 per pupil\".")
def resource(root: Path | None, org_id: str, slug: str | None, **given: Any) -> None:
    """Write resources/<org>/<slug>.md, with a comment above every field.

    Example:

    \b
        oerbank new resource --org harbourlight-maritime-museum --title "Ship in a Bottle" \\
          --url https://harbourlight.example/ship --summary "A floating and sinking lesson." \\
          --resource-type lesson-plan --key-stage ks2 --subject science --licence CC-BY-4.0 --cost free
    """
    root = resolve_root(root)
    org_rel = f"organisations/{org_id}.yml"
    if not SLUG.match(org_id) or not (root / org_rel).is_file():
        raise click.UsageError(f"There is no {org_rel}; add the organisation first with `oerbank new organisation`.")
    if slug is not None and not SLUG.match(slug):
        raise click.UsageError(f"--slug must use lowercase letters, digits and single hyphens, e.g. '{slugify(slug)}'.")
    table = load_schema().resources
    org = load_organisation(root, org_rel)
    orgs = [] if isinstance(org, list) else [org]
    # Checked under a stand-in name until the title (and so the file name) is known.
    draft = f"resources/{org_id}/{slug or 'new-resource'}.md"

    def check(values: dict[str, Any], rel: str = draft) -> list[Problem]:
        loaded = resource_from_text(rel, resource_file(_with_examples(table, values)))
        return _problems(loaded, Catalogue(root, orgs, [] if isinstance(loaded, list) else [loaded]), rel)

    values = _collect(table, given, _interactive(), check)
    slug = slug or slugify(values["title"])
    rel = f"resources/{org_id}/{slug}.md"
    text = resource_file(values)
    _refuse_problems(check(values, rel))
    _write(root / rel, text, root)
    click.echo(f"Wrote {rel}.")
    click.echo("Next: fill in the optional fields and the description, run `oerbank validate`, "
               "then open a pull request.")
