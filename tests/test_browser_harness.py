"""The test server sends text gzipped when asked, as GitHub Pages does, and binary files as they are."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path

from browser_harness import Server


def _get(server: Server, path: str, encoding: str) -> tuple[str | None, bytes]:
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"))
    connection.request("GET", path, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.getheader("Content-Encoding"), body


def test_text_is_gzipped_for_browsers_that_ask(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    page = "<!doctype html><title>Search</title>" + "x" * 2000
    (tmp_path / "search" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(100))
    with Server(tmp_path, gzip=True) as server:
        encoding, body = _get(server, "/search/?q=masks", "gzip, deflate")
        assert encoding == "gzip" and gzip.decompress(body).decode() == page and len(body) < 200
        assert _get(server, "/search/", "identity") == (None, page.encode())
        assert _get(server, "/logo.png", "gzip") == (None, b"\x89PNG" + bytes(100))
    with Server(tmp_path) as plain:
        assert _get(plain, "/search/", "gzip") == (None, page.encode())
