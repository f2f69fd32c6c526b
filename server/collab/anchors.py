"""Passages of a statement's text anchored so they follow the text as anyone types.

A thread's passage is two Yjs relative positions (pycrdt `StickyIndex`), stored as the bytes
`Y.encodeRelativePosition` makes, so the browser resolves the same anchor against its own
document. The start sticks to the passage's first character and the end to its last one:
typing at either edge stays outside the passage, typing between two of its characters is
inside, and when every character between them is deleted the passage is gone.

Positions here are UTF-16 code units, as Yjs and the API count them. pycrdt 0.14 cannot be
asked for them directly: its sticky indices count the text before an item's block in UTF-8
bytes but the offset inside the block in UTF-16 units (yrs `StickyIndex::at` and
`get_offset`), so they are right only while everything before the position is ASCII. We work
on a copy of the document whose blocks end after every other character, where that mixed
count becomes exact; see `_Measured`. pycrdt also panics (an exception that is not an
`Exception`) on a sticky index past the end, or naming an item the document does not have,
so both are checked here first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import anyio.lowlevel
from pycrdt import Assoc, Doc, StickyIndex, Text

from server.collab import offsets

# Leading byte of an encoded relative position that names an item (`{client, clock}`).
_ITEM = 0


@dataclass(frozen=True)
class Anchor:
    """A passage's two relative positions, each as `Y.encodeRelativePosition` bytes."""

    start: bytes
    end: bytes


class PassageError(ValueError):
    """A range of the text that cannot be a passage; `start` and `end` are what was asked."""

    def __init__(self, message: str, start: int, end: int) -> None:
        super().__init__(message)
        self.start = start
        self.end = end


class PassageOutOfRange(PassageError):
    """A passage reaching outside the text (`length` UTF-16 code units), or splitting a
    character."""

    def __init__(self, start: int, end: int, length: int, message: str | None = None) -> None:
        super().__init__(
            message
            or (
                f"The passage {start}..{end} is outside the text, which has {length} "
                "characters (UTF-16 code units); select a passage of the text as it is now."
            ),
            start,
            end,
        )
        self.length = length


class EmptyPassage(PassageError):
    def __init__(self, at: int) -> None:
        super().__init__(f"The passage at {at} is empty; select at least one character.", at, at)


class ReversedPassage(PassageError):
    def __init__(self, start: int, end: int) -> None:
        super().__init__(
            f"The passage ends ({end}) before it starts ({start}); give the start first.",
            start,
            end,
        )


class BadAnchor(ValueError):
    """Bytes that are not an anchor this module made."""

    def __init__(self) -> None:
        super().__init__("The anchor is not a relative position to an item of the text.")


def _check_passage(current: str, start_u16: int, end_u16: int) -> None:
    length = offsets.utf16_length(current)
    if not (0 <= start_u16 <= length and 0 <= end_u16 <= length):
        raise PassageOutOfRange(start_u16, end_u16, length)
    if end_u16 < start_u16:
        raise ReversedPassage(start_u16, end_u16)
    if end_u16 == start_u16:
        raise EmptyPassage(start_u16)
    try:
        offsets.utf16_to_index(current, start_u16)
        offsets.utf16_to_index(current, end_u16)
    except offsets.SplitCharacter:
        message = (
            f"The passage {start_u16}..{end_u16} begins or ends inside a character (an emoji "
            "is two UTF-16 code units); select whole characters."
        )
        raise PassageOutOfRange(start_u16, end_u16, length, message) from None


def _read_var_uint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        if at >= len(data) or shift > 63:
            raise BadAnchor()
        byte = data[at]
        value |= (byte & 0x7F) << shift
        shift += 7
        at += 1
        if byte < 0x80:
            return value, at


def _item_of(encoded: bytes) -> tuple[int, int]:
    """The (client, clock) an encoded anchor names; BadAnchor for anything else."""
    if not encoded or encoded[0] != _ITEM:
        raise BadAnchor()
    client, at = _read_var_uint(encoded, 1)
    clock, at = _read_var_uint(encoded, at)
    if at >= len(encoded) or encoded[at] not in (0x00, 0x41):  # assoc: 0 (after) or -1 (before)
        raise BadAnchor()
    if at + 1 != len(encoded):
        raise BadAnchor()
    return client, clock


def _state_vector(text: Text) -> dict[int, int]:
    data = text.doc.get_state()
    count, at = _read_var_uint(data, 0)
    clocks = {}
    for _ in range(count):
        client, at = _read_var_uint(data, at)
        clocks[client], at = _read_var_uint(data, at)
    return clocks


