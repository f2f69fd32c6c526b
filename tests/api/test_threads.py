"""Comment threads and suggestions through a real server: anchors that follow what y-websocket
clients type (Arabic, Chinese, emoji), suggestions applied as one edit every open editor
receives, the limit, and each refusal with its code and nothing half-applied."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from threading import Barrier
from typing import Any

import httpx
import pytest

from server.collab import offsets
from server.config import load_settings
from server.domain.threads import (
    MAX_MENTIONS,
    MAX_OPEN_THREADS,
    MAX_OPEN_THREADS_BY_ONE,
    MAX_REPLIES,
    quoted,
)
from tests.api.test_events import listening
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import YClient, wait_until, yclient
from tests.test_personal_data_at_rest import _execute

pytestmark = pytest.mark.anyio

KENYA = 1
JAPAN = 5
PASSAGE = "counties in the north"


@contextmanager
def person(server: Server, accounts: dict[str, str], name: str) -> Iterator[httpx.Client]:
    email = f"{name}@example.org"
    with signed_in_as(server, email, accounts[email]) as http:
        yield http


def span(text: str, phrase: str) -> tuple[int, int]:
    """Where `phrase` is in `text`, in UTF-16 code units as the API counts."""
    at = text.index(phrase)
    return offsets.index_to_utf16(text, at), offsets.index_to_utf16(text, at + len(phrase))


async def insert_at(client: YClient, u16: int, text: str) -> None:
    """Type `text` at UTF-16 offset `u16` of the client's document (pycrdt counts bytes)."""
    await client.edit(text, offsets.utf16_to_byte(client.text, u16))


async def in_step(editor: YClient, witness: YClient) -> None:
    """Wait until the server has applied what `editor` typed: `witness`, another editor of
    the statement, has received it."""
    await wait_until(lambda: witness.text == editor.text, what="the witness to catch up")


async def delete_span(client: YClient, start: int, end: int) -> None:
    current = client.text
    first = offsets.utf16_to_byte(current, start)
    del client.body[first : offsets.utf16_to_byte(current, end)]
    await client.flush()


def comment(
    http: httpx.Client, sid: int, where: tuple[int, int], text: str, **extra: Any
) -> httpx.Response:
    return http.post(
        f"/api/statements/{sid}/threads",
        json={"start": where[0], "end": where[1], "text": text, **extra},
    )


def threads(http: httpx.Client, sid: int = KENYA) -> list[dict[str, Any]]:
    answer = http.get(f"/api/statements/{sid}/threads")
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["threads"]
    return found


def error(answer: httpx.Response) -> dict[str, Any]:
    found: dict[str, Any] = answer.json()["error"]
    return found


