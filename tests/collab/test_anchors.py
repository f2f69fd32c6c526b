"""Anchored passages follow the text, in UTF-16 as Yjs counts, and a stock Yjs document resolves
the server's anchors to the same places."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pycrdt import Assoc, Doc, Text

from server.collab.anchors import (
    Anchor,
    BadAnchor,
    EmptyPassage,
    PassageError,
    PassageOutOfRange,
    ReversedPassage,
    TextCopy,
    anchor_passage,
    passage_text,
    resolve_passage,
    resolve_passages,
)
from server.collab.offsets import utf16_length, utf16_to_byte
from tests.support.servers import REPO

SCRIPT = Path(__file__).with_name("resolve_positions.mjs")
NODE = shutil.which("node")

TEXT = "We call on 🌍 leaders: نحن ندعو الحكومة, 我们呼吁政府 🤝 now."


def _body(text: str = TEXT, client_id: int | None = None) -> Text:
    doc: Doc[Text] = Doc(client_id=client_id)
    body = doc.get("body", type=Text)
    body.insert(0, text)
    return body


def _span(text: str, passage: str) -> tuple[int, int]:
    """The UTF-16 range of `passage`'s first occurrence in `text`."""
    start = utf16_length(text[: text.index(passage)])
    return start, start + utf16_length(passage)


def _type(body: Text, at_u16: int, words: str) -> None:
    body.insert(utf16_to_byte(str(body), at_u16), words)


def _delete(body: Text, start_u16: int, end_u16: int) -> None:
    current = str(body)
    del body[utf16_to_byte(current, start_u16) : utf16_to_byte(current, end_u16)]


def _passage(body: Text, anchor: Anchor) -> str | None:
    found = resolve_passage(body, anchor)
    return None if found is None else passage_text(body, *found)


def test_passage_text_is_cut_in_utf16() -> None:
    body = _body()
    for passage in ("نحن ندعو", "我们呼吁政府", "🌍 leaders", "🤝"):
        assert passage_text(body, *_span(TEXT, passage)) == passage


@pytest.mark.parametrize("passage", ["نحن ندعو", "我们呼吁政府", "🌍 leaders", "🤝 now"])
def test_anchor_resolves_where_it_was_made(passage: str) -> None:
    body = _body()
    assert resolve_passage(body, anchor_passage(body, *_span(TEXT, passage))) == _span(
        TEXT, passage
    )


def test_anchor_follows_typing_before_and_after_and_grows_with_typing_inside() -> None:
    body = _body()
    start, end = _span(TEXT, "我们呼吁政府")
    anchor = anchor_passage(body, start, end)
    _type(body, 0, "🕊 Peace. ")  # before: the passage moves
    assert _passage(body, anchor) == "我们呼吁政府"
    found = resolve_passage(body, anchor)
    assert found is not None
    _type(body, found[0], "«")  # at the start edge: outside
    found = resolve_passage(body, anchor)
    assert found is not None
    _type(body, found[1], "»")  # at the end edge: outside
    assert _passage(body, anchor) == "我们呼吁政府"
    found = resolve_passage(body, anchor)
    assert found is not None
    _type(body, found[0] + 2, "🌱")  # between two of its characters: inside
    assert _passage(body, anchor) == "我们🌱呼吁政府"
    assert "«我们🌱呼吁政府»" in str(body)


def test_anchor_shrinks_as_its_characters_go_and_is_gone_with_the_last() -> None:
    body = _body()
    anchor = anchor_passage(body, *_span(TEXT, "نحن ندعو"))
    _delete(body, *_span(str(body), "نحن "))  # its first word
    assert _passage(body, anchor) == "ندعو"
    _delete(body, *_span(str(body), "عو"))  # its last letters
    assert _passage(body, anchor) == "ند"
    _delete(body, *_span(str(body), ": ند"))  # the rest, with what came before
    assert resolve_passage(body, anchor) is None
    assert str(body).startswith("We call on 🌍 leaders الحكومة")


def test_pycrdt_sticky_indices_mix_bytes_and_units() -> None:
    # Why anchors.py measures on a split copy: pycrdt counts the text before an item's block in
    # UTF-8 bytes and the offset inside the block in UTF-16 units. When this fails, pycrdt
    # counts one way; anchors.py's `_Measured` can then go.
    body = _body("abc😀def", client_id=1)
    sticky = body.sticky_index(6, Assoc.AFTER)  # "e": 6 units into the one block
    assert sticky.get_index() == 6
    body.insert(0, "中")  # a block of its own: 3 bytes, 1 unit
    assert sticky.get_index() == 3 + 6  # neither 7 (units) nor 11 (bytes)
    anchor = anchor_passage(body, *_span(str(body), "ef"))
    assert _passage(body, anchor) == "ef"


def test_many_anchors_resolve_at_once() -> None:
    body = _body()
    passages = ["我们", "🤝", "now."]
    anchors = [anchor_passage(body, *_span(TEXT, p)) for p in passages]
    _delete(body, *_span(TEXT, "🤝"))
    elsewhere = anchor_passage(_body("Elsewhere."), 0, 4)
    found = resolve_passages(body, [*anchors, elsewhere])
    assert [None if f is None else passage_text(body, *f) for f in found] == [
        "我们",
        None,
        "now.",
        None,
    ]


