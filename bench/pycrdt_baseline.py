"""Baseline server for the benchmark: stock pycrdt-websocket behind uvicorn.

Every websocket path is a room (`ws://host:port/<room>`), rooms live in memory only and are
dropped when their last client leaves. Plain HTTP requests get a short 200 so that the
orchestrator can tell when the server is up.

Run:  python -m uvicorn --app-dir bench pycrdt_baseline:app --host 127.0.0.1 --port 8001
  or: python bench/pycrdt_baseline.py --port 8001
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
from pycrdt.websocket import ASGIServer, WebsocketServer, YRoom

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

log = logging.getLogger("pycrdt_baseline")


class BaselineWebsocketServer(WebsocketServer):
    """Stock WebsocketServer, with room start-up serialised.

    In pycrdt-websocket 0.16.5, two clients joining a room that is not running yet can both
    call `YRoom.start()`; the second one then waits forever on the room's start lock (held for
    the room's whole life), so that client never syncs. A lock around `start_room` avoids it.
    """

    _room_start_lock: anyio.Lock | None = None

    async def start_room(self, room: YRoom) -> None:
        if self._room_start_lock is None:
            self._room_start_lock = anyio.Lock()
        async with self._room_start_lock:
            await super().start_room(room)


def _log_briefly(exception: Exception, logger: logging.Logger) -> bool:
    """Log a room/client error on one line and carry on (a client going away mid-send is
    routine under load; full tracebacks would cost more than the work being measured)."""
    logger.warning("websocket error: %r", exception)
    return True


websocket_server = BaselineWebsocketServer(
    auto_clean_rooms=True, exception_handler=_log_briefly, log=log
)
_websockets = ASGIServer(websocket_server)


async def _lifespan(receive: Receive, send: Send) -> None:
    # ASGIServer answers the lifespan messages but does not start the WebsocketServer, so the
    # lifespan is handled here: the server's task group lives as long as the lifespan task.
    message = await receive()
    if message["type"] != "lifespan.startup":
        return
    started = False
    try:
        async with websocket_server:
            started = True
            await send({"type": "lifespan.startup.complete"})
            while (await receive())["type"] != "lifespan.shutdown":
                pass
    except Exception as exc:
        if started:
            raise
        await send({"type": "lifespan.startup.failed", "message": repr(exc)})
        return
    await send({"type": "lifespan.shutdown.complete"})


async def _http(send: Send) -> None:
    body = b"pycrdt-websocket baseline\n"
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    kind = scope["type"]
    if kind == "lifespan":
        await _lifespan(receive, send)
    elif kind == "http":
        await _http(send)
    elif kind == "websocket":
        await _websockets(dict(scope), receive, send)  # type: ignore[arg-type]


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