async def test_an_anchor_follows_arabic_chinese_and_emoji_typed_around_and_inside_it(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina, person(server, accounts, "mei") as mei:
        async with (
            yclient(server, KENYA, cookie_of(amina)) as editor,
            yclient(server, KENYA, cookie_of(mei)) as witness,
        ):
            await insert_at(editor, 0, "مرحبا 你好 😀 ")
            await in_step(editor, witness)
            where = span(editor.text, PASSAGE)
            made = comment(amina, KENYA, where, "Which counties?  ")
            assert made.status_code == 201, made.text
            thread = made.json()["thread"]
            assert thread["quote"] == PASSAGE
            assert thread["anchor"] == {"start": where[0], "end": where[1]}
            assert thread["messages"][0]["text"] == "Which counties?"
            assert thread["messages"][0]["author"] == "Amina Yusuf"
            assert thread["kind"] == "comment" and thread["state"] == "open"
            assert thread["position"]["start"] and thread["position"]["end"]

            # Before the passage: it moves by the UTF-16 length (an emoji is two units).
            await insert_at(editor, 0, "🌍中文 ")
            # At either edge: outside. Between two of its characters: inside.
            start = span(editor.text, PASSAGE)[0]
            await insert_at(editor, start, "الـ")
            await insert_at(editor, start + offsets.utf16_length("الـcounties"), " 🚰")
            expected = "counties 🚰 in the north"
            await insert_at(editor, span(editor.text, expected)[1], "，等等")
            await in_step(editor, witness)

            now = threads(amina)[0]
            assert now["passage_changed"] is True
            assert now["passage_now"] == expected
            start, end = span(editor.text, expected)
            assert now["anchor"] == {"start": start, "end": end}
            assert now["quote"] == PASSAGE


async def test_a_deleted_passage_leaves_the_thread_with_its_quote_and_nothing_to_accept(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina, person(server, accounts, "lucas") as lucas:
        async with (
            yclient(server, KENYA, cookie_of(amina)) as editor,
            yclient(server, KENYA, cookie_of(lucas)) as witness,
        ):
            where = span(editor.text, PASSAGE)
            made = comment(lucas, KENYA, where, "Name them?", suggestion="northern counties")
            assert made.status_code == 201, made.text
            tid = made.json()["thread"]["id"]
            # Every character of the passage, typed around and inside first.
            await insert_at(editor, where[0] + 3, "😀")
            await delete_span(editor, where[0], where[1] + 2)
            await in_step(editor, witness)
            gone = threads(amina)[0]
            assert (gone["passage_now"], gone["quote"]) == (None, PASSAGE)
            before = editor.text

            refused = amina.post(f"/api/threads/{tid}/accept")
            assert refused.status_code == 409
            assert error(refused)["code"] == "passage_removed"
            after = threads(amina)[0]
            assert after["suggestion_state"] == "pending"
            assert len(after["messages"]) == 1  # no note of an accept that did not happen
            assert editor.text == before
            log = amina.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
            assert "suggestion_accepted" not in [e["action"] for e in log]


async def test_accepting_applies_one_edit_that_every_open_editor_receives(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "mei") as mei,
    ):
        async with (
            yclient(server, KENYA, cookie_of(amina)) as hers,
            yclient(server, KENYA, cookie_of(lucas)) as his,
        ):
            where = span(hers.text, PASSAGE)
            wording = "北部の郡 and the counties of the north 🌵"
            made = comment(mei, KENYA, where, "Clearer?", suggestion=wording)
            assert made.status_code == 201, made.text
            thread = made.json()["thread"]
            assert (thread["suggestion"], thread["suggestion_state"]) == (wording, "pending")
            assert thread["suggestion_over_by"] is None
            updates_before = len(his.received)
            expected = hers.text.replace(PASSAGE, wording, 1)

            accepted = lucas.post(f"/api/threads/{thread['id']}/accept")
            assert accepted.status_code == 200, accepted.text
            done = accepted.json()["thread"]
            assert (done["state"], done["suggestion_state"]) == ("resolved", "accepted")
            # The thread now points at the wording in place.
            assert done["passage_now"] == wording
            assert done["messages"][-1]["kind"] == "note"

            await wait_until(lambda: wording in hers.text and wording in his.text)
            assert hers.text == his.text == expected
            # One update message carried it to each editor, not a stream of keystrokes.
            sync_updates = [m for m in his.received[updates_before:] if m[:2] == b"\x00\x02"]
            assert len(sync_updates) == 1

            twice = amina.post(f"/api/threads/{thread['id']}/accept")
            assert twice.status_code == 409
            assert error(twice)["code"] == "suggestion_settled"
            assert hers.text.count(wording) == 1

            log = amina.get(f"/api/statements/{KENYA}/audit-log").json()["entries"]
            entry = log[-1]
            assert (entry["action"], entry["actor"]) == ("suggestion_accepted", "Lucas Pereira")
            # The log keeps short quotes; the thread keeps the whole wording.
            assert (entry["from_value"], entry["to_value"]) == (PASSAGE, quoted(wording, 32))
            assert "Lucas Pereira accepted a suggestion" in entry["sentence"]


async def test_a_suggestion_past_the_limit_says_by_how_much_and_is_not_applied(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina:
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            words = amina.get(f"/api/statements/{KENYA}").json()["words"]
            limit = amina.get(f"/api/statements/{KENYA}").json()["limits"]["words"]
            extra = limit - words + 7  # seven words past the limit once the passage is gone
            wording = " ".join(f"word{n}" for n in range(extra + 4))  # the passage had 4
            made = comment(amina, KENYA, span(editor.text, PASSAGE), "Long", suggestion=wording)
            assert made.status_code == 201, made.text
            thread = made.json()["thread"]
            assert thread["suggestion_over_by"] == 7
            before = editor.text

            refused = amina.post(f"/api/threads/{thread['id']}/accept")
            assert refused.status_code == 409
            body = error(refused)
            assert body["code"] == "suggestion_over_limit"
            assert body["params"]["over_by"] == 7
            assert "7 words past its limit" in body["message"]
            assert editor.text == before
            assert threads(amina)[0]["suggestion_state"] == "pending"


async def test_a_suggestion_on_a_final_statement_is_refused_but_a_comment_is_not(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "mei") as mei:
        async with yclient(server, JAPAN, cookie_of(mei)) as reader:
            where = (0, 5)
            text_before = reader.text
        refused = comment(mei, JAPAN, where, "Shorter?", suggestion="Hello")
        assert refused.status_code == 409
        assert error(refused)["code"] == "statement_not_drafting"
        assert error(refused)["params"] == {"state": "final"}
        assert threads(mei, JAPAN) == []
        plain = comment(mei, JAPAN, where, "For next time.")
        assert plain.status_code == 201
        assert plain.json()["thread"]["passage_now"] == text_before[:5]


async def test_bad_input_is_refused_with_its_code_and_nothing_is_stored(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina, person(server, accounts, "mei") as mei:
        async with (
            yclient(server, KENYA, cookie_of(amina)) as editor,
            yclient(server, KENYA, cookie_of(mei)) as witness,
        ):
            await insert_at(editor, 0, "😀")
            await in_step(editor, witness)
            length = offsets.utf16_length(editor.text)
        cases = [
            ((length, length + 5), "Hi", None, 422, "passage_out_of_range", "start"),
            ((-1, 3), "Hi", None, 422, "passage_out_of_range", "start"),
            ((4, 4), "Hi", None, 422, "passage_empty", "start"),
            ((9, 3), "Hi", None, 422, "passage_reversed", "start"),
            ((1, 4), "Hi", None, 422, "passage_splits_character", "start"),
            ((0, 4), "x" * 2001, None, 422, "text_too_long", "text"),
            ((0, 4), "   ", None, 422, "text_empty", "text"),
            ((0, 4), "Hi", "y" * 2001, 422, "text_too_long", "suggestion"),
        ]
        for where, text, suggestion, status, code, field in cases:
            extra = {} if suggestion is None else {"suggestion": suggestion}
            answer = comment(amina, KENYA, where, text, **extra)
            assert (answer.status_code, error(answer)["code"], error(answer)["field"]) == (
                status,
                code,
                field,
            ), (where, answer.text)
        no_json = amina.post(f"/api/statements/{KENYA}/threads", content=b"{}")
        assert no_json.status_code == 415
        missing = amina.post(f"/api/statements/{KENYA}/threads", json={"start": 0, "end": 2})
        assert (missing.status_code, error(missing)["code"]) == (422, "invalid_body")
        assert threads(amina) == []
        unknown = amina.post("/api/threads/999999/replies", json={"text": "Hello?"})
        assert (unknown.status_code, error(unknown)["code"]) == (404, "no_such_thread")


async def test_replies_resolve_reopen_and_decline_each_say_what_they_refuse(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "lucas") as lucas,
        person(server, accounts, "rachel") as rachel,
    ):
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        # A reviewer comments and suggests, and may not accept.
        made = comment(rachel, KENYA, where, "Data source?", suggestion="the northern counties")
        assert made.status_code == 201, made.text
        tid = made.json()["thread"]["id"]
        not_hers = rachel.post(f"/api/threads/{tid}/accept")
        assert (not_hers.status_code, error(not_hers)["code"]) == (403, "may_not_edit_text")

        replied = lucas.post(f"/api/threads/{tid}/replies", json={"text": " The 2024 census. "})
        assert replied.status_code == 200, replied.text
        assert replied.json()["thread"]["messages"][-1]["text"] == "The 2024 census."
        assert replied.json()["thread"]["messages"][-1]["kind"] == "reply"

        declined = amina.post(f"/api/threads/{tid}/decline")
        assert declined.status_code == 200
        assert declined.json()["thread"]["suggestion_state"] == "declined"
        assert declined.json()["thread"]["state"] == "open"
        again = amina.post(f"/api/threads/{tid}/decline")
        assert error(again)["code"] == "suggestion_settled"

        resolved = lucas.post(f"/api/threads/{tid}/resolve")
        assert resolved.json()["thread"]["state"] == "resolved"
        assert error(lucas.post(f"/api/threads/{tid}/resolve"))["code"] == "already_resolved"
        assert error(lucas.post(f"/api/threads/{tid}/escalate", json={"reason": "No"}))["code"] == (
            "thread_resolved"
        )
        reopened = rachel.post(f"/api/threads/{tid}/reopen")
        assert reopened.json()["thread"]["state"] == "open"
        assert error(rachel.post(f"/api/threads/{tid}/reopen"))["code"] == "already_open"
        kinds = [m["kind"] for m in threads(amina)[0]["messages"]]
        assert kinds == ["comment", "reply", "note", "note", "note"]

        plain = comment(amina, KENYA, where, "No suggestion here")
        no_suggestion = lucas.post(f"/api/threads/{plain.json()['thread']['id']}/accept")
        assert (no_suggestion.status_code, error(no_suggestion)["code"]) == (409, "no_suggestion")


async def test_observers_are_refused_threads_and_hear_no_threads_events(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "sofia") as sofia,
        person(server, accounts, "omar") as omar,
        person(server, accounts, "lucas") as lucas,
    ):
        assert omar.get(f"/api/statements/{KENYA}").status_code == 200
        refused = omar.get(f"/api/statements/{KENYA}/threads")
        assert (refused.status_code, error(refused)["code"]) == (403, "may_not_view_threads")
        assert comment(omar, KENYA, (0, 3), "Hi").status_code == 403
        async with (
            listening(server, cookie_of(sofia)) as hers,
            listening(server, cookie_of(omar)) as his,
        ):
            made = comment(amina, KENYA, (2, 8), "@Lucas Pereira can you check?")
            assert made.status_code == 201, made.text
            await wait_until(lambda: hers.of("statement.threads", KENYA), what="sofia's event")
            # Then something everyone listening hears: presence. Events reach a listener in
            # order, so once omar has it, a threads event would have come before it.
            async with yclient(server, KENYA, cookie_of(lucas)):
                await wait_until(
                    lambda: any(
                        "Lucas Pereira" in e["editors"] for e in his.of("statement.presence", KENYA)
                    ),
                    what="omar hearing the presence",
                )
            assert his.of("statement.threads") == []
        notices = lucas.get("/api/me/notices").json()["notices"]
        assert [(n["kind"], n["by"]) for n in notices] == [("mention", "Amina Yusuf")]


async def test_two_editors_accepting_at_once_apply_the_suggestion_once(
    server: Server, accounts: dict[str, str]
) -> None:
    with person(server, accounts, "amina") as amina, person(server, accounts, "lucas") as lucas:
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            wording = "the northern counties"
            made = comment(amina, KENYA, span(editor.text, PASSAGE), "?", suggestion=wording)
            tid = made.json()["thread"]["id"]
            start = Barrier(2)

            def accept(http: httpx.Client) -> int:
                start.wait(5)
                return http.post(f"/api/threads/{tid}/accept").status_code

            with ThreadPoolExecutor(2) as pool:
                answers = sorted(pool.map(accept, (amina, lucas)))
            assert answers == [200, 409]
            await wait_until(lambda: wording in editor.text, what="the accepted wording")
            assert editor.text.count(wording) == 1 and PASSAGE not in editor.text
            notes = [m for m in threads(amina)[0]["messages"] if m["kind"] == "note"]
            assert len(notes) == 1


def at_once(*requests: Callable[[], httpx.Response]) -> list[int]:
    """The statuses of `requests`, each sent from its own thread at the same moment."""
    start = Barrier(len(requests))

    def send(request: Callable[[], httpx.Response]) -> int:
        start.wait(5)
        return request().status_code

    with ThreadPoolExecutor(len(requests)) as pool:
        return sorted(pool.map(send, requests))


def run_sql(server: Server, *statements: str) -> None:
    # In a thread of its own: the test's event loop runs in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(_execute, load_settings(server.env).database_url, *statements).result()


async def test_open_threads_are_bounded_per_person_and_two_at_once_get_one_last_slot(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "amina") as amina_elsewhere,
        person(server, accounts, "lucas") as lucas,
    ):
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        for n in range(MAX_OPEN_THREADS_BY_ONE - 1):
            assert comment(amina, KENYA, where, f"Note {n}").status_code == 201
        # Two tabs post her last open thread at the same moment: one gets the slot.
        assert at_once(
            lambda: comment(amina, KENYA, where, "From here"),
            lambda: comment(amina_elsewhere, KENYA, where, "From there"),
        ) == [201, 409]
        mine = [t for t in threads(amina) if t["created_by"] == "Amina Yusuf"]
        assert len(mine) == MAX_OPEN_THREADS_BY_ONE
        refused = comment(amina, KENYA, where, "One more")
        assert (refused.status_code, error(refused)["code"]) == (
            409,
            "too_many_open_threads_by_you",
        )
        assert error(refused)["params"] == {
            "max": MAX_OPEN_THREADS_BY_ONE,
            "open": MAX_OPEN_THREADS_BY_ONE,
        }
        disputed = lucas.post(
            f"/api/statements/{KENYA}/disputes",
            json={"start": where[0], "end": where[1], "reason": "Others still may"},
        )
        assert disputed.status_code == 201, disputed.text
        # Resolving one of hers frees a slot.
        assert amina.post(f"/api/threads/{mine[0]['id']}/resolve").status_code == 200
        assert comment(amina, KENYA, where, "Now it fits").status_code == 201


