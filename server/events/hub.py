"""The events hub: who listens to which statements, and what they hear.

Listeners subscribe with the statements they may open (decided at subscription, refreshed when
their membership changes). State changes are published by the lifecycle routes when they
happen; counts and presence are read from the open rooms once a second, and only for
statements someone listens to, so nothing here touches the editing hot path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

import anyio
from pydantic import BaseModel

from schemas.events import StatementCounted, StatementPresence
from server.collab.rooms import Rooms

log = logging.getLogger("chorus.events")

QUEUE_LIMIT = 500  # events waiting for one listener before it is dropped (it reconnects)
WATCH_SECONDS = 1.0


class Listener:
    """One `/ws/events` connection: the statements it hears about and its outbox."""

    def __init__(
        self, user_id: int, statement_ids: Iterable[int], forum_ids: Iterable[int] = ()
    ) -> None:
        self.user_id = user_id
        self.statement_ids = set(statement_ids)
        self.forum_ids = set(forum_ids)
        self.outbox: asyncio.Queue[str | None] = asyncio.Queue(QUEUE_LIMIT)
        self.overflowed = False

    def put(self, text: str) -> None:
        if self.overflowed:
            return
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            # Too far behind: stop, and let the page reconnect and reload what it shows.
            self.overflowed = True
            self.outbox.get_nowait()
            self.outbox.put_nowait(None)


NamesOf = Callable[[set[int]], Awaitable[dict[int, str]]]


class EventHub:
    def __init__(self, rooms: Rooms, names_of: NamesOf) -> None:
        self._rooms = rooms
        self._names_of = names_of
        self._listeners: set[Listener] = set()
        self._counted: dict[int, tuple[int, int, bool]] = {}
        self._present: dict[int, frozenset[int]] = {}
        self._names: dict[int, str] = {}

    def subscribe(self, listener: Listener) -> None:
        self._listeners.add(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.discard(listener)

    def publish(self, statement_id: int, event: BaseModel) -> None:
        """Send `event` to everyone listening to `statement_id`."""
        text = event.model_dump_json()
        for listener in self._listeners:
            if statement_id in listener.statement_ids:
                listener.put(text)

    def publish_forum(self, forum_id: int, event: BaseModel) -> None:
        """Send `event` to everyone who hears about any statement of the forum."""
        text = event.model_dump_json()
        for listener in self._listeners:
            if forum_id in listener.forum_ids:
                listener.put(text)

    def tell_person(self, user_id: int, event: BaseModel) -> None:
        text = event.model_dump_json()
        for listener in self._listeners:
            if listener.user_id == user_id:
                listener.put(text)

    def watched(self) -> set[int]:
        return {sid for listener in self._listeners for sid in listener.statement_ids}

    async def watch_rooms_forever(self) -> None:
        while True:
            await anyio.sleep(WATCH_SECONDS)
            try:
                await self.watch_rooms()
            except Exception:
                log.exception("reading counts and presence from the rooms failed")

    async def watch_rooms(self) -> None:
        """Publish the count and the people of every watched statement that changed."""
        watched = self.watched()
        for sid in list(self._counted):
            if sid not in watched:
                del self._counted[sid]
        for sid in list(self._present):
            if sid not in watched:
                del self._present[sid]
        for sid in watched:
            room = self._rooms.get(sid)
            if room is None:
                people: frozenset[int] = frozenset()
            else:
                people = frozenset(peer.user_id for peer in room.peers)
                status = room.limit_status()
                counted = (status.words, status.seconds, status.over_limit)
                if self._counted.get(sid, counted) != counted:
                    self.publish(
                        sid,
                        StatementCounted(
                            statement_id=sid,
                            words=status.words,
                            seconds=status.seconds,
                            over_limit=status.over_limit,
                        ),
                    )
                self._counted[sid] = counted
            if self._present.get(sid, frozenset()) != people:
                self._present[sid] = people
                unknown = {uid for uid in people if uid not in self._names}
                if unknown:
                    self._names.update(await self._names_of(unknown))
                names = sorted(self._names.get(uid, "Someone") for uid in people)
                self.publish(sid, StatementPresence(statement_id=sid, editors=names))