class _Measured:
    """A copy of a text's document in which no block goes on after a character other than
    ASCII (the copy inserts a character there and deletes it again, which splits the block and
    changes nothing else). Inside every block then only ASCII precedes any position, so
    pycrdt's mixed count is: UTF-8 bytes before the character, plus the UTF-16 units into it.
    Items keep their ids, so anchors made or resolved on the copy hold for the original."""

    def __init__(self, text: Text, *, cut: bool = True) -> None:
        """The copy; with `cut` False its blocks are cut only as `cut_in_steps` goes."""
        name = text.sticky_index(0, Assoc.BEFORE).to_json()["tname"]
        self._doc: Doc[Text] = Doc()
        self._doc.apply_update(text.doc.get_update())
        self.text = self._doc.get(name, type=Text)
        self.current = str(self.text)
        self.utf8 = self.current.encode("utf-8")
        # Where each character starts and the text ends, in the other two counts: byte offset
        # to UTF-16 offset, and UTF-16 offset to index (so each anchor costs no pass over the
        # text).
        self.utf16_at_byte: dict[int, int] = {}
        self.index_at_utf16: dict[int, int] = {}
        self._cuts: list[int] = []
        byte = u16 = 0
        for index, char in enumerate(self.current):
            self.utf16_at_byte[byte] = u16
            self.index_at_utf16[u16] = index
            byte += len(char.encode("utf-8"))
            u16 += 2 if ord(char) > 0xFFFF else 1
            if ord(char) > 0x7F and byte < len(self.utf8):
                self._cuts.append(byte)
        self.utf16_at_byte[byte] = u16
        self.index_at_utf16[u16] = len(self.current)
        if cut:
            for _ in self.cut_in_steps(len(self._cuts)):
                pass

    def cut_in_steps(self, per_step: int) -> Iterator[None]:
        """Cut the copy's blocks `per_step` cuts at a time, pausing (yielding) after each step:
        a text of many characters other than ASCII is many cuts, and the copy is private, so a
        caller may let others go first between steps."""
        cuts = self._cuts[::-1]  # from the end, so earlier offsets stay put
        self._cuts = []
        for first in range(0, len(cuts), max(per_step, 1)):
            with self._doc.transaction():
                for at in cuts[first : first + per_step]:
                    self.text.insert(at, "|")
                    del self.text[at : at + 1]
            yield

    def counted(self, u16: int, *, before: bool = False) -> int:
        """pycrdt's count for the place at UTF-16 offset `u16`: for `before`, the place just
        after the last unit of the character that ends there."""
        index = offsets.utf16_to_index(self.current, u16)
        if not before:
            return offsets.byte_length(self.current[:index])
        last = self.current[index - 1]
        return offsets.byte_length(self.current[: index - 1]) + offsets.utf16_length(last)

    def utf16(self, counted: int) -> int:
        """The UTF-16 offset for pycrdt's count `counted`: bytes up to the character it falls
        in, then units into that character."""
        boundary = counted
        while boundary < len(self.utf8) and self.utf8[boundary] & 0xC0 == 0x80:
            boundary -= 1
        found = self.utf16_at_byte.get(boundary)
        if found is None:  # past the end: refused as the offsets module refuses it
            found = offsets.byte_to_utf16(self.current, boundary)
        return found + counted - boundary


def anchor_passage(text: Text, start_u16: int, end_u16: int) -> Anchor:
    """Anchor the passage between UTF-16 offsets `start_u16` and `end_u16` of `text` (a
    root `Text` of a document). Refuses a range outside the text or splitting a character
    (PassageOutOfRange), an empty one (EmptyPassage) or a reversed one (ReversedPassage)."""
    _check_passage(str(text), start_u16, end_u16)
    measured = _Measured(text)
    # AFTER: the passage's first character. BEFORE: the last unit of its last character.
    # Neither can be past the end, where pycrdt would panic.
    start = measured.text.sticky_index(measured.counted(start_u16), Assoc.AFTER)
    end = measured.text.sticky_index(measured.counted(end_u16, before=True), Assoc.BEFORE)
    anchor = Anchor(start.encode(), end.encode())
    if _resolve(measured, [anchor]) != [(start_u16, end_u16)]:
        # pycrdt's counting changed: refuse to store an anchor that would point elsewhere.
        raise RuntimeError("pycrdt's sticky indices no longer count as this module expects")
    return anchor


