"""The statement lifecycle through the API and the rooms: who may take each step, the server's
own count as the gate, the audit log, and read-only editors switched live."""

from __future__ import annotations

import json

import pytest
from pycrdt import Awareness, Decoder, create_awareness_message

from server.collab import close_codes
from server.collab.protocol import WRITABLE
from tests.support.coalition import without_coalition_rules
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import YClient, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


def _writable_notices(client: YClient) -> list[tuple[bool, str, str, dict[str, object]]]:
    """Each 'writable' message: the flag, then the reason's English, code and params."""
    found = []
    for message in client.received:
        decoder = Decoder(message)
        if decoder.read_var_uint() == WRITABLE:
            flag = decoder.read_var_uint()
            text, code, params = ((decoder.read_message() or b"").decode() for _ in range(3))
            found.append((flag == 1, text, code, json.loads(params)))
    return found


def _writable_messages(client: YClient) -> list[tuple[bool, str]]:
    return [(flag, text) for flag, text, _, _ in _writable_notices(client)]


async def _announce(client: YClient) -> bytes:
    """Send an awareness update of `client` and return the message as the server forwards it."""
    awareness = Awareness(client.doc)
    awareness.set_local_state({"user": {"name": "marker"}})
    message = create_awareness_message(awareness.encode_awareness_update([client.doc.client_id]))
    await client.send_raw(message)
    return message


