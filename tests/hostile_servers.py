"""Web servers on 127.0.0.1 that misbehave on purpose, for the link checker's tests and benchmark.

Each is a plain TCP server on a thread of its own: it answers every connection with one
behaviour, counts what it sent, and stops by itself (every loop is bounded, and `stop()` ends
the accept loop). No other network is used.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Callable

Behaviour = Callable[[socket.socket, "HostileServer", bytes], None]  # connection, server, request line


class HostileServer:
    def __init__(self, behaviour: Behaviour, max_connections: int = 50) -> None:
        self.behaviour = behaviour
        self.max_connections = max_connections
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.connections = 0
        self.sent = 0  # bytes the server managed to hand to the network
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "HostileServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        self.listener.close()

    def _serve(self) -> None:
        while not self.stopped.is_set() and self.connections < self.max_connections:
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            self.behaviour(conn, self, read_request(conn).split(b"\r\n", 1)[0])
        except OSError:
            pass  # the checker hung up: that is the point
        finally:
            conn.close()

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        with self.lock:
            self.sent += len(data)


def read_request(conn: socket.socket) -> bytes:
    """The request head (bounded: at most 64 KiB)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def trickle(interval: float = 0.5, max_bytes: int = 120) -> Behaviour:
    """A status line and headers, one byte every `interval` seconds (at most `max_bytes`)."""
    answer = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n")[:max_bytes]

    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        for i in range(len(answer)):
            if server.stopped.is_set():
                return
            server.send(conn, answer[i:i + 1])
            time.sleep(interval)

    return behave


def endless_body(total: int = 256 * 1024 * 1024, chunk: int = 64 * 1024, head_status: int = 405) -> Behaviour:
    """200 to GET with a body that goes on (up to `total` bytes); `head_status` to HEAD, so the
    checker has to ask with GET."""
    block = b"x" * chunk

    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        if line.startswith(b"HEAD "):
            server.send(conn, f"HTTP/1.1 {head_status} No\r\nContent-Length: 0\r\n\r\n".encode())
            return
        server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        sent = 0
        while sent < total and not server.stopped.is_set():
            server.send(conn, block)
            sent += len(block)

    return behave


def endless_headers(total: int = 256 * 1024 * 1024, chunk: int = 64 * 1024) -> Behaviour:
    """A status line, then one header line that never ends (up to `total` bytes)."""
    block = b"a" * chunk

    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        server.send(conn, b"HTTP/1.1 200 OK\r\nX-Endless: ")
        sent = 0
        while sent < total and not server.stopped.is_set():
            server.send(conn, block)
            sent += len(block)

    return behave


def redirect(location: str, status: int = 302) -> Behaviour:
    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        server.send(conn, f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode())

    return behave


def slow_ok(seconds: float) -> Behaviour:
    """A normal page that takes `seconds` to start answering."""

    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        time.sleep(seconds)
        server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    return behave


def slow_redirects(seconds: float, hops: int = 10) -> Behaviour:
    """/0 redirects to /1, /1 to /2 ... after `seconds` each: every answer in time, the chain not."""

    def behave(conn: socket.socket, server: HostileServer, line: bytes) -> None:
        path = line.split(b" ")[1].decode() if line.count(b" ") >= 2 else "/0"
        step = int(path.strip("/") or 0) if path.strip("/").isdigit() else 0
        time.sleep(seconds)
        if step >= hops:
            server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
        else:
            server.send(conn, f"HTTP/1.1 302 Found\r\nLocation: /{step + 1}\r\nContent-Length: 0\r\n\r\n".encode())

    return behave
