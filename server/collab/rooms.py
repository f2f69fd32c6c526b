"""Rooms: one pycrdt document per open statement, with its connections and awareness.

The hot path is `Room.receive`: parse once, apply once, forward the sender's bytes as they are
to every other connection's send queue, append to the update log. No awaits, no re-encoding
per receiver, no task per message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import anyio
from pycrdt import (
    Awareness,
    Doc,
    Text,
    TransactionEvent,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from server.collab import close_codes, offsets
from server.collab.anchors import PassageOutOfRange, ReversedPassage
from server.collab.direct_send import binary_frame
from server.collab.protocol import (
    EMPTY_UPDATE,
    AwarenessEntry,
    Kind,
    Message,
    ProtocolError,
    as_update_message,
    awareness_entries,
    awareness_subset,
    saved_message,
    writable_message,
)
from server.collab.update_log import UpdateLogWriter
from server.db.statements import Standing
from server.db.update_log import StoredDocument
from server.domain import cosigning, words
from server.domain.lifecycle import State, is_read_only, read_only_reason
from server.domain.messages import Message as DomainMessage
from server.domain.roles import Action
from server.domain.words import Limits

log = logging.getLogger("chorus.rooms")

# How often a busy room refreshes the stored count. Open rooms answer the API with their live
# count, and an unloading room stores its final one, so this only keeps the store roughly fresh.
COUNT_REFRESH_SECONDS = 10.0
# Updates a read-only connection may send (dropped) before it is closed.
READ_ONLY_STRIKES = 3


def may_write(standing: Standing) -> bool:
    """Whether this person may write the statement's text while it is in drafting. The room
    adds the statement's state, as it knows it, to decide whether their edits are applied."""
    return standing.may(Action.EDIT_TEXT) and not is_read_only(State.DRAFTING, standing.role)


class Peer(Protocol):
    """What a room needs of a connection."""

    user_id: int
    token_hash: str | None  # the sign-in it was opened with, so signing out there closes it
    may_write: bool  # the person's own right, whatever the statement's state
    can_write: bool  # whether the room applies their edits now
    wants_saved: bool
    client_ids: set[int]  # the Yjs client ids it speaks for in awareness (see `Room`)
    read_only_strikes: int

    def send(self, data: bytes) -> None: ...

    def send_frame(self, data: bytes, frame: bytes) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


class RoomFrozen(Exception):
    """A server edit asked of a room that applies no edit now: the statement is not in
    drafting, or a step in its life is under way. `reason` says which, for people."""

    def __init__(self, statement_id: int, reason: DomainMessage | None) -> None:
        super().__init__(f"statement {statement_id} takes no edits now")
        self.reason = reason


