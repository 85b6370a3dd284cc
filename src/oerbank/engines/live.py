"""Live preview: serve the built site on this computer and rebuild it when a source file changes.

MkDocs' live-reload server does the serving and watching (whatever engine builds the prose
pages); the build itself is oerbank.pipeline.build, the same as `oerbank build`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit


def serve_path(site_url: str) -> str:
    """The path the site is served under: that of site_url, e.g. /oerbank/."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def serve(build: Callable[[], None], site: Path, watch: list[Path], host: str, port: int, site_url: str) -> None:
    """Build, then serve `site` at http://host:port/<site_url's path>, building again when anything in `watch` changes.

    `build` raises SystemExit with a sentence when it fails: the first build's failure ends the
    preview; a later one is printed, and the last good site stays served until the next change.
    """
    from mkdocs.livereload import LiveReloadServer

    def rebuild() -> None:
        try:
            build()
        except SystemExit as failed:
            print(failed, file=sys.stderr, flush=True)

    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site), mount_path=serve_path(site_url))

    def error_page(code: int) -> bytes | None:
        page = site / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    build()
    for path in watch:
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
