"""`/ws/events` through a real server: state, live count and presence reach the people who may
open the statement, and nobody else."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from server.collab import close_codes
from tests.support.coalition import without_coalition_rules
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


class Events:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []
        self.closed = anyio.Event()
        self.close_code: int | None = None

    async def run(self) -> None:
        try:
            async for text in self.ws:
                self.seen.append(json.loads(text))
        except ConnectionClosed:
            pass
        self.close_code = self.ws.close_code
        self.closed.set()

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
    without_coalition_rules(server, accounts)  # not about co-signing
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


def _id_of(http: httpx.Client) -> int:
    return int(http.get("/api/session").json()["user"]["id"])


# What the rooms and the lifecycle tell about one statement.
ABOUT_THE_STATEMENT = {"statement.count", "statement.presence", "statement.state"}


async def test_someone_taken_off_a_drafting_group_hears_nothing_more_of_it(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        async with (
            listening(server, cookie_of(amina)) as hers,
            listening(server, cookie_of(mei)) as member,
        ):
            assert KENYA in hers.of("hello")[0]["statement_ids"]
            removed = ingrid.delete(f"/api/statements/{KENYA}/drafting-group/{_id_of(amina)}")
            assert removed.status_code == 200, removed.text
            await wait_until(lambda: hers.of("membership"), what="Amina told of membership")

            # Kenya goes on without her: Lucas opens it and types, Sofía finalises it.
            async with yclient(server, KENYA, cookie_of(lucas)) as editor:
                await wait_until(
                    lambda: any(
                        "Lucas Pereira" in e["editors"]
                        for e in member.of("statement.presence", KENYA)
                    ),
                    what="Mei sees Lucas in the statement",
                )
                await editor.edit(" Two more words.")
                await wait_until(lambda: member.of("statement.count", KENYA), what="Mei's count")
            done = sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            )
            assert done.status_code == 200, done.text
            await wait_until(lambda: member.of("statement.state", KENYA), what="Mei's state")

            # Published after all of those and still hers to hear: once it reaches her, any of
            # Kenya's events would have reached her before it.
            changed = ingrid.patch(
                "/api/forums/1", json={"drafting_closes_at": "2027-06-25T22:00:00Z"}
            )
            assert changed.status_code == 200, changed.text
            await wait_until(lambda: hers.of("forum"), what="the forum event for Amina")
            heard = [
                e
                for e in hers.seen
                if e["type"] in ABOUT_THE_STATEMENT and e.get("statement_id") == KENYA
            ]
            assert heard == []


async def test_signing_out_everywhere_closes_the_events_connections(
    server: Server, accounts: dict[str, str]
) -> None:
    password = accounts["amina@example.org"]
    with (
        signed_in_as(server, "amina@example.org", password) as laptop,
        signed_in_as(server, "amina@example.org", password) as phone,
    ):
        async with (
            listening(server, cookie_of(laptop)) as on_laptop,
            listening(server, cookie_of(phone)) as on_phone,
        ):
            out = phone.delete("/api/sessions")
            assert out.status_code == 200, out.text
            for events in (on_laptop, on_phone):
                with anyio.fail_after(10):
                    await events.closed.wait()
                assert events.close_code == close_codes.NOT_SIGNED_IN


async def test_signing_out_closes_that_sessions_events_connection_only(
    server: Server, accounts: dict[str, str]
) -> None:
    password = accounts["amina@example.org"]
    with (
        signed_in_as(server, "amina@example.org", password) as laptop,
        signed_in_as(server, "amina@example.org", password) as phone,
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
    ):
        async with (
            listening(server, cookie_of(laptop)) as on_laptop,
            listening(server, cookie_of(phone)) as on_phone,
        ):
            assert phone.delete("/api/session").status_code == 204
            with anyio.fail_after(10):
                await on_phone.closed.wait()
            assert on_phone.close_code == close_codes.NOT_SIGNED_IN
            changed = ingrid.patch(
                "/api/forums/1", json={"drafting_closes_at": "2027-06-25T22:00:00Z"}
            )
            assert changed.status_code == 200, changed.text
            await wait_until(lambda: on_laptop.of("forum"), what="the laptop still hears")
            assert not on_laptop.closed.is_set()


async def test_signing_in_again_over_a_session_closes_its_events_connection(
    server: Server, accounts: dict[str, str]
) -> None:
    password = accounts["amina@example.org"]
    with signed_in_as(server, "amina@example.org", password) as laptop:
        async with listening(server, cookie_of(laptop)) as on_laptop:
            # A new sign-in on the same browser ends the session it replaces.
            again = laptop.post(
                "/api/session", json={"email": "amina@example.org", "password": password}
            )
            assert again.status_code == 200, again.text
            with anyio.fail_after(10):
                await on_laptop.closed.wait()
            assert on_laptop.close_code == close_codes.NOT_SIGNED_IN


async def test_those_who_follow_the_forum_hear_a_new_sessions_statements(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "omar@example.org", accounts["omar@example.org"]) as omar,
    ):
        async with listening(server, cookie_of(omar)) as his:
            added = ingrid.post(
                "/api/forums/1/sessions",
                json={"title": "VNR session 6: Fiji", "countries": ["FJ"]},
            )
            assert added.status_code == 201, added.text
            await wait_until(lambda: his.of("forum"), what="the forum event")
            statements = ingrid.get("/api/forums/1/overview").json()["statements"]
            fiji = next(s["id"] for s in statements if s["country_code"] == "FJ")
            # Omar observes the whole forum: without reconnecting, he sees who opens Fiji's.
            async with yclient(server, fiji, cookie_of(ingrid)):
                await wait_until(
                    lambda: any(
                        "Ingrid Halvorsen" in e["editors"]
                        for e in his.of("statement.presence", fiji)
                    ),
                    what="Omar sees Ingrid in Fiji's statement",
                )
