"""The link checker against a real HTTP server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import json
import re
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from catalogues import altered
from oerbank.cli import cli
from oerbank.fetch import Hop
from oerbank.linkcheck import USER_AGENT, Limiter, Settings, check_urls, write_json, write_markdown
from oerbank.linkreport import last_check
from oerbank.load import load_catalogue

NOW = "2025-06-02T09:30:00Z"
FAST = Settings(concurrency=4, per_host=4, timeout=0.5, retries=2, backoff=0.01, host_delay=0.0, allow_loopback=True)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests: Counter[tuple[str, str]] = Counter()
        self.agents: set[str] = set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        srv = self.server
        path = self.path.split("?")[0]
        with srv.lock:
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            srv.requests[(self.command, path)] += 1
            srv.agents.add(self.headers.get("User-Agent", ""))
        self.counted = True
        try:
            self._route(path, send_body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self._done()

    def _done(self) -> None:
        # Counted out before the answer is sent: once the client has its answer and starts its
        # next request, this one must no longer count as in flight.
        if self.counted:
            self.counted = False
            with self.server.lock:
                self.server.in_flight -= 1

    def _send(self, status: int, headers: dict[str, str] | None = None, send_body: bool = True) -> None:
        self._done()
        body = f"status {status}\n".encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _route(self, path: str, send_body: bool) -> None:
        chain = {"/chain/1": "/chain/2", "/chain/2": f"{self.server.base}/chain/3", "/chain/3": "/chain/end"}
        if path in ("/ok", "/chain/end") or path.startswith("/page/"):
            if path.startswith("/page/"):
                time.sleep(0.03)
            self._send(200, send_body=send_body)
        elif path in chain:
            self._send(301, {"Location": chain[path]}, send_body)
        elif path == "/temporary":
            self._send(302, {"Location": "/ok"}, send_body)
        elif path == "/missing":
            self._send(404, send_body=send_body)
        elif path == "/gone":
            self._send(410, send_body=send_body)
        elif path == "/error":
            self._send(500, send_body=send_body)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, send_body=send_body)
        elif path == "/slow":
            time.sleep(1.2)
            self._send(200, send_body=send_body)
        elif path == "/loop":
            self._send(301, {"Location": "/loop"}, send_body)
        else:
            self._send(404, send_body=send_body)


@pytest.fixture(name="server")
def server_fixture() -> Iterator[Server]:
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def entry(url: str, result: str, status: int | None, error: str | None = None, final_url: str | None = None,
          redirects: list | None = None, redirect: str | None = None, method: str = "HEAD", attempts: int = 1) -> dict:
    return {"url": url, "result": result, "status": status, "error": error, "final_url": final_url or url,
            "redirects": redirects or [], "redirect": redirect, "method": method, "attempts": attempts,
            "checked": NOW, "resources": [], "organisations": [], "images": [], "logos": []}


def test_every_kind_of_answer(server: Server) -> None:
    b = server.base
    refused = f"http://127.0.0.1:{closed_port()}/anything"
    urls = [f"{b}/ok", f"{b}/chain/1", f"{b}/temporary", f"{b}/missing", f"{b}/gone", f"{b}/error",
            f"{b}/no-head", f"{b}/slow", f"{b}/loop", refused]
    results = check_urls(urls, FAST, now=lambda: NOW)
    got = {u: r.to_dict() for u, r in results.items()}
    assert got == {
        f"{b}/ok": entry(f"{b}/ok", "ok", 200),
        f"{b}/chain/1": entry(f"{b}/chain/1", "redirected", 200, final_url=f"{b}/chain/end", redirect="permanent",
                              redirects=[{"url": f"{b}/chain/1", "status": 301, "permanent": True},
                                         {"url": f"{b}/chain/2", "status": 301, "permanent": True},
                                         {"url": f"{b}/chain/3", "status": 301, "permanent": True}]),
        f"{b}/temporary": entry(f"{b}/temporary", "redirected", 200, final_url=f"{b}/ok", redirect="temporary",
                                redirects=[{"url": f"{b}/temporary", "status": 302, "permanent": False}]),
        f"{b}/missing": entry(f"{b}/missing", "broken", 404, method="GET"),
        f"{b}/gone": entry(f"{b}/gone", "broken", 410, method="GET"),
        f"{b}/error": entry(f"{b}/error", "broken", 500, method="GET", attempts=3),
        f"{b}/no-head": entry(f"{b}/no-head", "ok", 200, method="GET"),
        f"{b}/slow": entry(f"{b}/slow", "broken", None, error="timeout", attempts=3),
        f"{b}/loop": entry(f"{b}/loop", "broken", None, error="redirect-loop", method="GET", redirect="permanent",
                           redirects=[{"url": f"{b}/loop", "status": 301, "permanent": True}]),
        refused: entry(refused, "broken", None, error="connection-refused", attempts=3),
    }
    # 500 is retried: HEAD then GET on each of the three attempts; 404 is not retried.
    assert server.requests[("HEAD", "/error")] == 3
    assert server.requests[("GET", "/error")] == 3
    assert server.requests[("GET", "/missing")] == 1
    assert server.requests[("HEAD", "/slow")] == 3
    assert server.requests[("GET", "/slow")] == 0
    assert server.agents == {USER_AGENT}


def test_concurrency_never_exceeds_the_limit(server: Server) -> None:
    urls = [f"{server.base}/page/{i}" for i in range(40)]
    settings = Settings(concurrency=3, per_host=10, timeout=5, retries=0, host_delay=0.0, allow_loopback=True)
    results = check_urls(urls, settings)
    assert {r.result for r in results.values()} == {"ok"}
    assert server.max_in_flight == 3


def test_per_host_limit_and_delay(server: Server) -> None:
    urls = [f"{server.base}/page/{i}" for i in range(12)]
    check_urls(urls, Settings(concurrency=8, per_host=2, timeout=5, retries=0, host_delay=0.0, allow_loopback=True))
    assert server.max_in_flight == 2


class _Inline(concurrent.futures.Executor):
    """Runs each request as it is handed over, so it starts at the limiter's time."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_requests_to_one_host_are_spaced_by_the_delay() -> None:
    """On a clock the test drives: the limiter's own sleeps are the only thing that moves it."""
    now = [100.0]
    starts: list[tuple[str, float]] = []

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    def fetch(url: str, method: str, deadline: float, settings: Settings) -> Hop:
        starts.append((url, now[0]))
        return Hop(200, None)

    async def run() -> None:
        settings = Settings(concurrency=8, per_host=2, retries=0, host_delay=0.25)
        limiter = Limiter(settings, _Inline(), fetch, clock=lambda: now[0], sleep=sleep)
        urls = [f"https://a.example/{i}" for i in range(4)] + ["https://b.example/0", "https://a.example/4"]
        await asyncio.gather(*(limiter.request(u, "HEAD", 5) for u in urls))

    asyncio.run(run())
    by_host = {host: [t for u, t in starts if u.startswith(f"https://{host}/")] for host in ("a.example", "b.example")}
    assert by_host == {"a.example": [100.0, 100.25, 100.5, 100.75, 101.0], "b.example": [100.25]}
    assert slept == [0.25] * 4  # only a.example waited: the other host's first request went straight out


