"""Frame a message once and write it straight to each receiver's socket.

A keystroke goes to every other editor of the room. Through ASGI, each of those sends frames the
same bytes again and passes four layers of Python on the way; here the room frames the message
once (server frames are never masked, so the frame is the same for every receiver) with the
websockets library, and each connection hands those bytes to its socket.

This only works with uvicorn's websockets (sans-I/O) protocol, with no extension negotiated,
and only while that connection is open and its socket is not pushing back. In every other
case the connection uses the ordinary ASGI send, so correctness never depends on this path:
it is there for CPU only. The app logs once if the server's protocol is not the expected one,
and once when the first frame goes straight to a socket: a test reads that line, so an upgrade
of uvicorn that silently turns this path off fails loudly.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from websockets.frames import Frame, Opcode
from websockets.protocol import State

log = logging.getLogger("chorus.direct_send")

SERVER_SEND = "chorus.server_send"
FALLBACK_WARNING = "websocket fan-out uses ASGI sends: server protocol %s is not supported"
DIRECT_NOTICE = "websocket fan-out writes ready-made frames straight to the sockets"

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
except ImportError:  # pragma: no cover - uvicorn is a dependency; another server may run us
    WebSocketsSansIOProtocol = None  # type: ignore[assignment,misc]


def sansio_protocol(scope: Scope) -> Any | None:
    """The uvicorn websockets (sans-I/O) protocol object serving this connection, whose
    internals the direct paths use; None under any other server or protocol."""
    protocol = getattr(scope.get(SERVER_SEND), "__self__", None)
    if WebSocketsSansIOProtocol is not None and isinstance(protocol, WebSocketsSansIOProtocol):
        return protocol
    return None


_fallbacks_logged: set[str] = set()


def binary_frame(data: bytes) -> bytes:
    """`data` as one unmasked binary websocket frame, as a server sends it."""
    return Frame(Opcode.BINARY, data).serialize(mask=False)


class KeepServerSend:
    """Outermost middleware: keep the server's own `send` in the websocket scope, before any
    middleware wraps it, so a connection can find its socket."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope[SERVER_SEND] = send
        await self.app(scope, receive, send)


class DirectSend:
    """One connection's socket, for frames the room has already made."""

    _announced = False  # the first direct write of the process is logged

    def __init__(self, protocol: Any) -> None:
        self._protocol = protocol
        self._transport = protocol.transport
        self._writable = protocol.writable
        self._conn = protocol.conn

    @classmethod
    def of(cls, scope: Scope) -> DirectSend | None:
        """The connection's socket, or None when the server is not one this path supports."""
        protocol = sansio_protocol(scope)
        if protocol is not None and not protocol.conn.extensions:
            return cls(protocol)
        name = type(getattr(scope.get(SERVER_SEND), "__self__", None)).__name__
        if name not in _fallbacks_logged:
            _fallbacks_logged.add(name)
            log.warning(FALLBACK_WARNING, name)
        return None

    def ready(self) -> bool:
        """Open, not closing, and not asking us to wait (the socket's buffer is not full)."""
        return (
            self._conn.state is State.OPEN
            and not self._protocol.close_sent
            and self._writable.is_set()
            and not self._transport.is_closing()
        )

    def write(self, frame: bytes) -> None:
        self._transport.write(frame)
        if not DirectSend._announced:
            DirectSend._announced = True
            log.info(DIRECT_NOTICE)