@pytest.mark.anyio
async def test_a_copy_taken_in_steps_reads_every_passage_as_the_text_does() -> None:
    # Far more characters other than ASCII than one step cuts, typed in pieces (so the copy
    # has many blocks), then anchored all over and partly deleted.
    long = " ".join([TEXT] * 12)
    body = _body(TEXT)
    for _ in range(11):
        _type(body, utf16_length(str(body)), " " + TEXT)
    assert str(body) == long
    passages = ["我们", "🤝", "now.", "نحن ندعو", "🌍 leaders"]
    anchors = [anchor_passage(body, *_span(long, p)) for p in passages]
    _delete(body, *_span(long, "🤝"))
    elsewhere = anchor_passage(_body("Elsewhere."), 0, 4)
    wanted = resolve_passages(body, [*anchors, elsewhere])
    assert wanted[1] is None and wanted[-1] is None

    copy = await TextCopy.taken(body)
    assert copy.text == str(body)
    assert copy.resolve([*anchors, elsewhere, Anchor(b"junk", b"junk")]) == [*wanted, None]
    for found, passage in zip(wanted[:-1], passages, strict=True):
        if found is not None:
            assert copy.passage(*found) == passage_text(body, *found) == passage
            replaced = copy.replaced(*found, "X")
            assert replaced == str(body).replace(passage, "X", 1)
    with pytest.raises(PassageOutOfRange):
        copy.passage(0, utf16_length(long) + 1)
    # Typing after the copy was taken changes the text, not the copy.
    _type(body, 0, "Now: ")
    assert copy.text != str(body)
    assert copy.resolve(anchors[:1]) == [wanted[0]]


def test_anchor_survives_storage_and_a_room_loaded_from_updates() -> None:
    body = _body(client_id=1)
    anchor = anchor_passage(body, *_span(TEXT, "🤝 now"))
    stored = Anchor(bytes(anchor.start), bytes(anchor.end))
    room: Doc[Text] = Doc()
    room.apply_update(body.doc.get_update())
    assert _passage(room.get("body", type=Text), stored) == "🤝 now"


def test_anchor_from_another_document_resolves_to_none() -> None:
    elsewhere = _body("Another statement.")
    anchor = anchor_passage(elsewhere, 0, 7)
    assert resolve_passage(_body(), anchor) is None


@pytest.mark.parametrize("garbage", [b"", b"\x00", b"\x07abc", b"\x00\x01\x02\x03\x04", b"\x01"])
def test_bytes_that_are_no_anchor_are_refused(garbage: bytes) -> None:
    body = _body()
    good = anchor_passage(body, 0, 2)
    with pytest.raises(BadAnchor):
        resolve_passage(body, Anchor(garbage, good.end))
    with pytest.raises(BadAnchor):
        resolve_passage(body, Anchor(good.start, garbage))


def test_bad_ranges_are_refused_with_a_sentence() -> None:
    body = _body()
    length = utf16_length(TEXT)
    emoji = TEXT.index("🌍")
    cases: list[tuple[int, int, type[PassageError], str]] = [
        (-1, 3, PassageOutOfRange, "outside the text"),
        (3, length + 1, PassageOutOfRange, f"which has {length} characters"),
        (5, 5, EmptyPassage, "empty"),
        (6, 2, ReversedPassage, r"ends \(2\) before it starts \(6\)"),
        (emoji + 1, emoji + 4, PassageOutOfRange, "inside a character"),
        (0, emoji + 1, PassageOutOfRange, "inside a character"),
    ]
    for start, end, refusal, words in cases:
        for call in (anchor_passage, passage_text):
            with pytest.raises(refusal, match=words) as refused:
                call(body, start, end)
            assert isinstance(refused.value, ValueError)
            assert (refused.value.start, refused.value.end) == (start, end)


def _resolve_in_yjs(update: bytes, anchors: list[Anchor]) -> tuple[str, list[int | None]]:
    encoded = [base64.b64encode(b).decode() for a in anchors for b in (a.start, a.end)]
    done = subprocess.run(
        [str(NODE), str(SCRIPT), base64.b64encode(update).decode(), *encoded],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return answer["text"], answer["indices"]


@pytest.mark.skipif(NODE is None, reason="needs Node.js for the stock Yjs document")
def test_yjs_resolves_the_server_anchors_to_the_same_utf16_offsets() -> None:
    assert (REPO / "client" / "node_modules" / "yjs").is_dir(), "run npm ci in client/"
    server = _body(client_id=10)
    passages = ["🌍 leaders", "نحن ندعو", "الحكومة", "我们呼吁政府", "🤝", "now."]
    anchors = [anchor_passage(server, *_span(TEXT, p)) for p in passages]

    # Two editors start from the server's document and edit concurrently, then all sync.
    editors = []
    for client_id in (20, 30):
        doc: Doc[Text] = Doc(client_id=client_id)
        doc.apply_update(server.doc.get_update())
        editors.append(doc.get("body", type=Text))
    one, two = editors
    _type(one, 0, "🕊 ")
    _type(one, _span(str(one), "ندعو")[0], "إننا ")  # inside the Arabic passage
    _delete(one, *_span(str(one), "🤝"))  # the whole emoji passage
    _type(two, _span(TEXT, "政府")[0], "各国")  # inside the Chinese passage
    _delete(two, *_span(str(two), "We call"))
    _delete(two, *_span(str(two), "🌍 "))  # the first character of a passage, and a space
    for editor in editors:
        server.doc.apply_update(editor.doc.get_update(server.doc.get_state()))
    _type(server, utf16_length(str(server)) - 1, " 🙏")  # inside "now.", before the dot

    resolved = [resolve_passage(server, a) for a in anchors]
    text, indices = _resolve_in_yjs(server.doc.get_update(), anchors)
    assert text == str(server)
    by_yjs = [
        None if s is None or e is None or s >= e else (s, e)
        for s, e in zip(indices[::2], indices[1::2], strict=True)
    ]
    assert by_yjs == resolved
    assert [None if r is None else passage_text(server, *r) for r in resolved] == [
        "leaders",
        "نحن إننا ندعو",
        "الحكومة",
        "我们呼吁各国政府",
        None,
        "now 🙏.",
    ]
