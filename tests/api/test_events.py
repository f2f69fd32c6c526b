"""`/ws/events` through a real server: state, live count and presence reach the people who may
open the statement, and nobody else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


class Events:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def run(self) -> None:
        async for text in self.ws:
            self.seen.append(json.loads(text))

    def of(self, kind: str, statement_id: int | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.seen
            if e["type"] == kind and (statement_id is None or e.get("statement_id") == statement_id)
        ]


@asynccontextmanager
async def listening(server: Server, cookie: str) -> AsyncIterator[Events]:
    async with connect(
        f"{server.ws_url}/ws/events",
        additional_headers={"Cookie": cookie},
        origin=server.origin,  # type: ignore[arg-type]
        open_timeout=10,
    ) as ws:
        events = Events(ws)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(events.run)
            await wait_until(lambda: events.of("hello"), what="the hello event")
            yield events
            tasks.cancel_scope.cancel()


async def test_state_count_and_presence_reach_who_may_open_the_statement(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        async with (
            listening(server, cookie_of(amina)) as hers,
            listening(server, cookie_of(mei)) as other,
        ):
            assert KENYA in hers.of("hello")[0]["statement_ids"]
            brazil = 2
            assert brazil not in other.of("hello")[0]["statement_ids"]  # not her group

            async with yclient(server, KENYA, cookie_of(amina)) as editor:
                await wait_until(
                    lambda: any(
                        "Amina Yusuf" in e["editors"] for e in hers.of("statement.presence", KENYA)
                    ),
                    what="Amina shown in the statement",
                )
                await editor.edit(" Two more words.")
                await wait_until(lambda: hers.of("statement.count", KENYA), what="the live count")
                before = amina.get(f"/api/statements/{KENYA}").json()
                assert hers.of("statement.count", KENYA)[-1]["words"] == before["words"]

            done = sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            )
            assert done.status_code == 200
            await wait_until(lambda: hers.of("statement.state", KENYA), what="the state event")
            event = hers.of("statement.state", KENYA)[-1]
            assert event == {
                "type": "statement.state",
                "statement_id": KENYA,
                "state": "final",
                "by": "Sofía Ramírez",
            }
            # Mei is in Kenya's drafting group too: she hears it; Brazil's events never reach her.
            await wait_until(lambda: other.of("statement.state", KENYA), what="Mei hears it")
            assert not other.of("statement.presence", brazil)


async def test_events_need_a_session_and_an_allowed_origin(server: Server) -> None:
    async with connect(f"{server.ws_url}/ws/events", origin=server.origin) as ws:  # type: ignore[arg-type]
        with pytest.raises(ConnectionClosed):
            await ws.recv()
        assert ws.close_code == 4401
    with pytest.raises(InvalidStatus, match="403"):
        async with connect(
            f"{server.ws_url}/ws/events",
            origin="https://elsewhere.example",  # type: ignore[arg-type]
        ):
            pass


async def test_a_change_of_the_forums_settings_reaches_its_people(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
    ):
        async with listening(server, cookie_of(amina)) as hers:
            changed = ingrid.patch(
                "/api/forums/1", json={"drafting_closes_at": "2027-06-25T22:00:00Z"}
            )
            assert changed.status_code == 200
            await wait_until(lambda: hers.of("forum"), what="the forum event")
            assert hers.of("forum")[-1] == {"type": "forum", "forum_id": 1}
