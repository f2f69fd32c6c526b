"""Room behaviour seen from clients: awareness, saved acknowledgements, the live count."""

from __future__ import annotations

import httpx
import pytest
from pycrdt import Awareness, Decoder, Doc, create_awareness_message

from server.collab.protocol import SAVED
from tests.support.http import cookie_of, signed_in_as
from tests.support.servers import Server
from tests.support.yclient import YClient, sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1


def _awareness_seen(client: YClient) -> Awareness:
    """Replay every awareness message the client received into a fresh Awareness."""
    seen = Awareness(Doc())
    for message in client.received:
        if message[0] == 1:
            seen.apply_awareness_update(Decoder(message[1:]).read_message() or b"", "remote")
    return seen


async def test_awareness_is_relayed_and_removed_on_disconnect(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, lucas) as watcher:
        async with yclient(server, KENYA, amina) as typist:
            mine = Awareness(typist.doc)
            mine.set_local_state({"user": {"name": "Amina Yusuf", "color": "#30bced"}})
            update = mine.encode_awareness_update([typist.doc.client_id])
            await typist.send_raw(create_awareness_message(update))
            await wait_until(
                lambda: typist.doc.client_id in _awareness_seen(watcher).states,
                what="the typist's cursor at the watcher",
            )
            name = _awareness_seen(watcher).states[typist.doc.client_id]["user"]["name"]
            assert name == "Amina Yusuf"
        await wait_until(
            lambda: typist.doc.client_id not in _awareness_seen(watcher).states,
            what="the cursor removed after disconnect",
        )


def _awareness_about(client: YClient, client_id: int) -> int:
    """How many awareness messages the client received that speak for `client_id`."""
    count = 0
    for message in client.received:
        if message[0] == 1:
            seen = Awareness(Doc())
            seen.apply_awareness_update(Decoder(message[1:]).read_message() or b"", "remote")
            count += client_id in seen.meta
    return count


async def test_stale_awareness_echo_is_not_forwarded(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with yclient(server, KENYA, amina) as typist, yclient(server, KENYA, lucas) as echoer:
        mine = Awareness(typist.doc)
        mine.set_local_state({"user": {"name": "Amina Yusuf"}})
        announce = create_awareness_message(mine.encode_awareness_update([typist.doc.client_id]))
        await typist.send_raw(announce)
        await wait_until(
            lambda: _awareness_about(echoer, typist.doc.client_id) == 1,
            what="the cursor at the other client",
        )
        # The sender hears its own announcement back, as from the reference server: a stock
        # client that hears nothing for 30 s takes its connection for dead.
        await wait_until(
            lambda: _awareness_about(typist, typist.doc.client_id) == 1,
            what="the announcement back at its sender",
        )
        # Stock y-websocket clients send every awareness update they receive straight back.
        await echoer.send_raw(announce)
        await echoer.edit(" after the echo")
        await wait_until(lambda: "after the echo" in typist.text, what="the edit behind the echo")
        assert _awareness_about(typist, typist.doc.client_id) == 1

        # A renewal (newer clock) is news, and goes through.
        mine.set_local_state({"user": {"name": "Amina Yusuf", "typing": True}})
        await typist.send_raw(
            create_awareness_message(mine.encode_awareness_update([typist.doc.client_id]))
        )
        await wait_until(
            lambda: _awareness_about(echoer, typist.doc.client_id) == 2,
            what="the renewed cursor at the other client",
        )


async def test_cursor_of_a_returning_client_is_removed_when_it_leaves(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    doc: Doc = Doc()
    mine = Awareness(doc)
    async with yclient(server, KENYA, lucas) as watcher:
        for visit in ("first", "second"):
            # The same document (client id) comes back on a new connection, as a browser tab
            # does after a network drop: the server knows the id, so this is a renewal.
            mine.set_local_state({"user": {"name": "Amina Yusuf", "visit": visit}})
            async with yclient(server, KENYA, amina) as tab:
                await tab.send_raw(
                    create_awareness_message(mine.encode_awareness_update([doc.client_id]))
                )
                await wait_until(
                    lambda: doc.client_id in _awareness_seen(watcher).states,
                    what=f"the cursor on the {visit} visit",
                )
            await wait_until(
                lambda: doc.client_id not in _awareness_seen(watcher).states,
                what=f"the cursor removed after the {visit} visit",
            )


def _saved_vectors(client: YClient) -> list[bytes]:
    found = []
    for message in client.received:
        decoder = Decoder(message)
        if decoder.read_var_uint() == SAVED:
            found.append(decoder.read_message() or b"")
    return found


async def test_saved_acknowledges_committed_state(server: Server, accounts: dict[str, str]) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    async with yclient(server, KENYA, amina, saved=True) as client:
        await client.edit(" Saved?")
        mine = client.doc.get_state()
        await wait_until(lambda: mine in _saved_vectors(client), what="a saved ack of my state")
    async with yclient(server, KENYA, amina) as stock:
        await stock.edit(" Not asked for.")
        await wait_until(lambda: "Not asked" in stock.text, what="the edit")
        assert _saved_vectors(stock) == []  # stock clients never get the custom message


async def test_server_counts_words_and_keeps_text_over_the_limit(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    with httpx.Client(base_url=server.base_url, headers={"cookie": amina}) as http:
        before = http.get(f"/api/statements/{KENYA}").json()
        assert before["over_limit"] is False
        # A stock client bypasses the editor's guard: the server keeps every word.
        async with yclient(server, KENYA, lucas) as bypass, yclient(server, KENYA, amina) as other:
            await bypass.edit(" word" * 250)
            await wait_until(lambda: other.text == bypass.text, what="the text at the other client")
            after = http.get(f"/api/statements/{KENYA}").json()
            assert after["words"] == before["words"] + 250
            assert after["over_limit"] is True
            assert after["seconds"] > after["limits"]["seconds"]

        # After the room unloads, the stored count says the same.
        def stored_words() -> int:
            listed = http.get("/api/statements").json()["statements"]
            return next(s["words"] for s in listed if s["id"] == KENYA)

        assert listed_first_is(http, KENYA)
        await wait_until(lambda: stored_words() == before["words"] + 250, what="the stored count")


async def test_an_open_room_counts_against_limits_changed_while_it_is_open(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        async with yclient(server, KENYA, cookie_of(sofia)):  # keeps the room open throughout
            before = sofia.get(f"/api/statements/{KENYA}").json()
            assert before["over_limit"] is False and 50 < before["words"] <= 300
            assert ingrid.patch("/api/forums/1", json={"word_limit": 50}).is_success
            now = sofia.get(f"/api/statements/{KENYA}").json()
            assert (now["limits"]["words"], now["words"], now["over_limit"]) == (
                50,
                before["words"],
                True,
            )
            # The gate counts against the new limit too.
            refused = sofia.post(
                f"/api/statements/{KENYA}/transitions", json={"transition": "finalise"}
            )
            assert refused.status_code == 409
            assert "the limit is 50" in refused.json()["error"]["message"]


def listed_first_is(http: httpx.Client, statement_id: int) -> bool:
    """Statements are listed by their session's date; undated (load test) sessions come last."""
    return bool(http.get("/api/statements").json()["statements"][0]["id"] == statement_id)
