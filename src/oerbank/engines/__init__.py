"""The docs engine: the one replaceable step that builds the prose pages from docs/.

Everything that knows MkDocs, ProperDocs or Zensical is in this package: the configuration
the engine is given (`project.py`), the MkDocs plugin it loads (`plugin.py`) and the live
preview server (`live.py`). The catalogue's own pages never go through an engine.

The engine runs in its own process, on a prose project made for it: a copy of docs/ plus the
pages the build generates (contributing, the field reference, open data), a placeholder for
each catalogue page the navigation names (written over by the real page afterwards), and a copy
of mkdocs.yml pointing at them. MkDocs and ProperDocs load the plugin, which sets edit links;
Zensical has no plugin API, so its generated pages have no edit link (see docs/architecture.md).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

from ..buildstep import StepFailed
from ..siteconfig import ENGINES
from .project import SITE, ProseSite, write_project

__all__ = ["ENGINES", "SITE", "EngineMissing", "ProseSite", "build_prose", "fill_in", "run_engine",
           "write_project"]

LEVEL = re.compile(r"^(ERROR|WARNING|INFO|DEBUG)\s+-\s+")  # how MkDocs starts a line of its log
NAMES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}


class EngineMissing(Exception):
    """The chosen engine is not installed; the message says how to install it."""


def check_installed(engine: str) -> None:
    if importlib.util.find_spec(engine) is None:
        raise EngineMissing(f"The docs engine {NAMES[engine]} is not installed here: install it with "
                            f"`pip install {engine}`, or build with another engine (--engine mkdocs).")


def _command(engine: str, config: Path) -> list[str]:
    if engine == "zensical":
        return [sys.executable, "-m", "zensical", "build", "--config-file", str(config)]
    return [sys.executable, "-m", engine, "build", "--quiet", "--config-file", str(config)]


def build_prose(engine: str, site: ProseSite, work: Path) -> Path:
    """Build the prose pages with `engine` in the empty folder `work`; returns the folder of built pages.

    The engine's warnings (a broken link in docs/, say) are passed on to stderr; a failure
    raises StepFailed with the engine's own words.
    """
    check_installed(engine)
    config, _ = write_project(engine, site, work)
    return run_engine(engine, config)


def fill_in(work: Path, src_uri: str, placeholder: str, markdown: str) -> None:
    """Put `markdown` in the prose project's page `src_uri`, written earlier as `placeholder`
    (a page of that name in docs/ stays as it is)."""
    page = work / "docs" / src_uri
    if page.read_text(encoding="utf-8") == placeholder:
        page.write_text(markdown, encoding="utf-8")


def run_engine(engine: str, config: Path) -> Path:
    """Build the prose project whose configuration is `config` (from write_project); returns the built pages."""
    site_dir = config.parent / SITE
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(_command(engine, config), cwd=config.parent, env=env, capture_output=True, text=True,
                          check=False)
    said = (done.stderr if engine != "zensical" else done.stdout + done.stderr).strip()
    step_name = f"building the prose pages with {NAMES[engine]}"
    if done.returncode != 0 or not (site_dir / "404.html").is_file():
        lines = [LEVEL.sub("", line).strip() for line in said.splitlines()
                 if line.strip() and not line.startswith("Aborted")] or [f"it ended with exit code {done.returncode}"]
        raise StepFailed(step_name, "", lines[-1], said)
    if said and engine != "zensical":
        print(said, file=sys.stderr)
    return site_dir
