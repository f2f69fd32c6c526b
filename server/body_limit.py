"""One cap on every request body, applied before the body is buffered.

Without it a route that reads its body (an unauthenticated sign-in among them) holds the whole
body in memory before any check can refuse it. A middleware caps every HTTP route, including
ones that read their body some other way, so no route has to remember to. Websocket messages
have their own cap at the socket (`ws_max_size`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import ApiError, error_response
from server.domain import messages

# Every JSON body the API takes fits in a few KiB; documents travel over the websocket.
MAX_BODY_BYTES = 64 * 1024

BODY_TOO_LARGE = "body_too_large"


def _too_large_message(max_bytes: int) -> messages.Message:
    max_kib = max_bytes // 1024
    return messages.Message(
        BODY_TOO_LARGE,
        f"The request body is too large: send at most {max_kib} KiB.",
        {"max_kib": max_kib},
    )


def _declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (chunked) or it is not a number
    (the server refuses those before we see them)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """Answer 413 to a body over `max_bytes`: at once when its Content-Length says so, without
    reading it; otherwise as soon as the bytes read pass the cap, before more are read."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            refusal = _too_large_message(self.max_bytes)
            response = error_response(413, refusal.code, refusal.text, params=refusal.params)
            await response(scope, receive, send)
            return
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the route's read, so the app's error handler answers it
                    # in the one error shape; the server drops the rest of the body.
                    raise ApiError(413, _too_large_message(self.max_bytes))
            return message

        await self.app(scope, capped_receive, send)
