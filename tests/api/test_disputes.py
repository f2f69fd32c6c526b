"""Disputes through a real server: escalating and opening one, who hears of it, claiming (two
moderators racing get one winner), deciding (only the claimer; their own wording reaches every
open editor and the audit log), and finalising refused while one is open."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import httpx
import pytest

from server.domain.threads import quoted
from tests.api.test_events import listening
from tests.api.test_threads import PASSAGE, comment, error, in_step, person, span, threads
from tests.support.coalition import without_coalition_rules
from tests.support.http import cookie_of
from tests.support.servers import Server
from tests.support.yclient import wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
JAPAN = 5
FORUM = 1


def dispute(
    http: httpx.Client, where: tuple[int, int], reason: str, wording: str | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"start": where[0], "end": where[1], "reason": reason}
    if wording is not None:
        body["wording"] = wording
    return http.post(f"/api/statements/{KENYA}/disputes", json=body)


async def test_escalating_makes_a_dispute_the_group_and_the_queue_hear_of(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "sofia") as sofia,
        person(server, accounts, "omar") as omar,
        person(server, accounts, "rachel") as rachel,
    ):
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        made = comment(amina, KENYA, where, "Too vague", suggestion="Turkana and Marsabit")
        tid = made.json()["thread"]["id"]
        assert lucas.post(f"/api/threads/{tid}/decline").status_code == 200
        # Reviewers comment; they do not take a passage to the Steering Group.
        refused = rachel.post(f"/api/threads/{tid}/escalate", json={"reason": "Decide"})
        assert (refused.status_code, error(refused)["code"]) == (403, "may_not_escalate")

        async with (
            listening(server, cookie_of(sofia)) as hers,
            listening(server, cookie_of(lucas)) as his,
            listening(server, cookie_of(omar)) as observer,
        ):
            escalated = amina.post(
                f"/api/threads/{tid}/escalate", json={"reason": " We cannot agree. "}
            )
            assert escalated.status_code == 200, escalated.text
            thread = escalated.json()["thread"]
            assert (thread["kind"], thread["state"]) == ("dispute", "open")
            assert thread["reason"] == "We cannot agree."
            # Escalated without a wording: the declined suggestion is what she proposes.
            assert thread["proposed_wording"] == "Turkana and Marsabit"
            assert thread["opened_at"] is not None and thread["claimed_by"] is None
            await wait_until(lambda: hers.of("review_queue"), what="the queue event")
            assert hers.of("review_queue")[0]["forum_id"] == FORUM
            await wait_until(lambda: his.of("notices"), what="lucas's notices event")
            await wait_until(lambda: his.of("statement.threads", KENYA), what="threads event")
            assert observer.of("review_queue") == []

        told = {n["kind"] for n in lucas.get("/api/me/notices").json()["notices"]}
        assert "dispute_opened" in told
        assert sofia.get("/api/me/notices").json()["notices"][0]["kind"] == "dispute_opened"
        assert amina.get("/api/me/notices").json()["notices"] == []  # not of her own act

        again = amina.post(f"/api/threads/{tid}/escalate", json={"reason": "Still"})
        assert (again.status_code, error(again)["code"]) == (409, "already_a_dispute")
        resolved = amina.post(f"/api/threads/{tid}/resolve")
        assert (resolved.status_code, error(resolved)["code"]) == (409, "already_a_dispute")
        accepted = amina.post(f"/api/threads/{tid}/accept")
        assert error(accepted)["code"] == "already_a_dispute"
        log = amina.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
        assert log[-1]["action"] == "dispute_opened"
        assert log[-1]["sentence"].startswith(f"Amina Yusuf opened a dispute about “{PASSAGE}”")


async def test_a_dispute_opened_on_a_passage_needs_a_reason_and_a_statement_in_drafting(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "mei") as mei,
        person(server, accounts, "omar") as omar,
    ):
        async with yclient(server, KENYA, cookie_of(lucas)) as editor:
            where = span(editor.text, PASSAGE)
        empty = dispute(lucas, where, "  ")
        assert (empty.status_code, error(empty)["code"]) == (422, "text_empty")
        assert error(empty)["field"] == "reason"
        long_wording = dispute(lucas, where, "Why", "w" * 2001)
        assert (long_wording.status_code, error(long_wording)["field"]) == (422, "wording")
        assert dispute(omar, where, "Mine").status_code == 403
        final = mei.post(
            f"/api/statements/{JAPAN}/disputes", json={"start": 0, "end": 3, "reason": "No"}
        )
        assert (final.status_code, error(final)["code"]) == (409, "statement_not_drafting")
        assert threads(lucas) == []

        opened = dispute(lucas, where, "It overstates.", "some counties")
        assert opened.status_code == 201, opened.text
        thread = opened.json()["thread"]
        assert (thread["kind"], thread["state"], thread["quote"]) == ("dispute", "open", PASSAGE)
        assert thread["proposed_wording"] == "some counties"
        assert thread["messages"][0]["text"] == "It overstates."


async def test_two_moderators_claiming_at_once_get_one_winner(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "sofia") as sofia,
        person(server, accounts, "kwame") as kwame,
        person(server, accounts, "amina") as amina,
    ):
        async with yclient(server, KENYA, cookie_of(lucas)) as editor:
            text = editor.text
        ids = [
            dispute(lucas, span(text, phrase), f"About {phrase}").json()["thread"]["id"]
            for phrase in (PASSAGE, "mobile banking", "water services", "Thank you")
        ]
        refused = amina.post(f"/api/threads/{ids[0]}/claim")
        assert (refused.status_code, error(refused)["code"]) == (403, "may_not_work_review_queue")

        for tid in ids:
            start = Barrier(2)

            def claim(http: httpx.Client, tid: int = tid, start: Barrier = start) -> int:
                start.wait(5)
                return http.post(f"/api/threads/{tid}/claim").status_code

            with ThreadPoolExecutor(2) as pool:
                answers = sorted(pool.map(claim, (sofia, kwame)))
            assert answers == [200, 409], (tid, answers)
            thread = next(t for t in threads(sofia) if t["id"] == tid)
            holder = thread["claimed_by"]
            assert holder in ("Sofía Ramírez", "Kwame Mensah")
            loser = kwame if holder == "Sofía Ramírez" else sofia
            lost = loser.post(f"/api/threads/{tid}/claim")
            assert (lost.status_code, error(lost)["code"]) == (409, "already_claimed")
            assert error(lost)["params"] == {"name": holder}
            winner = sofia if loser is kwame else kwame
            assert winner.post(f"/api/threads/{tid}/claim").status_code == 200  # hers already
            notes = [m for m in thread["messages"] if m["kind"] == "note"]
            assert len(notes) == 1  # one claim recorded, whoever won

        log = sofia.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
        assert [e["action"] for e in log].count("dispute_claimed") == len(ids)


async def test_only_the_claimer_decides_and_their_own_wording_reaches_every_editor(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "sofia") as sofia,
        person(server, accounts, "kwame") as kwame,
    ):
        async with (
            yclient(server, KENYA, cookie_of(amina)) as hers,
            yclient(server, KENYA, cookie_of(lucas)) as his,
        ):
            where = span(hers.text, PASSAGE)
            tid = dispute(lucas, where, "Which ones?").json()["thread"]["id"]
            decide = f"/api/threads/{tid}/decide"
            unclaimed = sofia.post(decide, json={"outcome": "keep", "decision": "Fine"})
            assert (unclaimed.status_code, error(unclaimed)["code"]) == (409, "not_claimed")
            assert sofia.post(f"/api/threads/{tid}/claim").status_code == 200

            other = kwame.post(decide, json={"outcome": "keep", "decision": "Fine as it is"})
            assert (other.status_code, error(other)["code"]) == (409, "claimed_by_someone_else")
            assert error(other)["params"] == {"name": "Sofía Ramírez"}
            no_proposal = sofia.post(decide, json={"outcome": "proposal", "decision": "Yes"})
            assert (no_proposal.status_code, error(no_proposal)["code"]) == (422, "no_proposal")
            no_wording = sofia.post(decide, json={"outcome": "own", "decision": "Mine"})
            assert error(no_wording)["code"] == "wording_needed"
            assert error(no_wording)["field"] == "wording"
            no_decision = sofia.post(
                decide, json={"outcome": "own", "wording": "x", "decision": ""}
            )
            assert (error(no_decision)["code"], error(no_decision)["field"]) == (
                "text_empty",
                "decision",
            )
            assert hers.text.count(PASSAGE) == 1  # nothing applied by any refusal

            wording = "مقاطعات الشمال (Turkana, Marsabit) 🌾"
            expected = hers.text.replace(PASSAGE, wording, 1)
            decided = sofia.post(
                decide,
                json={"outcome": "own", "wording": wording, "decision": "Name the counties."},
            )
            assert decided.status_code == 200, decided.text
            thread = decided.json()["thread"]
            assert (thread["state"], thread["outcome"]) == ("decided", "own")
            assert (thread["decided_by"], thread["decision"]) == (
                "Sofía Ramírez",
                "Name the counties.",
            )
            assert thread["applied_wording"] == wording
            assert thread["passage_now"] == wording
            assert thread["messages"][-1]["kind"] == "decision"
            await wait_until(lambda: hers.text == expected and his.text == expected)
            await in_step(hers, his)

            twice = sofia.post(decide, json={"outcome": "keep", "decision": "Again"})
            assert (twice.status_code, error(twice)["code"]) == (409, "dispute_decided")
            reply = lucas.post(f"/api/threads/{tid}/replies", json={"text": "Thanks"})
            assert error(reply)["code"] == "dispute_decided"

        log = amina.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
        entry = log[-1]
        assert (entry["action"], entry["actor"]) == ("dispute_decided", "Sofía Ramírez")
        assert (entry["from_value"], entry["to_value"], entry["reason"]) == (
            PASSAGE,
            quoted(wording, 32),
            "Name the counties.",
        )
        assert entry["sentence"].startswith(f"Sofía Ramírez decided the dispute about “{PASSAGE}”")
        assert entry["sentence"].endswith(": “Name the counties.”")
        told = [n["kind"] for n in lucas.get("/api/me/notices").json()["notices"]]
        assert told[0] == "dispute_decided"


async def test_finalising_is_refused_while_a_dispute_is_open_and_allowed_after(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    with person(server, accounts, "lucas") as lucas, person(server, accounts, "sofia") as sofia:
        async with yclient(server, KENYA, cookie_of(lucas)) as editor:
            where = span(editor.text, PASSAGE)
        tid = dispute(lucas, where, "We cannot agree.", "some counties").json()["thread"]["id"]
        finalise = f"/api/statements/{KENYA}/transitions"
        refused = sofia.post(finalise, json={"transition": "finalise"})
        assert refused.status_code == 409
        body = error(refused)
        assert body["code"] == "refused"
        assert [(r["code"], r["params"]) for r in body["reasons"]] == [
            ("dispute_open", {"thread_id": tid, "quote": PASSAGE})
        ]
        assert f"The dispute on “{PASSAGE}” is still open" in body["message"]

        assert sofia.post(f"/api/threads/{tid}/claim").status_code == 200
        kept = sofia.post(
            f"/api/threads/{tid}/decide", json={"outcome": "keep", "decision": "Keep it."}
        )
        assert kept.status_code == 200, kept.text
        assert kept.json()["thread"]["applied_wording"] is None
        done = sofia.post(finalise, json={"transition": "finalise"})
        assert done.status_code == 200, done.text

        # On a final statement, nothing more to dispute.
        late = dispute(lucas, where, "Too late?")
        assert (late.status_code, error(late)["code"]) == (409, "statement_not_drafting")


def release(http: httpx.Client, tid: int, reason: str | None = None) -> httpx.Response:
    body = None if reason is None else {"reason": reason}
    return http.request("DELETE", f"/api/threads/{tid}/claim", json=body)


def claim_at_once(tid: int, *moderators: httpx.Client) -> list[int]:
    """The status each moderator's claim got, all sent at the same moment."""
    start = Barrier(len(moderators))

    def claim(http: httpx.Client) -> int:
        start.wait(5)
        return http.post(f"/api/threads/{tid}/claim").status_code

    with ThreadPoolExecutor(len(moderators)) as pool:
        return sorted(pool.map(claim, moderators))


