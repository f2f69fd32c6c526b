"""Positions convert between UTF-16 code units (Yjs, the API), UTF-8 bytes (pycrdt `Text`) and
code points (Python), and a position that splits a character is refused."""

from __future__ import annotations

import pytest
from pycrdt import Doc, Text

from server.collab.offsets import (
    OffsetError,
    OffsetOutOfRange,
    SplitCharacter,
    byte_length,
    byte_to_index,
    byte_to_utf16,
    index_to_utf16,
    utf16_length,
    utf16_replace,
    utf16_slice,
    utf16_to_byte,
    utf16_to_index,
)

ARABIC = "نحن ندعو"  # 2 bytes, 1 unit a letter
CHINESE = "我们呼吁"  # 3 bytes, 1 unit a character
EMOJI = "🌍🤝"  # 4 bytes, 2 units each
COMBINING = "Cafe\u0301"  # e + combining acute: two code points, one unit each
MIXED = f"A {ARABIC} {CHINESE} {EMOJI} {COMBINING}."


def test_lengths_as_each_layer_counts_them() -> None:
    assert (len(ARABIC), utf16_length(ARABIC), byte_length(ARABIC)) == (8, 8, 15)
    assert (len(CHINESE), utf16_length(CHINESE), byte_length(CHINESE)) == (4, 4, 12)
    assert (len(EMOJI), utf16_length(EMOJI), byte_length(EMOJI)) == (2, 4, 8)
    assert (len(COMBINING), utf16_length(COMBINING), byte_length(COMBINING)) == (5, 5, 6)


def test_pycrdt_text_counts_bytes_and_utf16_to_byte_lands_where_yjs_would() -> None:
    doc: Doc[Text] = Doc()
    body = doc.get("body", type=Text)
    body.insert(0, MIXED)
    assert len(body) == byte_length(MIXED)
    # Insert before the second emoji, as a browser at that UTF-16 offset would.
    u16 = utf16_length(MIXED[: MIXED.index("🤝")])
    body.insert(utf16_to_byte(MIXED, u16), "✋")
    assert str(body) == MIXED.replace("🤝", "✋🤝")


def test_every_boundary_round_trips_through_each_layer() -> None:
    for index in range(len(MIXED) + 1):
        u16 = index_to_utf16(MIXED, index)
        byte = utf16_to_byte(MIXED, u16)
        assert u16 == utf16_length(MIXED[:index])
        assert byte == byte_length(MIXED[:index])
        assert utf16_to_index(MIXED, u16) == index
        assert byte_to_index(MIXED, byte) == index
        assert byte_to_utf16(MIXED, byte) == u16


def test_slices_and_replacements_in_utf16() -> None:
    start = utf16_length("A ")
    assert utf16_slice(MIXED, start, start + utf16_length(ARABIC)) == ARABIC
    emoji_at = utf16_length(MIXED[: MIXED.index(EMOJI)])
    assert utf16_slice(MIXED, emoji_at, emoji_at + 2) == "🌍"
    assert utf16_slice(MIXED, emoji_at, emoji_at) == ""
    assert utf16_replace(MIXED, emoji_at, emoji_at + 4, "🕊") == MIXED.replace(EMOJI, "🕊")
    chinese_at = utf16_length(MIXED[: MIXED.index(CHINESE)])
    assert utf16_replace(CHINESE, 1, 3, "") == "我吁"
    assert utf16_replace(MIXED, chinese_at, chinese_at, "“") == MIXED.replace(CHINESE, "“我们呼吁")


def test_a_combining_mark_is_its_own_position() -> None:
    # Yjs counts code units, not what a reader sees as one letter: between "e" and its accent
    # is a real position (keeping selections on whole letters is the editor's business).
    assert utf16_slice(COMBINING, 3, 4) == "e"
    assert utf16_to_byte(COMBINING, 4) == 4
    assert byte_to_utf16(COMBINING, 6) == 5


def test_positions_inside_a_surrogate_pair_are_refused() -> None:
    text = "a🌍b"
    with pytest.raises(SplitCharacter, match="inside a character"):
        utf16_to_byte(text, 2)
    with pytest.raises(SplitCharacter):
        utf16_slice(text, 0, 2)
    with pytest.raises(SplitCharacter):
        utf16_to_index(EMOJI, 3)
    assert utf16_to_byte(text, 3) == 5


@pytest.mark.parametrize("byte", [2, 3, 4])
def test_positions_inside_a_multibyte_character_are_refused(byte: int) -> None:
    # "a" then a 4-byte emoji: bytes 2..4 are inside it.
    with pytest.raises(SplitCharacter):
        byte_to_utf16("a🌍b", byte)
    with pytest.raises(SplitCharacter):
        byte_to_index(ARABIC, 1)
    with pytest.raises(SplitCharacter):
        byte_to_utf16(CHINESE, 4)


@pytest.mark.parametrize("u16", [-1, 9, 100])
def test_positions_outside_the_text_are_refused(u16: int) -> None:
    with pytest.raises(OffsetOutOfRange, match="outside the text, which has 8 UTF-16"):
        utf16_to_byte(ARABIC, u16)


def test_every_refusal_is_a_value_error_with_a_sentence() -> None:
    for call in (
        lambda: byte_to_utf16(CHINESE, 13),
        lambda: index_to_utf16(CHINESE, 5),
        lambda: utf16_slice(EMOJI, 1, 4),
    ):
        with pytest.raises(OffsetError) as refused:
            call()
        assert isinstance(refused.value, ValueError)
        assert str(refused.value).endswith(".")
