"""The Steering Group's review queue, `GET /api/forums/{id}/review-queue`, through a real
server: who may work it, what a bad filter says, and the queue's order and filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from server.config import load_settings
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient
from tests.test_personal_data_at_rest import _execute

QUEUE = "/api/forums/1/review-queue"


def queue_of(http: httpx.Client, query: str = "") -> list[dict[str, Any]]:
    answer = http.get(f"{QUEUE}{query}")
    assert answer.status_code == 200, answer.text
    disputes: list[dict[str, Any]] = answer.json()["disputes"]
    return disputes


def opened(answer: httpx.Response) -> int:
    assert answer.status_code in (200, 201), answer.text
    thread_id: int = answer.json()["thread"]["id"]
    return thread_id


def test_moderators_and_facilitators_work_the_queue_and_their_session_says_so(
    server: Server, accounts: dict[str, str]
) -> None:
    for email in ("sofia@example.org", "ingrid@example.org"):
        with signed_in_as(server, email, accounts[email]) as http:
            answer = http.get(QUEUE)
            assert answer.status_code == 200, answer.text
            assert answer.json() == {"disputes": []}
            forums = http.get("/api/session").json()["user"]["forums"]
            assert [f["can_work_review_queue"] for f in forums] == [True]


def test_everyone_else_is_refused_and_an_unknown_forum_is_not_found(
    server: Server, accounts: dict[str, str]
) -> None:
    for email in ("amina@example.org", "omar@example.org", "admin@example.org"):
        with signed_in_as(server, email, accounts[email]) as http:
            refused = http.get(QUEUE)
            assert refused.status_code == 403, email
            assert refused.json()["error"]["code"] == "may_not_view_review_queue"
            assert not any(
                f["can_work_review_queue"]
                for f in http.get("/api/session").json()["user"]["forums"]
            )
            # Who may ask is checked first: a bad filter tells a stranger nothing.
            assert http.get(f"{QUEUE}?claimed=yes").status_code == 403
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        missing = sofia.get("/api/forums/999/review-queue")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "no_such_forum"
        assert sofia.get("/api/forums/first/review-queue").status_code == 404


def test_a_filter_the_queue_cannot_apply_is_refused_with_its_field(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        for query, field, code in (
            ("session=Kenya", "session", "queue_filter_session_invalid"),
            ("country=Kenya", "country", "queue_filter_country_invalid"),
            ("claimed=yes", "claimed", "queue_filter_claimed_invalid"),
            ("state=open", "state", "queue_filter_unknown"),
            ("claimed=me&claimed=unclaimed", "claimed", "queue_filter_repeated"),
        ):
            refused = sofia.get(f"{QUEUE}?{query}")
            assert refused.status_code == 422, query
            error = refused.json()["error"]
            assert (error["field"], error["code"]) == (field, code)
            assert error["message"]
        # Empty choices of a form are no filter.
        assert sofia.get(f"{QUEUE}?session=&country=&claimed=").status_code == 200


@pytest.mark.anyio
async def test_open_disputes_come_by_due_date_then_age_and_the_filters_narrow_them(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
    ):
        mine = {
            s["country_code"] if s["due_at"] else "undated": s
            for s in amina.get("/api/statements").json()["statements"]
            if s["state"] == "drafting"
        }
        kenya, brazil, egypt, undated = (mine[c] for c in ("KE", "BR", "EG", "undated"))
        # Brazil's draft and the undated statement are empty: the group writes something first.
        for statement, text in (
            (brazil, "Brazil will halve deforestation by 2030."),
            (undated, "A statement whose session has no date yet."),
        ):
            async with yclient(server, statement["id"], cookie_of(amina)) as editor:
                await editor.edit(text)
                await wait_until(
                    lambda s=statement: amina.get(f"/api/statements/{s['id']}").json()["words"],
                    what="the server to count the new text",
                )

        def dispute(statement: dict[str, Any], reason: str, wording: str | None = None) -> int:
            body = {"start": 0, "end": 5, "reason": reason}
            if wording is not None:
                body["wording"] = wording
            return opened(amina.post(f"/api/statements/{statement['id']}/disputes", json=body))

        # A comment is the group's own business until it is escalated.
        comment = opened(
            amina.post(
                f"/api/statements/{kenya['id']}/threads", json={"start": 0, "end": 5, "text": "Hm."}
            )
        )
        assert queue_of(sofia) == []
        egypt_dispute = dispute(egypt, "Name informal workers or all workers?")
        kenya_first = opened(
            amina.post(
                f"/api/threads/{comment}/escalate",
                json={"reason": "We cannot settle it.", "wording": "Kenya's"},
            )
        )
        undated_dispute = dispute(undated, "No date, still disputed.")
        brazil_dispute = dispute(brazil, "The figures for 2030 differ.")
        kenya_second = dispute(kenya, "Too soft.")

        queue = queue_of(sofia)
        assert [d["thread_id"] for d in queue] == [
            kenya_first,  # Kenya's session comes first; its older dispute first
            kenya_second,
            brazil_dispute,  # the same day, later
            egypt_dispute,  # the next day, though opened before all the others
            undated_dispute,  # no date: last
        ]
        first = queue[0]
        assert first == {
            "thread_id": kenya_first,
            "statement_id": kenya["id"],
            "statement": kenya["title"],
            "country": "Kenya",
            "country_code": "KE",
            "session_id": kenya["session_id"],
            "session": kenya["session"],
            "due_at": kenya["due_at"],
            "state": "open",
            "claimed_by": None,
            "claimed_by_me": False,
            "claimed_at": None,
            "waiting": True,
            "may_release": False,
            "opened_at": first["opened_at"],
            "quote": first["quote"],
            "reason": "We cannot settle it.",
            "proposed_wording": "Kenya's",
        }
        assert len(first["quote"]) == 5 and first["opened_at"].endswith("+00:00")
        assert queue[-1]["due_at"] is None and queue[-1]["proposed_wording"] is None

        # Sofía takes one of Kenya's, Kwame Egypt's.
        opened(sofia.post(f"/api/threads/{kenya_second}/claim", json={}))
        opened(kwame.post(f"/api/threads/{egypt_dispute}/claim", json={}))
        held = {d["thread_id"]: (d["claimed_by"], d["claimed_by_me"]) for d in queue_of(sofia)}
        assert held[kenya_second] == ("Sofía Ramírez", True)
        assert held[egypt_dispute] == ("Kwame Mensah", False)

        def ids(http: httpx.Client, query: str) -> list[int]:
            return [d["thread_id"] for d in queue_of(http, query)]

        assert ids(sofia, "?claimed=me") == [kenya_second]
        assert ids(kwame, "?claimed=me") == [egypt_dispute]
        assert ids(sofia, "?claimed=unclaimed") == [kenya_first, brazil_dispute, undated_dispute]
        assert ids(sofia, f"?session={kenya['session_id']}") == [kenya_first, kenya_second]
        assert ids(sofia, "?country=ke") == [kenya_first, kenya_second]
        assert ids(sofia, f"?session={kenya['session_id']}&claimed=unclaimed") == [kenya_first]
        assert ids(sofia, "?country=EG&claimed=me") == []
        assert ids(sofia, "?session=999") == []

        # A decided dispute leaves the queue.
        decided = sofia.post(
            f"/api/threads/{kenya_second}/decide",
            json={"outcome": "keep", "decision": "The wording stays; it is accurate."},
        )
        assert decided.status_code == 200, decided.text
        assert kenya_second not in ids(sofia, "")
        assert ids(sofia, "?claimed=me") == []


def test_a_claim_older_than_a_day_shows_as_waiting_and_who_may_release_it(
    server: Server, accounts: dict[str, str]
) -> None:
    people = {
        name: signed_in_as(server, f"{name}@example.org", accounts[f"{name}@example.org"])
        for name in ("lucas", "sofia", "kwame", "ingrid")
    }
    with (
        people["lucas"] as lucas,
        people["sofia"] as sofia,
        people["kwame"] as kwame,
        people["ingrid"] as ingrid,
    ):
        tid = opened(
            lucas.post(
                "/api/statements/1/disputes", json={"start": 0, "end": 5, "reason": "Too soft."}
            )
        )
        opened(sofia.post(f"/api/threads/{tid}/claim"))

        def item(http: httpx.Client) -> dict[str, Any]:
            return next(d for d in queue_of(http) if d["thread_id"] == tid)

        fresh = item(sofia)
        assert (fresh["waiting"], fresh["may_release"]) == (False, True)
        assert fresh["claimed_at"] is not None and fresh["claimed_at"].endswith("+00:00")
        assert (item(kwame)["waiting"], item(kwame)["may_release"]) == (False, False)
        assert item(ingrid)["may_release"] is True  # a facilitator, with a reason

        # Sofía went silent: her claim is a day and a minute old.
        aged = datetime.now(UTC) - timedelta(days=1, minutes=1)
        _execute(
            load_settings(server.env).database_url,
            f"UPDATE threads SET claimed_at = '{aged:%Y-%m-%d %H:%M:%S}' WHERE id = {tid}",
        )
        stale = item(kwame)
        assert (stale["waiting"], stale["claimed_by"]) == (True, "Sofía Ramírez")
        assert stale["may_release"] is False  # a facilitator releases it, not another moderator
        # Still hers until someone releases it.
        taken = kwame.post(f"/api/threads/{tid}/claim")
        assert taken.status_code == 409
        assert taken.json()["error"]["code"] == "already_claimed"
