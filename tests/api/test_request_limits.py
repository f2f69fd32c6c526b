"""Request bodies over the cap are refused before they are buffered, through a real server."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import psutil

from tests.support.servers import Server

FIFTY_MB = 50 * 1024 * 1024
CHUNK = 1024 * 1024


def _read_response_head(sock: socket.socket, deadline: float) -> bytes:
    """The status line and headers the server sent, read until a blank line or the deadline."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_a_body_declared_too_large_is_refused_before_it_is_sent(server: Server) -> None:
    # Declare 50 MB, send only the headers and the first 64 KiB: the answer must not wait
    # for the rest.
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            + f"Content-Length: {FIFTY_MB}\r\n\r\n".encode()
            + b"{" * 65536
        )
        head = _read_response_head(sock, time.monotonic() + 5)
    assert head.startswith(b"HTTP/1.1 413 "), head[:200]

    # And a client that sends the whole 50 MB gets the same answer, in the one error shape.
    started = time.monotonic()
    answer = httpx.post(
        f"{server.base_url}/api/session",
        content=b"{" * FIFTY_MB,
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "body_too_large"
    assert answer.json()["error"]["params"] == {"max_kib": 64}
    assert time.monotonic() - started < 20


def test_a_chunked_body_is_cut_off_at_the_cap_without_buffering_it(server: Server) -> None:
    process = psutil.Process(server.process.pid if server.process else 0)
    # Warm the route up first, so its one-off allocations are not counted as growth.
    httpx.post(f"{server.base_url}/api/session", json={"email": "a@b.c", "password": "x"})
    before = process.memory_info().rss
    peak = before
    uploading = threading.Event()
    uploading.set()

    def watch() -> None:
        nonlocal peak
        while uploading.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.005)

    def body() -> Iterator[bytes]:
        for _ in range(FIFTY_MB // CHUNK):
            yield b"{" * CHUNK

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        # A generator body goes out chunked, with no Content-Length to refuse it by.
        answer = httpx.post(
            f"{server.base_url}/api/session",
            content=body(),
            headers={"content-type": "application/json"},
            timeout=30,
        )
    finally:
        uploading.clear()
        watcher.join(5)
    assert peak - before < 20 * 1024 * 1024, f"grew by {(peak - before) >> 20} MB"
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "body_too_large"
    assert answer.json()["error"]["params"] == {"max_kib": 64}
    # The connection and the server are still fine for the next person.
    assert httpx.get(f"{server.base_url}/api/session").status_code == 401