class Room:
    def __init__(
        self,
        statement_id: int,
        forum_id: int,
        limits: words.Limits,
        writer: UpdateLogWriter,
        *,
        max_document_bytes: int,
        compact_after_updates: int,
        clock: Callable[[], float] = time.monotonic,
        on_empty: Callable[[], None] = lambda: None,
        changed: set[int] | None = None,
    ) -> None:
        self.statement_id = statement_id
        self.forum_id = forum_id
        self._on_empty = on_empty
        # Where this room notes that its count or its people may have changed (an edit, a
        # join, a leave), for whoever tells listeners of them: they then visit only these.
        self._changed: set[int] = changed if changed is not None else set()
        self.limits = limits
        self.doc: Doc[Text] = Doc()
        self.body = self.doc.get("body", type=Text)
        self.awareness = Awareness(self.doc)
        self.awareness.set_local_state(None)  # the server itself is nobody's collaborator
        self._awareness_announced: list[int] | None = None
        self.awareness.observe(self._awareness_moved)
        # Which connection speaks for each Yjs client id in awareness: the one that introduced
        # it. Anyone else's awareness under that id is dropped, so nobody shows a cursor and
        # name at someone else's place.
        self._speakers: dict[int, Peer] = {}
        self.peers: set[Peer] = set()
        self._wanting_saved: set[Peer] = set()  # kept apart: every commit goes to them
        self.empty_since: float | None = clock()
        self._writer = writer
        self._max_document_bytes = max_document_bytes
        self._compact_after = compact_after_updates
        self._clock = clock
        self._document_bytes = 0
        self._updates_since_snapshot = 0
        self._edits = 0
        self._counted: tuple[int, words.LimitStatus] | None = None
        self._digested: tuple[int, str] | None = None
        self._last_count_request = 0.0
        # The statement's state as this room knows it: loaded with the text, moved by the
        # lifecycle in the same tick as its commit. Steps under way freeze the room as well.
        self.statement_state = State.DRAFTING
        self._steps = 0
        self._step_reason: DomainMessage | None = None
        # The state vector that is durably stored, for the editors' "saved".
        self.stored_state = self.doc.get_state()

    # -- loading and storing ------------------------------------------------------------------

    def load(self, stored: StoredDocument) -> None:
        self.statement_state = State(stored.state)
        if stored.snapshot:
            self.doc.apply_update(stored.snapshot)
        for update in stored.updates:
            self.doc.apply_update(update)
        self._document_bytes = len(stored.snapshot or b"") + sum(map(len, stored.updates))
        self._updates_since_snapshot = len(stored.updates)
        self.stored_state = self.doc.get_state()

    def snapshot(self) -> tuple[bytes, str]:
        data = self.doc.get_update()
        self._document_bytes = len(data)
        self._updates_since_snapshot = 0
        return data, str(self.body)

    def state_vector(self) -> bytes:
        return self.doc.get_state()

    def committed(self, state_vector: bytes) -> None:
        # Sent after every commit, even when the vector did not move: a delete-only edit does
        # not change it, and the editor waits for a fresh acknowledgement after each edit.
        self.stored_state = state_vector
        if self._wanting_saved:
            message = saved_message(state_vector)
            for peer in self._wanting_saved:
                peer.send(message)

    # -- the live count -------------------------------------------------------------------------

    def limit_status(self) -> words.LimitStatus:
        """The server's own count of the current text, recomputed only when the text changed."""
        if self._counted is None or self._counted[0] != self._edits:
            count = words.count_words(str(self.body))
            self._counted = (self._edits, words.limit_status(count, self.limits))
        return self._counted[1]

    def change_limits(self, limits: words.Limits) -> None:
        """The forum's limits changed: count against `limits` from now on."""
        self.limits = limits
        self._counted = None
        self._changed.add(self.statement_id)

    def count_now(self) -> tuple[int, int]:
        status = self.limit_status()
        return status.words, status.seconds

    # -- what signatures bind to ----------------------------------------------------------------

    def text_digest(self) -> str:
        """The digest of the current text as normalised (`cosigning.text_digest`): what a
        signature binds to; computed when asked, and again only once the text has changed."""
        if self._digested is None or self._digested[0] != self._edits:
            self._digested = (self._edits, cosigning.text_digest(str(self.body)))
        return self._digested[1]

    def text_and_digest(self) -> tuple[str, str]:
        """The current text and its digest, read together (no await, so no edit, between
        them): what a signature made now binds to."""
        return str(self.body), self.text_digest()

    # -- connections ----------------------------------------------------------------------------

    @property
    def is_frozen(self) -> bool:
        """No edit is applied: the statement is not in drafting, or a step is being taken."""
        return self.statement_state is not State.DRAFTING or self._steps > 0

    def _read_only_reason(self, peer: Peer) -> DomainMessage | None:
        if self.statement_state is not State.DRAFTING or not peer.may_write:
            return read_only_reason(self.statement_state)
        return self._step_reason

    def join(self, peer: Peer) -> None:
        """Add `peer`, writing only if the person may and the room is not frozen; one that may
        not write (and asked to be told) hears why."""
        self.peers.add(peer)
        self.empty_since = None
        self._changed.add(self.statement_id)
        peer.can_write = peer.may_write and not self.is_frozen
        peer.read_only_strikes = 0
        peer.send(create_sync_message(self.doc))
        if peer.wants_saved:
            self._wanting_saved.add(peer)
            peer.send(saved_message(self.stored_state))
            if not peer.can_write:
                peer.send(writable_message(False, self._read_only_reason(peer)))
        others = list(self.awareness.states)
        if others:
            peer.send(create_awareness_message(self.awareness.encode_awareness_update(others)))

    def leave(self, peer: Peer) -> None:
        self.peers.discard(peer)
        self._wanting_saved.discard(peer)
        self._changed.add(self.statement_id)
        speakers = self._speakers
        for cid in peer.client_ids:
            if speakers.get(cid) is peer:
                del speakers[cid]  # free for whoever introduces it next
        gone = [cid for cid in peer.client_ids if cid in self.awareness.states]
        if gone:
            # Same clock, null state: stock clients drop the cursor at once.
            self.awareness.remove_awareness_states(gone, origin=peer)
            self._broadcast(
                create_awareness_message(self.awareness.encode_awareness_update(gone)), None
            )
        if not self.peers:
            self.empty_since = self._clock()
            self._on_empty()

    def switch_writing(self, writers: set[int], reason: DomainMessage | None) -> None:
        """From now on only connections of `writers` (user ids) may write, while the room is
        not frozen; everyone else's updates are dropped. Editors that asked are told at once,
        with `reason`."""
        for peer in self.peers:
            peer.may_write = peer.user_id in writers
        self._apply_writing(reason)

    def begin_step(self, reason: DomainMessage | None) -> None:
        """Freeze the room for a step in the statement's life: from now until `end_step`, no
        edit is applied, so the text counted now is the text the step decides on. Editors
        that were writing are told `reason`; steps may overlap."""
        self._steps += 1
        self._step_reason = reason
        self._apply_writing(reason)

    def end_step(self, new_state: State | None) -> None:
        """The step is over: committed (`new_state`) or not (None). The room stays frozen
        until then, so nobody writes between the stored state and the room's."""
        self._steps -= 1
        if new_state is not None:
            self.statement_state = new_state
        self._apply_writing(read_only_reason(self.statement_state))
        if not self.peers:
            self.empty_since = self._clock()  # a full grace period after the step
            self._on_empty()

    @property
    def in_step(self) -> bool:
        return self._steps > 0

    def _apply_writing(self, reason: DomainMessage | None) -> None:
        frozen = self.is_frozen
        for peer in self.peers:
            can_write = peer.may_write and not frozen
            if can_write == peer.can_write:
                continue
            peer.can_write = can_write
            peer.read_only_strikes = 0
            if peer.wants_saved:
                peer.send(writable_message(can_write, None if can_write else reason))

    def close_all(self, code: int, reason: str) -> None:
        for peer in list(self.peers):
            peer.close(code, reason)

    def close_person(self, user_id: int, code: int, reason: str) -> None:
        """Close every connection of one person (who may no longer open the statement)."""
        for peer in list(self.peers):
            if peer.user_id == user_id:
                peer.close(code, reason)

    def _broadcast(self, data: bytes, sender: Peer | None) -> None:
        if len(self.peers) == (1 if sender in self.peers else 0):
            return  # alone in the room: nobody to frame it for
        frame = binary_frame(data)  # once, whoever receives it
        for peer in self.peers:
            if peer is not sender:
                peer.send_frame(data, frame)

    # -- the hot path ---------------------------------------------------------------------------

    def receive(self, peer: Peer, message: Message, raw: bytes) -> None:
        """Handle one parsed message from `peer`; raises ProtocolError to close that peer."""
        kind = message.kind
        if kind is Kind.SYNC_UPDATE or kind is Kind.SYNC_STEP2:
            self._receive_update(peer, message, raw)
        elif kind is Kind.AWARENESS:
            self._receive_awareness(peer, message.payload, raw)
        elif kind is Kind.SYNC_STEP1:
            try:
                reply = handle_sync_message(raw[1:], self.doc)
            except ValueError:
                raise ProtocolError(close_codes.INVALID_PAYLOAD, "invalid state vector") from None
            if reply is not None:
                peer.send(reply)
        else:  # query awareness
            states = list(self.awareness.states)
            peer.send(create_awareness_message(self.awareness.encode_awareness_update(states)))

    def _receive_update(self, peer: Peer, message: Message, raw: bytes) -> None:
        update = message.payload
        if update == EMPTY_UPDATE:
            return
        if not peer.can_write:
            # Never applied, stored or forwarded; a client that keeps trying is closed.
            peer.read_only_strikes += 1
            if peer.read_only_strikes >= READ_ONLY_STRIKES:
                raise ProtocolError(close_codes.READ_ONLY, "this statement is read-only for you")
            return
        if self._document_bytes + len(update) > self._max_document_bytes:
            raise ProtocolError(close_codes.DOCUMENT_TOO_LARGE, "the document is too large")
        try:
            self.doc.apply_update(update)
        except ValueError:
            raise ProtocolError(close_codes.INVALID_PAYLOAD, "not a valid Yjs update") from None
        self._accepted(update, as_update_message(message, raw), peer)

    def _accepted(self, update: bytes, message: bytes, sender: Peer | None) -> None:
        """An update now applied to the document: to everyone but `sender`, to the log."""
        self._edits += 1
        self._changed.add(self.statement_id)
        self._document_bytes += len(update)
        self._broadcast(message, sender)
        self._writer.append(self, update)
        self._updates_since_snapshot += 1
        if self._updates_since_snapshot >= self._compact_after:
            self._updates_since_snapshot = 0
            self._writer.request_compaction(self)
        now = self._clock()
        if sender is None or now - self._last_count_request >= COUNT_REFRESH_SECONDS:
            # A server edit is rare and decided on (a suggestion, a dispute): store its count now.
            self._last_count_request = now
            self._writer.request_count(self)

    # -- server edits ---------------------------------------------------------------------------

    def _passage_bytes(self, current: str, start_u16: int, end_u16: int) -> tuple[int, int]:
        try:
            start, end = (offsets.utf16_to_byte(current, u16) for u16 in (start_u16, end_u16))
        except offsets.OffsetError as error:
            length = offsets.utf16_length(current)
            raise PassageOutOfRange(start_u16, end_u16, length, str(error)) from None
        if end < start:
            raise ReversedPassage(start_u16, end_u16)
        return start, end

    def replace_passage(self, start_u16: int, end_u16: int, wording: str) -> None:
        """Replace the text between UTF-16 offsets `start_u16` and `end_u16` (as Yjs counts)
        with `wording`, as one edit that every connection receives and the update log keeps,
        like a writer's. Refuses while the room is frozen (RoomFrozen), and a range outside the
        text or splitting a character (PassageOutOfRange) or reversed (ReversedPassage), and
        wording holding half a character (ValueError), before touching the document.

        Anchors on the replaced passage resolve to None afterwards: the new wording goes in
        beside the deleted characters, not between them. Anchor it anew to follow it."""
        if self.is_frozen:
            drafting = self.statement_state is State.DRAFTING
            reason = self._step_reason if drafting else read_only_reason(self.statement_state)
            raise RoomFrozen(self.statement_id, reason)
        start, end = self._passage_bytes(str(self.body), start_u16, end_u16)
        try:
            wording.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate from JSON: pycrdt would refuse it after the delete was made.
            raise ValueError("The wording holds half a character; send whole characters.") from None
        if start == end and not wording:
            return
        updates: list[bytes] = []

        def keep(event: TransactionEvent) -> None:
            updates.append(event.update)

        subscription = self.doc.observe(keep)
        try:
            with self.doc.transaction():
                if end > start:
                    del self.body[start:end]
                if wording:
                    self.body.insert(start, wording)
        finally:
            self.doc.unobserve(subscription)
        for update in updates:
            self._accepted(update, create_update_message(update), None)

    def would_count(self, start_u16: int, end_u16: int, wording: str) -> int:
        """The words the text would have with the part between UTF-16 offsets `start_u16` and
        `end_u16` replaced by `wording`; refuses what `replace_passage` refuses for the range."""
        current = str(self.body)
        self._passage_bytes(current, start_u16, end_u16)
        return words.count_words(offsets.utf16_replace(current, start_u16, end_u16, wording))

    def _receive_awareness(self, peer: Peer, payload: bytes, raw: bytes) -> None:
        entries = awareness_entries(payload)
        speakers = self._speakers
        kept: list[AwarenessEntry] = []
        for entry in entries:
            holder = speakers.get(entry.client_id)
            if holder is peer or self._introduces(peer, holder, entry):
                kept.append(entry)
        if len(kept) < len(entries):
            # Another connection's ids (or stale echoes of free ones) are dropped, entry by
            # entry: what is forwarded is the sender's own entries, as it wrote them.
            if not kept:
                return
            payload = awareness_subset(payload, kept)
            raw = create_awareness_message(payload)
        for entry in kept:
            holder = speakers.get(entry.client_id)
            if holder is not peer:
                if holder is not None:
                    holder.client_ids.discard(entry.client_id)
                speakers[entry.client_id] = peer
                peer.client_ids.add(entry.client_id)
        self._awareness_announced = None
        try:
            self.awareness.apply_awareness_update(payload, origin=peer)
        except (ValueError, KeyError, IndexError, RuntimeError, UnicodeDecodeError):
            raise ProtocolError(close_codes.INVALID_PAYLOAD, "invalid awareness update") from None
        announced, self._awareness_announced = self._awareness_announced, None
        if announced is None:
            # Nothing newer than what everyone already has: stock clients echo every awareness
            # update they receive back to the server, and forwarding those would multiply
            # awareness traffic by the size of the room.
            return
        # To the sender as well: a stock client that hears nothing for 30 s reconnects, and
        # its own renewal every 15 s is what keeps a lone editor's connection quiet but alive.
        self._broadcast(raw, None)

    def _introduces(self, peer: Peer, holder: Peer | None, entry: AwarenessEntry) -> bool:
        """Whether `entry` makes `peer` the speaker for its client id: a state newer than the
        room's for an id nobody holds, or held by another connection of the same person (a
        tab reconnecting before its old connection is seen gone). Never a removal or an old
        clock: stock clients echo back what they hear, and an echo claims nothing."""
        if holder is not None and holder.user_id != peer.user_id:
            return False
        if entry.is_removal:
            return False
        known = self.awareness.meta.get(entry.client_id)
        return entry.clock > (known["clock"] if known is not None else 0)

    def _awareness_moved(self, topic: str, change: tuple[dict[str, Any], Any]) -> None:
        if topic == "update":
            # Added or renewed with a newer clock: the clients this connection speaks for.
            self._awareness_announced = change[0]["added"] + change[0]["updated"]


