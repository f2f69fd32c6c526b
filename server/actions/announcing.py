"""Telling what committed records imply: the `/ws/events` events of each, once, in order.

Actions call `Announcer.tell` after their transaction commits, so nothing is told that did not
commit; the app calls it once at start, so records committed just before a crash are told
after the restart instead of never. One announcer per process; it tells one batch at a time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import async_sessionmaker

from schemas.events import StatementStateChanged
from server.db import happenings
from server.db.happenings import Untold
from server.domain.happenings import What
from server.domain.lifecycle import State
from server.events.hub import EventHub

log = logging.getLogger("chorus.announcing")

BATCH = 200  # records told per read


class Announcer:
    """Tells the events of records not told yet, oldest first, and marks them told."""

    def __init__(self, sessions: async_sessionmaker[Any], events: EventHub) -> None:
        self._sessions = sessions
        self._events = events
        self._lock = anyio.Lock()

    async def tell(self) -> int:
        """Tell every record not told yet; returns how many were told."""
        told = 0
        async with self._lock:
            while True:
                async with self._sessions() as session, session.begin():
                    batch = await happenings.untold(session, BATCH)
                    await happenings.mark_told(session, [u.id for u in batch], datetime.now(UTC))
                # Told once marked: the listeners of a process that dies here reconnect and
                # read afresh, while a record told twice would be seen twice.
                for untold in batch:
                    self._tell_one(untold)
                told += len(batch)
                if len(batch) < BATCH:
                    return told

    def _tell_one(self, untold: Untold) -> None:
        happened = untold.happened
        if happened.what in (What.FINALISE, What.REOPEN, What.DELIVER):
            assert happened.statement_id is not None and happened.to_value is not None
            self._events.publish(
                happened.statement_id,
                StatementStateChanged(
                    statement_id=happened.statement_id,
                    state=State(happened.to_value).value,
                    by=untold.actor_name,
                ),
            )
