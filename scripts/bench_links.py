"""Time the link checker on 1,000 local URLs and confirm it keeps to its concurrency limits;
with --hostile, time how long each hostile website holds it, against its deadline.

One HTTP server per loopback address (127.0.0.1, 127.0.0.2, ...: each is a different host to
the checker, like different organisations' websites). Every response waits a small random
delay, drawn from a fixed seed so runs are comparable. The servers count requests in flight,
overall and per host. The goal: 1,000 URLs in under 30 s with the default politeness settings,
never above the limits.

--hostile runs websites that misbehave on purpose (tests/hostile_servers.py, all on 127.0.0.1):
a status line trickled one byte every 0.5 s and every 2 s, ten slow redirects, an endless body,
endless headers, redirects to 169.254.169.254 and to a private address, a link to localhost
without --allow-loopback, and a run of slow pages cut by the run's deadline. Each case is timed
and compared with its deadline. The goal: every case ends within its deadline (plus 0.5 s).

Usage:
    python scripts/bench_links.py
    python scripts/bench_links.py --urls 1000 --hosts 20 --concurrency 8 --per-host 2 --delay 0.2
    python scripts/bench_links.py --hostile --timeout 5
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from oerbank.fetch import Hop
from oerbank.linkcheck import Settings, check_urls, guarded_request

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import hostile_servers as hostile  # noqa: E402


def _counting(read: list[int]) -> Callable[[str, str, float, Settings], Hop]:
    """The real request, noting how many bytes each one read into `read`."""
    def counting(url: str, method: str, deadline: float, settings: Settings) -> Hop:
        hop = guarded_request(url, method, deadline, settings)
        read.append(hop.received)
        return hop
    return counting


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.host_now: dict[str, int] = {}
        self.host_peak: dict[str, int] = {}
        self.requests = 0

    def enter(self, host: str) -> None:
        with self.lock:
            self.requests += 1
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.host_now[host] = self.host_now.get(host, 0) + 1
            self.host_peak[host] = max(self.host_peak.get(host, 0), self.host_now[host])

    def leave(self, host: str) -> None:
        with self.lock:
            self.now -= 1
            self.host_now[host] -= 1


def make_handler(counter: Counter, delays: list[float]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            host = self.server.server_address[0]  # type: ignore[index]
            counter.enter(host)
            try:
                index = int(self.path.rsplit("/", 1)[-1])
                time.sleep(delays[index])
            finally:
                # Counted out before answering: once the checker has the answer it may start
                # another request, and this one must not still count as in flight.
                counter.leave(host)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=20, help="loopback addresses 127.0.0.1 ... 127.0.0.N")
    parser.add_argument("--concurrency", type=int, default=Settings.concurrency)
    parser.add_argument("--per-host", type=int, default=Settings.per_host)
    parser.add_argument("--delay", type=float, default=Settings.host_delay,
                        help="seconds between request starts to one host")
    parser.add_argument("--max-response", type=float, default=0.05, help="largest random response delay, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostile", action="store_true", help="time hostile websites against their deadlines")
    parser.add_argument("--timeout", type=float, default=Settings.timeout,
                        help="--hostile: seconds for one try of a link (the per-request deadline)")
    args = parser.parse_args()
    if args.hostile:
        return hostile_run(args.timeout)

    rng = random.Random(args.seed)
    delays = [rng.uniform(0, args.max_response) for _ in range(args.urls)]
    counter = Counter()
    handler = make_handler(counter, delays)
    servers = []
    for h in range(args.hosts):
        srv = Server((f"127.0.0.{h + 1}", 0), handler)
        threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(srv)
    urls = [f"http://127.0.0.{i % args.hosts + 1}:{servers[i % args.hosts].server_address[1]}/r/{i}"
            for i in range(args.urls)]
    settings = Settings(concurrency=args.concurrency, per_host=args.per_host, timeout=10, retries=2,
                        host_delay=args.delay, allow_loopback=True)

    start = time.perf_counter()
    results = check_urls(urls, settings)
    elapsed = time.perf_counter() - start
    for srv in servers:
        srv.shutdown()
        srv.server_close()

    ok = sum(1 for r in results.values() if r.result == "ok")
    host_peak = max(counter.host_peak.values(), default=0)
    print(f"{args.urls} URLs on {args.hosts} hosts, concurrency {args.concurrency}, per host {args.per_host}, "
          f"{args.delay} s between requests to a host, responses 0-{args.max_response} s (seed {args.seed})")
    print(f"elapsed: {elapsed:.2f} s; {ok} ok; {counter.requests} requests")
    print(f"max concurrency observed: {counter.peak} (limit {args.concurrency}); "
          f"max per host: {host_peak} (limit {args.per_host})")
    good = elapsed < 30 and counter.peak <= args.concurrency and host_peak <= args.per_host and ok == args.urls
    print("goal (under 30 s, never above the limits, every URL ok):", "met" if good else "NOT met")
    return 0 if good else 1


def hostile_run(timeout: float) -> int:
    """Each hostile case on its own, timed; then a run cut by its deadline."""
    cap = Settings.max_bytes
    cases = [
        ("status line, 1 byte every 0.5 s", hostile.trickle(0.5, max_bytes=400), "/", True),
        ("status line, 1 byte every 2 s", hostile.trickle(2.0, max_bytes=100), "/", True),
        ("10 redirects, 0.6 s each", hostile.slow_redirects(0.6, hops=10), "/0", True),
        ("endless body (HEAD refused, so GET)", hostile.endless_body(), "/", True),
        ("endless headers", hostile.endless_headers(), "/", True),
        ("redirect to 169.254.169.254", hostile.redirect("http://169.254.169.254/latest/meta-data/"), "/", True),
        ("redirect to 192.168.1.10", hostile.redirect("http://192.168.1.10/"), "/", True),
        ("localhost, without --allow-loopback", hostile.redirect("/"), "/", False),
    ]
    print(f"Hostile websites on 127.0.0.1; per-request deadline {timeout:g} s, byte cap {cap // 1024} KiB, "
          "retries 0\n")
    print("| Case | Result | Took | Deadline | Most bytes read by one request | Requests |")
    print("|---|---|---|---|---|---|")
    good = True
    for name, behaviour, path, allow in cases:
        read: list[int] = []
        counting = _counting(read)

        with hostile.HostileServer(behaviour) as server:
            url = server.base.replace("127.0.0.1", "localhost") + path if not allow else server.base + path
            settings = Settings(concurrency=1, per_host=1, timeout=timeout, retries=0, host_delay=0.0,
                                allow_loopback=allow)
            start = time.perf_counter()
            r = check_urls([url], settings, fetch=counting)[url]
            took = time.perf_counter() - start
            requests = server.connections
        what = f"{r.result}: {r.status or r.error}"
        good &= took <= timeout + 0.5
        print(f"| {name} | {what} | {took:.2f} s | {timeout:g} s | {max(read, default=0):,} | {requests} |")

    run_deadline = 3.0
    with hostile.HostileServer(hostile.slow_ok(1.0), max_connections=200) as server:
        urls = [f"{server.base}/page/{i}" for i in range(40)]
        settings = Settings(concurrency=4, per_host=4, timeout=timeout, retries=0, host_delay=0.0,
                            run_deadline=run_deadline, allow_loopback=True)
        start = time.perf_counter()
        results = check_urls(urls, settings)
        took = time.perf_counter() - start
        requests = server.connections
    unchecked = sum(1 for r in results.values() if r.result == "not-checked")
    good &= took <= run_deadline + 0.5
    print(f"| 40 pages taking 1 s each, 4 at a time, run deadline {run_deadline:g} s | "
          f"{len(urls) - unchecked} checked, {unchecked} not-checked | {took:.2f} s | {run_deadline:g} s | – | "
          f"{requests} |")
    print("\ngoal (every case ends within its deadline + 0.5 s):", "met" if good else "NOT met")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
