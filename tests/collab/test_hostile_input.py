"""Hostile or broken input closes that one connection with a meaningful code and changes nothing.

For each input: an attacker in the room sends it; the attacker alone is closed with the expected
code; a victim in the same room keeps editing; a fresh client afterwards receives intact text.
"""

from __future__ import annotations

import pytest
from pycrdt import create_awareness_message, create_update_message, write_message
from websockets.exceptions import ConnectionClosed

from server.collab import close_codes
from tests.support.servers import Server
from tests.support.yclient import YClient, sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
ABNORMAL_CLOSURE = 1006  # no close frame: the connection dropped

HOSTILE = {
    "text frame": ("hello", close_codes.UNSUPPORTED_DATA),
    "empty message": (b"", close_codes.INVALID_PAYLOAD),
    "truncated sync message": (b"\x00", close_codes.INVALID_PAYLOAD),
    "truncated varint": (b"\x00\x02\xff", close_codes.INVALID_PAYLOAD),
    "unknown message type": (b"\x07\x00", close_codes.INVALID_PAYLOAD),
    "unknown sync message type": (b"\x00\x09\x00", close_codes.INVALID_PAYLOAD),
    "length prefix larger than payload": (b"\x00\x02\x10abc", close_codes.INVALID_PAYLOAD),
    "bytes after the payload": (b"\x00\x02\x02\x00\x00junk", close_codes.INVALID_PAYLOAD),
    "not a Yjs update": (
        create_update_message(b"garbage-bytes-here"),
        close_codes.INVALID_PAYLOAD,
    ),
    "not a state vector": (
        b"\x00\x00" + write_message(b"\xff\xff\xff"),
        close_codes.INVALID_PAYLOAD,
    ),
    "not an awareness update": (
        create_awareness_message(b"\x01\x05\x01\x03{x}"),
        close_codes.INVALID_PAYLOAD,
    ),
    "message over the size bound": (
        b"\x00\x02" + write_message(b"\x00" * (2 * 1024 * 1024)),
        close_codes.MESSAGE_TOO_BIG,
    ),
}


async def _victim_goes_on(server: Server, victim: YClient, cookie: str, before: str) -> None:
    await victim.edit(" Still here.")
    async with yclient(server, KENYA, cookie) as fresh:
        await wait_until(lambda: fresh.text == before + " Still here.", what="intact text")


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_hostile_message_closes_only_its_connection(
    server: Server, accounts: dict[str, str], name: str
) -> None:
    data, code = HOSTILE[name]
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as victim:
        before = victim.text
        async with yclient(server, KENYA, lucas) as attacker:
            try:
                await attacker.send_raw(data)
            except ConnectionClosed:
                # The server closes on the 2 MiB frame's header, which on a busy machine can
                # be before the client has finished writing the frame: its send then fails.
                if code != close_codes.MESSAGE_TOO_BIG:
                    raise
            await wait_until(attacker.closed.is_set, what="the attacker's close")
            expected = {code}
            if code == close_codes.MESSAGE_TOO_BIG:
                # The server stops reading at the frame's header and closes with 1009 while
                # most of the 2 MiB is still unread on its side; closing a socket with unread
                # data sends a TCP reset, which on a busy machine can overtake the close frame.
                expected.add(ABNORMAL_CLOSURE)
            assert attacker.close_code in expected, (attacker.close_code, attacker.close_reason)
        assert victim.close_code is None
        await _victim_goes_on(server, victim, lucas, before)


async def test_document_over_its_size_bound_is_refused(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as victim:
        before = victim.text
        async with yclient(server, KENYA, lucas) as attacker:
            chunk = "x" * (900 * 1024)  # each message under 1 MiB, the sum over 4 MiB
            for _ in range(6):
                if attacker.closed.is_set():
                    break
                attacker.type(chunk)
                await attacker.flush()
            await wait_until(attacker.closed.is_set, what="the attacker's close")
            assert attacker.close_code == close_codes.DOCUMENT_TOO_LARGE
        # What was accepted before the bound stays (nothing typed is thrown away) ...
        await wait_until(lambda: len(victim.text) > len(before), what="accepted chunks")
        # ... and the room goes on for everyone else.
        assert victim.close_code is None


async def test_message_flood_is_closed(server: Server, accounts: dict[str, str]) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as victim:
        before = victim.text
        async with yclient(server, KENYA, lucas) as attacker:
            for _ in range(2000):
                if attacker.closed.is_set():
                    break
                await attacker.send_raw(b"\x03")  # query awareness: valid, tiny, cheap
            await wait_until(attacker.closed.is_set, what="the attacker's close")
            assert attacker.close_code == close_codes.TOO_MANY_MESSAGES
        await _victim_goes_on(server, victim, lucas, before)


async def test_stored_text_is_intact_after_every_attack(
    server: Server, accounts: dict[str, str]
) -> None:
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, lucas) as client:
        before = client.text
        await client.edit(" Committed.")
    for data, code in HOSTILE.values():
        async with yclient(server, KENYA, lucas) as attacker:
            try:
                await attacker.send_raw(data)
            except ConnectionClosed:
                # The server closes on the 2 MiB frame's header, which on a busy machine can
                # be before the client has finished writing the frame: its send then fails.
                if code != close_codes.MESSAGE_TOO_BIG:
                    raise
            await wait_until(attacker.closed.is_set, what="the attacker's close")
    server.stop()
    server.start()
    async with yclient(server, KENYA, lucas) as fresh:
        assert fresh.text == before + " Committed."
