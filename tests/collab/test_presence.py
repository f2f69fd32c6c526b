"""Presence cannot be forged: a connection speaks in awareness only for the Yjs client ids it
introduced, through a real server with real clients."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest
from pycrdt import Awareness, Decoder, Doc, create_awareness_message

from tests.support.servers import REPO, Server
from tests.support.yclient import YClient, sign_in, wait_until, yclient

pytestmark = pytest.mark.anyio

KENYA = 1
SCRIPT = Path(__file__).with_name("stock_client.mjs")
NODE = shutil.which("node")


def _presence(client_id: int, state: dict[str, Any], renewals: int = 0) -> Awareness:
    """An awareness speaking for `client_id` with `state`, its clock moved on `renewals` times."""
    awareness = Awareness(Doc(client_id=client_id))
    for _ in range(renewals + 1):
        awareness.set_local_state(state)
    return awareness


def _announce(awareness: Awareness, client_ids: list[int] | None = None) -> bytes:
    ids = [awareness.client_id] if client_ids is None else client_ids
    return create_awareness_message(awareness.encode_awareness_update(ids))


def _states_heard(client: YClient) -> list[tuple[int, Any]]:
    """Every (client id, state) in every awareness message the client received, in order."""
    return _states_heard_in(client.received)


def _states_heard_in(messages: list[bytes]) -> list[tuple[int, Any]]:
    heard = []
    for message in messages:
        if message[0] == 1:
            update = Decoder(message[1:]).read_message() or b""
            seen = Awareness(Doc())
            seen.apply_awareness_update(update, "remote")
            heard.extend((cid, seen.states.get(cid)) for cid in seen.meta)
    return heard


def _names_heard(client: YClient, client_id: int) -> list[str]:
    return [
        state["user"]["name"]
        for cid, state in _states_heard(client)
        if cid == client_id and state is not None
    ]


async def test_awareness_under_another_connections_client_id_is_dropped(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    omar = sign_in(server, "omar@example.org", accounts["omar@example.org"])  # an observer
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with (
        yclient(server, KENYA, lucas) as watcher,
        yclient(server, KENYA, amina) as author,
        yclient(server, KENYA, omar) as forger,
    ):
        mine = _presence(author.doc.client_id, {"user": {"name": "Amina Yusuf"}})
        await author.send_raw(_announce(mine))
        await wait_until(
            lambda: _names_heard(watcher, author.doc.client_id) == ["Amina Yusuf"],
            what="Amina's cursor at the watcher",
        )

        # Omar speaks under Amina's id, with a clock far ahead so it would win; then as himself.
        forged = _presence(author.doc.client_id, {"user": {"name": "Forged"}}, renewals=50)
        await forger.send_raw(_announce(forged))
        his = _presence(forger.doc.client_id, {"user": {"name": "Omar Haddad"}})
        await forger.send_raw(_announce(his))
        # An observer may have presence of his own; what he sent before it was handled first.
        await wait_until(
            lambda: "Omar Haddad" in _names_heard(watcher, forger.doc.client_id),
            what="Omar's own presence at the watcher",
        )
        assert _names_heard(watcher, author.doc.client_id) == ["Amina Yusuf"]
        assert "Forged" not in _names_heard(author, author.doc.client_id)

        # Amina's own next awareness still arrives, byte for byte as she sent it: the forged
        # clock moved nothing.
        mine.set_local_state({"user": {"name": "Amina Yusuf", "typing": True}})
        renewal = _announce(mine)
        await author.send_raw(renewal)
        await wait_until(lambda: renewal in watcher.received, what="Amina's renewal as sent")
        assert "Forged" not in _names_heard(watcher, author.doc.client_id)


async def test_a_mix_of_own_and_anothers_client_ids_forwards_only_the_own(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    omar = sign_in(server, "omar@example.org", accounts["omar@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    async with (
        yclient(server, KENYA, lucas) as watcher,
        yclient(server, KENYA, amina) as author,
        yclient(server, KENYA, omar) as forger,
    ):
        await author.send_raw(
            _announce(_presence(author.doc.client_id, {"user": {"name": "Amina Yusuf"}}))
        )
        await wait_until(
            lambda: _names_heard(watcher, author.doc.client_id) == ["Amina Yusuf"],
            what="Amina's cursor at the watcher",
        )
        mixed = _presence(forger.doc.client_id, {"user": {"name": "Omar Haddad"}})
        forged = _presence(author.doc.client_id, {"user": {"name": "Forged"}}, renewals=50)
        mixed.apply_awareness_update(forged.encode_awareness_update([forged.client_id]), "x")
        await forger.send_raw(_announce(mixed, [author.doc.client_id, forger.doc.client_id]))
        await wait_until(
            lambda: "Omar Haddad" in _names_heard(watcher, forger.doc.client_id),
            what="Omar's own entry at the watcher",
        )
        assert _names_heard(watcher, author.doc.client_id) == ["Amina Yusuf"]
        assert all(
            state["user"]["name"] != "Forged" for _, state in _states_heard(watcher) if state
        )
        # The forger hears back only his own entry too.
        assert "Forged" not in _names_heard(forger, author.doc.client_id)


async def test_an_id_is_free_again_once_its_connection_leaves_and_echoes_claim_nothing(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    mei = sign_in(server, "mei@example.org", accounts["mei@example.org"])
    doc: Doc = Doc()
    mine = _presence(doc.client_id, {"user": {"name": "Amina Yusuf", "visit": "first"}})
    async with yclient(server, KENYA, mei) as watcher, yclient(server, KENYA, lucas) as echoer:
        async with yclient(server, KENYA, amina) as tab:
            first = _announce(mine)
            await tab.send_raw(first)
            await wait_until(lambda: first in echoer.received, what="the first visit's cursor")
        await wait_until(
            lambda: (doc.client_id, None) in _states_heard(echoer),
            what="the cursor removed when the tab left",
        )
        # A stock client sends back what it hears, here after its sender left: the stale
        # state and the removal. Neither makes Lucas the speaker for Amina's id.
        removal = [
            m
            for m in echoer.received
            if m[0] == 1 and (doc.client_id, None) in _states_heard_in([m])
        ][-1]
        await echoer.send_raw(first)
        await echoer.send_raw(removal)
        # She comes back under the same id (a browser tab after a network drop).
        mine.set_local_state({"user": {"name": "Amina Yusuf", "visit": "second"}})
        async with yclient(server, KENYA, amina) as tab:
            second = _announce(mine)
            await tab.send_raw(second)
            await wait_until(lambda: second in watcher.received, what="the second visit's cursor")


@pytest.mark.skipif(NODE is None, reason="needs Node.js for the stock Yjs client")
async def test_a_stock_yjs_clients_presence_still_reaches_the_others(
    server: Server, accounts: dict[str, str]
) -> None:
    amina = sign_in(server, "amina@example.org", accounts["amina@example.org"])
    lucas = sign_in(server, "lucas@example.org", accounts["lucas@example.org"])
    marker = " [presence seen]"
    async with yclient(server, KENYA, amina) as py:
        # Amina's own presence: the stock client hears it and, as stock clients do, echoes it.
        await py.send_raw(_announce(_presence(py.doc.client_id, {"user": {"name": "Amina"}})))
        command = [str(NODE), str(SCRIPT), server.ws_url, str(KENYA), lucas, server.origin]
        async with await anyio.open_process([*command, " stock", marker, "20"], cwd=REPO) as node:
            try:
                await wait_until(
                    lambda: (
                        any(
                            s is not None and s.get("user", {}).get("name") == "stock yjs"
                            for _, s in _states_heard(py)
                        )
                        or node.returncode is not None
                    ),
                    timeout=25,
                    what="the stock client's presence",
                )
                await py.edit(marker)
                with anyio.fail_after(25):
                    assert await node.wait() == 0
            finally:
                if node.returncode is None:
                    node.kill()
        assert _names_heard(py, py.doc.client_id) == ["Amina"]  # echoes claimed nothing
