"""A statement's reviewers, through a real server: chosen by its guiding moderators and the
facilitators, anyone with an account (with or without a role in the forum); they read the
text, and their editor is read-only: a crafted update is dropped, then the connection closed,
as an observer's."""

from __future__ import annotations

import httpx
import pytest

from server.collab import close_codes
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
BRAZIL = 2
EGYPT = 6  # guided by Kwame; Rachel reviews nothing there


def _id_of(http: httpx.Client) -> int:
    return int(http.get("/api/session").json()["user"]["id"])


def _names(people: list[dict[str, object]]) -> set[object]:
    return {p["name"] for p in people}


async def test_the_demo_reviewer_reads_the_statement_and_her_crafted_update_is_dropped(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "rachel@example.org", accounts["rachel@example.org"]) as rachel,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        listed = {s["id"] for s in rachel.get("/api/statements").json()["statements"]}
        assert listed == {KENYA, BRAZIL}  # only what she reviews: no role in the forum
        detail = rachel.get(f"/api/statements/{KENYA}").json()
        assert detail["can_edit"] is False
        people = rachel.get(f"/api/statements/{KENYA}/people").json()
        assert "Rachel Okafor" in _names(people["reviewers"])
        assert people["can_change_reviewers"] is False and people["reviewer_candidates"] == []
        assert rachel.get(f"/api/statements/{EGYPT}").status_code == 403
        async with (
            yclient(server, KENYA, cookie_of(rachel), saved=True) as reviewer,
            yclient(server, KENYA, cookie_of(amina)) as contributor,
        ):
            assert reviewer.text == contributor.text  # reads the text
            await reviewer.edit(" a reviewer was here")
            await contributor.edit(" the group was here")
            await wait_until(
                lambda: "the group was here" in reviewer.text, what="the contributor's edit"
            )
            assert "a reviewer was here" not in contributor.text
            # Repeating it closes the connection, as for an observer.
            await reviewer.edit(" again")
            await reviewer.edit(" and again")
            await wait_until(lambda: reviewer.closed.is_set(), what="the reviewer's editor closed")
            assert reviewer.close_code == close_codes.READ_ONLY
        async with yclient(server, KENYA, cookie_of(amina)) as fresh:
            assert "reviewer was here" not in fresh.text  # never applied, never stored


async def test_a_reviewer_sees_the_threads_and_comments_but_does_not_take_them_further(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "rachel@example.org", accounts["rachel@example.org"]) as rachel:
        assert rachel.get(f"/api/statements/{KENYA}/threads").json() == {"threads": []}
        started = rachel.post(
            f"/api/statements/{KENYA}/threads",
            json={"start": 2, "end": 7, "text": "Is this the title the group wants?"},
        )
        assert started.status_code == 201, started.text
        thread = started.json()["thread"]
        assert thread["created_by"] == "Rachel Okafor"
        escalated = rachel.post(f"/api/threads/{thread['id']}/escalate", json={"reason": "Why?"})
        assert escalated.status_code == 403
        assert escalated.json()["error"]["code"] == "may_not_escalate"


