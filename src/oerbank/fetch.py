"""One guarded HTTP request for the link checker: a link can't hold it, and can't aim it inward.

Catalogue links are written by contributors, and the websites they point to answer as they
like, so every request is bounded and looks only at the public internet
(OWASP's Server-Side Request Forgery Prevention Cheat Sheet, "application can send requests to
any external address"):

- a wall-clock deadline covers name lookup, connecting, the TLS handshake, sending and every read
  (a socket timeout alone applies to each read, so a server sending one byte a second would hold
  a request forever);
- at most `max_bytes` are read from the network per response (the status line and headers: the
  body is never read, so an endless one costs nothing);
- the host name is resolved once, every address it resolves to is checked (loopback, private,
  link-local, cloud metadata, multicast and reserved addresses are refused, also inside
  IPv4-mapped and NAT64 IPv6 addresses), and the connection is made to the checked address, so
  a second lookup can't swap in another one (DNS rebinding). The Host header and the TLS
  certificate check still use the name.

Redirects are not followed here: the caller asks again for each hop, so each one is checked.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud providers' instance metadata services (credentials live there): AWS, GCP, Azure and
# DigitalOcean use 169.254.169.254 (and AWS fd00:ec2::254 over IPv6), AWS ECS 169.254.170.2,
# Alibaba 100.100.100.200, Oracle 192.0.0.192.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "fd00:ec2::254", "169.254.170.2", "169.254.170.23", "fd00:ec2::23",
    "100.100.100.200", "192.0.0.192"))
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fec0::/10"))
NAT64 = ipaddress.ip_network("64:ff9b::/96")

# Error words for addresses the checker refuses to visit, most specific first.
ADDRESS_ERRORS = ("metadata-address", "loopback-address", "link-local-address", "multicast-address",
                  "private-address", "reserved-address")


@dataclass(frozen=True)
class Hop:
    """One response in a chain: the address asked for and what came back."""

    status: int | None
    error: str | None
    location: str | None = None
    retry_after: float | None = None
    received: int = 0  # bytes read from the network
    reads: int = 0  # reads from the network
    elapsed: float = 0.0  # seconds, filled in by the scheduler


class ResponseTooLarge(Exception):
    """More bytes arrived than the cap allows."""


class AddressRefused(Exception):
    """The host resolves to an address the checker does not visit."""

    def __init__(self, word: str, address: str) -> None:
        super().__init__(f"{word}: {address}")
        self.word = word


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_refusal(ip: IPAddress, allow_loopback: bool = False) -> str | None:
    """The error word if the checker must not connect to `ip`, or None for a public address."""
    ip = _embedded_ipv4(ip) or ip
    if ip in METADATA_ADDRESSES:
        return "metadata-address"
    if ip.is_loopback:
        return None if allow_loopback else "loopback-address"
    if ip.is_link_local:
        return "link-local-address"
    if ip.is_multicast:
        return "multicast-address"
    if any(ip in net for net in PRIVATE_NETWORKS if net.version == ip.version):
        return "private-address"
    if ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "reserved-address"
    return None


def resolve(host: str, port: int, deadline: float) -> list[tuple[Any, ...]]:
    """getaddrinfo under the deadline. The lookup itself can't be interrupted, so it runs on a
    daemon thread that is left to finish on its own if the deadline passes first."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            box["found"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = err
        done.set()

    threading.Thread(target=lookup, name="linkcheck-dns", daemon=True).start()
    if not done.wait(max(0.0, deadline - time.monotonic())):
        raise TimeoutError("name lookup took too long")
    if "error" in box:
        raise box["error"]
    return box["found"]


def vetted(found: list[tuple[Any, ...]], allow_loopback: bool) -> list[tuple[Any, ...]]:
    """The addresses, if every one of them may be visited; a name with any refused address is
    refused whole (a public address next to a private one is a sign of a trick, not a mistake)."""
    for item in found:
        ip = ipaddress.ip_address(str(item[4][0]).split("%", 1)[0])
        word = address_refusal(ip, allow_loopback)
        if word:
            raise AddressRefused(word, str(ip))
    return found


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the request's deadline passed")
    return left


def connect(addresses: list[tuple[Any, ...]], deadline: float) -> socket.socket:
    """A TCP connection to the first of the (already checked) addresses that answers."""
    last: OSError = OSError("no address")
    for family, kind, proto, _, sockaddr in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(_remaining(deadline))
            sock.connect(sockaddr)
            return sock
        except OSError as err:
            sock.close()
            if isinstance(err, TimeoutError):
                raise
            last = err
    raise last


class GuardedSocket:
    """The socket as http.client sees it: every read counted and under the request's deadline.

    `close` leaves the real socket to the caller: http.client closes its connection as soon as
    the headers are in when the server will close, while the body may still be read.
    """

    def __init__(self, sock: socket.socket, deadline: float, max_bytes: int) -> None:
        self.sock = sock
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.received = 0
        self.reads = 0

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(_remaining(self.deadline))
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        pass

    def recv_into(self, buffer: memoryview) -> int:
        if self.received >= self.max_bytes:
            raise ResponseTooLarge()
        self.sock.settimeout(_remaining(self.deadline))
        n = self.sock.recv_into(buffer[: self.max_bytes - self.received])
        self.received += n
        self.reads += 1
        return n


class _Reader(io.RawIOBase):
    def __init__(self, guard: GuardedSocket) -> None:
        self.guard = guard

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self.guard.recv_into(memoryview(buffer).cast("B"))


_TLS: ssl.SSLContext | None = None
_TLS_LOCK = threading.Lock()


def _tls() -> ssl.SSLContext:
    global _TLS
    with _TLS_LOCK:
        if _TLS is None:
            _TLS = ssl.create_default_context()
        return _TLS


def error_kind(err: BaseException) -> str:
    if isinstance(err, AddressRefused):
        return err.word
    if isinstance(err, ResponseTooLarge):
        return "response-too-large"
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


def request(url: str, method: str, deadline: float, user_agent: str, max_bytes: int = 256 * 1024,
            allow_loopback: bool = False) -> Hop:
    """One HTTP request without following redirects, finished by `deadline` (time.monotonic());
    never raises. Only the status line and headers are read (at most `max_bytes`): a page that
    answers is a page that works, so its body, endless or not, is never downloaded."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return Hop(None, "invalid-url")
    if parts.scheme not in ("http", "https") or not host:
        return Hop(None, "invalid-url")
    port = port or (443 if parts.scheme == "https" else 80)
    raw: socket.socket | None = None
    guard: GuardedSocket | None = None
    try:
        addresses = vetted(resolve(host, port, deadline), allow_loopback)
        raw = connect(addresses, deadline)
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            raw.settimeout(_remaining(deadline))  # the handshake as a whole, not per read
            raw = _tls().wrap_socket(raw, server_hostname=host)
            conn = http.client.HTTPSConnection(host, port, context=_tls())
        else:
            conn = http.client.HTTPConnection(host, port)
        guard = GuardedSocket(raw, deadline, max_bytes)
        conn.sock = guard  # already connected: http.client never calls connect()
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, headers={
            "User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": "identity", "Connection": "close"})
        response = conn.getresponse()
        location = response.getheader("Location")
        retry_after = _retry_after(response.getheader("Retry-After"))
        return Hop(response.status, None, location, retry_after, guard.received, guard.reads)
    except Exception as err:  # noqa: BLE001 - every failure becomes a result, never a crash
        return Hop(None, error_kind(err), received=guard.received if guard else 0,
                   reads=guard.reads if guard else 0)
    finally:
        if raw is not None:
            raw.close()


MAX_RETRY_AFTER = 30.0


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None
