"""Finalising while editors join and type, through a real server.

Whoever joins around a finalise (before the room stops writing, during the step, after its
commit, or while the room is still being opened) must end up read-only once the statement is
final: the text that was counted is the text that stays, in the room and in the store.
"""

from __future__ import annotations

import random

import anyio
import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from server.domain.words import count_words
from tests.support.coalition import without_coalition_rules
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import yclient

pytestmark = pytest.mark.anyio

ROUNDS = 24
EDITS_PER_TYPIST = 12
# Statements of the demo with writers in their drafting groups. Each round uses the next one,
# so a statement's room has sometimes been unloaded by its next round and sometimes not.
TYPISTS = {
    1: ["amina", "lucas", "mei", "amina", "lucas"],
    2: ["amina", "lucas", "amina", "lucas"],
    4: ["lucas", "mei", "lucas", "mei"],
}


async def _finalise(
    http: httpx.Client, url: str, after: float, answer: list[httpx.Response]
) -> None:
    await anyio.sleep(after)
    answer.append(
        await anyio.to_thread.run_sync(lambda: http.post(url, json={"transition": "finalise"}))
    )


async def _type_until_stopped(
    server: Server, sid: int, cookie: str, start: float, tag: str
) -> None:
    """Join after `start` seconds and type a word at a time until closed or done."""
    await anyio.sleep(start)
    async with yclient(server, sid, cookie) as typist:
        for n in range(EDITS_PER_TYPIST):
            if typist.closed.is_set():
                break  # closed for writing into a final statement: what should happen
            try:
                await typist.edit(f" {tag}w{n}")
            except ConnectionClosed:
                break
            await anyio.sleep(0.01)  # pace the typing; nothing waits on this


async def _text_of(server: Server, sid: int, cookie: str) -> str:
    async with yclient(server, sid, cookie) as reader:
        return reader.text


async def test_nobody_writes_into_a_statement_being_finalised(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)  # not about co-signing
    emails = {name: f"{name}@example.org" for name in ("amina", "lucas", "mei", "sofia")}
    with (
        signed_in_as(server, emails["sofia"], accounts[emails["sofia"]]) as sofia,
        signed_in_as(server, emails["amina"], accounts[emails["amina"]]) as amina,
        signed_in_as(server, emails["lucas"], accounts[emails["lucas"]]) as lucas,
        signed_in_as(server, emails["mei"], accounts[emails["mei"]]) as mei,
    ):
        cookies = {"amina": cookie_of(amina), "lucas": cookie_of(lucas), "mei": cookie_of(mei)}
        sofia_cookie = cookie_of(sofia)
        chance = random.Random(2027)
        final_texts: dict[int, str] = {}
        for round_no in range(ROUNDS):
            sid = list(TYPISTS)[round_no % len(TYPISTS)]
            steps = f"/api/statements/{sid}/transitions"
            if sid in final_texts:
                again = sofia.post(steps, json={"transition": "reopen", "reason": "Next round."})
                assert again.status_code == 200, again.text
            async with yclient(server, sid, cookies["lucas"]) as resetter:
                # A short text each round, so the statement stays within its limit.
                del resetter.body[0 : len(resetter.body)]
                await resetter.edit(f"Round {round_no}.")

            answer: list[httpx.Response] = []
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(_finalise, sofia, steps, chance.uniform(0.0, 0.15), answer)
                for n, name in enumerate(TYPISTS[sid]):
                    start = chance.uniform(0.0, 0.3)
                    tasks.start_soon(
                        _type_until_stopped, server, sid, cookies[name], start, f"r{round_no}t{n}"
                    )
            assert answer[0].status_code == 200, answer[0].text
            counted = answer[0].json()["statement"]["words"]
            text = await _text_of(server, sid, sofia_cookie)
            assert count_words(text) == counted, (
                f"round {round_no}: {counted} words were counted at finalising, "
                f"the final text has {count_words(text)}: {text!r}"
            )
            shown = sofia.get(f"/api/statements/{sid}").json()
            assert (shown["state"], shown["words"]) == ("final", counted), f"round {round_no}"
            final_texts[sid] = text

    # Nothing was applied after the final commit that is waiting to be stored either.
    server.stop()
    server.start()
    with signed_in_as(server, emails["sofia"], accounts[emails["sofia"]]) as sofia:
        for sid, text in final_texts.items():
            shown = sofia.get(f"/api/statements/{sid}").json()
            assert (shown["state"], shown["words"]) == ("final", count_words(text)), sid
            assert await _text_of(server, sid, cookie_of(sofia)) == text
