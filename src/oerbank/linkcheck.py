"""Check that every resource and organisation link still works, politely.

Links rot: pages move, sites are rebuilt, resources are withdrawn. This stage asks each web
server about each link and writes what it said, for the site ("this link may be broken"),
the data dumps, and a plain-English note per organisation. It never changes a record.

How it is polite and robust:
- at most `concurrency` requests in flight, and at most `per_host` to any one host, with
  `host_delay` seconds between the starts of two requests to the same host;
- HEAD first (no page body), falling back to GET when HEAD is refused or fails, because many
  servers answer HEAD wrongly;
- redirects followed one hop at a time, so the chain is recorded and a permanent move can be
  told from a temporary one;
- timeouts, connection errors, 429 and 5xx are retried with exponential backoff.

Only the standard library: one blocking `http.client` request per worker thread, scheduled by
asyncio, which keeps the concurrency limits and the backoff sleeps in one place without a
third-party HTTP client.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import http.client
import json
import socket
import ssl
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urljoin, urlsplit

from . import __version__

USER_AGENT = (f"oerbank-linkcheck/{__version__} (Open Arts Resource Bank link checker; "
              "checks that catalogued learning resources are still online)")
PERMANENT = {301, 308}
REDIRECT = {301, 302, 303, 307, 308}
HEAD_REFUSED = {403, 405, 501}
RETRY_ERRORS = {"timeout", "connection-refused", "connection-reset", "connection-error", "bad-response"}
NO_GET_FALLBACK = {"timeout", "connection-refused", "dns", "ssl", "ssl-certificate", "invalid-url"}
MAX_RETRY_AFTER = 30.0
REPORT_KIND = "oerbank-link-report"


@dataclass(frozen=True)
class Settings:
    concurrency: int = 8
    per_host: int = 2
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled for each later one
    host_delay: float = 0.2  # seconds between the starts of two requests to one host
    max_redirects: int = 10
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Hop:
    """One response in a chain: the address asked for and what came back."""

    status: int | None
    error: str | None
    location: str | None = None
    retry_after: float | None = None


@dataclass
class LinkResult:
    url: str
    result: str  # ok, redirected or broken
    status: int | None  # the final HTTP status, if the server answered
    error: str | None  # what went wrong without an HTTP status: timeout, connection-refused, dns...
    final_url: str
    redirects: list[dict[str, Any]]  # [{"url", "status", "permanent"}], in order
    redirect: str | None  # "permanent" if every hop is permanent, "temporary" otherwise, None if none
    method: str  # HEAD, or GET when HEAD did not do
    attempts: int
    checked: str
    resources: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # resources showing this picture
    logos: list[str] = field(default_factory=list)  # organisations showing this logo

    @property
    def ok(self) -> bool:
        return self.result != "broken"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- one request (runs in a worker thread) -------------------------------------------------

def _error_kind(err: BaseException) -> str:
    if isinstance(err, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(err, ConnectionRefusedError):
        return "connection-refused"
    if isinstance(err, socket.gaierror):
        return "dns"
    if isinstance(err, ssl.SSLCertVerificationError):
        return "ssl-certificate"
    if isinstance(err, ssl.SSLError):
        return "ssl"
    if isinstance(err, (ConnectionResetError, http.client.RemoteDisconnected, BrokenPipeError)):
        return "connection-reset"
    if isinstance(err, http.client.HTTPException):
        return "bad-response"
    return "connection-error"


def request(url: str, method: str, timeout: float, user_agent: str) -> Hop:
    """One HTTP request without following redirects; never raises."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return Hop(None, "invalid-url")
    if parts.scheme not in ("http", "https") or not host:
        return Hop(None, "invalid-url")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(method, target, headers={
            "User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": "identity", "Connection": "close"})
        response = conn.getresponse()
        location = response.getheader("Location")
        retry_after = _retry_after(response.getheader("Retry-After"))
        # The body is not needed: a page that answers is a page that works.
        return Hop(response.status, None, location, retry_after)
    except Exception as err:  # noqa: BLE001 - every failure becomes a result, never a crash
        return Hop(None, _error_kind(err))
    finally:
        conn.close()


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None