def resolve_passage(text: Text, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored passage is now in `text`, as UTF-16 offsets (start, end); None when
    it is gone (nothing left between its ends) or `text`'s document never had it. Refuses bytes
    that are not an anchor (BadAnchor)."""
    return resolve_passages(text, [anchor])[0]


def resolve_passages(text: Text, anchors: Sequence[Anchor]) -> list[tuple[int, int] | None]:
    """`resolve_passage` for many anchors of one text, measuring the text once."""
    known = _state_vector(text)
    found = [_known(known, anchor) for anchor in anchors]
    if not any(found):
        return [None] * len(anchors)
    resolved = _resolve(_Measured(text), [a for a, ok in zip(anchors, found, strict=True) if ok])
    it = iter(resolved)
    return [next(it) if ok else None for ok in found]


def _known(clocks: dict[int, int], anchor: Anchor) -> bool:
    """Whether a document whose state vector is `clocks` has both items the anchor names."""
    items = [_item_of(anchor.start), _item_of(anchor.end)]
    return all(clocks.get(client, 0) > clock for client, clock in items)


# Cuts of a snapshot's copy made between two pauses: a few hundred microseconds.
_CUTS_PER_STEP = 64


class TextCopy:
    """A statement's text at one moment, measured once: a long list of anchors is resolved
    against it, and their passages read from it, in as many steps as the caller likes, all of
    one text. The client gets each anchor's position too and resolves it against its own,
    newer, copy."""

    def __init__(self, measured: _Measured) -> None:
        self._measured = measured
        self._state = _state_vector(measured.text)
        self.text = measured.current

    @classmethod
    def of(cls, text: Text) -> TextCopy:
        """The snapshot of `text` now, in one go."""
        return cls(_Measured(text))

    @classmethod
    async def taken(cls, text: Text) -> TextCopy:
        """The snapshot of `text` now; measuring it lets others go first between steps."""
        measured = _Measured(text, cut=False)
        for _ in measured.cut_in_steps(_CUTS_PER_STEP):
            await anyio.lowlevel.checkpoint()
        return cls(measured)

    def resolve(self, anchors: Sequence[Anchor]) -> list[tuple[int, int] | None]:
        """Where each anchored passage is in the snapshot (see `resolve_passage`); an anchor
        that is not one (BadAnchor) is None here, as a passage gone is."""
        found = []
        for anchor in anchors:
            try:
                found.append(_known(self._state, anchor))
            except BadAnchor:
                found.append(False)
        known = [anchor for anchor, ok in zip(anchors, found, strict=True) if ok]
        resolved = iter(_resolve(self._measured, known))
        return [next(resolved) if ok else None for ok in found]

    def passage(self, start_u16: int, end_u16: int) -> str:
        """The characters between UTF-16 offsets `start_u16` and `end_u16`; refuses what
        `passage_text` refuses."""
        at = self._measured.index_at_utf16
        if start_u16 in at and end_u16 in at and start_u16 < end_u16:
            return self.text[at[start_u16] : at[end_u16]]
        return passage_text_of(self.text, start_u16, end_u16)

    def replaced(self, start_u16: int, end_u16: int, wording: str) -> str:
        """The snapshot's text with the passage `start_u16`..`end_u16` replaced by `wording`;
        refuses what `passage_text` refuses."""
        self.passage(start_u16, end_u16)
        at = self._measured.index_at_utf16
        return self.text[: at[start_u16]] + wording + self.text[at[end_u16] :]


def _resolve(measured: _Measured, anchors: Sequence[Anchor]) -> list[tuple[int, int] | None]:
    answers: list[tuple[int, int] | None] = []
    with measured.text.doc.transaction() as txn:
        for anchor in anchors:
            start = measured.utf16(StickyIndex.decode(anchor.start, measured.text).get_index(txn))
            end = measured.utf16(StickyIndex.decode(anchor.end, measured.text).get_index(txn))
            answers.append((start, end) if start < end else None)
    return answers


def passage_text(text: Text, start_u16: int, end_u16: int) -> str:
    """The characters of `text` between UTF-16 offsets `start_u16` and `end_u16`. Refuses
    an empty, reversed or outside range, or one splitting a character (PassageError)."""
    return passage_text_of(str(text), start_u16, end_u16)


def passage_text_of(current: str, start_u16: int, end_u16: int) -> str:
    """`passage_text` of the text `current`."""
    _check_passage(current, start_u16, end_u16)
    return offsets.utf16_slice(current, start_u16, end_u16)
