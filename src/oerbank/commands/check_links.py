"""`oerbank check-links`: check every resource and organisation link and report what is broken."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..linkcheck import Settings, check_targets, is_link_report, targets, write_json, write_markdown
from ..atomic import WriteError
from ..pipeline import check
from .common import resolve_root, root_option


@click.command("check-links")
@root_option
@click.option("--concurrency", type=click.IntRange(1, 64), default=8, show_default=True,
              help="Most requests in flight at once.")
@click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Most requests in flight to any one website.")
@click.option("--delay", type=click.FloatRange(0, 60), default=0.2, show_default=True,
              help="Seconds between the starts of two requests to the same website.")
@click.option("--timeout", type=click.FloatRange(0.1, 300), default=10.0, show_default=True,
              help="Seconds one try of a link may take in all: connecting, every byte of the answer and "
                   "every redirect. A website that sends its answer slower than that counts as a timeout.")
@click.option("--max-minutes", type=click.FloatRange(0.01, 24 * 60), default=40.0, show_default=True,
              help="Minutes the whole run may take. Links not reached by then are reported as not checked "
                   "(not as broken), and the report is still written.")
@click.option("--max-kb", type=click.IntRange(16, 64 * 1024), default=256, show_default=True,
              help="Kilobytes read from a website per answer: its status and headers (pages themselves are "
                   "never downloaded). An answer whose headers go on longer is not a web page.")
@click.option("--allow-loopback", is_flag=True,
              help="For tests only: also check links to this computer (127.0.0.1, ::1, localhost), which are "
                   "otherwise refused like private and cloud metadata addresses.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Extra tries after a timeout, connection error or server error, waiting 1 s, 2 s, 4 s...")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/link-report.json"), show_default=True,
              help="The JSON report; a Markdown note per organisation goes in the folder of the same name.")
@click.option("--org", "org_id", default=None, help="Only check this organisation's links.")
@click.option("--fail-on-broken", is_flag=True, help="Exit 1 if any link is broken.")
@click.option("--force", is_flag=True, help="Replace --out even if it is not an earlier link report.")
def command(root: Path | None, concurrency: int, per_host: int, delay: float, timeout: float, max_minutes: float,
            max_kb: int, allow_loopback: bool, retries: int, out: Path, org_id: str | None, fail_on_broken: bool,
            force: bool) -> None:
    """Check that every resource and organisation link still works.

    Writes a JSON report (one entry per link: status, redirects, final address, when it was
    checked) and a plain-English Markdown note per organisation in build/link-report/.
    Records are never changed. Exits 0 even when links are broken, unless --fail-on-broken.

    Links and redirects that lead to private, loopback, link-local, cloud metadata, multicast
    or reserved addresses are refused, not visited, and reported as broken with the reason.

    Example:

        oerbank check-links --concurrency 8 --per-host 2 --out build/link-report.json
    """
    root = resolve_root(root)
    if out.exists() and not force and not is_link_report(out):
        raise click.UsageError(f"--out {out} exists and is not a link report; pass --force to replace it.")
    catalogue, _ = check(root)
    found = targets(catalogue)
    if org_id is not None:
        if catalogue.organisation(org_id) is None:
            raise click.UsageError(f"There is no organisation '{org_id}' (no organisations/{org_id}.yml).")
        found = [t for t in found if t.organisation == org_id]
    settings = Settings(concurrency=concurrency, per_host=per_host, timeout=timeout, retries=retries,
                        host_delay=delay, max_bytes=max_kb * 1024, run_deadline=max_minutes * 60,
                        allow_loopback=allow_loopback)
    click.echo(f"Checking {len({t.url for t in found})} links...", err=True)
    report = check_targets(found, settings)
    try:
        write_json(report, out)
    except WriteError as err:
        raise click.ClickException(str(err)) from None
    names = {o.id: str(o.data.get("name") or o.id) for o in catalogue.organisations}
    folder = out.with_suffix("")
    write_markdown(report, found, folder, names)
    for r in report.results:
        if r.result == "broken":
            what = r.error or f"HTTP {r.status}"
            where = r.resources + r.organisations + [f"{i} (picture)" for i in r.images + r.logos]
            click.echo(f"broken: {r.url} ({what}) in {', '.join(where)}")
    if report.count("not-checked"):
        click.echo(f"not checked: {report.count('not-checked')} links, because the run's time limit of "
                   f"{max_minutes:g} minutes came first; the next run checks them.")
    click.echo(report.summary())
    click.echo(f"Report: {out}; a note per organisation in {folder}/")
    sys.exit(1 if fail_on_broken and report.count("broken") else 0)
