"""The events hub: who listens to which statements, and what they hear.

A listener hears about the statements its person may open. That is read from the store when it
subscribes and read again whenever the person's access changes (`follow`), so someone taken
off a drafting group hears nothing more about that statement, and what is still queued for
them about it is dropped. State changes are published by the lifecycle routes when they
happen; counts and presence are read from the open rooms once a second, only for statements
someone listens to and whose room noted an edit, a join or a leave since: nothing here touches
the editing hot path, and nothing walks every room or every listener each second. Listeners
are kept by statement and by person, so telling one statement's listeners costs theirs only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass

import anyio
from pydantic import BaseModel

from schemas.events import StatementCounted, StatementPresence, StatementSignaturesChanged
from server.collab import close_codes
from server.collab.rooms import Rooms

log = logging.getLogger("chorus.events")

QUEUE_LIMIT = 500  # events waiting for one listener before it is dropped (it reconnects)
WATCH_SECONDS = 1.0


@dataclass(frozen=True)
class Heard:
    """What a person hears about: the statements they may open, and the forums of those."""

    statement_ids: frozenset[int]
    forum_ids: frozenset[int]


@dataclass(frozen=True)
class Close:
    """The last thing a listener's connection does: close with this code and reason."""

    code: int
    reason: str


@dataclass(frozen=True)
class _Queued:
    text: str
    statement_id: int | None = None  # None: for the person whatever they may open
    forum_id: int | None = None


class Listener:
    """One `/ws/events` connection: whose it is, what it hears about, and its outbox."""

    def __init__(
        self, user_id: int, *, is_site_admin: bool = False, token_hash: str | None = None
    ) -> None:
        self.user_id = user_id
        self.is_site_admin = is_site_admin
        self.token_hash = token_hash  # the sign-in it was opened with, so a sign-out closes it
        # Nothing until the hub's first read (`EventHub.follow`).
        self.statement_ids: set[int] = set()
        self.forum_ids: set[int] = set()
        self.outbox: asyncio.Queue[_Queued | Close] = asyncio.Queue(QUEUE_LIMIT)
        self.closing = False

    def put(
        self, text: str, *, statement_id: int | None = None, forum_id: int | None = None
    ) -> None:
        if self.closing:
            return
        try:
            self.outbox.put_nowait(_Queued(text, statement_id, forum_id))
        except asyncio.QueueFull:
            # Too far behind: stop, and let the page reconnect and reload what it shows.
            self.close(close_codes.TRY_AGAIN_LATER, "too far behind; reconnect")

    def close(self, code: int, reason: str) -> None:
        """Drop what is still queued and close the connection next."""
        if self.closing:
            return
        self.closing = True
        while not self.outbox.empty():
            self.outbox.get_nowait()
        self.outbox.put_nowait(Close(code, reason))

    def replace(self, heard: Heard) -> None:
        """From now on hear about these statements and forums only."""
        self.statement_ids = set(heard.statement_ids)
        self.forum_ids = set(heard.forum_ids)

    async def next(self) -> str | Close:
        """The next text to send, or how to close. An event queued about a statement or forum
        this person has since lost is dropped here, at the last moment."""
        while True:
            item = await self.outbox.get()
            if isinstance(item, Close):
                return item
            if item.statement_id is not None and item.statement_id not in self.statement_ids:
                continue
            if item.forum_id is not None and item.forum_id not in self.forum_ids:
                continue
            return item.text


NamesOf = Callable[[set[int]], Awaitable[dict[int, str]]]
# Reads from the store which statements have signatures (once, when the hub first watches).
ReadSigned = Callable[[], Awaitable[set[int]]]
# Reads from the store what a person hears about, given whether they are a site administrator.
ReadHeard = Callable[[bool], Awaitable[Heard]]


async def _none_signed() -> set[int]:
    return set()


