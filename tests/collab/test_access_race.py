"""Access taken away while an editor is joining, through a real server.

An editor's connection reads its person's standing before it joins the room. Someone taken off
the drafting group in between must not keep a connection that the removal never saw: once the
removal has been answered, every connection of theirs to the statement is closed (4403).

The gap between reading and joining is short (wider while a room loads), so a round rarely
lands in it; the rounds make it likely enough to show up over a few runs.
"""

from __future__ import annotations

import random

import anyio
import httpx
import pytest

from server.collab import close_codes
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import YClient, wait_until, yclient

pytestmark = pytest.mark.anyio

ROUNDS = 24
JOINERS = 6
# The demo's statements, one a round: a room unloaded since its last round is loaded again
# while the removal runs, which is when the gap between reading and joining is widest.
STATEMENTS = range(1, 9)


async def _join_and_hold(
    server: Server, sid: int, cookie: str, start: float, joined: list[YClient], done: anyio.Event
) -> None:
    await anyio.sleep(start)
    async with yclient(server, sid, cookie, wait_synced=False) as editor:
        await wait_until(
            lambda: editor.synced.is_set() or editor.closed.is_set(), what="synced or refused"
        )
        joined.append(editor)
        await done.wait()


async def _remove(http: httpx.Client, url: str, after: float, answer: list[int]) -> None:
    await anyio.sleep(after)
    answer.append((await anyio.to_thread.run_sync(lambda: http.delete(url))).status_code)


async def _one_round(
    server: Server, ingrid: httpx.Client, sid: int, cookie: str, member: str, chance: random.Random
) -> None:
    """Join several times while the person is removed; then none of those editors is open."""
    joined: list[YClient] = []
    answer: list[int] = []
    done = anyio.Event()
    async with anyio.create_task_group() as tasks:
        for _ in range(JOINERS):
            start = chance.uniform(0.0, 0.12)
            tasks.start_soon(_join_and_hold, server, sid, cookie, start, joined, done)
        tasks.start_soon(_remove, ingrid, member, chance.uniform(0.0, 0.08), answer)
        await wait_until(lambda: len(joined) == JOINERS and answer, what="the round to settle")
        await wait_until(
            lambda: all(e.closed.is_set() for e in joined),
            timeout=5,
            what="every editor of the removed person closed",
        )
        assert answer == [200]
        assert {e.close_code for e in joined} == {close_codes.NOT_ALLOWED}
        done.set()


async def test_someone_removed_while_joining_keeps_no_editor(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        amina_id = amina.get("/api/session").json()["user"]["id"]
        chance = random.Random(9)
        for round_no in range(ROUNDS):
            sid = STATEMENTS[round_no % len(STATEMENTS)]
            member = f"/api/statements/{sid}/drafting-group/{amina_id}"
            placed = ingrid.put(member)
            assert placed.status_code == 200, f"round {round_no}: {placed.text}"
            await _one_round(server, ingrid, sid, cookie_of(amina), member, chance)
