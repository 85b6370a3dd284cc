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

How it always ends, and looks only at the public web (the request itself is in fetch.py):
- each try of a link has a wall-clock deadline (`timeout`) covering connecting, every read and
  every redirect, and reads at most `max_bytes` per response;
- the run has a deadline (`run_deadline`): links not reached by then are reported as
  "not-checked", and nothing still running outlives it;
- every address a link or redirect leads to is checked after the name is looked up; private,
  loopback, link-local, metadata, multicast and reserved addresses are refused, not visited.

Only the standard library: one blocking `http.client` request per worker thread, scheduled by
asyncio, which keeps the concurrency limits and the backoff sleeps in one place without a
third-party HTTP client.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import decimal
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable
from urllib.parse import urljoin, urlsplit

from . import __version__
from .atomic import write_text
from .fetch import ADDRESS_ERRORS, Hop, request
from .github.inert import code, inert

USER_AGENT = (f"oerbank-linkcheck/{__version__} (Open Arts Resource Bank link checker; "
              "checks that catalogued learning resources are still online)")
PERMANENT = {301, 308}
REDIRECT = {301, 302, 303, 307, 308}
RETRY_ERRORS = {"timeout", "connection-refused", "connection-reset", "connection-error", "bad-response"}
NO_GET_FALLBACK = {"timeout", "connection-refused", "dns", "ssl", "ssl-certificate", "invalid-url",
                   "response-too-large", "run-deadline", *ADDRESS_ERRORS}
RESULTS = ("ok", "redirected", "broken", "not-checked")
REPORT_KIND = "oerbank-link-report"


@dataclass(frozen=True)
class Settings:
    concurrency: int = 8
    per_host: int = 2
    timeout: float = 10.0  # wall-clock seconds for one try of a link: connecting, every read, every redirect
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled for each later one
    host_delay: float = 0.2  # seconds between the starts of two requests to one host
    max_redirects: int = 10
    max_bytes: int = 256 * 1024  # read from the network per response, headers included
    run_deadline: float | None = None  # seconds for the whole run; links not reached by then are "not-checked"
    allow_loopback: bool = False  # for tests only: also visit 127.0.0.1 and ::1
    user_agent: str = USER_AGENT


Fetch = Callable[[str, str, float, Settings], Hop]


def guarded_request(url: str, method: str, deadline: float, settings: Settings) -> Hop:
    """The real request (fetch.request) with the run's settings."""
    return request(url, method, deadline, settings.user_agent, settings.max_bytes, settings.allow_loopback)


@dataclass
class LinkResult:
    url: str
    result: str  # ok, redirected, broken, or not-checked (the run's deadline came first)
    status: int | None  # the final HTTP status, if the server answered
    error: str | None  # what went wrong without an HTTP status: timeout, connection-refused, dns...
    final_url: str
    redirects: list[dict[str, Any]]  # [{"url", "status", "permanent"}], in order
    redirect: str | None  # "permanent" if every hop is permanent, "temporary" otherwise, None if none
    method: str | None  # HEAD, or GET when HEAD did not do; None if never asked
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


# --- scheduling ----------------------------------------------------------------------------