async def test_a_guiding_moderator_makes_a_contributor_of_another_group_a_reviewer(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        mei_id = _id_of(mei)
        assert mei.get(f"/api/statements/{EGYPT}").status_code == 403
        before = kwame.get(f"/api/statements/{EGYPT}/people").json()
        assert before["can_change_reviewers"] is True
        candidates = {c["name"]: c["role"] for c in before["reviewer_candidates"]}
        # Contributors outside the group, observers, and the forum's outside reviewers; not the
        # group (Amina) nor the Steering Group, who comment on every statement already.
        assert candidates["Mei Tanaka"] == "contributor"
        assert candidates["Omar Haddad"] == "observer"
        assert candidates["Rachel Okafor"] is None
        assert "Amina Yusuf" not in candidates and "Sofía Ramírez" not in candidates

        async with (
            listening(server, cookie_of(mei)) as heard,
            listening(server, cookie_of(amina)) as group,
        ):
            added = kwame.put(f"/api/statements/{EGYPT}/reviewers/{mei_id}")
            assert added.status_code == 200, added.text
            assert "Mei Tanaka" in _names(added.json()["reviewers"])
            assert "Mei Tanaka" not in _names(added.json()["reviewer_candidates"])
            await wait_until(lambda: heard.of("membership"), what="Mei told of membership")
            await wait_until(lambda: group.of("statement.people", EGYPT), what="the people event")

        detail = mei.get(f"/api/statements/{EGYPT}")
        assert detail.status_code == 200 and detail.json()["can_edit"] is False
        # Asking again changes nothing and logs nothing more.
        assert kwame.put(f"/api/statements/{EGYPT}/reviewers/{mei_id}").status_code == 200
        log = kwame.get(f"/api/statements/{EGYPT}/audit-log").json()["entries"]
        reviews = [e for e in log if e["action"] == "review"]
        assert len(reviews) == 1
        assert reviews[0]["sentence"].startswith("Kwame Mensah made Mei Tanaka a reviewer")

        async with yclient(server, EGYPT, cookie_of(mei), saved=True) as editor:
            removed = kwame.delete(f"/api/statements/{EGYPT}/reviewers/{mei_id}")
            assert removed.status_code == 200, removed.text
            assert "Mei Tanaka" not in _names(removed.json()["reviewers"])
            await wait_until(lambda: editor.closed.is_set(), what="Mei's editor closed")
            assert editor.close_code == close_codes.NOT_ALLOWED
        assert mei.get(f"/api/statements/{EGYPT}").status_code == 403
        log = kwame.get(f"/api/statements/{EGYPT}/audit-log").json()["entries"]
        assert log[-1]["action"] == "unreview"
        assert "removed Mei Tanaka as reviewer" in log[-1]["sentence"]


async def test_someone_without_a_role_in_the_forum_may_review_and_stop_reviewing(
    server: Server, accounts: dict[str, str]
) -> None:
    """The facilitator asks the outside reviewer to review Egypt too; she is let go from Kenya
    and can no longer open it."""
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "rachel@example.org", accounts["rachel@example.org"]) as rachel,
    ):
        rachel_id = _id_of(rachel)
        assert ingrid.put(f"/api/statements/{EGYPT}/reviewers/{rachel_id}").status_code == 200
        assert rachel.get(f"/api/statements/{EGYPT}").status_code == 200
        assert ingrid.delete(f"/api/statements/{KENYA}/reviewers/{rachel_id}").status_code == 200
        assert rachel.get(f"/api/statements/{KENYA}").status_code == 403
        listed = {s["id"] for s in rachel.get("/api/statements").json()["statements"]}
        assert listed == {BRAZIL, EGYPT}


async def test_who_may_choose_reviewers_is_refused_with_a_reason(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "omar@example.org", accounts["omar@example.org"]) as omar,
        signed_in_as(server, "rachel@example.org", accounts["rachel@example.org"]) as rachel,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        omar_id = _id_of(omar)
        for who in (kwame, amina, omar, rachel):  # Kwame does not guide Kenya
            refused = who.put(f"/api/statements/{KENYA}/reviewers/{omar_id}")
            assert refused.status_code == 403, refused.text
            error = refused.json()["error"]
            assert error["code"] == "may_not_change_reviewers"
            assert "guiding moderators and the forum's facilitators" in error["message"]
        nobody = sofia.put(f"/api/statements/{KENYA}/reviewers/99999")
        assert nobody.status_code == 404 and nobody.json()["error"]["code"] == "no_such_person"
        garbled = sofia.put(f"/api/statements/{KENYA}/reviewers/not-a-number")
        assert garbled.status_code == 404
        unknown = sofia.put(f"/api/statements/99999/reviewers/{omar_id}")
        assert unknown.status_code == 404
        # Without the session's CSRF token, nothing changes.
        without = httpx.put(
            f"{server.base_url}/api/statements/{KENYA}/reviewers/{omar_id}",
            headers={"Cookie": cookie_of(sofia)},
        )
        assert without.status_code == 403
        people = sofia.get(f"/api/statements/{KENYA}/people").json()
        assert "Omar Haddad" not in _names(people["reviewers"])
