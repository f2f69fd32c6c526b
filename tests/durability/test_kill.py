"""Durability against a killed or stopped server process.

Every test owns its server (a real `chorus serve` subprocess) and restarts it on the same data
directory and port:

- what a saved ack (message 100) covered survives `kill -9`;
- edits still in flight at `kill -9`, and edits made while the server is down, are not lost:
  the editors' documents resync over new connections and everybody converges;
- SIGTERM closes every socket with 1001 "going away" and, on the way out, flushes the log and
  snapshots the rooms.

After each hostile stop the stored data itself is checked (SQLite only): the file passes the
integrity check and the stored snapshot plus log add up to the expected text.
"""

from __future__ import annotations

import anyio
import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.processes import resume, saved_covers, stored_document
from tests.support.servers import PG_URL, Server
from tests.support.yclient import YClient, sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
GOING_AWAY = 1001


@pytest.fixture
def chorus(server: Server) -> Server:
    """The test's own server, which these tests stop, kill and start again (the fixture stops
    it at the end whatever happened)."""
    return server


def cookies(srv: Server, accounts: dict[str, str], *names: str) -> list[str]:
    return [sign_in(srv, f"{n}@example.org", accounts[f"{n}@example.org"]) for n in names]


def check_stored(srv: Server, expected: str) -> None:
    """The stopped server's SQLite file is intact and holds exactly `expected`."""
    if PG_URL:
        return  # the same contract is checked through a fresh client after the restart
    text, _, _ = stored_document(srv.data_dir, KENYA)
    assert text == expected


def in_order(text: str, tokens: list[str]) -> bool:
    """Each token occurs exactly once, and in the order it was typed."""
    at = -1
    for token in tokens:
        if text.count(token) != 1 or text.index(token) < at:
            return False
        at = text.index(token)
    return True


async def type_until_closed(client: YClient, tag: str, typed: list[str], limit: int = 400) -> None:
    """Type one token every 20 ms (under the server's flood bound) until the socket goes."""
    for n in range(limit):
        if client.closed.is_set():
            return
        token = f"<{tag}{n}>"
        client.type(token)
        typed.append(token)
        try:
            await client.flush()
        except ConnectionClosed:
            return
        await anyio.sleep(0.02)


async def test_what_was_acknowledged_as_saved_survives_kill_9(
    chorus: Server, accounts: dict[str, str]
) -> None:
    amina, lucas, mei = cookies(chorus, accounts, "amina", "lucas", "mei")
    async with (
        yclient(chorus, KENYA, amina, saved=True) as a,
        yclient(chorus, KENYA, lucas, saved=True) as b,
    ):
        original = a.text
        assert "Kenya" in original
        tokens_a = [f"[a{i}]" for i in range(20)]
        tokens_b = [f"[b{i}]" for i in range(20)]
        for token_a, token_b in zip(tokens_a, tokens_b, strict=True):
            await a.edit(token_a)
            await b.edit(token_b, at=0)
        await wait_until(
            lambda: a.text == b.text and in_order(a.text, tokens_a),
            what="both editors to converge",
        )
        await wait_until(
            lambda: saved_covers(a) and saved_covers(b), what="saved acks covering both documents"
        )
        expected = a.text
        chorus.kill()
        await wait_until(lambda: a.closed.is_set() and b.closed.is_set(), what="sockets to drop")

    assert expected.endswith(original + "".join(tokens_a))
    assert expected.startswith("".join(reversed(tokens_b)))
    check_stored(chorus, expected)
    chorus.start()
    async with yclient(chorus, KENYA, mei) as fresh:
        assert fresh.text == expected


