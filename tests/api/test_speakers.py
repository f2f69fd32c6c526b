"""Speakers through a real server: volunteering under the current rules for speakers, the
ranking explained to the Steering Group (and the volunteers' answers kept from everyone else),
confirming a speaker and a backup (both told), withdrawing, and the lists' `speaker`."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from server.config import load_settings
from server.db.models import HappenedRow, SpeakerVolunteer
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import wait_until

pytestmark = pytest.mark.anyio

KENYA = 1  # drafting group: Amina, Lucas, Mei, Sofía; guided by Sofía
# The demo's volunteers on Kenya: Lucas first (in its national process), then Amina (a national).
AMINA, LUCAS = "Amina Yusuf", "Lucas Pereira"


def _as(server: Server, accounts: dict[str, str], who: str) -> Any:
    email = f"{who}@example.org"
    return signed_in_as(server, email, accounts[email])


def _speakers(http: httpx.Client, sid: int = KENYA) -> dict[str, Any]:
    answer = http.get(f"/api/statements/{sid}/speakers")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _ids(body: dict[str, Any]) -> dict[str, int]:
    return {v["name"]: v["id"] for v in body["volunteers"]}


def _volunteer(http: httpx.Client, version: int, **answers: bool) -> httpx.Response:
    return http.post(
        f"/api/statements/{KENYA}/speakers/volunteer",
        json={"accept_rules_version": version, **answers},
    )


def _listed_speaker(http: httpx.Client, forum_id: int = 1) -> str | None:
    overview = http.get(f"/api/forums/{forum_id}/overview").json()
    speaker: str | None = next(s for s in overview["statements"] if s["id"] == KENYA)["speaker"]
    return speaker


def _notices(http: httpx.Client) -> list[str]:
    return [n["kind"] for n in http.get("/api/me/notices").json()["notices"]]


async def test_volunteering_accepts_the_current_rules_and_a_stale_version_is_refused(
    server: Server, accounts: dict[str, str]
) -> None:
    with _as(server, accounts, "mei") as mei, _as(server, accounts, "ingrid") as ingrid:
        rules = _speakers(mei)["rules"]
        assert rules["version"] == 1 and "word for word" in rules["text"]
        async with listening(server, cookie_of(mei)) as hers:
            answer = _volunteer(mei, 1, is_national=False)
            assert answer.status_code == 201, answer.text
            assert answer.json()["volunteering"] is True
            await wait_until(
                lambda: hers.of("statement.speakers", KENYA), what="the speakers event"
            )
        assert mei.delete(f"/api/statements/{KENYA}/speakers/volunteer").status_code == 200
        written = ingrid.put(
            "/api/forums/1/speaker-rules", json={"text": "Speak for the coalition. Be on time."}
        )
        assert written.status_code == 200 and written.json()["version"] == 2
        stale = _volunteer(mei, 1)
        assert stale.status_code == 409
        error = stale.json()["error"]
        assert error["code"] == "speaker_rules_changed" and error["params"] == {"version": 2}
        assert _volunteer(mei, 2).status_code == 201
        # Only facilitators write the rules; the text is required.
        assert mei.put("/api/forums/1/speaker-rules", json={"text": "x"}).status_code == 403
        assert ingrid.put("/api/forums/1/speaker-rules", json={"text": ""}).status_code == 422


async def test_the_steering_group_reads_the_ranking_explained_and_others_not_the_answers(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        _as(server, accounts, "kwame") as kwame,
        _as(server, accounts, "mei") as mei,
        _as(server, accounts, "lucas") as lucas,
    ):
        ranked = _speakers(kwame)
        assert ranked["can_confirm"] is True
        first, second = ranked["volunteers"]
        # Amina volunteered later, but she is a national of the country.
        assert (first["name"], first["position"]) == (AMINA, 1)
        assert (second["name"], second["position"]) == (LUCAS, 2)
        assert first["is_national"] is True and first["in_national_process"] is True
        assert first["explanation"]["code"] == "speaker_ranked"
        assert "a national of the country" in first["explanation"]["message"]
        assert second["explanation"]["params"]["national"] == 0

        # Another contributor sees who volunteered, in order of time, and nothing more.
        seen = _speakers(mei)
        assert seen["can_confirm"] is False and seen["can_volunteer"] is True
        assert [v["name"] for v in seen["volunteers"]] == [LUCAS, AMINA]
        for v in seen["volunteers"]:
            assert v["is_national"] is None and v["in_national_process"] is None
            assert v["explanation"] is None and v["position"] is None
        # A volunteer sees their own answers.
        own = {v["name"]: v for v in _speakers(lucas)["volunteers"]}
        assert own[LUCAS]["in_national_process"] is True
        assert own[AMINA]["is_national"] is None

    # Sealed at rest: no plaintext answer in the row.
    engine = create_async_engine(load_settings(server.env).database_url)
    try:
        async with engine.connect() as connection:
            blobs = (
                await connection.execute(select(SpeakerVolunteer.is_national_sealed))
            ).scalars()
            amina = [b for b in blobs if b is not None]
            assert len(amina) == 1 and amina[0].startswith(b"v1") and b"yes" not in amina[0]
    finally:
        await engine.dispose()


async def test_confirming_a_speaker_and_a_backup_tells_both_and_lists_the_speaker(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        _as(server, accounts, "kwame") as kwame,
        _as(server, accounts, "amina") as amina,
        _as(server, accounts, "lucas") as lucas,
        _as(server, accounts, "mei") as mei,
    ):
        ids = _ids(_speakers(kwame))
        url = f"/api/statements/{KENYA}/speakers/confirmed"
        same = kwame.put(url, json={"speaker_id": ids[AMINA], "backup_id": ids[AMINA]})
        assert same.status_code == 422 and same.json()["error"]["code"] == "speaker_is_backup"
        mei_id = mei.get("/api/session").json()["user"]["id"]  # not a volunteer
        stranger = kwame.put(url, json={"speaker_id": mei_id})
        assert stranger.status_code == 409
        assert stranger.json()["error"]["code"] == "not_volunteering"
        refused = amina.put(url, json={"speaker_id": ids[AMINA]})
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "may_not_confirm_speaker"

        async with (
            listening(server, cookie_of(amina)) as hers,
            listening(server, cookie_of(lucas)) as his,
        ):
            answer = kwame.put(url, json={"speaker_id": ids[AMINA], "backup_id": ids[LUCAS]})
            assert answer.status_code == 200, answer.text
            await wait_until(lambda: hers.of("notices"), what="Amina's notices event")
            await wait_until(lambda: his.of("notices"), what="Lucas's notices event")
        body = answer.json()
        assert body["speaker"]["name"] == AMINA and body["backup"]["name"] == LUCAS
        assert "speaker_confirmed" in _notices(amina)
        assert "backup_confirmed" in _notices(lucas)
        # Everyone who may open the statement sees who speaks; the lists name the speaker.
        assert _speakers(mei)["speaker"]["name"] == AMINA
        assert _listed_speaker(kwame) == AMINA
        listed = {s["id"]: s for s in mei.get("/api/statements").json()["statements"]}
        assert listed[KENYA]["speaker"] == AMINA
        assert mei.get(f"/api/statements/{KENYA}").json()["speaker"] == AMINA


async def test_a_confirmed_speaker_who_withdraws_leaves_the_backup_to_be_confirmed(
    server: Server, accounts: dict[str, str]
) -> None:
    with _as(server, accounts, "kwame") as kwame, _as(server, accounts, "amina") as amina:
        ids = _ids(_speakers(kwame))
        url = f"/api/statements/{KENYA}/speakers/confirmed"
        assert (
            kwame.put(url, json={"speaker_id": ids[AMINA], "backup_id": ids[LUCAS]}).status_code
            == 200
        )
        async with listening(server, cookie_of(kwame)) as his:
            gone = amina.delete(f"/api/statements/{KENYA}/speakers/volunteer")
            assert gone.status_code == 200, gone.text
            await wait_until(lambda: his.of("notices"), what="the Steering Group's notice")
        after = _speakers(kwame)
        assert after["speaker"] is None
        assert after["backup"]["name"] == LUCAS
        assert [v["name"] for v in after["volunteers"]] == [LUCAS]
        assert "speaker_withdrew" in _notices(kwame)
        assert _listed_speaker(kwame) is None
        again = amina.delete(f"/api/statements/{KENYA}/speakers/volunteer")
        assert again.status_code == 404 and again.json()["error"]["code"] == "not_a_volunteer"
        # The backup is confirmed as the speaker.
        assert kwame.put(url, json={"speaker_id": ids[LUCAS]}).json()["speaker"]["name"] == LUCAS


async def test_only_the_drafting_group_volunteers(server: Server, accounts: dict[str, str]) -> None:
    with _as(server, accounts, "omar") as omar, _as(server, accounts, "kwame") as kwame:
        refused = _volunteer(omar, 1)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "may_not_volunteer"
        # A moderator who neither drafts nor guides it does not volunteer either.
        assert _volunteer(kwame, 1).status_code == 403
        assert _speakers(omar)["can_volunteer"] is False


async def test_a_delivered_statement_keeps_its_speaker(
    server: Server, accounts: dict[str, str]
) -> None:
    with _as(server, accounts, "kwame") as kwame:
        listed = kwame.get("/api/forums/1/overview").json()["statements"]
        ghana = next(s["id"] for s in listed if s["state"] == "delivered")
        body = _speakers(kwame, ghana)
        assert body["can_confirm"] is False and body["can_volunteer"] is False
        refused = kwame.put(f"/api/statements/{ghana}/speakers/confirmed", json={"speaker_id": 1})
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "statement_delivered"


async def test_each_speaker_action_is_recorded_once_and_told_and_a_refused_one_not(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        _as(server, accounts, "mei") as mei,
        _as(server, accounts, "ingrid") as ingrid,
        _as(server, accounts, "kwame") as kwame,
        _as(server, accounts, "amina") as amina,
    ):
        assert _volunteer(mei, 1).status_code == 201
        assert _volunteer(mei, 7).status_code == 409  # refused: records nothing
        rules = ingrid.put("/api/forums/1/speaker-rules", json={"text": "Be on time."})
        assert rules.status_code == 200
        assert mei.put("/api/forums/1/speaker-rules", json={"text": "x"}).status_code == 403
        ids = _ids(_speakers(kwame))
        url = f"/api/statements/{KENYA}/speakers/confirmed"
        confirmed = kwame.put(url, json={"speaker_id": ids[AMINA], "backup_id": ids[LUCAS]})
        assert confirmed.status_code == 200
        assert amina.put(url, json={"speaker_id": ids[AMINA]}).status_code == 403
        assert amina.delete(f"/api/statements/{KENYA}/speakers/volunteer").status_code == 200
        again = amina.delete(f"/api/statements/{KENYA}/speakers/volunteer")
        assert again.status_code == 404
        who = {
            name: http.get("/api/session").json()["user"]["id"]
            for name, http in (("mei", mei), ("ingrid", ingrid), ("kwame", kwame))
        }
    engine = create_async_engine(load_settings(server.env).database_url)
    try:
        async with engine.connect() as connection:
            # After the demo's own records (its statements being made).
            found = select(HappenedRow).where(HappenedRow.what != "create")
            rows = (await connection.execute(found.order_by(HappenedRow.id))).all()
    finally:
        await engine.dispose()
    assert [(r.what, r.actor_id, r.statement_id, r.subject_id, r.to_value) for r in rows] == [
        ("volunteer", who["mei"], KENYA, None, "1"),
        ("write_speaker_rules", who["ingrid"], None, None, "2"),
        ("confirm_speakers", who["kwame"], KENYA, ids[AMINA], None),
        ("withdraw_volunteering", ids[AMINA], KENYA, None, None),
    ]
    confirm, withdrew = rows[2], rows[3]
    assert json.loads(confirm.details) == {
        "backup_id": str(ids[LUCAS]),
        "noticed": f"{ids[AMINA]},{ids[LUCAS]}",
    }
    # The withdrawn speaker's slot, and the Steering Group who confirmed was told.
    assert withdrew.from_value == "speaker"
    assert str(who["kwame"]) in json.loads(withdrew.details)["noticed"].split(",")
    assert all(r.told_at is not None for r in rows)