class Limiter:
    """Global and per-host limits, plus a minimum gap between request starts to one host.

    Also the run's clock: no request may last past the run's deadline.
    """

    def __init__(self, settings: Settings, executor: concurrent.futures.Executor, fetch: Fetch = guarded_request,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.settings = settings
        self.executor = executor
        self.fetch = fetch
        self.clock = clock  # the spacing of requests to a host, on a clock a test can drive
        self.sleep = sleep
        self.global_slots = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, tuple[asyncio.Semaphore, asyncio.Lock, list[float]]] = {}
        run = settings.run_deadline
        self.run_end = time.monotonic() + run if run is not None else float("inf")

    def _host(self, url: str) -> tuple[asyncio.Semaphore, asyncio.Lock, list[float]]:
        try:
            key = (urlsplit(url).hostname or "").lower()
        except ValueError:
            key = ""
        if key not in self.hosts:
            self.hosts[key] = (asyncio.Semaphore(self.settings.per_host), asyncio.Lock(), [0.0])
        return self.hosts[key]

    def _timed(self, url: str, method: str, budget: float) -> Hop:
        """Runs in a worker thread: the deadline starts when the request does, not while it queues."""
        start = time.monotonic()
        deadline = min(start + budget, self.run_end)
        hop = self.fetch(url, method, deadline, self.settings) if deadline > start else Hop(None, "timeout")
        if hop.error == "timeout" and self.run_end <= start + budget:
            hop = dataclasses.replace(hop, error="run-deadline")  # cut short by the run, not by the website
        return dataclasses.replace(hop, elapsed=time.monotonic() - start)

    async def request(self, url: str, method: str, budget: float) -> Hop:
        """One request that may take at most `budget` seconds (and never outlives the run)."""
        slots, lock, next_start = self._host(url)
        loop = asyncio.get_running_loop()
        # Host first, then global: waiting for a busy host never holds a global slot.
        async with slots:
            async with lock:
                wait = next_start[0] - self.clock()
                if wait > 0:
                    await self.sleep(wait)
                next_start[0] = self.clock() + self.settings.host_delay
            async with self.global_slots:
                return await loop.run_in_executor(self.executor, self._timed, url, method, budget)


@dataclass
class _Chain:
    final: Hop
    final_url: str
    hops: list[dict[str, Any]]
    error: str | None = None  # too-many-redirects, redirect-loop, bad-redirect


async def _follow(url: str, method: str, limiter: Limiter) -> _Chain:
    """One try of a link: its redirects one hop at a time, each address checked again, all of
    them together within `timeout` seconds of network time (politeness waits don't count)."""
    hops: list[dict[str, Any]] = []
    seen = {url}
    current = url
    spent = 0.0
    for _ in range(limiter.settings.max_redirects + 1):
        hop = await limiter.request(current, method, limiter.settings.timeout - spent)
        spent += hop.elapsed
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


def _result(url: str, chain: _Chain, method: str, attempts: int, checked: str) -> LinkResult:
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
                      redirects=chain.hops, redirect=kind, method=method, attempts=attempts, checked=checked)


def not_checked(url: str, checked: str) -> LinkResult:
    """A link the run's deadline came before."""
    return LinkResult(url=url, result="not-checked", status=None, error="run-deadline", final_url=url,
                      redirects=[], redirect=None, method=None, attempts=0, checked=checked)


async def check_url(url: str, limiter: Limiter, now: Callable[[], str],
                    tried: dict[str, LinkResult] | None = None) -> LinkResult:
    """HEAD, GET if HEAD did not work, with retries for failures that may pass.

    Each finished try is also put in `tried`, so a retry cut short by the run's deadline still
    leaves what the earlier tries found.
    """
    s = limiter.settings
    attempts = 0
    while True:
        attempts += 1
        method = "HEAD"
        chain = await _follow(url, "HEAD", limiter)
        if _failed(chain) and chain.final.error not in NO_GET_FALLBACK:
            method = "GET"
            chain = await _follow(url, "GET", limiter)
        if chain.final.error == "run-deadline":
            return (tried or {}).get(url) or not_checked(url, now())
        result = _result(url, chain, method, attempts, now())
        if tried is not None:
            tried[url] = result
        if not _failed(chain) or not _retryable(chain) or attempts > s.retries:
            return result
        delay = s.backoff * 2 ** (attempts - 1)
        if chain.final.retry_after is not None:
            delay = max(delay, chain.final.retry_after)
        await asyncio.sleep(delay)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