@dataclass(frozen=True)
class Counted:
    """The text a step in a statement's life decides on, counted by its frozen room: its
    count, and the text itself with its digest (valid signatures are those on it)."""

    words: int
    limits: Limits
    text: str
    digest: str


class Rooms:
    """Every open room of this process; owned by the app's lifespan, which runs `reap_forever`."""

    def __init__(
        self,
        writer: UpdateLogWriter,
        *,
        load: Callable[[int], Awaitable[StoredDocument]],
        max_document_bytes: int,
        compact_after_updates: int,
        grace_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._writer = writer
        self._load = load
        self._rooms: dict[int, Room] = {}
        self._locks: dict[int, anyio.Lock] = {}
        self._max_document_bytes = max_document_bytes
        self._compact_after = compact_after_updates
        self._grace = grace_seconds
        self._clock = clock
        self._on_empty: Callable[[], None] = lambda: None
        # Rooms that were empty when last seen: the only ones the reaper looks at.
        self._maybe_idle: set[int] = set()
        # Statements whose room had an edit, a join, a leave or new limits, or was unloaded,
        # since the last `take_changed`.
        self._changed: set[int] = set()
        # Limits pushed to each forum's rooms, numbered, for rooms still loading at the time.
        self._limit_changes = 0
        self._changed_limits: dict[int, tuple[int, words.Limits]] = {}

    def get(self, statement_id: int) -> Room | None:
        return self._rooms.get(statement_id)

    def joined_by(self, user_id: int) -> list[Room]:
        """The open rooms where this person has a connection."""
        return [
            room
            for room in self._rooms.values()
            if any(peer.user_id == user_id for peer in room.peers)
        ]

    def __len__(self) -> int:
        return len(self._rooms)

    async def open(self, statement_id: int) -> Room:
        """The statement's room, loading it (text, state and limits) from the store when it is
        not open yet."""
        room = self._rooms.get(statement_id)
        if room is not None:
            return room
        lock = self._locks.setdefault(statement_id, anyio.Lock())
        async with lock:
            room = self._rooms.get(statement_id)
            if room is None:
                changes_before = self._limit_changes
                stored = await self._load(statement_id)
                room = Room(
                    statement_id,
                    stored.forum_id,
                    stored.limits,
                    self._writer,
                    max_document_bytes=self._max_document_bytes,
                    compact_after_updates=self._compact_after,
                    clock=self._clock,
                    on_empty=lambda: self._emptied(statement_id),
                    changed=self._changed,
                )
                room.load(stored)
                # Limits that changed while this room was loading may not be what it read.
                number, limits = self._changed_limits.get(room.forum_id, (0, room.limits))
                if number > changes_before:
                    room.change_limits(limits)
                if room.text_digest() != stored.text_digest:
                    # Never stored (a statement older than signatures), or the server stopped
                    # before storing the last one: lists compare signatures with it.
                    self._writer.request_count(room)
                self._rooms[statement_id] = room
                self._maybe_idle.add(statement_id)  # empty until its first join
        return room

    def _emptied(self, statement_id: int) -> None:
        self._maybe_idle.add(statement_id)
        self._on_empty()

    def take_changed(self) -> set[int]:
        """The statements whose room had an edit, a join, a leave or new limits, or was
        unloaded, since the last call: whose counts and people may need telling."""
        changed = set(self._changed)
        self._changed.clear()  # the rooms hold this very set
        return changed

    @asynccontextmanager
    async def taking_step(
        self, statement_id: int, to_state: State, reason: DomainMessage | None
    ) -> AsyncIterator[Counted]:
        """Freeze the statement's room for a step to `to_state` and yield its count: no edit
        is applied until the block ends. The block commits the step; if it ends normally the
        room takes `to_state`, if it raises the room goes back to what it was. Editors that
        were writing are told `reason` when the step begins.

        The room is opened if it is not (so none can be loaded writable during the step) and
        is not unloaded while the step is under way."""
        room = await self.open(statement_id)
        room.begin_step(reason)
        moved_to: State | None = None
        try:
            text, digest = room.text_and_digest()
            yield Counted(room.limit_status().words, room.limits, text, digest)
            moved_to = to_state
        finally:
            room.end_step(moved_to)

    def change_limits(self, forum_id: int, limits: words.Limits) -> None:
        """The forum's limits changed (and are stored): every open room of it counts against
        `limits` from now on, and so does a room being loaded now."""
        self._limit_changes += 1
        self._changed_limits[forum_id] = (self._limit_changes, limits)
        for room in self._rooms.values():
            if room.forum_id == forum_id:
                room.change_limits(limits)

    async def reap_forever(self, interval: float = 0.5) -> None:
        while True:
            await anyio.sleep(interval)
            await self.reap()

    async def reap(self) -> None:
        """Unload rooms empty for longer than the grace period, compacting each first. Only
        rooms that were empty when last seen are looked at, not every open one."""
        now = self._clock()
        idle = []
        for sid in list(self._maybe_idle):
            room = self._rooms.get(sid)
            if room is None or room.empty_since is None:
                self._maybe_idle.discard(sid)  # unloaded, or joined since
            elif not room.in_step and now - room.empty_since >= self._grace:
                idle.append(room)
        if not idle:
            return
        for room in idle:
            self._writer.request_compaction(room)
        await self._writer.flush()
        for room in idle:
            # Someone may have joined, or a step begun, while the snapshot was written: then
            # the room stays (a room reloaded during a step would not know it is frozen).
            if not room.peers and not room.in_step and self._rooms.get(room.statement_id) is room:
                del self._rooms[room.statement_id]
                self._locks.pop(room.statement_id, None)
                self._maybe_idle.discard(room.statement_id)
                self._changed.add(room.statement_id)  # nobody is in it any more

    def close_person(self, user_id: int, code: int, reason: str) -> None:
        """Close every connection of one person, in every room (signed out everywhere)."""
        for room in self.joined_by(user_id):
            room.close_person(user_id, code, reason)

    def close_sign_in(self, user_id: int, token_hash: str, code: int, reason: str) -> None:
        """Close the connections one person opened with one sign-in (signed out there)."""
        for room in self.joined_by(user_id):
            for peer in list(room.peers):
                if peer.user_id == user_id and peer.token_hash == token_hash:
                    peer.close(code, reason)

    async def say_goodbye(self) -> None:
        """Shutdown: close every connection with 1001 and wait until they are gone (the caller
        bounds it). The server must call it before it closes websockets itself (uvicorn does
        so with 1012 before the app's lifespan hears of the shutdown)."""
        gone = anyio.Event()
        self._on_empty = lambda: (
            gone.set() if not any(r.peers for r in self._rooms.values()) else None
        )
        for room in self._rooms.values():
            room.close_all(close_codes.GOING_AWAY, "server shutting down")
        self._on_empty()
        await gone.wait()

    def snapshot_all(self) -> None:
        """Shutdown, once everyone is gone: queue a snapshot (and the count) of every room for
        the update log writer; the caller flushes it."""
        for room in self._rooms.values():
            self._writer.request_compaction(room)
