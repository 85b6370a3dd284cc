"""Time the link checker on 1,000 local URLs and confirm it keeps to its concurrency limits.

One HTTP server per loopback address (127.0.0.1, 127.0.0.2, ...: each is a different host to
the checker, like different organisations' websites). Every response waits a small random
delay, drawn from a fixed seed so runs are comparable. The servers count requests in flight,
overall and per host. The goal: 1,000 URLs in under 30 s with the default politeness settings,
never above the limits.

Usage:
    python scripts/bench_links.py
    python scripts/bench_links.py --urls 1000 --hosts 20 --concurrency 8 --per-host 2 --delay 0.2
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oerbank.linkcheck import Settings, check_urls


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
    args = parser.parse_args()

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
                        host_delay=args.delay)

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


if __name__ == "__main__":
    sys.exit(main())
