"""A connection keeps its messages in order when the ASGI server makes a send wait.

uvicorn completes a websocket send at once, so a delivery normally runs inside the fan-out; a
server with backpressure suspends it instead, and the connection's writer must finish that send
before any later one. The stand-in below is Starlette's WebSocket side only (not ours): a send
that waits until the test lets it go.
"""

from __future__ import annotations

import asyncio

import pytest
from starlette.websockets import WebSocketState

from server.collab.connection import Connection, TokenBucket
from tests.support.yclient import wait_until

pytestmark = pytest.mark.anyio


class SlowWebSocket:
    """Records what is sent; the first send waits until `release` is set."""

    application_state = WebSocketState.CONNECTED

    def __init__(self, expected: int = 0) -> None:
        self.started: list[bytes] = []
        self.sent: list[bytes] = []
        self.release = asyncio.Event()
        self.all_sent = asyncio.Event()
        self.expected = expected
        self.closed_with: tuple[int, str] | None = None

    async def send_bytes(self, data: bytes) -> None:
        self.started.append(data)
        if not self.sent and not self.release.is_set():
            await self.release.wait()
        self.sent.append(data)
        if len(self.sent) == self.expected:
            self.all_sent.set()

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = (code, reason)
        self.application_state = WebSocketState.DISCONNECTED


def _connection(websocket: SlowWebSocket) -> Connection:
    return Connection(
        websocket,  # type: ignore[arg-type]
        user_id=1,
        may_write=True,
        wants_saved=False,
        queue_limit=10,
        max_message_bytes=1024,
        bucket=TokenBucket(100, 100),
    )


async def test_a_send_the_server_makes_wait_is_finished_first_and_in_order() -> None:
    websocket = SlowWebSocket(expected=3)
    connection = _connection(websocket)
    writer = asyncio.ensure_future(connection.write_forever())
    await asyncio.sleep(0)  # a yield, not a wait: the writer starts and waits for work
    connection.send(b"first")  # starts at once and is made to wait
    connection.send(b"second")  # must queue behind it
    connection.send(b"third")
    # The writer took over the waiting send; the others queue behind it, none started.
    await wait_until(
        lambda: connection._queue.qsize() == 2,
        what="the writer finishing the first send with two queued behind it",
    )
    assert (websocket.started, websocket.sent) == ([b"first"], [])
    websocket.release.set()
    async with asyncio.timeout(5):
        await websocket.all_sent.wait()
    assert websocket.sent == [b"first", b"second", b"third"]
    connection.close(4000, "done")
    async with asyncio.timeout(5):
        await writer
    assert websocket.closed_with == (4000, "done")


async def test_sends_that_complete_at_once_need_no_writer() -> None:
    websocket = SlowWebSocket()
    websocket.release.set()
    connection = _connection(websocket)
    for n in range(5):
        connection.send(b"m%d" % n)
    # Delivered inside `send` itself: nothing was queued for a writer task.
    assert websocket.sent == [b"m0", b"m1", b"m2", b"m3", b"m4"]


async def test_closing_while_a_send_waits_still_finishes_it_then_closes() -> None:
    websocket = SlowWebSocket()
    connection = _connection(websocket)
    writer = asyncio.ensure_future(connection.write_forever())
    await asyncio.sleep(0)  # a yield, not a wait: the writer starts and waits for work
    connection.send(b"started")
    connection.send(b"dropped")  # queued, and dropped by the close
    connection.close(1001, "server shutting down")
    websocket.release.set()
    async with asyncio.timeout(5):
        await writer
    assert websocket.sent == [b"started"]
    assert websocket.closed_with == (1001, "server shutting down")
