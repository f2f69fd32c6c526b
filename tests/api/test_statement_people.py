"""Placing people on a statement: its drafting group (by its guiding moderators and the
facilitators) and its guiding moderators (by the facilitators), through a real server. Every
change is logged, and the person's lists and open editors follow at once."""

from __future__ import annotations

import httpx
import pytest

from server.collab import close_codes
from server.collab.protocol import WRITABLE
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

BRAZIL = 2


def _id_of(http: httpx.Client) -> int:
    return int(http.get("/api/session").json()["user"]["id"])


def _names(people: list[dict[str, object]]) -> set[object]:
    return {p["name"] for p in people}


async def test_a_guiding_moderator_adds_a_contributor_who_can_then_write(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        mei_id = _id_of(mei)
        assert mei.get(f"/api/statements/{BRAZIL}").status_code == 403
        before = sofia.get(f"/api/statements/{BRAZIL}/people").json()
        assert before["can_change_group"] is True and before["can_change_guides"] is False
        candidates = _names(before["group_candidates"])
        # Contributors and Steering Group members not yet in it; never observers.
        assert "Mei Tanaka" in candidates and "Kwame Mensah" in candidates
        assert "Omar Haddad" not in candidates and "Amina Yusuf" not in candidates
        assert before["guide_candidates"] == []

        async with listening(server, cookie_of(mei)) as heard:
            added = sofia.put(f"/api/statements/{BRAZIL}/drafting-group/{mei_id}")
            assert added.status_code == 200, added.text
            assert "Mei Tanaka" in _names(added.json()["drafting_group"])
            await wait_until(lambda: heard.of("membership"), what="Mei told of membership")

        detail = mei.get(f"/api/statements/{BRAZIL}")
        assert detail.status_code == 200 and detail.json()["can_edit"] is True
        async with yclient(server, BRAZIL, cookie_of(mei)) as editor:
            await editor.edit("Mei writes here.")
            async with yclient(server, BRAZIL, cookie_of(sofia)) as other:
                await wait_until(lambda: "Mei writes here." in other.text, what="Mei's edit")

        # Asking again changes nothing and logs nothing more.
        assert sofia.put(f"/api/statements/{BRAZIL}/drafting-group/{mei_id}").status_code == 200
        log = sofia.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
        joins = [e for e in log if e["action"] == "join"]
        assert len(joins) == 1
        assert joins[0]["sentence"].startswith("Sofía")
        assert (
            "added Mei" in joins[0]["sentence"] and "to the drafting group" in joins[0]["sentence"]
        )


async def test_removing_a_contributor_closes_her_open_editor_and_tells_the_watchers(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        amina_id = _id_of(amina)
        async with (
            listening(server, cookie_of(sofia)) as watching,
            yclient(server, BRAZIL, cookie_of(amina)) as editor,
        ):
            removed = ingrid.delete(f"/api/statements/{BRAZIL}/drafting-group/{amina_id}")
            assert removed.status_code == 200, removed.text
            assert "Amina Yusuf" not in _names(removed.json()["drafting_group"])
            await wait_until(lambda: editor.closed.is_set(), what="Amina's editor closed")
            assert editor.close_code == close_codes.NOT_ALLOWED
            await wait_until(
                lambda: watching.of("statement.people", BRAZIL), what="the people event"
            )
        assert amina.get(f"/api/statements/{BRAZIL}").status_code == 403
        log = ingrid.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
        assert log[-1]["action"] == "leave" and log[-1]["subject"].startswith("Amina")


async def test_who_may_place_whom_is_refused_with_a_reason(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "omar@example.org", accounts["omar@example.org"]) as omar,
    ):
        omar_id, amina_id = _id_of(omar), _id_of(amina)
        observer = sofia.put(f"/api/statements/{BRAZIL}/drafting-group/{omar_id}")
        assert observer.status_code == 422
        assert "observers read statements" in observer.json()["error"]["message"]
        # Kwame is a moderator, but not Brazil's guide.
        not_guide = kwame.put(f"/api/statements/{BRAZIL}/drafting-group/{omar_id}")
        assert not_guide.status_code == 403
        assert "guiding moderators" in not_guide.json()["error"]["message"]
        member = amina.delete(f"/api/statements/{BRAZIL}/drafting-group/{amina_id}")
        assert member.status_code == 403
        guides = sofia.put(f"/api/statements/{BRAZIL}/guides/{amina_id}")
        assert guides.status_code == 403
        assert "facilitators" in guides.json()["error"]["message"]
        nobody = sofia.put(f"/api/statements/{BRAZIL}/drafting-group/not-a-number")
        assert nobody.status_code == 404
        people = amina.get(f"/api/statements/{BRAZIL}/people").json()
        assert people["can_change_group"] is False and people["group_candidates"] == []


async def test_a_facilitator_chooses_the_guides_and_their_editors_follow(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        kwame_id, amina_id = _id_of(kwame), _id_of(amina)
        people = ingrid.get(f"/api/statements/{BRAZIL}/people").json()
        assert people["can_change_guides"] is True
        assert "Kwame Mensah" in _names(people["guide_candidates"])
        assert "Amina Yusuf" not in _names(people["guide_candidates"])
        contributor = ingrid.put(f"/api/statements/{BRAZIL}/guides/{amina_id}")
        assert contributor.status_code == 422
        assert "only moderators and facilitators guide" in contributor.json()["error"]["message"]

        async with yclient(server, BRAZIL, cookie_of(kwame), saved=True) as editor:
            made = ingrid.put(f"/api/statements/{BRAZIL}/guides/{kwame_id}")
            assert made.status_code == 200, made.text
            assert "Kwame Mensah" in _names(made.json()["guiding_moderators"])
            # His read-only editor starts taking edits without a reload.
            await wait_until(
                lambda: any(m[0] == WRITABLE and m[1] == 1 for m in editor.received),
                what="Kwame told he may write",
            )
            await editor.edit("Kwame guides Brazil now.")
            async with yclient(server, BRAZIL, cookie_of(amina)) as other:
                await wait_until(lambda: "Kwame guides" in other.text, what="Kwame's edit")

            assert ingrid.delete(f"/api/statements/{BRAZIL}/guides/{kwame_id}").status_code == 200
            await wait_until(
                lambda: sum(m[0] == WRITABLE for m in editor.received) == 2,
                what="Kwame told he may no longer write",
            )
        log = ingrid.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
        assert [e["action"] for e in log[-2:]] == ["guide", "unguide"]