def test_duplicate_urls_are_checked_once(server: Server) -> None:
    results = check_urls([f"{server.base}/ok"] * 3, FAST)
    assert list(results) == [f"{server.base}/ok"]
    assert server.requests[("HEAD", "/ok")] == 1


def _catalogue(root: Path, base: str) -> None:
    (root / "organisations").mkdir(parents=True)
    (root / "resources" / "tideway-arts").mkdir(parents=True)
    (root / "organisations" / "tideway-arts.yml").write_text(
        f"name: Tideway Arts\nurl: {base}/ok\nsummary: An arts centre by the river.\n"
        "type: combined-arts\nregion: london\nmaintainers: [tideway-learning]\n", encoding="utf-8")
    for slug, title, path in (("river-songs", "River Songs", "/chain/1"), ("mud-larks", "Mud Larks", "/missing"),
                              ("boat-prints", "Boat Prints", "/no-head")):
        (root / "resources" / "tideway-arts" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nurl: {base}{path}\nsummary: A lesson.\nresource_types: [activity]\n"
            "key_stages: [ks2]\nsubjects: [music]\nlicence: CC-BY-4.0\ncost: free\n---\nAbout it.\n",
            encoding="utf-8")


def _with_pictures(root: Path, base: str) -> None:
    """River Songs gets a picture that loads, Mud Larks one that doesn't (http://, as the server is)."""
    for slug, path in (("river-songs", "/ok"), ("mud-larks", "/gone.jpg")):
        f = root / "resources" / "tideway-arts" / f"{slug}.md"
        f.write_text(f.read_text(encoding="utf-8").replace(
            "cost: free\n", f"cost: free\nimage: {base}{path}\nimage_alt: A picture.\n"), encoding="utf-8")


