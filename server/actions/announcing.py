"""Telling what committed records imply: the `/ws/events` events of each, once, in order.

Actions call `Announcer.tell` after their transaction commits, so nothing is told that did not
commit; the app calls it once at start, so records committed just before a stop are told after
the restart instead of never. One announcer per process; it tells one batch at a time.

What a kind of record tells is written beside the action that records it, as a teller
registered with `@tells(What.X)`: it receives the announcer (its events hub, and the store for
an audience that must be read) and the record with the names it carries."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import anyio
from sqlalchemy.ext.asyncio import async_sessionmaker

from schemas.events import NoticesChanged
from server.db import happenings
from server.db.happenings import Untold
from server.domain.happenings import Happened, What
from server.events.hub import EventHub

log = logging.getLogger("chorus.announcing")

BATCH = 200  # records told per read

Teller = Callable[["Announcer", Untold], Awaitable[None]]
_TELLERS: dict[What, Teller] = {}


def tells(*kinds: What) -> Callable[[Teller], Teller]:
    """Register the decorated function as what records of `kinds` tell."""

    def register(teller: Teller) -> Teller:
        for kind in kinds:
            if kind in _TELLERS:
                raise ValueError(f"{kind.value} is told already by {_TELLERS[kind].__name__}")
            _TELLERS[kind] = teller
        return teller

    return register


# A record's details name who got a notice in its transaction, so its teller tells exactly
# them, after a restart too.
NOTICED = "noticed"


def noticed(user_ids: Iterable[int]) -> dict[str, str]:
    """The details naming who got a notice (nothing when no one did)."""
    ids = sorted(set(user_ids))
    return {NOTICED: ",".join(map(str, ids))} if ids else {}


def tell_noticed(announcer: Announcer, happened: Happened) -> None:
    """Each person the record says got a notice hears that their notices changed."""
    for user_id in (int(uid) for uid in happened.details.get(NOTICED, "").split(",") if uid):
        announcer.events.tell_person(user_id, NoticesChanged())


class Announcer:
    """Tells the events of records not told yet, oldest first, and marks them told."""

    def __init__(self, store: async_sessionmaker[Any], events: EventHub) -> None:
        self.store = store
        self.events = events
        self._lock = anyio.Lock()

    async def tell(self) -> int:
        """Tell every record not told yet; returns how many were told."""
        told = 0
        async with self._lock:
            while True:
                async with self.store() as db, db.begin():
                    batch = await happenings.untold(db, BATCH)
                    await happenings.mark_told(db, [u.id for u in batch], datetime.now(UTC))
                # Told once marked: the listeners of a process that dies here reconnect and
                # read afresh, while a record told twice would be seen twice.
                for untold in batch:
                    teller = _TELLERS.get(untold.happened.what)
                    if teller is None:
                        continue  # a kind that tells no one (the audit log keeps it)
                    try:
                        await teller(self, untold)
                    except Exception:  # one bad record must not silence the ones after it
                        log.exception("telling record %s (%s)", untold.id, untold.happened.what)
                told += len(batch)
                if len(batch) < BATCH:
                    return told
