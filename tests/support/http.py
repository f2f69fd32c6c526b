"""Signed-in HTTP clients for tests: the real `POST /api/session`, then the session's CSRF
token on every request, as the browser client sends it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.support.servers import Server


@contextmanager
def signed_in_as(server: Server, email: str, password: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        answer = http.post("/api/session", json={"email": email, "password": password})
        answer.raise_for_status()
        http.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        yield http


def cookie_of(http: httpx.Client) -> str:
    """The Cookie header of the client's session, for a websocket upgrade."""
    return "; ".join(f"{k}={v}" for k, v in http.cookies.items())