# --- scheduling ----------------------------------------------------------------------------

class Limiter:
    """Global and per-host limits, plus a minimum gap between request starts to one host."""

    def __init__(self, settings: Settings, executor: ThreadPoolExecutor,
                 fetch: Callable[[str, str, float, str], Hop] = request) -> None:
        self.settings = settings
        self.executor = executor
        self.fetch = fetch
        self.global_slots = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, tuple[asyncio.Semaphore, asyncio.Lock, list[float]]] = {}

    def _host(self, url: str) -> tuple[asyncio.Semaphore, asyncio.Lock, list[float]]:
        try:
            key = (urlsplit(url).hostname or "").lower()
        except ValueError:
            key = ""
        if key not in self.hosts:
            self.hosts[key] = (asyncio.Semaphore(self.settings.per_host), asyncio.Lock(), [0.0])
        return self.hosts[key]

    async def request(self, url: str, method: str) -> Hop:
        slots, lock, next_start = self._host(url)
        loop = asyncio.get_running_loop()
        # Host first, then global: waiting for a busy host never holds a global slot.
        async with slots:
            async with lock:
                wait = next_start[0] - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                next_start[0] = time.monotonic() + self.settings.host_delay
            async with self.global_slots:
                return await loop.run_in_executor(self.executor, self.fetch, url, method,
                                                  self.settings.timeout, self.settings.user_agent)


@dataclass
class _Chain:
    final: Hop
    final_url: str
    hops: list[dict[str, Any]]
    error: str | None = None  # too-many-redirects, redirect-loop, bad-redirect


async def _follow(url: str, method: str, limiter: Limiter) -> _Chain:
    hops: list[dict[str, Any]] = []
    seen = {url}
    current = url
    for _ in range(limiter.settings.max_redirects + 1):
        hop = await limiter.request(current, method)
        if hop.status not in REDIRECT:
            return _Chain(hop, current, hops)
        hops.append({"url": current, "status": hop.status, "permanent": hop.status in PERMANENT})
        if not hop.location:
            return _Chain(hop, current, hops, "bad-redirect")
        current = urljoin(current, hop.location.strip())
        if hop.status == 303:
            method = "GET"
        if current in seen:
            return _Chain(hop, current, hops, "redirect-loop")
        seen.add(current)
    return _Chain(hop, current, hops, "too-many-redirects")


def _failed(chain: _Chain) -> bool:
    return chain.error is not None or chain.final.error is not None or (chain.final.status or 0) >= 400


def _retryable(chain: _Chain) -> bool:
    if chain.error is not None:
        return False
    status = chain.final.status
    return chain.final.error in RETRY_ERRORS or status == 429 or (status is not None and status >= 500)


async def check_url(url: str, limiter: Limiter, now: Callable[[], str]) -> LinkResult:
    """HEAD, GET if HEAD did not work, with retries for failures that may pass."""
    s = limiter.settings
    attempts = 0
    while True:
        attempts += 1
        method = "HEAD"
        chain = await _follow(url, "HEAD", limiter)
        if _failed(chain) and chain.final.error not in NO_GET_FALLBACK:
            method = "GET"
            chain = await _follow(url, "GET", limiter)
        if not _failed(chain) or not _retryable(chain) or attempts > s.retries:
            break
        delay = s.backoff * 2 ** (attempts - 1)
        if chain.final.retry_after is not None:
            delay = max(delay, chain.final.retry_after)
        await asyncio.sleep(delay)
    error = chain.error or chain.final.error
    status = None if chain.error else chain.final.status
    if _failed(chain):
        result = "broken"
    elif chain.hops:
        result = "redirected"
    else:
        result = "ok"
    kind = None
    if chain.hops:
        kind = "permanent" if all(h["permanent"] for h in chain.hops) else "temporary"
    return LinkResult(url=url, result=result, status=status, error=error, final_url=chain.final_url,
                      redirects=chain.hops, redirect=kind, method=method, attempts=attempts, checked=now())


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


