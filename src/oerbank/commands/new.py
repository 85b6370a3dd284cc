"""`oerbank new`: write a valid, commented starting file for an organisation or a resource."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..load import SLUG, slugify
from ..scaffold import organisation_file, resource_file
from ..schema import Field, Table, load_schema
from .common import resolve_root, root_option


def _ask(f: Field, given: Any, interactive: bool) -> Any:
    if given not in (None, (), ""):
        return list(given) if f.is_list else given
    if not interactive:
        return None
    vocab = load_schema().vocabulary_for(f)
    if vocab and f.is_list:
        click.echo(f"{f.title}: " + ", ".join(vocab.keys))
        answer = click.prompt(f"{f.title} (separate several with commas)")
        return [a.strip() for a in answer.split(",") if a.strip()]
    if vocab:
        return click.prompt(f.title, type=click.Choice(vocab.keys))
    if f.is_list:
        answer = click.prompt(f"{f.title} (separate several with commas)")
        return [a.strip() for a in answer.split(",") if a.strip()]
    return click.prompt(f.title)


def _collect(table: Table, given: dict[str, Any], interactive: bool) -> dict[str, Any]:
    values = {}
    for f in table.contributed:
        if f.required and f.name not in ("organisation",):
            values[f.name] = _ask(f, given.get(f.name), interactive)
        elif given.get(f.name) not in (None, (), ""):
            values[f.name] = list(given[f.name]) if f.is_list else given[f.name]
    missing = [f"--{n.replace('_', '-')}" for n, v in values.items() if v in (None, [], "")]
    if missing:
        raise click.UsageError("Missing " + ", ".join(missing) + " (or run in a terminal to be asked).")
    return values


def _write(path: Path, text: str, root: Path) -> None:
    if path.exists():
        raise click.ClickException(f"{path.relative_to(root)} already exists; it was not changed.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@click.group("new")
def command() -> None:
    """Start a new organisation or resource file."""


@command.command("organisation")
@root_option
@click.option("--id", "org_id", help="Short id, e.g. harbourlight-museum (lowercase, digits, hyphens).")
@click.option("--name")
@click.option("--url")
@click.option("--summary")
@click.option("--type", "type_")
@click.option("--region")
@click.option("--maintainer", "maintainers", multiple=True, help="GitHub username; repeat for several.")
@click.option("--email")
def organisation(root: Path | None, org_id: str | None, **given: Any) -> None:
    """Write organisations/<id>.yml.

    Example:

        oerbank new organisation --id harbourlight-museum --name "Harbourlight Museum" \\
          --url https://harbourlight.example/ --summary "A maritime museum." \\
          --type museum --region north-east --maintainer harbourlight-learning
    """
    root = resolve_root(root)
    interactive = sys.stdin.isatty()
    given["type"] = given.pop("type_")
    if not org_id:
        org_id = click.prompt("Organisation id (e.g. harbourlight-museum)") if interactive else None
    if not org_id or not SLUG.match(org_id):
        raise click.UsageError(f"--id must use lowercase letters, digits and hyphens, e.g. '{slugify(org_id or given.get('name') or 'my-organisation')}'.")
    values = _collect(load_schema().organisations, given, interactive)
    path = root / "organisations" / f"{org_id}.yml"
    _write(path, organisation_file(values), root)
    click.echo(f"Wrote {path.relative_to(root)}.")
    click.echo(f"Next: add a resource with `oerbank new resource --org {org_id}`, then run `oerbank validate`.")


@command.command("resource")
@root_option
@click.option("--org", "org_id", required=True, help="Your organisation's id (its file name in organisations/).")
@click.option("--slug", help="File name without .md; default: made from the title.")
@click.option("--title")
@click.option("--url")
@click.option("--summary")
@click.option("--resource-type", "resource_types", multiple=True, help="Repeat for several.")
@click.option("--key-stage", "key_stages", multiple=True, help="Repeat for several.")
@click.option("--subject", "subjects", multiple=True, help="Repeat for several.")
@click.option("--art-form", "art_forms", multiple=True, help="Repeat for several.")
@click.option("--licence")
@click.option("--cost")
def resource(root: Path | None, org_id: str, slug: str | None, **given: Any) -> None:
    """Write resources/<org>/<slug>.md.

    Example:

        oerbank new resource --org harbourlight-museum --title "Ship in a Bottle" \\
          --url https://harbourlight.example/ship --summary "A floating and sinking lesson." \\
          --resource-type lesson-plan --key-stage ks2 --subject science --licence CC-BY-4.0 --cost free
    """
    root = resolve_root(root)
    if not (root / "organisations" / f"{org_id}.yml").exists():
        raise click.UsageError(f"There is no organisations/{org_id}.yml; add it first with `oerbank new organisation`.")
    values = _collect(load_schema().resources, given, sys.stdin.isatty())
    slug = slug or slugify(values["title"])
    if not SLUG.match(slug):
        raise click.UsageError(f"--slug must use lowercase letters, digits and hyphens, e.g. '{slugify(slug)}'.")
    path = root / "resources" / org_id / f"{slug}.md"
    _write(path, resource_file(values), root)
    click.echo(f"Wrote {path.relative_to(root)}.")
    click.echo("Next: fill in the optional fields and the description, run `oerbank validate`, "
               "then open a pull request.")
