"""What is new for a person (`/api/me/notices`), through a real server: newest first, each with
its statement, thread, who and a short excerpt; marked seen only by their owner, and every
page of theirs told at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from server.config import load_settings
from server.db import engine as db_engine
from server.db.models import Thread, ThreadMessage
from server.db.notices import notify
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until

pytestmark = pytest.mark.anyio

KENYA = 1
BRAZIL = 2
AT = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
LONG_COMMENT = (
    "@Amina Yusuf could you look at the second paragraph again? The figure for youth "
    "unemployment comes from the 2019 survey, and the national statistics office has published "
    "a newer one since then that we should cite instead."
)


def _id_of(http: httpx.Client) -> int:
    return int(http.get("/api/session").json()["user"]["id"])


async def _notices(
    server: Server, *, kind: str, to: Sequence[int], by: int, statement_id: int, count: int = 1
) -> None:
    """`count` notices of `kind` in the server's database, each about a thread of its own,
    through the app's own query module (the threads routes write them the same way)."""
    settings = load_settings(server.env)
    engine = db_engine.create_engine(settings)
    try:
        async with db_engine.sessionmaker(engine)() as session, session.begin():
            for n in range(count):
                at = AT + timedelta(minutes=n)
                thread = Thread(
                    statement_id=statement_id,
                    kind="dispute" if kind.startswith("dispute") else "comment",
                    state="open",
                    quote="the passage as it was",
                    anchor_start=b"",
                    anchor_end=b"",
                    created_by=by,
                    created_at=at,
                    reason="The figure is out of date." if kind == "dispute_opened" else None,
                )
                session.add(thread)
                await session.flush()
                message = ThreadMessage(
                    thread_id=thread.id, author_id=by, kind="comment", text=LONG_COMMENT, at=at
                )
                session.add(message)
                await session.flush()
                await notify(
                    session,
                    user_ids=[*to, by],  # never told of what they did themself
                    kind=kind,
                    statement_id=statement_id,
                    thread_id=thread.id,
                    message_id=message.id if kind == "mention" else None,
                    by_id=by,
                    at=at,
                )
    finally:
        await engine.dispose()


async def test_notices_come_newest_first_with_statement_thread_who_and_an_excerpt(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        assert amina.get("/api/me/notices").json() == {"notices": []}
        amina_id, sofia_id, lucas_id = _id_of(amina), _id_of(sofia), _id_of(lucas)
        await _notices(server, kind="mention", to=[amina_id], by=sofia_id, statement_id=KENYA)
        await _notices(
            server, kind="dispute_opened", to=[amina_id, sofia_id], by=lucas_id, statement_id=BRAZIL
        )
        found = amina.get("/api/me/notices").json()["notices"]
        assert [n["kind"] for n in found] == ["dispute_opened", "mention"]
        dispute, mention = found
        assert dispute["statement_id"] == BRAZIL and dispute["by"] == "Lucas Pereira"
        assert dispute["text"] == "The figure is out of date."
        assert isinstance(dispute["thread_id"], int)
        assert mention["statement_id"] == KENYA and mention["by"] == "Sofía Ramírez"
        assert mention["statement"] == amina.get(f"/api/statements/{KENYA}").json()["title"]
        assert mention["text"].startswith("@Amina Yusuf could you look")
        assert mention["text"].endswith("…") and len(mention["text"]) <= 140
        assert mention["seen"] is False and mention["at"].startswith("2027-06-01T09:00:00")
        # Lucas opened the dispute: he is not told of it; Sofía is.
        assert lucas.get("/api/me/notices").json()["notices"] == []
        assert [n["kind"] for n in sofia.get("/api/me/notices").json()["notices"]] == [
            "dispute_opened"
        ]


async def test_the_newest_fifty_are_listed(server: Server, accounts: dict[str, str]) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        await _notices(
            server,
            kind="mention",
            to=[_id_of(amina)],
            by=_id_of(sofia),
            statement_id=KENYA,
            count=55,
        )
        found = amina.get("/api/me/notices").json()["notices"]
        assert len(found) == 50
        ids = [n["id"] for n in found]
        assert ids == sorted(ids, reverse=True)


async def test_only_ones_own_notices_are_marked_seen_and_every_page_of_theirs_hears(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        await _notices(
            server,
            kind="mention",
            to=[_id_of(amina), _id_of(mei)],
            by=_id_of(sofia),
            statement_id=KENYA,
        )
        (hers,) = amina.get("/api/me/notices").json()["notices"]
        (meis,) = mei.get("/api/me/notices").json()["notices"]
        async with listening(server, cookie_of(amina)) as other_tab:
            marked = amina.post("/api/me/notices/seen", json={"ids": [hers["id"], meis["id"]]})
            assert marked.status_code == 200, marked.text
            assert marked.json() == {"marked": 1}
            await wait_until(lambda: other_tab.of("notices"), what="the notices event")
        assert amina.get("/api/me/notices").json()["notices"][0]["seen"] is True
        assert mei.get("/api/me/notices").json()["notices"][0]["seen"] is False
        # Again: nothing left to mark.
        assert amina.post("/api/me/notices/seen", json={"ids": [hers["id"]]}).json() == {
            "marked": 0
        }


async def test_bad_requests_for_notices_are_refused_with_a_reason(
    server: Server, accounts: dict[str, str]
) -> None:
    assert httpx.get(f"{server.base_url}/api/me/notices").status_code == 401
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        for body in ({}, {"ids": "1"}, {"ids": [1], "more": True}, {"ids": list(range(201))}):
            refused = amina.post("/api/me/notices/seen", json=body)
            assert refused.status_code == 422, body
            assert refused.json()["error"]["code"]
        without = httpx.post(
            f"{server.base_url}/api/me/notices/seen",
            json={"ids": [1]},
            headers={"Cookie": cookie_of(amina)},
        )
        assert without.status_code == 403


async def test_a_mention_in_a_comment_reaches_the_person_live(
    server: Server, accounts: dict[str, str]
) -> None:
    """Through the threads route: Sofía's `@Amina` in a comment on Kenya tells Amina, and
    nobody else in the group."""
    with (
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        async with listening(server, cookie_of(amina)) as heard:
            started = sofia.post(
                f"/api/statements/{KENYA}/threads",
                json={"start": 2, "end": 7, "text": "@Amina, is this the right country name?"},
            )
            assert started.status_code == 201, started.text
            await wait_until(lambda: heard.of("notices"), what="the notices event")
        (notice,) = amina.get("/api/me/notices").json()["notices"]
        assert notice["kind"] == "mention" and notice["by"] == "Sofía Ramírez"
        assert notice["thread_id"] == started.json()["thread"]["id"]
        assert notice["text"] == "@Amina, is this the right country name?"
        assert lucas.get("/api/me/notices").json()["notices"] == []