async def check_urls_async(urls: Iterable[str], settings: Settings, now: Callable[[], str] = _now,
                           fetch: Callable[[str, str, float, str], Hop] = request) -> dict[str, LinkResult]:
    unique = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max_workers=max(1, settings.concurrency), thread_name_prefix="linkcheck") as pool:
        limiter = Limiter(settings, pool, fetch)
        results = await asyncio.gather(*(check_url(u, limiter, now) for u in unique))
    return {r.url: r for r in results}


def check_urls(urls: Iterable[str], settings: Settings | None = None, now: Callable[[], str] = _now,
               fetch: Callable[[str, str, float, str], Hop] = request) -> dict[str, LinkResult]:
    """Check each distinct URL once; returns {url: result}."""
    settings = settings or Settings()
    if settings.concurrency < 1 or settings.per_host < 1:
        raise ValueError("concurrency and per_host must be at least 1")
    work = check_urls_async(urls, settings, now, fetch)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    # Called from code that already runs an event loop (a notebook, or a test process that
    # drives a browser): run ours on a thread of its own instead of failing.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


# --- the catalogue's links -----------------------------------------------------------------

@dataclass
class Target:
    """Something in the catalogue that has a link."""

    kind: str  # resource, organisation, image (a resource's picture) or logo (an organisation's)
    id: str
    organisation: str
    title: str
    path: str
    url: str


def targets(catalogue: Any) -> list[Target]:
    """Every resource and organisation link, from a loaded and validated catalogue."""
    from .safety import is_safe_url

    out: list[Target] = []
    for o in catalogue.organisations:
        name = str(o.data.get("name") or o.id)
        for kind, key in (("organisation", "url"), ("logo", "logo")):
            url = o.data.get(key)
            if isinstance(url, str) and is_safe_url(url):
                out.append(Target(kind, o.id, o.id, name, o.path, url.strip()))
    for r in catalogue.resources:
        org, title = str(r.data.get("organisation") or r.folder), str(r.data.get("title") or r.id)
        for kind, key in (("resource", "url"), ("image", "image")):
            url = r.data.get(key)
            if isinstance(url, str) and is_safe_url(url):
                out.append(Target(kind, r.id, org, title, r.path, url.strip()))
    return out


@dataclass
class LinkReport:
    checked: str
    settings: Settings
    results: list[LinkResult]

    def count(self, result: str) -> int:
        return sum(1 for r in self.results if r.result == result)

    def summary(self) -> str:
        n = len(self.results)
        permanent = sum(1 for r in self.results if r.result == "redirected" and r.redirect == "permanent")
        return (f"{n} link{'s' * (n != 1)} checked: {self.count('ok')} ok, {self.count('redirected')} redirected "
                f"({permanent} moved permanently), {self.count('broken')} broken")

    def to_dict(self) -> dict[str, Any]:
        s = self.settings
        return {
            "kind": REPORT_KIND,
            "checked": self.checked,
            "settings": {"concurrency": s.concurrency, "per_host": s.per_host, "timeout": s.timeout,
                         "retries": s.retries, "user_agent": s.user_agent},
            "summary": {"links": len(self.results), "ok": self.count("ok"),
                        "redirected": self.count("redirected"), "broken": self.count("broken")},
            "links": [r.to_dict() for r in self.results],
        }


def check_targets(found: list[Target], settings: Settings | None = None, now: Callable[[], str] = _now,
                  fetch: Callable[[str, str, float, str], Hop] = request) -> LinkReport:
    settings = settings or Settings()
    started = now()
    by_url = check_urls([t.url for t in found], settings, now, fetch)
    for t in found:
        entry = by_url[t.url]
        {"resource": entry.resources, "organisation": entry.organisations, "image": entry.images,
         "logo": entry.logos}[t.kind].append(t.id)
    return LinkReport(started, settings, sorted(by_url.values(), key=lambda r: r.url))


