"""`oerbank serve`: the README's main command serves the site and shows an edited record on reload."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from .conftest import copy_project

RESOURCE = "resources/castlegate-gallery/pattern-and-repeat-geometric-design.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, seconds: float = 90) -> str:
    end = time.monotonic() + seconds
    last = ""
    while time.monotonic() < end:
        try:
            last = _get(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared at {url}")


def test_serve_prints_its_url_and_rebuilds_after_an_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "oerbank.cli", "serve", "--root", str(project), "--port", str(port)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        assert first == "16 organisations, 170 resources: valid\n"
        second = proc.stdout.readline()  # type: ignore[union-attr]
        match = re.match(r"Serving the catalogue at (http://127\.0\.0\.1:\d+/oerbank/)", second)
        assert match, second
        page = match.group(1) + "resources/castlegate-gallery/pattern-and-repeat-geometric-design/"
        html = _wait_for(page, "<h1>Pattern and Repeat: Geometry in Art</h1>")
        # The live-reload script MkDocs injects is inline: allowed while serving only.
        assert "script-src 'self' 'unsafe-inline'" in html
        source = project / RESOURCE
        source.write_text(source.read_text(encoding="utf-8").replace(
            "title: \"Pattern and Repeat: Geometry in Art\"", "title: \"Pattern and Repeat: Stars and Tiles\""),
            encoding="utf-8")
        _wait_for(page, "<h1>Pattern and Repeat: Stars and Tiles</h1>")

        # A record broken while serving: the problem is said in words, the last good page stays served.
        said: list[str] = []
        threading.Thread(target=lambda: said.extend(proc.stdout), daemon=True).start()  # type: ignore[arg-type]
        good = source.read_text(encoding="utf-8")
        source.write_text(good.replace("title: \"Pattern and Repeat: Stars and Tiles\"\n", ""), encoding="utf-8")
        end = time.monotonic() + 90
        while not any("so the site was not built" in line for line in said) and time.monotonic() < end:
            time.sleep(0.5)
        assert "The catalogue has problems, so the site was not built:\n" in said
        assert not any("Traceback" in line for line in said)
        assert "<h1>Pattern and Repeat: Stars and Tiles</h1>" in _get(page)
        source.write_text(good.replace("Stars and Tiles", "Stars, Tiles and Knots"), encoding="utf-8")
        _wait_for(page, "<h1>Pattern and Repeat: Stars, Tiles and Knots</h1>")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