async def check_urls_async(urls: Iterable[str], settings: Settings, now: Callable[[], str] = _now,
                           fetch: Fetch = guarded_request) -> dict[str, LinkResult]:
    unique = list(dict.fromkeys(urls))
    tried: dict[str, LinkResult] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, settings.concurrency), thread_name_prefix="linkcheck")
    try:
        limiter = Limiter(settings, pool, fetch)
        tasks = [asyncio.create_task(check_url(u, limiter, now, tried)) for u in unique]
        timeout = None if settings.run_deadline is None else max(0.0, limiter.run_end - time.monotonic())
        _, pending = await asyncio.wait(tasks, timeout=timeout) if tasks else (set(), set())
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    finally:
        # Requests already running end by the run's deadline; queued ones never start.
        pool.shutdown(wait=True, cancel_futures=True)
    results: dict[str, LinkResult] = {}
    for url, task in zip(unique, tasks, strict=True):
        if task.cancelled():
            results[url] = tried.get(url) or not_checked(url, now())
        else:
            results[url] = task.result()
    return results


def check_urls(urls: Iterable[str], settings: Settings | None = None, now: Callable[[], str] = _now,
               fetch: Fetch = guarded_request) -> dict[str, LinkResult]:
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
        text = (f"{n} link{'s' * (n != 1)} checked: {self.count('ok')} ok, {self.count('redirected')} redirected "
                f"({permanent} moved permanently), {self.count('broken')} broken")
        if self.count("not-checked"):
            text += (f"; {self.count('not-checked')} not checked, because the run's time limit "
                     f"({_duration(self.settings.run_deadline)}) came first")
        return text

    def to_dict(self) -> dict[str, Any]:
        s = self.settings
        return {
            "kind": REPORT_KIND,
            "checked": self.checked,
            "settings": {"concurrency": s.concurrency, "per_host": s.per_host, "timeout": s.timeout,
                         "retries": s.retries, "max_bytes": s.max_bytes, "run_deadline": s.run_deadline,
                         "user_agent": s.user_agent},
            "summary": summary_counts(self.results),
            "links": [r.to_dict() for r in self.results],
        }


def summary_counts(links: Iterable[LinkResult | dict[str, Any]]) -> dict[str, int]:
    """{links, ok, redirected, broken, not_checked}: the report's summary, from its entries."""
    counts = {"links": 0, "ok": 0, "redirected": 0, "broken": 0, "not_checked": 0}
    for link in links:
        result = link.result if isinstance(link, LinkResult) else link["result"]
        counts["links"] += 1
        counts[result.replace("-", "_")] += 1
    return counts


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "none"
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} seconds"


def check_targets(found: list[Target], settings: Settings | None = None, now: Callable[[], str] = _now,
                  fetch: Fetch = guarded_request) -> LinkReport:
    settings = settings or Settings()
    started = now()
    by_url = check_urls([t.url for t in found], settings, now, fetch)
    for t in found:
        entry = by_url[t.url]
        {"resource": entry.resources, "organisation": entry.organisations, "image": entry.images,
         "logo": entry.logos}[t.kind].append(t.id)
    return LinkReport(started, settings, sorted(by_url.values(), key=lambda r: r.url))


def report_json(report: LinkReport) -> str:
    return dumps_report(report.to_dict())


def dumps_report(data: dict[str, Any]) -> str:
    """A report as JSON: one link per line, so it stays small at 100,000 links and diffs well."""
    data = dict(data)
    links = data.pop("links")
    head = json.dumps(data, ensure_ascii=False, default=_number)[:-1]
    body = ",\n".join(json.dumps(link, ensure_ascii=False, default=_number) for link in links)
    return f'{head}, "links": [\n{body}\n]}}\n' if links else f'{head}, "links": []}}\n'


