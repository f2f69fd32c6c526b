"""A peer that stops reading, through a real server.

Deliveries normally go straight to the socket as ready-made frames (collab/direct_send.py);
when a peer's socket pushes back, its deliveries queue behind the send the server makes wait.
The peer must still receive every message in the order the room forwarded it, and a peer that
falls too far behind is closed with 1013 while everyone else goes on.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest
from pycrdt import Awareness, Doc, Text, create_awareness_message, create_update_message
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from server.collab import close_codes
from server.collab.direct_send import FALLBACK_WARNING
from server.config import Settings
from tests.support.servers import Server
from tests.support.yclient import sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
# Far more than the socket buffers on both ends of a loopback connection hold (a few MB), so
# the server's socket must push back while the reader is not reading.
FILL_MESSAGES = 40
FILL_BYTES = 250_000


def _announcements(doc: Doc, count: int, size: int) -> list[bytes]:
    """`count` awareness messages from `doc`'s client, each renewing a large state."""
    awareness = Awareness(doc)
    messages = []
    for n in range(count):
        awareness.set_local_state({"user": {"name": "Amina"}, "n": n, "padding": "x" * size})
        update = awareness.encode_awareness_update([doc.client_id])
        messages.append(create_awareness_message(update))
    return messages


@asynccontextmanager
async def _reader_that_does_not_read(
    server: Server, cookie: str
) -> AsyncIterator[ClientConnection]:
    """A connection with a tiny receive buffer that reads nothing until the test says so."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.setblocking(False)
    async with connect(
        f"{server.ws_url}/ws/statements/{KENYA}",
        sock=sock,
        additional_headers={"Cookie": cookie},
        origin=server.origin,  # type: ignore[arg-type]
        max_size=None,
        max_queue=1,
        open_timeout=10,
        ping_interval=None,
    ) as ws:
        yield ws


async def _read_all(ws: ClientConnection, timeout: float = 30) -> list[bytes]:
    received: list[bytes] = []
    with anyio.move_on_after(timeout):
        try:
            async for message in ws:
                assert isinstance(message, bytes)
                received.append(message)
        except ConnectionClosed:
            pass
    return received


async def test_a_reader_that_pushes_back_gets_everything_in_order(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with (
        yclient(server, KENYA, amina) as typist,
        _reader_that_does_not_read(server, lucas) as reader,
    ):
        with anyio.fail_after(10):
            joined = await reader.recv()  # the room's first message: the reader is in it
        assert isinstance(joined, bytes) and joined[0] == 0, joined
        doc: Doc = Doc()
        text = doc.get("body", type=Text)
        updates: list[bytes] = []
        doc.observe(lambda event: updates.append(create_update_message(event.update)))
        for n in range(200):
            text += f" {n}"
        announcements = _announcements(typist.doc, 2 * FILL_MESSAGES + 1, FILL_BYTES)
        # The last one comes back to the typist too, once the room has handled all before it.
        last = announcements[FILL_MESSAGES]
        sent = announcements[:FILL_MESSAGES] + updates[:50] + [last]
        # Big and small, so the reader's socket keeps filling up while it catches up.
        pairs = zip(announcements[FILL_MESSAGES + 1 :], updates[50:], strict=False)
        during = [message for pair in pairs for message in pair]
        during += updates[50 + FILL_MESSAGES :]
        for message in sent:
            await typist.send_raw(message)
        # Handled, so forwarded: far more than the reader's socket holds, the rest queued.
        await wait_until(
            lambda: last in typist.received, timeout=30, what="the room handling the fill"
        )

        async def keep_typing() -> None:
            # While the reader catches up, so some deliveries find its socket ready again
            # with older ones still queued: those must not jump the queue.
            for message in during:
                await typist.send_raw(message)
                await anyio.sleep(0.002)  # pace the typing; nothing waits on this

        received: list[bytes] = []
        expected = set(sent + during)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(keep_typing)
            with anyio.fail_after(30):
                async for message in reader:
                    assert isinstance(message, bytes)
                    received.append(message)
                    expected.discard(message)
                    if not expected:
                        break
        sent += during
        forwarded = [m for m in received if m in sent]
        assert forwarded == sent, "messages lost or reordered behind the full socket"
    # And the deliveries that found the socket ready went straight to it, not through ASGI.
    assert FALLBACK_WARNING.split(":")[0] not in server.log()


async def test_a_reader_too_far_behind_is_closed_with_1013_and_others_go_on(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    mei = sign_in(server, "mei@example.org", accounts["mei@example.org"])
    queue_limit = Settings.send_queue_limit
    async with _reader_that_does_not_read(server, lucas) as reader:
        async with yclient(server, KENYA, amina) as filler:
            dots_before = filler.text.count(".")
            for message in _announcements(filler.doc, FILL_MESSAGES, FILL_BYTES):
                await filler.send_raw(message)
        # Typists each within the flood bound, together past the slow reader's queue.
        per_typist = 350
        typists = queue_limit // per_typist + 2
        for _ in range(typists):
            async with yclient(server, KENYA, mei) as typist:
                for _ in range(per_typist):
                    await typist.edit(".")
                await wait_until(
                    lambda t=typist: t.text.count(".") >= per_typist, what="the typist's dots"
                )
        async with yclient(server, KENYA, amina) as fresh:
            assert fresh.text.count(".") == dots_before + per_typist * typists
        await _read_all(reader)
        assert reader.close_code == close_codes.TRY_AGAIN_LATER