class EventHub:
    def __init__(
        self, rooms: Rooms, names_of: NamesOf, read_signed: ReadSigned = _none_signed
    ) -> None:
        self._rooms = rooms
        self._names_of = names_of
        # Every listener, by person, and by the statements it hears about.
        self._by_statement: dict[int, set[Listener]] = {}
        self._by_person: dict[int, set[Listener]] = {}
        # Statements that just got their first listener: visited once, changed or not.
        self._newly_watched: set[int] = set()
        self._counted: dict[int, tuple[int, int, bool]] = {}
        self._present: dict[int, frozenset[int]] = {}
        # Statements with signatures, read once and then kept by `signatures_changed`, and
        # the digest each watched one had last: a text change is then told without a query.
        self._read_signed: ReadSigned | None = read_signed
        self._signed: set[int] = set()
        self._digests: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self._reads = 0  # every read of what someone hears gets the next number
        self._applied: dict[int, int] = {}  # user id -> number of the read their listeners hold

    def subscribe(self, listener: Listener) -> None:
        self._by_person.setdefault(listener.user_id, set()).add(listener)

    def unsubscribe(self, listener: Listener) -> None:
        theirs = self._by_person.get(listener.user_id)
        if theirs is None or listener not in theirs:
            return
        self._hears(listener, Heard(frozenset(), frozenset()))
        theirs.discard(listener)
        if not theirs:
            del self._by_person[listener.user_id]
            self._applied.pop(listener.user_id, None)

    def _of(self, user_id: int) -> list[Listener]:
        return list(self._by_person.get(user_id, ()))

    def _everyone(self) -> list[Listener]:
        return [listener for theirs in self._by_person.values() for listener in theirs]

    def _hears(self, listener: Listener, heard: Heard) -> None:
        """Give `listener` what it hears about, keeping the index by statement in step."""
        for sid in listener.statement_ids - heard.statement_ids:
            watching = self._by_statement.get(sid)
            if watching is not None:
                watching.discard(listener)
                if not watching:
                    # Nobody listens any more: forget what was last told of it.
                    del self._by_statement[sid]
                    self._counted.pop(sid, None)
                    self._present.pop(sid, None)
                    self._digests.pop(sid, None)
                    self._newly_watched.discard(sid)
        for sid in heard.statement_ids - listener.statement_ids:
            watching = self._by_statement.setdefault(sid, set())
            if not watching:
                self._newly_watched.add(sid)
            watching.add(listener)
        listener.replace(heard)

    async def follow(self, user_id: int, read: ReadHeard) -> None:
        """Read again what `user_id` hears about and give it to each of their listeners; from
        then on nothing is sent to them about statements or forums they lost. Nothing is read
        when they do not listen. Reads may overlap: one that started before a later one and
        finishes after it is dropped, so the listeners keep the newest."""
        listeners = self._of(user_id)
        if not listeners:
            return
        self._reads += 1
        number = self._reads
        heard = await read(listeners[0].is_site_admin)
        if number < self._applied.get(user_id, 0):
            return
        self._applied[user_id] = number
        for listener in self._of(user_id):
            self._hears(listener, heard)

    def publish(
        self, statement_id: int, event: BaseModel, audience: Collection[int] | None = None
    ) -> None:
        """Send `event` to everyone listening to `statement_id`; with an `audience` (user
        ids, read by the caller from the permission table), only to those of them."""
        text = event.model_dump_json()
        for listener in self._by_statement.get(statement_id, ()):
            if audience is None or listener.user_id in audience:
                listener.put(text, statement_id=statement_id)

    def publish_forum(
        self, forum_id: int, event: BaseModel, audience: Collection[int] | None = None
    ) -> None:
        """Send `event` to everyone who hears about any statement of the forum; with an
        `audience` (user ids), only to those of them."""
        text = event.model_dump_json()
        for listener in self._everyone():
            if forum_id in listener.forum_ids and (
                audience is None or listener.user_id in audience
            ):
                listener.put(text, forum_id=forum_id)

    def tell_person(self, user_id: int, event: BaseModel) -> None:
        text = event.model_dump_json()
        for listener in self._of(user_id):
            listener.put(text)

    def close_person(self, user_id: int, code: int, reason: str) -> None:
        """Close every connection of one person (signed out everywhere)."""
        for listener in self._of(user_id):
            listener.close(code, reason)

    def close_sign_in(self, token_hash: str, code: int, reason: str) -> None:
        """Close the connections opened with one sign-in (signed out there)."""
        for listener in self._everyone():
            if listener.token_hash == token_hash:
                listener.close(code, reason)

    def listening_people(self) -> set[int]:
        return set(self._by_person)

    def listening_site_admins(self) -> set[int]:
        return {listener.user_id for listener in self._everyone() if listener.is_site_admin}

    def signatures_changed(
        self, statement_id: int, has_signatures: bool, digest: str | None = None
    ) -> None:
        """Someone signed (on the text of `digest`) or withdrew: whether the statement has
        any signatures now, so the watch loop tells of text changes that make them stale (or
        valid again), from the text signed on."""
        if has_signatures:
            self._signed.add(statement_id)
            if digest is not None:
                self._digests[statement_id] = digest
        else:
            self._signed.discard(statement_id)
            self._digests.pop(statement_id, None)

    def watched(self) -> set[int]:
        return set(self._by_statement)

    async def watch_rooms_forever(self) -> None:
        while True:
            await anyio.sleep(WATCH_SECONDS)
            try:
                await self.watch_rooms()
            except Exception:
                log.exception("reading counts and presence from the rooms failed")

    async def watch_rooms(self) -> None:
        """Publish the count and the people of every watched statement that changed, and
        that the signatures changed when the text of a signed one did."""
        if self._read_signed is not None:
            # A withdrawal told while this reads may be added back: one reload too many at
            # worst, never one missed.
            self._signed |= await self._read_signed()
            self._read_signed = None
        changed = self._rooms.take_changed() | self._newly_watched
        self._newly_watched = set()
        for sid in changed:
            if sid not in self._by_statement:
                continue
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
                if sid in self._signed:
                    # Cached by the room until its text changes: a digest per edit-second.
                    digest = room.text_digest()
                    if self._digests.get(sid, digest) != digest:
                        self.publish(sid, StatementSignaturesChanged(statement_id=sid))
                    self._digests[sid] = digest
            if self._present.get(sid, frozenset()) != people:
                self._present[sid] = people
                unknown = {uid for uid in people if uid not in self._names}
                if unknown:
                    self._names.update(await self._names_of(unknown))
                names = sorted(self._names.get(uid, "Someone") for uid in people)
                self.publish(sid, StatementPresence(statement_id=sid, editors=names))
