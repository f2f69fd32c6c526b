"""Server edits (accepting a suggestion, deciding a dispute): one Yjs transaction on the room's
document that every connection receives and the update log keeps, like a writer's update.

The room is built in-process on a real update log writer over a copy of the demo database; its
connections are recording peers that replay what they receive into their own documents.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pycrdt import Decoder, Doc, Text, YMessageType, YSyncMessageType
from sqlalchemy import select

from server.collab.anchors import (
    PassageOutOfRange,
    ReversedPassage,
    anchor_passage,
    passage_text,
    resolve_passage,
)
from server.collab.documents import text_of
from server.collab.offsets import utf16_length
from server.collab.rooms import Room, RoomFrozen
from server.collab.update_log import UpdateLogWriter
from server.config import load_settings
from server.db.engine import create_engine, sessionmaker
from server.db.models import Statement
from server.db.update_log import load_document
from server.domain.lifecycle import State, Transition, step_read_only_reason
from server.domain.words import count_words
from tests.support.servers import Template, new_server

pytestmark = pytest.mark.anyio

KENYA = 1
MIXED = "We call on 🌍 leaders: نحن ندعو الحكومة, 我们呼吁政府 🤝 now."


class RecordingPeer:
    """A connection that keeps what the room sends it and replays updates into its own doc."""

    def __init__(self, user_id: int, room: Room, *, may_write: bool = True) -> None:
        self.user_id = user_id
        self.may_write = may_write
        self.can_write = False
        self.wants_saved = False
        self.client_ids: set[int] = set()
        self.read_only_strikes = 0
        self.received: list[bytes] = []
        self.doc: Doc[Text] = Doc()
        self.doc.apply_update(room.doc.get_update())  # as if synced on joining

    def send(self, data: bytes) -> None:
        self.received.append(data)
        if data[0] == YMessageType.SYNC and data[1] == YSyncMessageType.SYNC_UPDATE:
            self.doc.apply_update(Decoder(data[2:]).read_message() or b"")

    def send_frame(self, data: bytes, frame: bytes) -> None:
        self.send(data)

    def close(self, code: int, reason: str) -> None:
        raise AssertionError(f"closed with {code}: {reason}")

    @property
    def updates(self) -> int:
        return sum(
            1
            for m in self.received
            if m[0] == YMessageType.SYNC and m[1] == YSyncMessageType.SYNC_UPDATE
        )

    @property
    def text(self) -> str:
        return str(self.doc.get("body", type=Text))


@dataclass
class Stored:
    room: Room
    writer: UpdateLogWriter
    stored_text: Callable[[], Awaitable[str]]  # the text the database holds
    stored_words: Callable[[], Awaitable[int]]  # the count the database holds


@pytest.fixture
async def stored(template: Template, tmp_path: Path) -> AsyncIterator[Stored]:
    settings = load_settings(new_server(template, tmp_path).env)
    engine = create_engine(settings)
    store = sessionmaker(engine)
    writer = UpdateLogWriter(engine, 0.01)
    async with store() as db:
        document = await load_document(db, KENYA)
    room = Room(
        KENYA,
        document.forum_id,
        document.limits,
        writer,
        max_document_bytes=1_000_000,
        compact_after_updates=1000,
    )
    room.load(document)

    async def stored_text() -> str:
        async with store() as db:
            again = await load_document(db, KENYA)
        return text_of([again.snapshot or b"", *again.updates])

    async def stored_words() -> int:
        async with store() as db:
            found = await db.scalar(select(Statement.words).where(Statement.id == KENYA))
            return int(found or 0)

    try:
        yield Stored(room, writer, stored_text, stored_words)
    finally:
        await writer.close()
        await engine.dispose()


def _span(text: str, passage: str) -> tuple[int, int]:
    start = utf16_length(text[: text.index(passage)])
    return start, start + utf16_length(passage)


async def test_a_server_edit_reaches_every_connection_and_the_update_log(stored: Stored) -> None:
    room = stored.room
    writer_peer = RecordingPeer(10, room)
    observer = RecordingPeer(11, room, may_write=False)
    for peer in (writer_peer, observer):
        room.join(peer)
    room.replace_passage(0, utf16_length(str(room.body)), MIXED)
    assert str(room.body) == MIXED

    room.replace_passage(*_span(MIXED, "🌍"), "🌏")
    room.replace_passage(*_span(str(room.body), "نحن ندعو"), "ندعو جميع")
    room.replace_passage(*_span(str(room.body), "政府"), "各国政府")
    room.replace_passage(*_span(str(room.body), " 🤝"), "")
    expected = "We call on 🌏 leaders: ندعو جميع الحكومة, 我们呼吁各国政府 now."
    assert str(room.body) == expected
    for peer in (writer_peer, observer):
        assert peer.text == expected
        assert peer.updates == 5  # one update message an edit

    await stored.writer.flush()
    assert await stored.stored_text() == expected
    assert await stored.stored_words() == count_words(expected)
    assert room.limit_status().words == count_words(expected)


async def test_would_count_counts_the_replacement_without_making_it(stored: Stored) -> None:
    room = stored.room
    room.replace_passage(0, utf16_length(str(room.body)), MIXED)
    start, end = _span(MIXED, "我们呼吁政府")
    wording = "我们呼吁所有政府 and all 🌍 people"
    replaced = MIXED.replace("我们呼吁政府", wording)
    assert room.would_count(start, end, wording) == count_words(replaced)
    assert room.would_count(start, end, "") == count_words(MIXED.replace("我们呼吁政府", ""))
    assert str(room.body) == MIXED


async def test_a_frozen_room_refuses_a_server_edit(stored: Stored) -> None:
    room = stored.room
    peer = RecordingPeer(10, room)
    room.join(peer)
    before = str(room.body)
    taking_step = step_read_only_reason(Transition.FINALISE, "Sofía")
    room.begin_step(taking_step)
    with pytest.raises(RoomFrozen) as refused:
        room.replace_passage(0, 2, "No")
    assert refused.value.reason == taking_step
    room.end_step(State.FINAL)
    with pytest.raises(RoomFrozen) as refused:
        room.replace_passage(0, 2, "No")
    assert refused.value.reason is not None and refused.value.reason.code == "read_only_final"
    assert str(room.body) == before and peer.updates == 0
    await stored.writer.flush()
    assert await stored.stored_text() == before


async def test_bad_ranges_and_broken_wording_are_refused_before_any_change(
    stored: Stored,
) -> None:
    room = stored.room
    room.replace_passage(0, utf16_length(str(room.body)), MIXED)
    peer = RecordingPeer(10, room)
    room.join(peer)
    emoji = MIXED.index("🌍")
    with pytest.raises(PassageOutOfRange, match="inside a character"):
        room.replace_passage(emoji + 1, emoji + 3, "x")
    with pytest.raises(PassageOutOfRange, match="outside the text"):
        room.replace_passage(0, utf16_length(MIXED) + 1, "x")
    with pytest.raises(ReversedPassage):
        room.would_count(5, 2, "x")
    with pytest.raises(ValueError, match="half a character"):
        room.replace_passage(0, 2, "\ud83c")
    assert str(room.body) == MIXED and peer.updates == 0


async def test_an_anchor_on_a_replaced_passage_is_gone_and_anchors_anew(stored: Stored) -> None:
    room = stored.room
    room.replace_passage(0, utf16_length(str(room.body)), MIXED)
    start, end = _span(MIXED, "نحن ندعو")
    other = anchor_passage(room.body, *_span(MIXED, "我们呼吁政府"))
    anchor = anchor_passage(room.body, start, end)
    wording = "إننا ندعو"
    room.replace_passage(start, end, wording)
    assert resolve_passage(room.body, anchor) is None
    assert resolve_passage(room.body, other) == _span(str(room.body), "我们呼吁政府")
    again = anchor_passage(room.body, start, start + utf16_length(wording))
    found = resolve_passage(room.body, again)
    assert found is not None and passage_text(room.body, *found) == wording
