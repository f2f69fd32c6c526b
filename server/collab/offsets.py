"""Positions in the statement's text, converted between the three ways our layers count them.

Yjs in the browser and our API count UTF-16 code units; pycrdt 0.14 counts `Text` insert,
delete and length in UTF-8 bytes (but its sticky indices in UTF-16 code units); Python counts
code points. An Arabic letter is 2 bytes and 1 unit, a Chinese one 3 bytes and 1 unit, an emoji
4 bytes and 2 units (a surrogate pair). Every conversion goes through here, over the Python
`str` of the text, and refuses a position that is outside the text or would split a character,
instead of letting the wrong layer silently land somewhere else.
"""

from __future__ import annotations

# Lone surrogates cannot come from a pycrdt text, but a Python str may hold them; counting
# them as one unit each keeps these functions total over every str.
_UTF16 = "utf-16-le"
_ERRORS = "surrogatepass"


class OffsetError(ValueError):
    """A position that does not name a place between two characters of the text."""


class OffsetOutOfRange(OffsetError):
    """A position before the start or past the end of the text."""

    def __init__(self, offset: int, length: int, unit: str) -> None:
        super().__init__(f"Position {offset} is outside the text, which has {length} {unit}.")
        self.offset = offset
        self.length = length


class SplitCharacter(OffsetError):
    """A position inside one character: between the two halves of a surrogate pair, or
    inside the bytes of a multi-byte character."""

    def __init__(self, offset: int, unit: str) -> None:
        super().__init__(f"Position {offset} ({unit}) falls inside a character.")
        self.offset = offset


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units, as Yjs counts it."""
    return len(text.encode(_UTF16, _ERRORS)) // 2


def byte_length(text: str) -> int:
    """The length of `text` in UTF-8 bytes, as pycrdt 0.14 counts a `Text`."""
    return len(text.encode("utf-8", _ERRORS))


def utf16_to_index(text: str, u16: int) -> int:
    """The code point index (for Python slicing) at UTF-16 offset `u16` of `text`. Refuses
    an offset outside 0..utf16_length(text) (OffsetOutOfRange) or between the halves of a
    surrogate pair (SplitCharacter)."""
    units = text.encode(_UTF16, _ERRORS)
    length = len(units) // 2
    if not 0 <= u16 <= length:
        raise OffsetOutOfRange(u16, length, "UTF-16 code units")
    if u16 < length and 0xDC00 <= int.from_bytes(units[2 * u16 : 2 * u16 + 2], "little") < 0xE000:
        # The unit at the offset is a low surrogate: the offset splits a pair.
        raise SplitCharacter(u16, "UTF-16")
    return len(units[: 2 * u16].decode(_UTF16, _ERRORS))


def index_to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset at code point index `index` of `text`; refuses an index outside
    0..len(text) (OffsetOutOfRange)."""
    if not 0 <= index <= len(text):
        raise OffsetOutOfRange(index, len(text), "characters")
    return utf16_length(text[:index])


def utf16_to_byte(text: str, u16: int) -> int:
    """The UTF-8 byte offset (a pycrdt `Text` position) at UTF-16 offset `u16` of `text`.
    Refuses what `utf16_to_index` refuses."""
    return byte_length(text[: utf16_to_index(text, u16)])


def byte_to_index(text: str, byte: int) -> int:
    """The code point index at UTF-8 byte offset `byte` of `text`. Refuses an offset outside
    0..byte_length(text) (OffsetOutOfRange) or inside a multi-byte character (SplitCharacter)."""
    data = text.encode("utf-8", _ERRORS)
    if not 0 <= byte <= len(data):
        raise OffsetOutOfRange(byte, len(data), "UTF-8 bytes")
    if byte < len(data) and data[byte] & 0xC0 == 0x80:
        # A continuation byte: the offset is inside a character's bytes.
        raise SplitCharacter(byte, "UTF-8")
    return len(data[:byte].decode("utf-8", _ERRORS))


def byte_to_utf16(text: str, byte: int) -> int:
    """The UTF-16 offset at UTF-8 byte offset `byte` of `text`. Refuses what
    `byte_to_index` refuses."""
    return utf16_length(text[: byte_to_index(text, byte)])


def utf16_slice(text: str, start: int, end: int) -> str:
    """The part of `text` between UTF-16 offsets `start` and `end` (empty when end <= start,
    as Python slices are). Refuses either offset as `utf16_to_index` does."""
    return text[utf16_to_index(text, start) : utf16_to_index(text, end)]


def utf16_replace(text: str, start: int, end: int, wording: str) -> str:
    """`text` with the part between UTF-16 offsets `start` and `end` replaced by `wording`.
    Refuses either offset as `utf16_to_index` does."""
    return text[: utf16_to_index(text, start)] + wording + text[utf16_to_index(text, end) :]
