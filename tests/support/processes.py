"""Helpers for tests that stop, kill and restart the server: saved acks, resuming a document
over a new connection, and reading what the server stored.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from pathlib import Path

import anyio
from pycrdt import Decoder, Doc, Subscription, Text
from websockets.asyncio.client import ClientConnection, connect

from tests.support.servers import Server
from tests.support.yclient import YClient

SAVED = 100  # Chorus' own message type: the durably stored state vector


def decode_state_vector(data: bytes) -> dict[int, int]:
    """A Yjs state vector (varUint count, then client id / clock pairs) as a dict."""
    decoder = Decoder(data)
    count = decoder.read_var_uint()
    found = {}
    for _ in range(count):
        client = decoder.read_var_uint()
        found[client] = decoder.read_var_uint()
    return found


def saved_state_vectors(client: YClient) -> list[dict[int, int]]:
    """Every saved ack the client received so far, oldest first."""
    acks = []
    for message in list(client.received):
        decoder = Decoder(message)
        if decoder.read_var_uint() != SAVED:
            continue
        payload = decoder.read_message()
        assert payload is not None, f"saved message without a state vector: {message!r}"
        acks.append(decode_state_vector(payload))
    return acks


def covers(stored: dict[int, int], wanted: dict[int, int]) -> bool:
    return all(stored.get(client, 0) >= clock for client, clock in wanted.items())


def saved_covers(client: YClient, doc: Doc | None = None) -> bool:
    """True once some saved ack sent to `client` covers everything in `doc` (default: its own)."""
    wanted = decode_state_vector((doc or client.doc).get_state())
    return any(covers(ack, wanted) for ack in saved_state_vectors(client))


class ResumedClient(YClient):
    """A YClient over a new connection that keeps an existing document (and what it holds)."""

    def __init__(self, ws: ClientConnection, doc: Doc) -> None:
        super().__init__(ws)  # its fresh Doc is dropped: the existing one takes its place
        self.doc = doc
        self.body = doc.get("body", type=Text)
        self.subscription: Subscription = doc.observe(self._on_change)


@asynccontextmanager
async def resume(
    server: Server, statement_id: int | str, cookie: str, doc: Doc, *, saved: bool = False
) -> AsyncIterator[ResumedClient]:
    """Sync `doc` with the server over a new websocket, as a reconnecting editor does: both
    sides send sync step 1 and answer the other's with what it lacks."""
    url = f"{server.ws_url}/ws/statements/{statement_id}" + ("?saved=1" if saved else "")
    async with connect(
        url,
        additional_headers={"Cookie": cookie},
        origin=server.origin,  # type: ignore[arg-type]
        max_size=None,
        open_timeout=10,
    ) as ws:
        client = ResumedClient(ws, doc)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(client.run)
            try:
                with anyio.fail_after(10):
                    await client.synced.wait()
                yield client
            finally:
                doc.unobserve(client.subscription)
                await ws.close()
                tasks.cancel_scope.cancel()


def stored_document(data_dir: Path, statement_id: int) -> tuple[str, str | None, int]:
    """From the SQLite file of a stopped server: the text the stored snapshot and update log add
    up to, the snapshot's own text column (None without a snapshot), and the number of log rows.
    Fails if the database does not pass SQLite's integrity check."""
    with closing(sqlite3.connect(data_dir / "chorus.db")) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        snapshot = db.execute(
            "SELECT data, text FROM statement_snapshots WHERE statement_id = ?", (statement_id,)
        ).fetchone()
        updates = db.execute(
            "SELECT data FROM statement_updates WHERE statement_id = ? ORDER BY id",
            (statement_id,),
        ).fetchall()
    doc = Doc()
    body = doc.get("body", type=Text)
    if snapshot is not None:
        doc.apply_update(snapshot[0])
    for (update,) in updates:
        doc.apply_update(update)
    return str(body), (snapshot[1] if snapshot is not None else None), len(updates)