async def test_only_the_steering_group_finalises_and_each_step_is_logged(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        url = f"/api/statements/{KENYA}/transitions"
        refused = amina.post(url, json={"transition": "finalise"})
        assert refused.status_code == 403
        assert "Steering Group" in refused.json()["error"]["message"]

        wrong_step = sofia.post(url, json={"transition": "deliver"})
        assert wrong_step.status_code == 409
        assert "this one is in drafting" in wrong_step.json()["error"]["message"]

        done = sofia.post(url, json={"transition": "finalise"})
        assert done.status_code == 200, done.text
        assert done.json()["statement"]["state"] == "final"
        assert amina.get(f"/api/statements/{KENYA}").json()["can_edit"] is False

        no_reason = sofia.post(url, json={"transition": "reopen"})
        assert no_reason.status_code == 422
        assert no_reason.json()["error"]["field"] == "reason"
        reopened = sofia.post(url, json={"transition": "reopen", "reason": "Shorter please."})
        assert reopened.status_code == 200
        assert amina.get(f"/api/statements/{KENYA}").json()["can_edit"] is True

        log = amina.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
        steps = [(e["action"], e["actor"], e["reason"]) for e in log]
        assert steps[-2:] == [
            ("finalise", "Sofía Ramírez", None),
            ("reopen", "Sofía Ramírez", "Shorter please."),
        ]
        assert log[-1]["sentence"].startswith("Sofía Ramírez reopened the statement on ")

        # Without the session's CSRF token, a cookie write is refused.
        del sofia.headers["X-CSRF-Token"]
        assert sofia.post(url, json={"transition": "finalise"}).status_code == 403


async def test_finalising_uses_the_servers_count(server: Server, accounts: dict[str, str]) -> None:
    with (
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        async with yclient(server, KENYA, cookie_of(lucas)) as bypass:
            await bypass.edit(" word" * 250)  # a stock client past the editor's guard
            await wait_until(
                lambda: lucas.get(f"/api/statements/{KENYA}").json()["over_limit"],
                what="the server counting past the limit",
            )
            refused = sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            )
            assert refused.status_code == 409
            error = refused.json()["error"]
            message = error["message"]
            assert "It cannot be finalised yet." in message and "the limit is 300" in message
            # Each blocker on its own, with its code and values, for the reader's language.
            assert error["code"] == "refused"
            over = next(r for r in error["reasons"] if r["code"] == "over_word_limit")
            assert over["params"]["limit"] == 300 and over["params"]["words"] > 300
            # Refused: writing is back on for the drafting group.
            await bypass.edit(" fixed")
            await wait_until(lambda: "fixed" in bypass.text, what="the edit after the refusal")
        assert lucas.get(f"/api/statements/{KENYA}").json()["state"] == "drafting"


async def test_a_finalised_statement_turns_read_only_live(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    with (
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        async with (
            yclient(server, KENYA, cookie_of(amina), saved=True) as editor,
            yclient(server, KENYA, cookie_of(lucas)) as other,
        ):
            done = sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            )
            assert done.status_code == 200
            await wait_until(
                lambda: (
                    (False, "Sofía Ramírez finalised this statement; it is read-only now.")
                    in _writable_messages(editor)
                ),
                what="the editor told it is read-only",
            )
            # With a stable code and its values, for pages in the reader's language.
            assert (False, "finalised_by", {"name": "Sofía Ramírez"}) in [
                (flag, code, params) for flag, _, code, params in _writable_notices(editor)
            ]
            before = other.text
            await editor.edit(" sneaked in")
            # Awareness is forwarded even from a read-only editor, after what it sent first:
            # once the other editor has it, a forwarded edit would have arrived before it.
            marker = await _announce(editor)
            await wait_until(lambda: marker in other.received, what="the editor's awareness")
            assert other.text == before  # never forwarded
            # Repeating it closes the connection.
            await editor.edit(" again")
            await editor.edit(" and again")
            await wait_until(lambda: editor.closed.is_set(), what="the editor closed")
            assert editor.close_code == close_codes.READ_ONLY
        async with yclient(server, KENYA, cookie_of(lucas)) as fresh:
            assert "sneaked in" not in fresh.text  # never applied, never stored


async def test_an_observer_reads_but_a_crafted_update_is_refused(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "omar@example.org", accounts["omar@example.org"]) as omar,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        detail = omar.get(f"/api/statements/{KENYA}").json()
        assert detail["can_edit"] is False
        async with (
            yclient(server, KENYA, cookie_of(omar), saved=True) as observer,
            yclient(server, KENYA, cookie_of(amina)) as contributor,
        ):
            assert observer.text == contributor.text  # reads the text
            assert (False, "This statement is read-only for you.") in _writable_messages(observer)
            await observer.edit(" observer was here")
            await contributor.edit(" contributor was here")
            await wait_until(
                lambda: "contributor was here" in observer.text, what="the contributor's edit"
            )
            assert "observer was here" not in contributor.text


async def test_an_editor_opened_later_is_told_why_it_is_read_only(
    server: Server, accounts: dict[str, str]
) -> None:
    """Why an editor is read-only depends on who opens it and when, not on the last change the
    room went through (a reopening or a new member used to blank it for later arrivals)."""
    without_coalition_rules(server, accounts)  # not about co-signing
    with (
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
        signed_in_as(server, "omar@example.org", accounts["omar@example.org"]) as omar,
        signed_in_as(server, "kwame@example.org", accounts["kwame@example.org"]) as kwame,
    ):
        async with yclient(server, KENYA, cookie_of(sofia)):  # keeps the room open throughout
            assert sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            ).is_success
            async with yclient(server, KENYA, cookie_of(amina), saved=True) as late:
                await wait_until(lambda: _writable_messages(late), what="the read-only message")
                assert _writable_messages(late) == [
                    (False, "This statement is final; it is read-only for everyone.")
                ]
            assert sofia.post(
                f"/api/statements/{KENYA}/transitions",
                json={"transition": "reopen", "reason": "One more point."},
            ).is_success
            kwame_id = kwame.get("/api/session").json()["user"]["id"]
            assert sofia.put(f"/api/statements/{KENYA}/drafting-group/{kwame_id}").is_success
            async with yclient(server, KENYA, cookie_of(omar), saved=True) as observer:
                await wait_until(lambda: _writable_messages(observer), what="the read-only message")
                assert _writable_messages(observer) == [
                    (False, "This statement is read-only for you.")
                ]
