"""Each move on a thread or a dispute is recorded once (a refused one not at all) and told from
its record; the audit log's lines are the records'; a server edit's record (an accepted
suggestion, a decision with wording) names the person who made it happen."""

from __future__ import annotations

import pytest

from server.db.models import HappenedRow
from tests.api.test_events import listening
from tests.api.test_happenings import _audit, _records
from tests.api.test_threads import PASSAGE, comment, person, span
from tests.support.http import cookie_of
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
THREADS = {
    "start_thread",
    "reply",
    "suggestion_accepted",
    "decline_suggestion",
    "resolve_thread",
    "reopen_thread",
    "dispute_opened",
    "dispute_claimed",
    "dispute_released",
    "dispute_decided",
}


def _ours(records: list[HappenedRow]) -> list[HappenedRow]:
    return [r for r in records if r.what in THREADS]


async def test_each_thread_move_is_recorded_once_told_and_names_who_edited(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "sofia") as sofia,
    ):
        ids = {
            name: http.get("/api/session").json()["user"]["id"]
            for name, http in (("amina", amina), ("lucas", lucas), ("sofia", sofia))
        }
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        before = {r.id for r in await _records(server)}

        async with listening(server, cookie_of(lucas)) as his:
            made = comment(amina, KENYA, where, "@Lucas Pereira see this", suggestion="Turkana")
            assert made.status_code == 201, made.text
            await wait_until(lambda: his.of("notices"), what="lucas's mention")
            await wait_until(lambda: his.of("statement.threads", KENYA), what="threads event")
        tid = made.json()["thread"]["id"]
        url = f"/api/threads/{tid}"
        # Refusals record nothing.
        assert amina.post(f"{url}/replies", json={"text": " "}).status_code == 422
        assert amina.post(f"{url}/resolve").status_code == 200
        assert amina.post(f"{url}/resolve").status_code == 409
        assert amina.post(f"{url}/reopen").status_code == 200
        assert lucas.post(f"{url}/replies", json={"text": "Why?"}).status_code == 200
        assert lucas.post(f"{url}/decline").status_code == 200
        second = comment(amina, KENYA, where, "Shorter", suggestion="the north").json()
        accepted = lucas.post(f"/api/threads/{second['thread']['id']}/accept")
        assert accepted.status_code == 200, accepted.text
        assert lucas.post(f"/api/threads/{second['thread']['id']}/accept").status_code == 409

        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, "the north")
        opened = amina.post(
            f"/api/statements/{KENYA}/disputes",
            json={"start": where[0], "end": where[1], "reason": "Which?"},
        )
        assert opened.status_code == 201, opened.text
        did = opened.json()["thread"]["id"]
        durl = f"/api/threads/{did}"
        assert sofia.post(f"{durl}/claim").status_code == 200
        assert sofia.post(f"{durl}/claim").status_code == 200  # already hers: nothing new
        assert sofia.delete(f"{durl}/claim").status_code == 200
        assert sofia.post(f"{durl}/claim").status_code == 200
        decided = sofia.post(
            f"{durl}/decide",
            json={"outcome": "own", "wording": "Turkana", "decision": "Name it."},
        )
        assert decided.status_code == 200, decided.text
        assert (
            sofia.post(f"{durl}/decide", json={"outcome": "keep", "decision": "x"}).status_code
            == 409
        )
        escalated = lucas.post(f"{url}/escalate", json={"reason": "We disagree."})
        assert escalated.status_code == 200, escalated.text

    records = _ours([r for r in await _records(server) if r.id not in before])
    moves = [(r.what, r.actor_id, r.thread_id) for r in records]
    assert moves == [
        ("start_thread", ids["amina"], tid),
        ("resolve_thread", ids["amina"], tid),
        ("reopen_thread", ids["amina"], tid),
        ("reply", ids["lucas"], tid),
        ("decline_suggestion", ids["lucas"], tid),
        ("start_thread", ids["amina"], second["thread"]["id"]),
        ("suggestion_accepted", ids["lucas"], second["thread"]["id"]),
        ("dispute_opened", ids["amina"], did),
        ("dispute_claimed", ids["sofia"], did),
        ("dispute_released", ids["sofia"], did),
        ("dispute_claimed", ids["sofia"], did),
        ("dispute_decided", ids["sofia"], did),
        ("dispute_opened", ids["lucas"], tid),
    ]
    assert all(r.told_at is not None and r.statement_id == KENYA for r in records)
    # Who got a notice is in the record, so its teller tells exactly them.
    assert records[0].details == f'{{"noticed": "{ids["lucas"]}"}}'
    assert '"outcome": "own"' in records[11].details
    # The audit log's lines are the records' (the kinds it has always kept), one each.
    lines = [(a.action, a.actor_id) for a in await _audit(server)]
    audited = [
        (r.what, r.actor_id) for r in records if r.what.startswith(("suggestion", "dispute"))
    ]
    assert lines[-len(audited) :] == audited
