"""Invitation links: who may create which, single use, expiry, and joining through one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import httpx
import pytest

from server.collab.protocol import WRITABLE
from server.config import load_settings
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient
from tests.test_personal_data_at_rest import _execute

BRAZIL = 2


def _invite(http: httpx.Client, **body: object) -> httpx.Response:
    return http.post("/api/forums/1/invitations", json=body)


def test_a_new_person_joins_a_drafting_group_through_an_invitation(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        made = _invite(ingrid, role="contributor", statement_id=BRAZIL, note="for Thiago")
        assert made.status_code == 201, made.text
        link = made.json()["link"]
        assert link.startswith("/join/") and made.json()["statement"].endswith("Brazil")

    with httpx.Client(base_url=server.base_url) as newcomer:
        token = link.removeprefix("/join/")
        seen = newcomer.get(f"/api/invitations/{token}").json()
        assert seen["role"] == "contributor" and seen["invited_by"] == "Ingrid Halvorsen"

        weak = newcomer.post(
            f"/api/invitations/{token}/accept",
            json={"name": "Thiago Souza", "email": "thiago@example.org", "password": "short"},
        )
        assert weak.status_code == 422 and weak.json()["error"]["field"] == "password"
        assert "at least 10 characters" in weak.json()["error"]["message"]
        # Each problem on its own, with the numbers a page needs to say it in French.
        assert weak.json()["error"]["code"] == "weak_password"
        assert [(r["code"], r["params"]) for r in weak.json()["error"]["reasons"]] == [
            ("password_too_short", {"min": 10, "length": 5})
        ]

        joined = newcomer.post(
            f"/api/invitations/{token}/accept",
            json={
                "name": "Thiago Souza",
                "email": "thiago@example.org",
                "password": "a river of many voices",
            },
        )
        assert joined.status_code == 201, joined.text
        assert joined.json()["user"]["name"] == "Thiago Souza"
        # Signed in at once, and Brazil is his to edit.
        mine = newcomer.get(f"/api/statements/{BRAZIL}").json()
        assert mine["can_edit"] is True

        again = newcomer.post(f"/api/invitations/{token}/accept", json={})
        assert again.status_code == 410
        assert "already been used" in again.json()["error"]["message"]
        assert again.json()["error"]["code"] == "invitation_unusable"
        assert [r["code"] for r in again.json()["error"]["reasons"]] == ["invitation_used"]

    with signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas:
        log = lucas.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
        assert log[-1]["action"] == "join" and log[-1]["subject"] == "Thiago Souza"
        assert "Ingrid Halvorsen added Thiago Souza to the drafting group" in log[-1]["sentence"]


def test_an_expired_invitation_is_refused_with_its_date(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        token = _invite(ingrid, role="observer").json()["link"].removeprefix("/join/")
    _execute(
        load_settings(server.env).database_url,
        "UPDATE invitations SET expires_at = '2026-01-02 03:04:00'",
    )
    answer = httpx.get(f"{server.base_url}/api/invitations/{token}")
    assert answer.status_code == 410
    error = answer.json()["error"]
    assert "expired on 2 January 2026 at 03:04 UTC" in error["message"]
    assert (error["code"], error["params"]) == (
        "invitation_unusable",
        {"expires_at": "2026-01-02T03:04:00+00:00"},
    )
    assert [r["code"] for r in error["reasons"]] == ["invitation_expired"]


def test_moderators_invite_contributors_and_observers_only(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame:
        assert _invite(kwame, role="contributor").status_code == 201
        refused = _invite(kwame, role="facilitator")
        assert refused.status_code == 403 and refused.json()["error"]["field"] == "role"
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        assert _invite(amina, role="contributor").status_code == 403


def test_a_signed_in_person_accepts_with_the_csrf_token(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        token = _invite(ingrid, role="contributor", statement_id=BRAZIL).json()["link"][6:]
    with signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei:
        assert mei.get(f"/api/statements/{BRAZIL}").status_code == 403
        csrf = mei.headers.pop("X-CSRF-Token")
        assert mei.post(f"/api/invitations/{token}/accept", json={}).status_code == 403
        mei.headers["X-CSRF-Token"] = csrf
        assert mei.post(f"/api/invitations/{token}/accept", json={}).status_code == 200
        assert mei.get(f"/api/statements/{BRAZIL}").json()["can_edit"] is True


def _accept(http: httpx.Client, token: str) -> httpx.Response:
    return http.post(f"/api/invitations/{token}/accept", json={})


def test_accepting_into_a_group_one_is_already_in_logs_no_join(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        token = _invite(ingrid, role="contributor", statement_id=BRAZIL).json()["link"][6:]
        with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
            before = ingrid.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
            accepted = _accept(amina, token)
            assert accepted.status_code == 200, accepted.text
        after = ingrid.get(f"/api/statements/{BRAZIL}/audit-log").json()["entries"]
        assert after == before
        group = ingrid.get(f"/api/statements/{BRAZIL}/people").json()["drafting_group"]
        assert [p["name"] for p in group].count("Amina Yusuf") == 1


@pytest.mark.anyio
async def test_an_open_editor_writes_once_its_person_joins_through_an_invitation(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        token = _invite(ingrid, role="contributor", statement_id=BRAZIL).json()["link"][6:]
        # Kwame is in the Steering Group but not in Brazil's group: he reads it, read-only.
        async with (
            listening(server, cookie_of(sofia)) as watching,
            yclient(server, BRAZIL, cookie_of(kwame), saved=True) as editor,
        ):
            accepted = _accept(kwame, token)
            assert accepted.status_code == 200, accepted.text
            await wait_until(
                lambda: any(m[0] == WRITABLE and m[1] == 1 for m in editor.received),
                what="Kwame told he may write",
            )
            await wait_until(
                lambda: watching.of("statement.people", BRAZIL), what="the people event"
            )


@pytest.mark.anyio
async def test_someone_who_joins_through_an_invitation_hears_the_statement_at_once(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        token = _invite(ingrid, role="contributor", statement_id=BRAZIL).json()["link"][6:]
        async with listening(server, cookie_of(mei)) as hers:
            assert BRAZIL not in hers.of("hello")[0]["statement_ids"]
            accepted = _accept(mei, token)
            assert accepted.status_code == 200, accepted.text
            await wait_until(lambda: hers.of("membership"), what="Mei told of membership")
            # Without reconnecting, she sees who opens Brazil now.
            async with yclient(server, BRAZIL, cookie_of(lucas)):
                await wait_until(
                    lambda: any(
                        "Lucas Pereira" in e["editors"]
                        for e in hers.of("statement.presence", BRAZIL)
                    ),
                    what="Mei sees Lucas in Brazil",
                )


CHILE = 3


def test_a_role_taken_away_while_its_invitation_is_accepted_leaves_no_place_without_a_role(
    server: Server, accounts: dict[str, str]
) -> None:
    """Both requests at once, several times: whichever the server finishes first, Amina ends
    with a role and Chile's drafting group, or with neither; never in a group without a role."""
    rounds = 6
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        amina_id = amina.get("/api/session").json()["user"]["id"]
        for _ in range(rounds):
            ingrid.put(f"/api/forums/1/people/{amina_id}", json={"role": "contributor"})
            ingrid.delete(f"/api/statements/{CHILE}/drafting-group/{amina_id}")
            made = _invite(ingrid, role="contributor", statement_id=CHILE)
            token = made.json()["link"].removeprefix("/join/")
            start = threading.Barrier(2)

            def at_once(start: threading.Barrier, send: Callable[[], httpx.Response]) -> int:
                start.wait(timeout=10)
                return send().status_code

            role_url = f"/api/forums/1/people/{amina_id}"
            with ThreadPoolExecutor(max_workers=2) as pool:
                answers = [
                    pool.submit(at_once, start, partial(ingrid.put, role_url, json={"role": None})),
                    pool.submit(
                        at_once,
                        start,
                        partial(amina.post, f"/api/invitations/{token}/accept", json={}),
                    ),
                ]
                assert [a.result(timeout=30) for a in answers] == [200, 200]
            people = ingrid.get("/api/forums/1/people").json()["people"]
            role = next((p["role"] for p in people if p["id"] == amina_id), None)
            listed = frozenset(s["id"] for s in amina.get("/api/statements").json()["statements"])
            group = ingrid.get(f"/api/statements/{CHILE}/people").json()["drafting_group"]
            in_chile = amina_id in {p["id"] for p in group}
            # Never a place without a role: with one, Chile alone; without, nothing at all.
            assert (role, in_chile, listed) in {
                ("contributor", True, frozenset({CHILE})),
                (None, False, frozenset()),
            }, (role, in_chile, listed)
