"""One websocket connection to a room: a reader, a writer with a bounded queue, a flood bound.

The connection owns its writer task; the room only ever calls `send` (non-blocking) and
`close`. A peer that cannot keep up is closed (it resyncs on reconnect) instead of letting its
queue grow without bound.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from enum import Enum
from typing import Any

import anyio
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from server.collab import close_codes
from server.collab.direct_receive import DirectReceive
from server.collab.direct_send import DirectSend
from server.collab.protocol import ProtocolError, parse_message
from server.collab.rooms import Room

log = logging.getLogger("chorus.connection")


class _Signal(Enum):
    CLOSE = "send the close frame and stop"
    RESUME = "finish the send that `send` started and the server made wait"


_PEER_GONE = (WebSocketDisconnect, OSError, RuntimeError)


class TokenBucket:
    """At most `rate` messages a second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self._rate = rate
        self._burst = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._last = clock()

    def take(self) -> bool:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._last) * self._rate)
        self._last = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True


class Connection:
    def __init__(
        self,
        websocket: WebSocket,
        *,
        user_id: int,
        may_write: bool,
        wants_saved: bool,
        queue_limit: int,
        max_message_bytes: int,
        bucket: TokenBucket,
        direct: DirectSend | None = None,
        token_hash: str | None = None,
    ) -> None:
        self.websocket = websocket
        self._direct = direct
        self.user_id = user_id
        self.token_hash = token_hash
        self.may_write = may_write
        self.can_write = False  # the room decides when this connection joins
        self.wants_saved = wants_saved
        self.client_ids: set[int] = set()
        self.read_only_strikes = 0
        self.closing: tuple[int, str] | None = None
        self._queue: asyncio.Queue[bytes | _Signal] = asyncio.Queue(queue_limit)
        self._max_message_bytes = max_message_bytes
        self._bucket = bucket
        self._writer_idle = True
        self._unfinished: tuple[Coroutine[Any, Any, None], Any] | None = None
        self._room: Room | None = None  # while reading
        self._stop_reading: Callable[[], None] | None = None

    def send(self, data: bytes) -> None:
        """Queue `data` for this peer without blocking; a peer that falls too far behind is
        closed (it resyncs when it reconnects)."""
        if self.closing is not None:
            return
        if self._writer_idle and self._queue.empty():
            self._send_now(data)
            return
        try:
            self._queue.put_nowait(data)
        except asyncio.QueueFull:
            self.close(close_codes.TRY_AGAIN_LATER, "too far behind; reconnect to resync")

    def send_frame(self, data: bytes, frame: bytes) -> None:
        """Like `send`, with `data` already framed by the room: the frame goes straight to the
        socket when nothing is queued before it and the socket takes it now."""
        direct = self._direct
        if (
            direct is not None
            and self.closing is None
            and self._writer_idle
            and self._queue.empty()
            and direct.ready()
        ):
            direct.write(frame)
            return
        self.send(data)

    def _send_now(self, data: bytes) -> None:
        """Start the ASGI send here instead of waking the writer task: uvicorn writes to the
        transport without waiting, so the send usually completes at once and a delivery costs
        no task switch. If the server does make it wait, the writer finishes it, in order."""
        sending = self.websocket.send_bytes(data)
        try:
            waiting_on = sending.send(None)
        except StopIteration:
            return
        except _PEER_GONE:
            self.closing = self.closing or (close_codes.GOING_AWAY, "peer gone")
            return
        self._writer_idle = False
        self._unfinished = (sending, waiting_on)
        self._queue.put_nowait(_Signal.RESUME)

    async def _finish_unfinished(self) -> None:
        assert self._unfinished is not None
        sending, waiting_on = self._unfinished
        self._unfinished = None
        while True:
            # Wait as a task would, then resume the coroutine; it reads the outcome itself.
            if isinstance(waiting_on, asyncio.Future):
                waiting_on._asyncio_future_blocking = False
                await asyncio.wait([waiting_on])
            else:
                await asyncio.sleep(0)
            try:
                waiting_on = sending.send(None)
            except StopIteration:
                return

    def close(self, code: int, reason: str) -> None:
        if self.closing is not None:
            return
        self.closing = (code, reason)
        if self._stop_reading is not None:
            self._stop_reading()  # the reader stops waiting for the peer: the writer drains
        while not self._queue.empty():  # nothing queued matters once we close ...
            self._queue.get_nowait()
        if self._unfinished is not None:  # ... but a started send is finished first
            self._queue.put_nowait(_Signal.RESUME)
        self._queue.put_nowait(_Signal.CLOSE)

    async def write_forever(self) -> None:
        queue, websocket = self._queue, self.websocket
        try:
            while True:
                self._writer_idle = queue.empty()
                data = await queue.get()
                self._writer_idle = False
                if data is _Signal.RESUME:
                    await self._finish_unfinished()
                elif data is _Signal.CLOSE:
                    code, reason = self.closing or (close_codes.GOING_AWAY, "")
                    if websocket.application_state is WebSocketState.CONNECTED:
                        await websocket.close(code, reason)
                    return
                else:
                    await websocket.send_bytes(data)
        except _PEER_GONE:
            # The peer is gone; the reader sees the disconnect and the room lets it go.
            self.closing = self.closing or (close_codes.GOING_AWAY, "peer gone")

    async def read_until_closed(self, room: Room) -> None:
        """Feed the room until the peer leaves or this connection is closed; a bad message
        closes this connection only. Messages come straight from the server's protocol when
        it allows (`DirectReceive`), otherwise through ASGI's receive."""
        websocket = self.websocket
        self._room = room
        try:
            with anyio.CancelScope() as reading:
                self._stop_reading = reading.cancel
                DirectReceive.install(websocket.scope, self.take)
                # Direct or not, the disconnect comes this way.
                while self.closing is None:
                    event = await websocket.receive()
                    if event["type"] == "websocket.disconnect":
                        return
                    self.take(event.get("bytes"))
        except WebSocketDisconnect:
            return
        finally:
            self._room = None
            self._stop_reading = None

    def take(self, data: bytes | None) -> None:
        """One message from the peer (None: a text frame), checked and then handed to the
        room. Never raises: it may run inside the server's own protocol."""
        room = self._room
        if room is None or self.closing is not None:
            return  # not reading, or closing: what the peer sends now is dropped
        try:
            if data is None:
                raise ProtocolError(close_codes.UNSUPPORTED_DATA, "text frames are not accepted")
            if len(data) > self._max_message_bytes:
                raise ProtocolError(close_codes.MESSAGE_TOO_BIG, "message too big")
            if not self._bucket.take():
                raise ProtocolError(close_codes.TOO_MANY_MESSAGES, "too many messages")
            room.receive(self, parse_message(data), data)
        except ProtocolError as error:
            log.warning(
                "closing connection: %s (statement %s, user %s)",
                error.reason,
                room.statement_id,
                self.user_id,
            )
            self.close(error.code, error.reason)
        except Exception:
            log.exception(
                "connection failed (statement %s, user %s)", room.statement_id, self.user_id
            )
            self.close(close_codes.INTERNAL_ERROR, "internal error")
