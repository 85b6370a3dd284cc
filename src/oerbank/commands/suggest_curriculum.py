"""`oerbank suggest-curriculum FILE`: the curriculum statements a resource most likely helps to teach."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..curriculum import NATIONS, load_curriculum
from ..curriculum_match import suggest
from ..load import resource_from_text
from ..schema import load_schema
from ..validate import check_record
from .common import resolve_root, root_option


@click.command("suggest-curriculum")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 50), help="How many to list.")
@click.option("--nation", "nations", multiple=True, type=click.Choice(list(NATIONS)),
              help="Only this nation's curriculum (repeat for several). Default: all four.")
def command(root: Path | None, file: Path, top: int, nations: tuple[str, ...]) -> None:
    """List the curriculum statements that best match a resource file, best first.

    Compares the resource's title, summary, keywords and description with each statement's
    wording, and puts statements for its key stages and subjects first. Nothing is changed:
    copy the ids you agree with into the file's `curriculum:` line.

    Example:

        oerbank suggest-curriculum resources/severn-sinfonia/compose-a-river-song.md
    """
    if not file.is_file() and not file.is_absolute():
        file = resolve_root(root) / file  # a path inside the catalogue, given with --root
    if not file.is_file():
        raise click.UsageError(f"{file} is not a file: give a resource file, e.g. resources/ORG/NAME.md")
    text = file.read_bytes().decode("utf-8", errors="replace")
    loaded = resource_from_text(f"resources/{file.parent.name or 'organisation'}/{file.name}", text)
    if isinstance(loaded, list):
        for p in loaded:
            click.echo(f"{file}:{p.line}: {p.severity} [{p.code}] {p.message}", err=True)
        sys.exit(1)
    schema = load_schema()
    record, _ = check_record(loaded, schema.resources, schema)
    found = suggest(record.data, top, nations or None)
    if not found:
        click.echo("No statement shares words with this resource; add a summary or keywords and try again.")
        return
    curriculum = load_curriculum()
    for n, s in enumerate(found, 1):
        st = s.statement
        where = f"{curriculum.framework(st.framework).title}, {', '.join(curriculum.stage_labels(st))}"
        click.echo(f"{n}. {st.id}  ({where}{'; ' + st.code if st.code else ''})")
        click.echo(f"   {st.wording}")
        if s.why_not:
            click.echo(f"   Note: {s.why_not}.")
    ids = ", ".join(s.statement.id for s in found[:2])
    click.echo(f"\nCopy the ids that fit into the file, e.g.\ncurriculum: [{ids}]")