def _number(value: Any) -> float:
    """Numbers read back as Decimal (see linkreport.read_report) are written as plain numbers."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def write_json(report: LinkReport, path: Path) -> None:
    write_text(path, report_json(report))


def is_link_report(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("kind") == REPORT_KIND
    except (OSError, ValueError, AttributeError, RecursionError):
        return False


# --- plain English for learning officers ---------------------------------------------------

_STATUS_WORDS = {
    400: "The website said the address is not valid (error 400).",
    401: "The website asks for a login before showing this page (error 401).",
    403: "The website refused to show this page (error 403).",
    404: "The website says this page doesn't exist (error 404: not found).",
    410: "The website says this page has been removed for good (error 410: gone).",
    429: "The website said we were asking too often (error 429), every time we tried.",
}
# Every error word a report may hold, with what it means for the organisation's note. The
# report's schema (linkreport.py) allows exactly these words.
ERROR_WORDS = {
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
    "response-too-large": "The website's answer started with far more than a web page's headers, so we stopped "
                          "reading it.",
    "metadata-address": "The link leads to a cloud server's private settings address, not to a public website. "
                        "The checker never visits such addresses, and teachers can't open them.",
    "loopback-address": "The link leads back to the computer it is opened on (like localhost), not to a public "
                        "website, so it was not checked and teachers can't open it.",
    "link-local-address": "The link leads to a local network address that only works inside one building's "
                          "network, so it was not checked and teachers can't open it.",
    "multicast-address": "The link leads to a network broadcast address, not to a website, so it was not checked.",
    "private-address": "The link leads to an address inside a private network, not on the public internet, so "
                       "it was not checked and teachers outside that network can't open it.",
    "reserved-address": "The link leads to an address that is not used on the public internet, so it was not "
                        "checked and teachers can't open it.",
    "run-deadline": "The link check ran out of time before it reached this link; it will be checked next time.",
}


def what_happened(r: LinkResult) -> str:
    if r.error:
        text = ERROR_WORDS.get(r.error, "The check failed.")
    elif r.status in _STATUS_WORDS:
        text = _STATUS_WORDS[r.status]
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
    if r.error in ADDRESS_ERRORS:
        if r.redirects:
            return ("Your website sends this link on to an address that isn't public. Ask your web team to fix "
                    "the redirect, or put the page's public address in the `url:` line of the file.")
        return ("Put the page's public address in the `url:` line of the file: the one teachers see in their "
                "browser's address bar when they open it from home or school.")
    if r.error == "run-deadline":
        return "Nothing to do: the next check will try it."
    return ("This is often temporary. Open the link yourself later; if it still fails, tell your web team. "
            "Nothing in the catalogue needs changing yet.")


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
    unchecked = [(t, r) for t, r in results if r.result == "not-checked"]
    working = len(results) - len(broken) - len(unchecked)
    out = [f"# Link check: {inert(org_name)}", "",
           f"Checked on {_day(checked)}. {len(results)} link{'s' * (len(results) != 1)}: "
           f"{working} working, {len(broken)} broken, {len(moved)} moved to a new address"
           + (f", {len(unchecked)} not checked." if unchecked else "."), ""]
    if not broken and not moved and not unchecked:
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
    if unchecked:
        out += [f"## Links not checked this time ({len(unchecked)})", "",
                "The link check ran out of time before it reached these links; the next check will try them. "
                "Nothing to do.", ""]
        for t, r in unchecked:
            out += [f"- {code(t.path)}: <{r.url}>"]
        out += [""]
    out += ["This report is written by `oerbank check-links`; it never changes your files.", ""]
    return "\n".join(out)


def _entry(t: Target, r: LinkResult, happened: str, todo: str) -> list[str]:
    name = {"resource": inert(t.title), "image": f"The picture for {inert(t.title)}",
            "logo": f"Your organisation's logo ({inert(t.title)})"}.get(
                t.kind, f"Your organisation's website ({inert(t.title)})")
    return [f"### {name}", "",
            f"- File: {code(t.path)}",
            f"- Link: <{r.url}>",
            f"- What happened: {inert(happened)}",
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
        write_text(path, organisation_markdown(org_id, names.get(org_id, org_id), items, by_url, report.checked))
        written.append(path)
    return written