def test_command_writes_reports_and_never_edits_records(server: Server, tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, server.base)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    out = tmp_path / "build" / "link-report.json"
    args = ["check-links", "--root", str(root), "--out", str(out), "--timeout", "1", "--retries", "0",
            "--delay", "0", "--allow-loopback"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        f"broken: {server.base}/missing (HTTP 404) in tideway-arts/mud-larks",
        "4 links checked: 2 ok, 1 redirected (1 moved permanently), 1 broken",
        f"Report: {out}; a note per organisation in {tmp_path / 'build' / 'link-report'}/",
    ]
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before

    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"] == {"links": 4, "ok": 2, "redirected": 1, "broken": 1, "not_checked": 0}
    by_url = {link["url"]: link for link in report["links"]}
    assert by_url[f"{server.base}/ok"]["organisations"] == ["tideway-arts"]
    assert by_url[f"{server.base}/missing"]["resources"] == ["tideway-arts/mud-larks"]

    last = last_check(out, load_catalogue(root)[0])[0]
    when = {path: by_url[f"{server.base}{path}"]["checked"] for path in ("/no-head", "/missing", "/chain/1")}
    assert last == {
        "tideway-arts/boat-prints": {"status": 200, "checked": when["/no-head"],
                                     "final_url": f"{server.base}/no-head", "ok": True},
        "tideway-arts/mud-larks": {"status": 404, "checked": when["/missing"],
                                   "final_url": f"{server.base}/missing", "ok": False},
        "tideway-arts/river-songs": {"status": 200, "checked": when["/chain/1"],
                                     "final_url": f"{server.base}/chain/end", "ok": True},
    }

    note = (tmp_path / "build" / "link-report" / "tideway-arts.md").read_text(encoding="utf-8")
    assert "# Link check: Tideway Arts" in note
    assert "4 links: 3 working, 1 broken, 1 moved to a new address." in note
    assert ("### Mud Larks\n\n- File: `resources/tideway-arts/mud-larks.md`\n"
            f"- Link: <{server.base}/missing>\n"
            "- What happened: The website says this page doesn't exist (error 404: not found).\n"
            "- What to do: Find the resource on your website and put its new address in the `url:` line of the "
            "file. If it has been taken down for good, delete the file (or ask the catalogue team to).\n") in note
    assert ("### River Songs\n\n- File: `resources/tideway-arts/river-songs.md`\n"
            f"- Link: <{server.base}/chain/1>\n"
            f"- What happened: It now goes to {server.base}/chain/end\n"
            "- What to do: Replace the address in the `url:` line of the file with the new one above.\n") in note

    failing = CliRunner().invoke(cli, [*args, "--fail-on-broken"])
    assert failing.exit_code == 1


