"""The `oerbank` command: a thin layer over the library, one module per verb."""

from __future__ import annotations

import importlib

import click

from . import __version__

COMMANDS = ["preview", "validate", "new", "schema", "build", "serve", "import_", "template", "check_links",
            "verify_link_report", "changes", "owners_check", "codeowners", "issue_form", "from_issue", "init", "codes",
            "suggest_curriculum"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oerbank")
def cli() -> None:
    """Open Arts Resource Bank: check, build and publish the catalogue of arts learning resources."""


for _name in COMMANDS:
    cli.add_command(importlib.import_module(f".commands.{_name}", __package__).command)


def main() -> None:
    cli(prog_name="oerbank")


if __name__ == "__main__":
    main()
