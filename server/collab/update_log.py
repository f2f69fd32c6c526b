"""The group-committed update log: every accepted update reaches the database within a window.

One writer for the whole process, owned by the lifespan: all updates that arrive within the
commit window, in every room, go in one transaction, so a burst of keystrokes costs one commit
(SQLite has a single writer anyway; one batch beats many rooms queueing for its lock).
Rooms append and go on at once: the commit is never on the fan-out path. A failed commit keeps
the batch in memory and retries with a bounded backoff; nothing accepted is dropped.
"""

from __future__ import annotations

import logging
from typing import Protocol

import anyio
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from server.db import update_log as queries

log = logging.getLogger("chorus.update_log")


class LoggedRoom(Protocol):
    statement_id: int

    def state_vector(self) -> bytes: ...

    def committed(self, state_vector: bytes) -> None: ...

    def snapshot(self) -> tuple[bytes, str]: ...

    def count_now(self) -> tuple[int, int]: ...

    def text_digest(self) -> str: ...


class UpdateLogWriter:
    def __init__(
        self,
        engine: AsyncEngine,
        window_seconds: float,
    ) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._window = window_seconds
        self._pending: list[tuple[int, bytes]] = []
        self._pending_rooms: dict[int, LoggedRoom] = {}
        self._compact: dict[int, LoggedRoom] = {}
        self._counts: dict[int, LoggedRoom] = {}
        self._wake = anyio.Event()
        self._lock = anyio.Lock()  # one transaction at a time, in arrival order

    def append(self, room: LoggedRoom, update: bytes) -> None:
        """Queue one accepted update of `room`, already applied to its document."""
        self._pending.append((room.statement_id, update))
        self._pending_rooms[room.statement_id] = room
        self._signal()

    def request_compaction(self, room: LoggedRoom) -> None:
        self._compact[room.statement_id] = room
        self._signal()

    def request_count(self, room: LoggedRoom) -> None:
        self._counts[room.statement_id] = room
        self._signal()

    def _signal(self) -> None:
        self._wake.set()

    @property
    def has_work(self) -> bool:
        return bool(self._pending or self._compact or self._counts)

    async def run(self) -> None:
        """Commit at most one batch per window, forever (until cancelled); the owner calls
        `flush()` and then `close()` when it stops."""
        while True:
            await self._wake.wait()
            self._wake = anyio.Event()
            await anyio.sleep(self._window)
            # What arrives during this commit waits for the next window: one commit per window.
            await self._commit_retrying()

    async def flush(self) -> None:
        """Commit everything queued so far."""
        while self.has_work:
            await self._commit_retrying()

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def _commit_retrying(self) -> None:
        delay = 0.05
        async with self._lock:
            while self.has_work:
                try:
                    await self._commit_once()
                    return
                except Exception:
                    log.exception("update log commit failed; keeping the batch and retrying")
                    await self.close()
                    await anyio.sleep(delay)
                    delay = min(delay * 2, 5.0)

    async def _connection(self) -> AsyncConnection:
        # One connection held for the writer's life: a commit costs its statements and nothing
        # else (no pool checkout, no reset on return; each is a thread hop with aiosqlite).
        if self._conn is None:
            self._conn = await self._engine.connect()
        return self._conn

    async def _commit_once(self) -> None:
        batch, rooms = self._pending, self._pending_rooms
        compact, counts = self._compact, self._counts
        self._pending, self._pending_rooms, self._compact, self._counts = [], {}, {}, {}
        # Taken now, in the same tick as the batch, so they match it: a room's document holds
        # exactly the updates appended so far, so its state vector is what this commit stores.
        states = {sid: room.state_vector() for sid, room in rooms.items()}
        snapshots = {sid: room.snapshot() for sid, room in compact.items()}
        # The digest signatures are compared with goes with the count: one more read of the
        # text per count, never one per update.
        numbers = {
            sid: (*room.count_now(), room.text_digest())
            for sid, room in {**counts, **compact}.items()
        }
        try:
            conn = await self._connection()
            async with conn.begin():
                await queries.append_updates(conn, batch)
                for sid, (data, text) in snapshots.items():
                    await queries.replace_with_snapshot(conn, sid, data, text)
                await queries.store_counts(conn, numbers)
        except BaseException:
            # Put the batch back in front of whatever arrived meanwhile; nothing is lost.
            self._pending[:0] = batch
            for sid, room in rooms.items():
                self._pending_rooms.setdefault(sid, room)
            self._compact = {**compact, **self._compact}
            self._counts = {**counts, **self._counts}
            raise
        for sid, room in rooms.items():
            room.committed(states[sid])