def test_pictures_are_checked_and_a_broken_one_is_left_out_of_the_page(server: Server, tmp_path: Path) -> None:
    from oerbank.linkcheck import check_targets, targets
    from oerbank.pipeline import check
    from oerbank.render.site import SiteModel

    root = tmp_path / "cat"
    _catalogue(root, server.base)
    _with_pictures(root, server.base)
    catalogue, _ = check(root)
    found = targets(catalogue)
    assert sorted((t.kind, t.id) for t in found if t.kind == "image") == [
        ("image", "tideway-arts/mud-larks"), ("image", "tideway-arts/river-songs")]
    report = check_targets(found, FAST)
    by_url = {r.url: r for r in report.results}
    assert by_url[f"{server.base}/gone.jpg"].images == ["tideway-arts/mud-larks"]
    assert by_url[f"{server.base}/ok"].images == ["tideway-arts/river-songs"]
    out = tmp_path / "build" / "link-report.json"
    write_json(report, out)
    assert last_check(out, catalogue)[1] == {"tideway-arts/mud-larks"}

    notes = write_markdown(report, found, tmp_path / "build" / "link-report", {"tideway-arts": "Tideway Arts"})
    note = notes[0].read_text(encoding="utf-8")
    assert ("### The picture for Mud Larks\n\n- File: `resources/tideway-arts/mud-larks.md`\n"
            f"- Link: <{server.base}/gone.jpg>\n"
            "- What happened: The website says this page doesn't exist (error 404: not found).\n"
            "- What to do: Put the picture's current address in the `image:` line of the file, or delete that "
            "line. Until then the catalogue leaves the picture out.\n") in note

    # http:// pictures are never shown, so make them https:// for the page and compare.
    for r in catalogue.resources:
        catalogue = altered(catalogue, r.id, image=r.data["image"].replace("http://", "https://")
                            if r.data.get("image") else None)
    model = SiteModel(catalogue, broken_pictures=last_check(out, catalogue)[1])
    pages = {r["id"]: model.resource_html(r) for r in model.resources}
    assert '<figure class="oer-resource__image">' in pages["tideway-arts/river-songs"]
    assert '<figure class="oer-resource__image">' not in pages["tideway-arts/mud-larks"]


def test_command_refuses_to_overwrite_another_file(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "http://127.0.0.1:9")
    out = tmp_path / "notes.json"
    out.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check-links", "--root", str(root), "--out", str(out)])
    assert result.exit_code == 2
    assert "--out " + str(out) + " exists and is not a link report; pass --force to replace it." in result.output
    assert out.read_text(encoding="utf-8") == "{}"


def test_last_check_without_a_report(tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, "http://127.0.0.1:9")
    catalogue = load_catalogue(root)[0]
    assert last_check(tmp_path / "none.json", catalogue) == ({}, set(), [])
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    assert last_check(bad, catalogue) == (
        {}, set(), [f"{bad} is not valid JSON (line 1, column 1), so it was not used and no page is marked."])


# --- hostile websites ------------------------------------------------------------------------