async def test_a_claim_is_released_by_its_claimer_or_by_a_facilitator_with_a_reason(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "sofia") as sofia,
        person(server, accounts, "kwame") as kwame,
        person(server, accounts, "mei") as mei,
        person(server, accounts, "ingrid") as ingrid,
    ):
        # Mei joins the Steering Group: a third moderator.
        mei_id = mei.get("/api/session").json()["user"]["id"]
        made = ingrid.put(f"/api/forums/{FORUM}/people/{mei_id}", json={"role": "moderator"})
        assert made.status_code == 200, made.text
        async with yclient(server, KENYA, cookie_of(lucas)) as editor:
            where = span(editor.text, PASSAGE)
        tid = dispute(lucas, where, "Which counties?").json()["thread"]["id"]

        unclaimed = release(sofia, tid)
        assert (unclaimed.status_code, error(unclaimed)["code"]) == (409, "no_claim_to_release")
        assert sofia.post(f"/api/threads/{tid}/claim").status_code == 200
        for other in (kwame, mei):
            refused = release(other, tid, "She is away")
            assert (refused.status_code, error(refused)["code"]) == (403, "may_not_release_claim")
            assert error(refused)["params"] == {"name": "Sofía Ramírez"}
        refused = release(lucas, tid)
        assert (refused.status_code, error(refused)["code"]) == (403, "may_not_work_review_queue")

        # The claimer lets go; another moderator can claim it.
        let_go = release(sofia, tid)
        assert let_go.status_code == 200, let_go.text
        thread = let_go.json()["thread"]
        assert (thread["claimed_by"], thread["claimed_by_me"]) == (None, False)
        assert thread["messages"][-1]["kind"] == "note"
        assert thread["messages"][-1]["author"] == "Sofía Ramírez"
        assert kwame.post(f"/api/threads/{tid}/claim").status_code == 200

        # Kwame goes silent: a facilitator releases his claim, with a reason.
        no_reason = release(ingrid, tid)
        assert (no_reason.status_code, error(no_reason)["code"]) == (422, "release_reason_needed")
        assert error(no_reason)["field"] == "reason"
        blank = release(ingrid, tid, "   ")
        assert error(blank)["code"] == "release_reason_needed"
        released = release(ingrid, tid, " Kwame is away until May. ")
        assert released.status_code == 200, released.text
        note = released.json()["thread"]["messages"][-1]
        assert note["author"] == "Ingrid Halvorsen"
        assert "Kwame Mensah" in note["text"] and "Kwame is away until May." in note["text"]
        assert released.json()["thread"]["claimed_by"] is None
        again = release(ingrid, tid, "Twice")
        assert (again.status_code, error(again)["code"]) == (409, "no_claim_to_release")

        log = sofia.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
        freed = [e for e in log if e["action"] == "dispute_released"]
        assert [(e["actor"], e["reason"]) for e in freed] == [
            ("Sofía Ramírez", None),
            ("Ingrid Halvorsen", "Kwame is away until May."),
        ]
        assert freed[-1]["sentence"].startswith(
            f"Ingrid Halvorsen released the claim on the dispute about “{PASSAGE}”"
        )
        assert freed[-1]["sentence"].endswith(": “Kwame is away until May.”")

        # Released: two moderators claiming at the same moment get one winner.
        assert claim_at_once(tid, sofia, mei) == [200, 409]
        holder = next(t for t in threads(sofia) if t["id"] == tid)["claimed_by"]
        assert holder in ("Sofía Ramírez", "Mei Tanaka")
        decider = sofia if holder == "Sofía Ramírez" else mei
        decided = decider.post(
            f"/api/threads/{tid}/decide", json={"outcome": "keep", "decision": "Keep it."}
        )
        assert decided.status_code == 200, decided.text
        late = release(decider, tid)
        assert (late.status_code, error(late)["code"]) == (409, "dispute_decided")
