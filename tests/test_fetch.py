"""One guarded request: the deadline, the byte cap and the address checks, against 127.0.0.1 only."""

from __future__ import annotations

import ipaddress
import socket
import time
from typing import Any

import pytest

from hostile_servers import HostileServer, endless_body, endless_headers, redirect, trickle
from oerbank import fetch
from oerbank.fetch import address_refusal, request

UA = "oerbank-test"


def _get(url: str, seconds: float, max_bytes: int = 64 * 1024, allow_loopback: bool = True,
         method: str = "GET") -> fetch.Hop:
    return request(url, method, time.monotonic() + seconds, UA, max_bytes, allow_loopback)


@pytest.mark.parametrize("address, word", [
    ("169.254.169.254", "metadata-address"),  # AWS, GCP, Azure, DigitalOcean
    ("fd00:ec2::254", "metadata-address"),  # AWS over IPv6
    ("169.254.170.2", "metadata-address"),  # AWS ECS task credentials
    ("100.100.100.200", "metadata-address"),  # Alibaba Cloud
    ("192.0.0.192", "metadata-address"),  # Oracle Cloud
    ("2002:a9fe:a9fe::", "metadata-address"),  # 169.254.169.254 inside a 6to4 address
    ("127.0.0.1", "loopback-address"),
    ("127.8.9.10", "loopback-address"),
    ("::1", "loopback-address"),
    ("::ffff:127.0.0.1", "loopback-address"),  # IPv4-mapped IPv6
    ("10.1.2.3", "private-address"),
    ("172.16.5.4", "private-address"),
    ("192.168.1.10", "private-address"),
    ("100.64.0.1", "private-address"),  # carrier-grade NAT
    ("fc00::1", "private-address"),  # IPv6 unique local
    ("64:ff9b::a01:203", "private-address"),  # 10.1.2.3 through NAT64
    ("169.254.1.1", "link-local-address"),
    ("fe80::1", "link-local-address"),
    ("224.0.0.1", "multicast-address"),
    ("ff02::1", "multicast-address"),
    ("0.0.0.0", "reserved-address"),  # reaches this computer on Linux
    ("::", "reserved-address"),
    ("240.0.0.1", "reserved-address"),
    ("255.255.255.255", "reserved-address"),
    ("192.0.2.1", "reserved-address"),  # documentation
    ("2001:db8::1", "reserved-address"),
    ("::127.0.0.1", "reserved-address"),  # IPv4-compatible IPv6 (deprecated)
    ("93.184.216.34", None),
    ("8.8.8.8", None),
    ("::ffff:8.8.8.8", None),
    ("2606:4700::1", None),
])
def test_which_addresses_are_refused(address: str, word: str | None) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == word


def test_allowing_loopback_allows_nothing_else() -> None:
    assert address_refusal(ipaddress.ip_address("127.0.0.1"), allow_loopback=True) is None
    assert address_refusal(ipaddress.ip_address("::1"), allow_loopback=True) is None
    for other, word in (("169.254.169.254", "metadata-address"), ("10.0.0.1", "private-address"),
                        ("0.0.0.0", "reserved-address"), ("169.254.1.1", "link-local-address")):
        assert address_refusal(ipaddress.ip_address(other), allow_loopback=True) == word


def test_a_trickling_server_is_cut_off_at_the_deadline() -> None:
    # One byte every 0.5 s: each read comes well within any per-read timeout, so only a deadline
    # for the whole request ends it. In 1.5 s at most 4 bytes can arrive; the server has 120.
    with HostileServer(trickle(interval=0.5, max_bytes=120)) as server:
        hop = _get(f"{server.base}/slow", seconds=1.5)
    assert hop.status is None and hop.error == "timeout"
    assert 1 <= hop.received <= 4
    assert hop.reads <= 4


def test_an_endless_body_is_never_downloaded() -> None:
    with HostileServer(endless_body(total=256 * 1024 * 1024, chunk=64 * 1024)) as server:
        hop = _get(f"{server.base}/big", seconds=10, max_bytes=1024 * 1024)
        sent = server.sent
    # The page answered, so it works. Only the headers were read: less than the body's first
    # 64 KiB block, and far below the 1 MiB cap.
    assert (hop.status, hop.error) == (200, None)
    assert 0 < hop.received < 16 * 1024
    assert sent < 256 * 1024 * 1024


def test_endless_headers_are_not_a_page() -> None:
    with HostileServer(endless_headers()) as server:
        hop = _get(f"{server.base}/", seconds=10, max_bytes=32 * 1024, method="HEAD")
    assert (hop.status, hop.error) == (None, "response-too-large")
    assert hop.received == 32 * 1024


def test_loopback_is_refused_without_the_flag_whatever_it_is_called() -> None:
    with HostileServer(redirect("/elsewhere")) as server:
        port = server.port
        hops = [_get(url, seconds=5, allow_loopback=False) for url in (
            f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://2130706433:{port}/",
            f"http://0x7f.0.0.1:{port}/", f"http://[::ffff:127.0.0.1]:{port}/")]
        connections = server.connections
    assert [h.error for h in hops] == ["loopback-address"] * 5
    assert connections == 0  # refused before connecting, not after


def _fake_dns(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> list[str]:
    """Names resolve to the given addresses in turn (the last one repeats); returns the names asked."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list:
        if host not in names:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        answers = names[host]
        address = answers[min(asked.count(host), len(answers)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_is_checked_after_it_is_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"intranet.museum.example": ["192.168.4.20"],
                            "metadata.google.internal": ["169.254.169.254"]})
    connected: list[Any] = []
    monkeypatch.setattr(fetch, "connect", lambda addresses, deadline: connected.append(addresses))
    assert _get("http://intranet.museum.example/", 5, allow_loopback=True).error == "private-address"
    assert _get("http://metadata.google.internal/computeMetadata/v1/", 5).error == "metadata-address"
    assert connected == []


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the first answer is public, any later one is this computer. The name is
    # looked up once per request and the connection is made to that checked address.
    asked = _fake_dns(monkeypatch, {"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    connected: list[Any] = []

    def no_network(addresses: list, deadline: float) -> socket.socket:
        connected.extend(a[4][0] for a in addresses)
        raise ConnectionRefusedError()  # the test never leaves 127.0.0.1

    monkeypatch.setattr(fetch, "connect", no_network)
    hop = _get("http://rebind.example/", 5, allow_loopback=False)
    assert hop.error == "connection-refused"
    assert asked == ["rebind.example"]
    assert connected == ["93.184.216.34"]


def test_a_name_with_any_refused_address_is_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def two_addresses(host: str, port: Any, *args: Any, **kwargs: Any) -> list:
        if host != "mixed.example":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    assert _get("http://mixed.example/", 5).error == "private-address"


def test_a_name_lookup_that_hangs_ends_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = __import__("threading").Event()

    def stuck(*args: Any, **kwargs: Any) -> list:
        release.wait(10)  # bounded: the test releases it
        return []

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    try:
        assert _get("http://slow-dns.example/", 0.3).error == "timeout"
    finally:
        release.set()