def test_hostile_websites_end_with_a_clear_status(server: Server, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from hostile_servers import HostileServer, endless_body, redirect, trickle
    from oerbank import fetch

    connected: list[str] = []
    real_connect = fetch.connect

    def recording_connect(addresses: list, deadline: float):
        connected.extend(a[4][0] for a in addresses)
        return real_connect(addresses, deadline)

    monkeypatch.setattr(fetch, "connect", recording_connect)
    with HostileServer(trickle(interval=0.5)) as slow, HostileServer(endless_body()) as big, \
            HostileServer(redirect("http://169.254.169.254/latest/meta-data/")) as to_metadata, \
            HostileServer(redirect("http://192.168.1.10/admin", status=301)) as to_private:
        root = tmp_path / "cat"
        _catalogue(root, server.base)
        folder = root / "resources" / "tideway-arts"
        for slug, url in (("river-songs", f"{slow.base}/lesson"), ("mud-larks", f"{to_metadata.base}/pack"),
                          ("boat-prints", f"{big.base}/film")):
            f = folder / f"{slug}.md"
            f.write_text(re.sub(r"url: .*", f"url: {url}", f.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        (folder / "quay-walk.md").write_text((folder / "boat-prints.md").read_text(encoding="utf-8").replace(
            f"{big.base}/film", f"{to_private.base}/walk").replace("Boat Prints", "Quay Walk"), encoding="utf-8")
        out = tmp_path / "build" / "link-report.json"
        result = CliRunner().invoke(cli, ["check-links", "--root", str(root), "--out", str(out), "--timeout", "1.5",
                                          "--retries", "0", "--delay", "0", "--max-kb", "64", "--allow-loopback"])
        sent_by_big = big.sent
    assert result.exit_code == 0, result.output
    links = {link["url"]: link for link in json.loads(out.read_text(encoding="utf-8"))["links"]}
    got = {url: (link["result"], link["status"], link["error"], link["method"]) for url, link in links.items()}
    assert got == {
        f"{server.base}/ok": ("ok", 200, None, "HEAD"),
        f"{slow.base}/lesson": ("broken", None, "timeout", "HEAD"),
        f"{big.base}/film": ("ok", 200, None, "GET"),  # the headers are enough: the body is never read
        f"{to_metadata.base}/pack": ("broken", None, "metadata-address", "HEAD"),
        f"{to_private.base}/walk": ("broken", None, "private-address", "HEAD"),
    }
    assert links[f"{to_metadata.base}/pack"]["final_url"] == "http://169.254.169.254/latest/meta-data/"
    assert links[f"{to_private.base}/walk"]["redirects"] == [
        {"url": f"{to_private.base}/walk", "status": 301, "permanent": True}]
    # Only the loopback servers were ever connected to; the refused hops were never visited.
    assert set(connected) == {"127.0.0.1"}
    assert sent_by_big < 256 * 1024 * 1024

    note = (tmp_path / "build" / "link-report" / "tideway-arts.md").read_text(encoding="utf-8")
    assert ("### Mud Larks\n\n- File: `resources/tideway-arts/mud-larks.md`\n"
            f"- Link: <{to_metadata.base}/pack>\n"
            "- What happened: The link leads to a cloud server's private settings address, not to a public "
            "website. The checker never visits such addresses, and teachers can't open them. (The link first "
            "redirects to http://169.254.169.254/latest/meta-data/.)\n"
            "- What to do: Your website sends this link on to an address that isn't public. Ask your web team to "
            "fix the redirect, or put the page's public address in the `url:` line of the file.\n") in note
    assert ("### Quay Walk\n\n- File: `resources/tideway-arts/quay-walk.md`\n"
            f"- Link: <{to_private.base}/walk>\n"
            "- What happened: The link leads to an address inside a private network, not on the public internet, "
            "so it was not checked and teachers outside that network can't open it. (The link first redirects to "
            "http://192.168.1.10/admin.)\n") in note
    assert ("### River Songs\n\n- File: `resources/tideway-arts/river-songs.md`\n"
            f"- Link: <{slow.base}/lesson>\n- What happened: The website didn't answer in time.\n") in note


def test_links_to_this_computer_are_refused_without_the_flag(server: Server, tmp_path: Path) -> None:
    root = tmp_path / "cat"
    _catalogue(root, server.base.replace("127.0.0.1", "localhost"))
    out = tmp_path / "link-report.json"
    result = CliRunner().invoke(cli, ["check-links", "--root", str(root), "--out", str(out), "--retries", "0"])
    assert result.exit_code == 0, result.output
    links = json.loads(out.read_text(encoding="utf-8"))["links"]
    assert {(link["result"], link["error"]) for link in links} == {("broken", "loopback-address")}
    assert len(links) == 4
    assert sum(server.requests.values()) == 0
    assert "4 links checked: 0 ok, 0 redirected (0 moved permanently), 4 broken" in result.stdout
    note = (tmp_path / "link-report" / "tideway-arts.md").read_text(encoding="utf-8")
    assert ("- What happened: The link leads back to the computer it is opened on (like localhost), not to a "
            "public website, so it was not checked and teachers can't open it.\n"
            "- What to do: Put the page's public address in the `url:` line of the file: the one teachers see in "
            "their browser's address bar when they open it from home or school.\n") in note


def test_links_the_run_deadline_comes_before_are_not_checked() -> None:
    from hostile_servers import HostileServer, slow_ok
    from oerbank.linkcheck import not_checked

    with HostileServer(slow_ok(0.3)) as slow:
        urls = [f"{slow.base}/page/{i}" for i in range(10)]
        settings = Settings(concurrency=1, per_host=1, timeout=5, retries=0, host_delay=0.0, run_deadline=1.0,
                            allow_loopback=True)
        results = check_urls(urls, settings, now=lambda: NOW)
        asked = slow.connections
    assert list(results) == urls
    done = [u for u, r in results.items() if r.result == "ok"]
    skipped = [u for u, r in results.items() if r.result == "not-checked"]
    assert done + skipped == urls  # first come, first checked
    assert len(done) <= 3 and len(skipped) >= 7
    assert asked <= 4  # the links after the deadline were never asked for
    assert all(results[u].to_dict() == not_checked(u, NOW).to_dict() for u in skipped)
    assert not_checked(urls[0], NOW).to_dict() == {
        "url": urls[0], "result": "not-checked", "status": None, "error": "run-deadline", "final_url": urls[0],
        "redirects": [], "redirect": None, "method": None, "attempts": 0, "checked": NOW, "resources": [],
        "organisations": [], "images": [], "logos": []}


def test_the_note_and_summary_say_which_links_were_not_checked(tmp_path: Path) -> None:
    from oerbank.linkcheck import LinkReport, Target, not_checked

    found = [Target("resource", "tideway-arts/river-songs", "tideway-arts", "River Songs",
                    "resources/tideway-arts/river-songs.md", "https://tideway.example/river-songs")]
    report = LinkReport(NOW, Settings(run_deadline=2400), [not_checked(found[0].url, NOW)])
    assert report.summary() == ("1 link checked: 0 ok, 0 redirected (0 moved permanently), 0 broken; 1 not checked, "
                                "because the run's time limit (40 minutes) came first")
    note = write_markdown(report, found, tmp_path, {"tideway-arts": "Tideway Arts"})[0].read_text(encoding="utf-8")
    assert note == (
        "# Link check: Tideway Arts\n\n"
        "Checked on 2 June 2025. 1 link: 0 working, 0 broken, 0 moved to a new address, 1 not checked.\n\n"
        "## Links not checked this time (1)\n\n"
        "The link check ran out of time before it reached these links; the next check will try them. Nothing to do."
        "\n\n- `resources/tideway-arts/river-songs.md`: <https://tideway.example/river-songs>\n\n"
        "This report is written by `oerbank check-links`; it never changes your files.\n")


def test_the_deadline_covers_every_redirect_of_a_link() -> None:
    from hostile_servers import HostileServer, slow_redirects

    # Each answer comes in 0.4 s, well within any per-request timeout, but ten redirects take 4 s:
    # the 1.5 s deadline for the whole try ends the chain after at most four requests.
    with HostileServer(slow_redirects(0.4, hops=10)) as chain:
        settings = Settings(concurrency=1, per_host=1, timeout=1.5, retries=0, host_delay=0.0, allow_loopback=True)
        result = check_urls([f"{chain.base}/0"], settings)[f"{chain.base}/0"]
        asked = chain.connections
    assert (result.result, result.status, result.error) == ("broken", None, "timeout")
    assert 1 <= asked <= 4  # without a deadline for the whole chain: 11
    assert len(result.redirects) == asked - 1


def test_every_error_word_is_explained_in_contributing() -> None:
    from catalogues import REPO
    from oerbank.linkcheck import ERROR_WORDS

    section = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## What the weekly link check says")[1]
    documented = set(re.findall(r"`([a-z-]+)`", section))
    assert sorted(set(ERROR_WORDS) - documented) == []


def test_names_in_the_note_are_inert_markdown(tmp_path: Path) -> None:
    """The note becomes an issue on GitHub: a title is shown as written and pings or links nothing."""
    from oerbank.linkcheck import LinkReport, Target, not_checked

    found = [Target("resource", "tideway-arts/river-songs", "tideway-arts", "Songs @team #12 <b>",
                    "resources/tideway-arts/river-songs.md", "https://tideway.example/river-songs")]
    report = LinkReport(NOW, Settings(run_deadline=2400), [not_checked(found[0].url, NOW)])
    report.results[0] = dataclasses.replace(report.results[0], result="broken", status=404, error=None)
    note = write_markdown(report, found, tmp_path, {"tideway-arts": "Tide_way *Arts*"})[0].read_text(encoding="utf-8")
    assert note.startswith("# Link check: Tide\\_way \\*Arts\\*\n")
    assert "### Songs @\u2060team \\#\u206012 \\<b\\>\n\n- File: `resources/tideway-arts/river-songs.md`\n" in note
