"""What the rooms and the events hub look at each tick: only rooms that changed or emptied, and
only the listeners of the statement being told about.

Real rooms loaded from a copy of the demo database through the update log writer; the peers
are plain recorders of what the room sends them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pycrdt import Doc, Text, create_update_message

from server.collab.protocol import parse_message
from server.collab.rooms import Rooms
from server.collab.update_log import UpdateLogWriter
from server.config import load_settings
from server.db.engine import create_engine, sessionmaker
from server.db.update_log import StoredDocument, load_document
from server.domain.words import Limits
from server.events.hub import EventHub, Heard, Listener
from tests.support.servers import Template, new_server

pytestmark = pytest.mark.anyio

KENYA, SECOND, THIRD = 1, 2, 3
GRACE = 2.0


@dataclass(eq=False)
class Peer:
    user_id: int
    may_write: bool = True
    can_write: bool = False
    wants_saved: bool = False
    client_ids: set[int] = field(default_factory=set)
    read_only_strikes: int = 0

    def send(self, data: bytes) -> None:
        pass

    def send_frame(self, data: bytes, frame: bytes) -> None:
        pass

    def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"closed with {code}: {reason}")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Setup:
    rooms: Rooms
    clock: Clock


@pytest.fixture
async def setup(template: Template, tmp_path: Path) -> AsyncIterator[Setup]:
    engine = create_engine(load_settings(new_server(template, tmp_path).env))
    store = sessionmaker(engine)
    writer = UpdateLogWriter(engine, 0.01)

    async def load(statement_id: int) -> StoredDocument:
        async with store() as db:
            return await load_document(db, statement_id)

    clock = Clock()
    rooms = Rooms(
        writer,
        load=load,
        max_document_bytes=1_000_000,
        compact_after_updates=1000,
        grace_seconds=GRACE,
        clock=clock,
    )
    try:
        yield Setup(rooms, clock)
    finally:
        await writer.flush()
        await writer.close()
        await engine.dispose()


def _typed(room_doc: Doc[Text], text: str) -> bytes:
    """An update that types `text` at the end of a copy of the room's document."""
    doc: Doc[Text] = Doc()
    doc.apply_update(room_doc.get_update())
    body = doc.get("body", type=Text)
    before = doc.get_state()
    body.insert(len(body), text)
    return doc.get_update(before)


async def test_rooms_note_what_changed_and_only_that(setup: Setup) -> None:
    rooms = setup.rooms
    kenya, second = await rooms.open(KENYA), await rooms.open(SECOND)
    assert rooms.take_changed() == set()  # loaded, nothing told yet
    amina, lucas = Peer(1), Peer(2)
    kenya.join(amina)
    second.join(lucas)
    assert rooms.take_changed() == {KENYA, SECOND}
    assert rooms.take_changed() == set()  # each change is handed out once
    kenya.doc.apply_update(_typed(kenya.doc, " Thank you."))  # not through the room: unseen
    assert rooms.take_changed() == set()
    raw = create_update_message(_typed(kenya.doc, " Again."))
    amina.can_write = True
    kenya.receive(amina, parse_message(raw), raw)
    assert rooms.take_changed() == {KENYA}
    rooms.change_limits(second.forum_id, Limits(words=50, seconds=20, speaking_rate=150))
    same_forum = {sid for sid in (KENYA, SECOND) if rooms.get(sid).forum_id == second.forum_id}  # type: ignore[union-attr]
    assert rooms.take_changed() == same_forum
    second.leave(lucas)
    assert rooms.take_changed() == {SECOND}


async def test_the_reaper_unloads_rooms_empty_past_the_grace_period_only(setup: Setup) -> None:
    rooms, clock = setup.rooms, setup.clock
    kenya, second = await rooms.open(KENYA), await rooms.open(SECOND)
    await rooms.open(THIRD)
    kept, left = Peer(1), Peer(2)
    kenya.join(kept)
    second.join(left)
    clock.now += GRACE / 2
    second.leave(left)
    clock.now += GRACE / 2
    await rooms.reap()
    # Third was never joined and has been empty for the whole grace period; Second only for half.
    assert (rooms.get(KENYA), rooms.get(SECOND), rooms.get(THIRD)) == (kenya, second, None)
    clock.now += GRACE
    await rooms.reap()
    assert (rooms.get(KENYA), rooms.get(SECOND)) == (kenya, None)
    assert rooms.take_changed() >= {SECOND, THIRD}  # unloaded: nobody is in them now
    clock.now += 10 * GRACE
    await rooms.reap()
    assert rooms.get(KENYA) is kenya  # occupied rooms stay however long
    kenya.leave(kept)
    clock.now += GRACE
    await rooms.reap()
    assert rooms.get(KENYA) is None


async def test_the_hub_tells_a_statements_listeners_only_of_what_changed(setup: Setup) -> None:
    rooms = setup.rooms
    names = {1: "Amina", 2: "Lucas"}

    async def names_of(user_ids: set[int]) -> dict[int, str]:
        return {uid: names[uid] for uid in user_ids}

    hub = EventHub(rooms, names_of)
    on_kenya, on_second = Listener(user_id=1), Listener(user_id=2)
    for listener, sid in ((on_kenya, KENYA), (on_second, SECOND)):
        hub.subscribe(listener)

        async def read(_admin: bool, sid: int = sid) -> Heard:
            return Heard(frozenset({sid}), frozenset())

        await hub.follow(listener.user_id, read)
    kenya = await rooms.open(KENYA)
    await rooms.open(SECOND)
    await hub.watch_rooms()  # newly watched: looked at once; nobody there yet, nothing to tell
    assert on_kenya.outbox.empty() and on_second.outbox.empty()

    kenya.join(Peer(2))
    await hub.watch_rooms()
    told = json.loads(await on_kenya.next())  # type: ignore[arg-type]
    assert told == {"type": "statement.presence", "statement_id": KENYA, "editors": ["Lucas"]}
    assert on_second.outbox.empty()  # Second's listener hears nothing of Kenya

    await hub.watch_rooms()  # nothing changed since
    assert on_kenya.outbox.empty()

    async def nothing(_admin: bool) -> Heard:
        return Heard(frozenset(), frozenset())

    await hub.follow(1, nothing)  # taken off Kenya
    kenya.join(Peer(1))
    await hub.watch_rooms()
    assert on_kenya.outbox.empty()
    assert hub.watched() == {SECOND}
    hub.unsubscribe(on_second)
    assert hub.watched() == set() and hub.listening_people() == {1}
