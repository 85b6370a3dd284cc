"""`oerbank init`: turn a fork of this repository into a new catalogue in one command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..atomic import WriteError
from ..instance import (CONFIG, InitError, Instance, apply, check_instance, checklist, editors_from, pages_address,
                        plan, refusal, repo_from)
from .common import resolve_root, root_option


def _interactive() -> bool:
    """Whether someone is there to answer questions (flags are used alone in scripts and CI)."""
    return sys.stdin.isatty()


def _ask(value: str | None, question: str, default: str | None = None) -> str:
    if value is not None:
        return value
    return click.prompt(question, default=default, show_default=default is not None).strip()


@click.command("init")
@root_option
@click.option("--name", help="The catalogue's name, shown on every page, e.g. \"North East Arts Learning\".")
@click.option("--site-url", help="The site's address. Default: the repository's GitHub Pages address, "
                                 "https://OWNER.github.io/NAME/.")
@click.option("--repo", help="The GitHub repository, owner/name (or its address).")
@click.option("--editor", "editors", multiple=True,
              help="A catalogue editor's GitHub username; repeat it or separate names with commas.")
@click.option("--keep-sample/--remove-sample", default=None,
              help="Keep the sample organisations and resources, or remove them (the default without a terminal).")
@click.option("--force", is_flag=True, help="Run even if the catalogue was set up before or has uncommitted changes.")
def command(root: Path | None, name: str | None, site_url: str | None, repo: str | None,
            editors: tuple[str, ...], keep_sample: bool | None, force: bool) -> None:
    """Set up this copy of the repository as a new catalogue, then list the GitHub settings to make.

    Rewrites mkdocs.yml (name, address, repository) and editors.yml, regenerates .github/CODEOWNERS
    and the issue form, replaces the old catalogue's name and addresses in the docs and configuration,
    and removes the sample organisations and resources unless --keep-sample. Asks for what is
    missing when run in a terminal.

    Example:

        oerbank init --name "North East Arts Learning" --repo ne-arts/catalogue --editor sam-ne --editor jo-ne
    """
    root = resolve_root(root)
    if not (root / CONFIG).is_file():
        raise click.ClickException(f"There is no {CONFIG} in {root}: `oerbank init` sets up a copy of the whole "
                                   "repository (site configuration, docs and theme), not a catalogue folder alone.")
    if not force:
        reason = refusal(root)
        if reason:
            raise click.ClickException(reason)
    if _interactive():
        name = _ask(name, "Catalogue name")
        repo = _ask(repo, "GitHub repository (owner/name)")
        site_url = _ask(site_url, "Site address", pages_address(repo_from(repo)) if "/" in repo else None)
        if not editors:
            editors = (_ask(None, "Editors' GitHub usernames (separated by commas)"),)
        if keep_sample is None:
            keep_sample = not click.confirm("Remove the sample organisations and resources?", default=True)
    missing = [flag for flag, value in (("--name", name), ("--repo", repo), ("--editor", editors)) if not value]
    if missing:
        raise click.UsageError(f"Missing {', '.join(missing)}: pass {'it' if len(missing) == 1 else 'them'}, "
                               "or run `oerbank init` in a terminal to be asked.")
    repo = repo_from(repo or "")
    site_url = (site_url or "").strip() or (pages_address(repo) if "/" in repo else "")
    new = Instance((name or "").strip(), site_url, repo, editors_from(editors))
    wrong = check_instance(new)
    if wrong:
        raise click.UsageError(" ".join(wrong))
    if not site_url.endswith("/"):
        new = Instance(new.name, site_url + "/", new.repo, new.editors)
    try:
        changes = plan(root, new, bool(keep_sample))
    except InitError as err:
        raise click.ClickException(str(err)) from err
    try:
        apply(root, changes)
    except WriteError as err:
        raise click.ClickException(f"{err} Files changed before it: `git status` lists them, "
                                   "`git checkout -- .` undoes them.") from err
    except OSError as err:
        raise click.ClickException(f"{err.filename} could not be removed ({err.strerror}). Files changed before "
                                   "it: `git status` lists them, `git checkout -- .` undoes them.") from err
    click.echo(f"Set up \"{new.name}\" at {new.site_url} from {new.repo}, edited by "
               + ", ".join(f"@{e}" for e in new.editors) + ".")
    if changes.removals:
        orgs = sum(1 for rel in changes.removals if rel.startswith("organisations/"))
        click.echo(f"Removed the sample catalogue: {orgs} organisation files and "
                   f"{len(changes.removals) - orgs} resource folders.")
    click.echo("Wrote " + ", ".join([*changes.writes, ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/add-resource.yml"])
               + ".\n")
    click.echo(checklist(root, new))