# --- writing and reading reports -----------------------------------------------------------

class LinkReportError(ValueError):
    """A link report file that exists but can't be read."""


def is_link_report(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind") == REPORT_KIND
    except (OSError, ValueError, AttributeError):
        return False


def write_json(report: LinkReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def last_check(path: Path) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """The last report, read once, as ({resource id: {status, checked, final_url, ok}}, ids of the
    resources and organisations whose picture (image or logo) failed); empty if there is none.

    `status` is the HTTP status, or the kind of error (e.g. "timeout") when there was none.
    """
    path = Path(path)
    if not path.exists():
        return {}, set()
    try:
        links = json.loads(path.read_text(encoding="utf-8"))["links"]
        status: dict[str, dict[str, Any]] = {}
        for link in links:
            for rid in link.get("resources", []):
                status[rid] = {"status": link["status"] if link.get("status") is not None else link.get("error"),
                               "checked": link["checked"], "final_url": link["final_url"],
                               "ok": link["result"] != "broken"}
        broken = {i for link in links if link["result"] == "broken"
                  for i in [*link.get("images", []), *link.get("logos", [])]}
        return status, broken
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise LinkReportError(f"{path} is not a link report that can be read ({err!r}). "
                              "Run `oerbank check-links` again to write a new one.") from None


# --- plain English for learning officers ---------------------------------------------------

_STATUS_WORDS = {
    400: "The website said the address is not valid (error 400).",
    401: "The website asks for a login before showing this page (error 401).",
    403: "The website refused to show this page (error 403).",
    404: "The website says this page doesn't exist (error 404: not found).",
    410: "The website says this page has been removed for good (error 410: gone).",
    429: "The website said we were asking too often (error 429), every time we tried.",
}
_ERROR_WORDS = {
    "timeout": "The website didn't answer in time.",
    "connection-refused": "The website's server refused the connection.",
    "connection-reset": "The website's server hung up before answering.",
    "connection-error": "We couldn't connect to the website.",
    "bad-response": "The website sent back an answer that isn't valid.",
    "dns": "The website's name could not be found, so it may no longer exist (or the address is misspelt).",
    "ssl": "A secure connection to the website could not be made.",
    "ssl-certificate": "The website's security certificate is not valid, so browsers will warn teachers.",
    "invalid-url": "This is not a web address that can be checked.",
    "redirect-loop": "The website sends the link round in a circle of redirects and never shows a page.",
    "too-many-redirects": "The website redirects the link too many times to reach a page.",
    "bad-redirect": "The website says the page has moved but doesn't say where.",
}


def what_happened(r: LinkResult) -> str:
    if r.error:
        text = _ERROR_WORDS.get(r.error, f"The check failed ({r.error}).")
    elif r.status in _STATUS_WORDS:
        text = _STATUS_WORDS[r.status]  # type: ignore[index]
    elif r.status and r.status >= 500:
        text = f"The website had an error of its own (error {r.status})."
    else:
        text = f"The website answered with error {r.status}."
    if r.attempts > 1:
        text += f" We tried {r.attempts} times."
    if r.redirects and r.final_url != r.url:
        text += f" (The link first redirects to {r.final_url}.)"
    return text


def what_to_do(r: LinkResult, kind: str = "resource") -> str:
    gone = r.status in (404, 410) or r.error in ("dns", "redirect-loop", "too-many-redirects", "bad-redirect")
    if kind in ("image", "logo"):
        line = "image:" if kind == "image" else "logo:"
        return (f"Put the picture's current address in the `{line}` line of the file, or delete that line. "
                "Until then the catalogue leaves the picture out.")
    if gone and kind == "organisation":
        return "Put your website's current address in the `url:` line of your organisation file."
    if gone:
        return ("Find the resource on your website and put its new address in the `url:` line of the file. "
                "If it has been taken down for good, delete the file (or ask the catalogue team to).")
    if r.status in (401, 403):
        return ("Open the link in a private browser window. If teachers can't see it without logging in, say so "
                "in the summary, or link to a public page about the resource instead.")
    if r.error in ("ssl", "ssl-certificate"):
        return "Ask your web team to renew or fix the website's security certificate."
    return ("This is often temporary. Open the link yourself later; if it still fails, tell your web team. "
            "Nothing in the catalogue needs changing yet.")


def _md(text: str) -> str:
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def _day(checked: str) -> str:
    try:
        d = dt.datetime.fromisoformat(checked.replace("Z", "+00:00"))
        return f"{d.day} {d:%B %Y}"
    except ValueError:
        return checked


def organisation_markdown(org_id: str, org_name: str, found: list[Target], by_url: dict[str, LinkResult],
                          checked: str) -> str:
    """One organisation's links in plain English: what is broken or has moved, and what to do."""
    results = [(t, by_url[t.url]) for t in found]
    broken = [(t, r) for t, r in results if r.result == "broken"]
    moved = [(t, r) for t, r in results if r.result == "redirected" and r.redirect == "permanent"]
    working = len(results) - len(broken)
    out = [f"# Link check: {_md(org_name)}", "",
           f"Checked on {_day(checked)}. {len(results)} link{'s' * (len(results) != 1)}: "
           f"{working} working, {len(broken)} broken, {len(moved)} moved to a new address.", ""]
    if not broken and not moved:
        out += ["Every link worked. There is nothing to do.", ""]
    if broken:
        out += [f"## Broken links ({len(broken)})", "",
                "Teachers who click these links will not reach the resource. The catalogue shows a "
                "\"link may be broken\" note next to them until they work again, and leaves out "
                "pictures that don't load.", ""]
        for t, r in broken:
            out += _entry(t, r, what_happened(r), what_to_do(r, t.kind))
    if moved:
        out += [f"## Links that have moved ({len(moved)})", "",
                "These still work, but only by being sent on to a new address. Old addresses often stop "
                "working when a website is rebuilt.", ""]
        for t, r in moved:
            line = {"image": "image:", "logo": "logo:"}.get(t.kind, "url:")
            out += _entry(t, r, f"It now goes to {r.final_url}",
                          f"Replace the address in the `{line}` line of the file with the new one above.")
    out += ["This report is written by `oerbank check-links`; it never changes your files.", ""]
    return "\n".join(out)


def _entry(t: Target, r: LinkResult, happened: str, todo: str) -> list[str]:
    name = {"resource": _md(t.title), "image": f"The picture for {_md(t.title)}",
            "logo": f"Your organisation's logo ({_md(t.title)})"}.get(t.kind, f"Your organisation's website ({_md(t.title)})")
    return [f"### {name}", "",
            f"- File: `{t.path}`",
            f"- Link: <{r.url}>",
            f"- What happened: {_md(happened)}",
            f"- What to do: {todo}", ""]


def write_markdown(report: LinkReport, found: list[Target], folder: Path, names: dict[str, str]) -> list[Path]:
    """build/link-report/<org-id>.md for every organisation with links; returns the paths written."""
    by_url = {r.url: r for r in report.results}
    by_org: dict[str, list[Target]] = {}
    for t in found:
        by_org.setdefault(t.organisation, []).append(t)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for org_id, items in sorted(by_org.items()):
        items.sort(key=lambda t: (t.kind != "organisation", t.title.lower()))
        path = folder / f"{org_id}.md"
        path.write_text(organisation_markdown(org_id, names.get(org_id, org_id), items, by_url, report.checked),
                        encoding="utf-8")
        written.append(path)
    return written
