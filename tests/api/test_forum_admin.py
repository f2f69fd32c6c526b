"""A facilitator runs the forum: settings, sessions with their statements, people's roles."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.collab import close_codes
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


async def test_settings_change_only_what_is_sent_and_must_make_sense(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        changed = ingrid.patch(
            "/api/forums/1",
            json={"word_limit": 250, "coalition_min_regions": 4, "time_zone": "Europe/Zurich"},
        )
        assert changed.status_code == 200, changed.text
        forum = changed.json()
        assert forum["limits"]["words"] == 250 and forum["limits"]["seconds"] == 120
        assert forum["coalition"]["min_regions"] == 4 and forum["time_zone"] == "Europe/Zurich"
        # The statements are held to the new limit at once.
        assert ingrid.get(f"/api/statements/{KENYA}").json()["limits"]["words"] == 250

        backwards = ingrid.patch(
            "/api/forums/1", json={"drafting_closes_at": "2027-01-01T00:00:00Z"}
        )
        assert backwards.status_code == 422
        assert backwards.json()["error"]["field"] == "drafting_closes_at"
        assert backwards.json()["error"]["code"] == "deadlines_out_of_order"
        assert backwards.json()["error"]["params"] == {"earlier": "survey_closes_at"}
        naive = ingrid.patch("/api/forums/1", json={"survey_closes_at": "2027-01-01T00:00:00"})
        assert naive.status_code == 422
        unknown = ingrid.patch("/api/forums/99", json={"word_limit": 250})
        assert unknown.status_code == 404
        assert (unknown.json()["error"]["code"], unknown.json()["error"]["params"]) == (
            "no_such_forum",
            {"id": 99},
        )
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        refused = sofia.patch("/api/forums/1", json={"word_limit": 400})
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "not_a_facilitator"


async def test_a_group_session_gets_a_statement_per_country(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        made = ingrid.post(
            "/api/forums/1/sessions",
            json={
                "title": "VNR session 6: Fiji and Samoa",
                "starts_at": "2027-07-16T14:00:00Z",
                "countries": ["fj", "WS"],
            },
        )
        assert made.status_code == 201, made.text
        assert made.json()["countries"] == ["FJ", "WS"]
        overview = ingrid.get("/api/forums/1/overview").json()
        titles = {
            s["title"] for s in overview["statements"] if s["session_id"] == made.json()["id"]
        }
        assert titles == {
            "Statement to the voluntary national review of Fiji",
            "Statement to the voluntary national review of Samoa",
        }
        twice = ingrid.post(
            "/api/forums/1/sessions", json={"title": "x", "countries": ["FJ", "FJ"]}
        )
        assert twice.status_code == 422


async def test_a_role_change_is_logged_and_turns_an_open_editor_read_only(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        lucas_id = lucas.get("/api/session").json()["user"]["id"]
        async with yclient(server, KENYA, cookie_of(lucas), saved=True) as editor:
            answer = ingrid.put(f"/api/forums/1/people/{lucas_id}", json={"role": "observer"})
            assert answer.status_code == 200
            await wait_until(
                lambda: lucas.get(f"/api/statements/{KENYA}").json()["can_edit"] is False,
                what="Lucas read-only",
            )
            before = editor.text
            await editor.edit(" not taken")
            async with yclient(server, KENYA, cookie_of(ingrid)) as other:
                assert other.text == before
        assert ingrid.put(
            f"/api/forums/1/people/{lucas_id}", json={"role": "contributor"}
        ).json() == {"role": "contributor"}
        assert lucas.get(f"/api/statements/{KENYA}").json()["can_edit"] is True


async def test_a_site_administrator_creates_a_forum_and_runs_it(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "admin@example.org", accounts["admin@example.org"]) as admin:
        made = admin.post(
            "/api/forums", json={"name": "UPR pre-sessions 2028", "kind": "upr_pre_session"}
        )
        assert made.status_code == 201, made.text
        forum = made.json()
        assert forum["limits"] == {"words": 300, "seconds": 120, "speaking_rate": 150}
        listed = admin.get("/api/session").json()["user"]["forums"]
        mine = next(f for f in listed if f["forum_id"] == forum["id"])
        assert mine["role"] is None and mine["can_manage"] is True
        session = admin.post(
            f"/api/forums/{forum['id']}/sessions",
            json={"title": "UPR 48: Chile", "countries": ["CL"]},
        )
        assert session.status_code == 201
        invited = admin.post(f"/api/forums/{forum['id']}/invitations", json={"role": "facilitator"})
        assert invited.status_code == 201
    with signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid:
        assert ingrid.post("/api/forums", json={"name": "Mine"}).status_code == 403


async def test_the_forums_history_lists_role_changes_and_places_newest_first(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        mei_id = mei.get("/api/session").json()["user"]["id"]
        assert ingrid.put(f"/api/forums/1/people/{mei_id}", json={"role": "observer"}).is_success
        assert ingrid.delete(f"/api/statements/{KENYA}/drafting-group/{mei_id}").is_success
        log = ingrid.get("/api/forums/1/audit-log").json()
        newest, before = log["entries"][0], log["entries"][1]
        assert newest["action"] == "leave" and newest["statement"] == "Kenya"
        assert "removed Mei Tanaka from the drafting group" in newest["sentence"]
        assert before["action"] == "role" and before["statement"] is None
        assert before["sentence"].startswith("Ingrid Halvorsen changed the role of Mei Tanaka")
        assert "(contributor → observer)" in before["sentence"]
        # The demo's own history is there too, older, and nothing was cut off.
        assert any(e["action"] == "finalise" for e in log["entries"])
        assert log["older_entries"] is False
        ids = [e["id"] for e in log["entries"]]
        assert ids == sorted(ids, reverse=True)
        refused = mei.get("/api/forums/1/audit-log")
        assert refused.status_code == 403
        assert "facilitators" in refused.json()["error"]["message"]


def _kenya_notices(http: httpx.Client) -> list[dict[str, Any]]:
    notices: list[dict[str, Any]] = http.get("/api/me/notices").json()["notices"]
    return [n for n in notices if n["statement_id"] == KENYA]


async def test_losing_a_role_takes_a_contributor_off_everything_it_gave(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
    ):
        amina_id = amina.get("/api/session").json()["user"]["id"]
        dispute = {"start": 0, "end": 12, "reason": "The figure is out of date."}
        opened = lucas.post(f"/api/statements/{KENYA}/disputes", json=dispute)
        assert opened.status_code == 201, opened.text
        assert [n["kind"] for n in _kenya_notices(amina)] == ["dispute_opened"]
        assert amina.get("/api/statements").json()["statements"]

        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            taken = ingrid.put(f"/api/forums/1/people/{amina_id}", json={"role": None})
            assert taken.status_code == 200, taken.text
            await wait_until(lambda: editor.closed.is_set(), what="Amina's editor closed")
            assert editor.close_code == close_codes.NOT_ALLOWED

        # Nothing of the forum's statements is listed to her any more, not even their titles.
        assert amina.get("/api/statements").json()["statements"] == []
        assert amina.get(f"/api/statements/{KENYA}").status_code == 403
        people = ingrid.get(f"/api/statements/{KENYA}/people").json()
        assert "Amina Yusuf" not in {p["name"] for p in people["drafting_group"]}
        # The notice she had is not shown, and a dispute opened later does not reach her.
        assert _kenya_notices(amina) == []
        later = {**dispute, "reason": "A second look at the figure."}
        assert lucas.post(f"/api/statements/{KENYA}/disputes", json=later).status_code == 201
        assert _kenya_notices(amina) == []
        # Each place she left is in the log, with why.
        log = ingrid.get("/api/forums/1/audit-log").json()["entries"]
        left = {e["statement"] for e in log if e["action"] == "leave"}
        assert left >= {"Kenya", "Brazil", "Japan", "Egypt", "Ghana"}
        assert all(
            e["reason"] == "lost their role in the forum" for e in log if e["action"] == "leave"
        )

        # A role given again gives no place back: the facilitators place her anew.
        again = ingrid.put(f"/api/forums/1/people/{amina_id}", json={"role": "contributor"})
        assert again.status_code == 200
        assert amina.get("/api/statements").json()["statements"] == []