async def test_edits_in_flight_at_kill_9_are_not_lost(
    chorus: Server, accounts: dict[str, str]
) -> None:
    amina, lucas, mei = cookies(chorus, accounts, "amina", "lucas", "mei")
    typed: dict[str, list[str]] = {"a": [], "b": []}
    async with yclient(chorus, KENYA, amina) as a, yclient(chorus, KENYA, lucas) as b:
        original = a.text
        async with anyio.create_task_group() as typing:
            typing.start_soon(type_until_closed, a, "a", typed["a"])
            typing.start_soon(type_until_closed, b, "b", typed["b"])
            await wait_until(
                lambda: min(map(len, typed.values())) >= 25, what="both editors to be typing"
            )
            chorus.kill()  # mid-keystroke: nobody waited for an ack
        await wait_until(lambda: a.closed.is_set() and b.closed.is_set(), what="sockets to drop")
        # Both go on typing while the server is down.
        for tag, client in (("a", a), ("b", b)):
            for n in range(3):
                client.type(f"<{tag}-offline{n}>")
                typed[tag].append(f"<{tag}-offline{n}>")
        doc_a, doc_b = a.doc, b.doc

    def converged(*clients: YClient) -> bool:
        """Everybody has the same text, holding the original and every keystroke, in order."""
        text = clients[0].text
        return (
            all(c.text == text for c in clients)
            and text.startswith(original)
            and all(in_order(text, t) for t in typed.values())
        )

    for restart in range(2):  # the second round kills a server that just recovered
        chorus.start()
        async with (
            resume(chorus, KENYA, amina, doc_a, saved=True) as a,
            resume(chorus, KENYA, lucas, doc_b, saved=True) as b,
            yclient(chorus, KENYA, mei) as fresh,
        ):
            await wait_until(
                lambda: converged(a, b, fresh), what="every keystroke on every client after restart"
            )
            # Acks come with commits: one more keystroke each, then the ack covers everything.
            for tag, client in (("a", a), ("b", b)):
                token = f"<{tag}-after-restart{restart}>"
                await client.edit(token)
                typed[tag].append(token)
            await wait_until(
                lambda: converged(a, b, fresh), what="the keystrokes after the restart"
            )
            await wait_until(
                lambda: saved_covers(a) and saved_covers(b), what="saved acks after the resync"
            )
            expected = fresh.text
            chorus.kill()
        check_stored(chorus, expected)

    chorus.start()
    async with yclient(chorus, KENYA, mei) as fresh:
        assert fresh.text == expected


async def test_sigterm_flushes_the_log_and_snapshots_the_room(
    chorus: Server, accounts: dict[str, str]
) -> None:
    amina, lucas, mei = cookies(chorus, accounts, "amina", "lucas", "mei")
    async with yclient(chorus, KENYA, amina) as a, yclient(chorus, KENYA, lucas) as b:
        tokens = [f"({who}{i})" for i in range(15) for who in "ab"]
        for token in tokens:
            await (a if token[1] == "a" else b).edit(token)
        # Relayed means applied by the room; whether it is committed yet is the shutdown's job.
        await wait_until(
            lambda: a.text == b.text and all(t in a.text for t in tokens),
            what="the room to apply every edit",
        )
        expected = a.text
        chorus.stop()
        await wait_until(lambda: a.closed.is_set() and b.closed.is_set(), what="sockets to close")

    if not PG_URL:
        text, snapshot_text, log_rows = stored_document(chorus.data_dir, KENYA)
        assert text == expected
        # The shutdown path compacted the open room: one snapshot, no log left over.
        assert (snapshot_text, log_rows) == (expected, 0)
    chorus.start()
    async with yclient(chorus, KENYA, mei) as fresh:
        assert fresh.text == expected


async def test_sigterm_closes_sockets_with_going_away(
    chorus: Server, accounts: dict[str, str]
) -> None:
    amina, lucas = cookies(chorus, accounts, "amina", "lucas")
    async with yclient(chorus, KENYA, amina) as a, yclient(chorus, KENYA, lucas) as b:
        chorus.stop()
        await wait_until(lambda: a.closed.is_set() and b.closed.is_set(), what="sockets to close")
        assert (a.close_code, b.close_code) == (GOING_AWAY, GOING_AWAY)
