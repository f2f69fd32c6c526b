"""Which page origins may open a websocket: the server's own, plus CHORUS_ALLOWED_ORIGINS."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.requests import HTTPConnection


def origin_allowed(origin: str | None, host: str | None, scheme: str, extra: Iterable[str]) -> bool:
    """True for the request's own origin (scheme://Host) or one of `extra`; a missing Origin is
    refused, since every browser sends one and a websocket without it is not a page of ours."""
    if not origin:
        return False
    origin = origin.rstrip("/")
    if host and origin == f"{'https' if scheme in ('https', 'wss') else 'http'}://{host}":
        return True
    return origin in set(extra)


def websocket_origin_allowed(websocket: HTTPConnection, allowed: Iterable[str]) -> bool:
    """`origin_allowed` for a websocket upgrade's own headers."""
    return origin_allowed(
        websocket.headers.get("origin"),
        websocket.headers.get("host"),
        websocket.url.scheme,
        allowed,
    )