async def test_open_threads_on_a_statement_and_replies_in_a_thread_are_bounded(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        person(server, accounts, "amina") as amina,
        person(server, accounts, "amina") as amina_elsewhere,
        person(server, accounts, "lucas") as lucas,
    ):
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        first = comment(lucas, KENYA, where, "The first").json()["thread"]["id"]
        # Others have filled the statement's open threads but one (written into the store:
        # a hundred requests would say nothing more).
        columns = "statement_id, kind, state, quote, anchor_start, anchor_end, created_at"
        copy = f"INSERT INTO threads ({columns}) SELECT {columns} FROM threads WHERE id = {first}"
        run_sql(server, *[copy] * (MAX_OPEN_THREADS - 2))
        assert comment(amina, KENYA, where, "The last one").status_code == 201
        refused = comment(amina, KENYA, where, "One too many")
        assert (refused.status_code, error(refused)["code"]) == (409, "too_many_open_threads")
        assert error(refused)["params"] == {"max": MAX_OPEN_THREADS, "open": MAX_OPEN_THREADS}
        # Resolving one and reopening another does not pass the bound either.
        assert lucas.post(f"/api/threads/{first}/resolve").status_code == 200
        assert comment(amina, KENYA, where, "In its place").status_code == 201
        reopened = lucas.post(f"/api/threads/{first}/reopen")
        assert (reopened.status_code, error(reopened)["code"]) == (409, "too_many_open_threads")

        # A thread with all its replies but one; two replies at once: one gets the slot.
        message = (
            "INSERT INTO thread_messages (thread_id, author_id, kind, text, at) "
            f"SELECT id, created_by, 'reply', 'Agreed', created_at FROM threads WHERE id = {first}"
        )
        run_sql(server, *[message] * (MAX_REPLIES - 1))
        reply = f"/api/threads/{first}/replies"
        assert at_once(
            lambda: amina.post(reply, json={"text": "Mine"}),
            lambda: amina_elsewhere.post(reply, json={"text": "Mine too"}),
        ) == [200, 409]
        replies = next(t for t in threads(lucas) if t["id"] == first)["messages"]
        assert sum(m["kind"] == "reply" for m in replies) == MAX_REPLIES
        late = lucas.post(reply, json={"text": "And me"})
        assert (late.status_code, error(late)["code"]) == (409, "too_many_replies")
        assert error(late)["params"] == {"max": MAX_REPLIES}


async def test_a_message_mentioning_too_many_people_is_refused_and_notifies_no_one(
    server: Server, accounts: dict[str, str]
) -> None:
    names = [f"Guest{n} Member" for n in range(MAX_MENTIONS + 1)]
    with person(server, accounts, "ingrid") as ingrid:
        for name in names:
            made = ingrid.post(
                "/api/forums/1/invitations", json={"role": "contributor", "statement_id": KENYA}
            )
            token = made.json()["link"].removeprefix("/join/")
            with httpx.Client(base_url=server.base_url) as newcomer:
                email = f"{name.split()[0].lower()}@example.org"
                joined = newcomer.post(
                    f"/api/invitations/{token}/accept",
                    json={"name": name, "email": email, "password": "a river of many voices"},
                )
                assert joined.status_code == 201, joined.text
    with person(server, accounts, "amina") as amina, person(server, accounts, "lucas") as lucas:
        async with yclient(server, KENYA, cookie_of(amina)) as editor:
            where = span(editor.text, PASSAGE)
        everyone = " ".join(f"@{name}" for name in names)
        refused = comment(amina, KENYA, where, f"Please look {everyone}")
        assert (refused.status_code, error(refused)["code"]) == (422, "too_many_mentions")
        assert error(refused)["params"] == {"max": MAX_MENTIONS, "mentioned": MAX_MENTIONS + 1}
        assert error(refused)["field"] == "text"
        assert threads(amina) == []
        tid = comment(amina, KENYA, where, "Fine").json()["thread"]["id"]
        reply = lucas.post(f"/api/threads/{tid}/replies", json={"text": everyone})
        assert (reply.status_code, error(reply)["code"]) == (422, "too_many_mentions")
        enough = " ".join(f"@{name}" for name in names[:MAX_MENTIONS])
        assert lucas.post(f"/api/threads/{tid}/replies", json={"text": enough}).is_success
