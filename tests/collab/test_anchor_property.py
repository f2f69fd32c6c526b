"""An anchor covers exactly what is left of its passage, whatever two editors do concurrently.

Two documents start from the same text; each applies random inserts and deletes (inside, at
the edges of and across the passage, in ASCII, Arabic, Chinese and emoji), they exchange
updates now and then and at the end, and the server's document receives everything. The
anchor was made on the server before any edit. Every character is a distinct code point, so
each one can be followed.

What holds, precisely: in the document's own order of characters (the CRDT's sequence, where
deleted characters stay as tombstones), the passage runs from its first original character to
its last one. The anchor resolves to exactly the characters still in the text within that run:

- every surviving passage character is inside, the range is contiguous, and so is everything
  typed between two passage characters (typing inside a passage grows it);
- when passage characters survive and nothing was typed at a deleted end, the range starts at
  the first surviving one and ends right after the last surviving one;
- it resolves to None exactly when nothing in the run survives.

Two cases make "first to last surviving passage character" too strong, and both are right for
a thread: text typed between two passage characters stays inside even if all the passage's own
characters are later deleted (the passage was rewritten, not removed); and text typed at a
passage edge after the edge character was deleted may land on either side of that character's
tombstone. Yjs puts it before the tombstone (outside), pycrdt after (inside: its inserts skip
tombstones), and whichever document typed it, every replica agrees on where it landed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Snapshot, Text

from server.collab.anchors import anchor_passage, passage_text, resolve_passage
from server.collab.offsets import utf16_length

# (first code point, how many): ASCII, Arabic, Chinese, emoji (two UTF-16 units each).
POOLS = [(0x21, 94), (0x0600, 256), (0x4E00, 2000), (0x1F300, 700)]


@dataclass
class Characters:
    """Hands out code points no one has had yet, from the pool asked for."""

    used: list[int] = field(default_factory=lambda: [0] * len(POOLS))

    def fresh(self, pool: int) -> str:
        first, size = POOLS[pool]
        assert self.used[pool] < size, "pool exhausted: bound the example"
        self.used[pool] += 1
        return chr(first + self.used[pool] - 1)


def _text(doc: Doc[Text]) -> Text:
    return doc.get("body", type=Text)


def _byte(text: str, index: int) -> int:
    return len(text[:index].encode())


def _exchange(one: Doc[Text], two: Doc[Text]) -> None:
    to_two = one.get_update(two.get_state())
    to_one = two.get_update(one.get_state())
    two.apply_update(to_two)
    one.apply_update(to_one)


def _with_tombstones(doc: Doc[Text]) -> str:
    """The text of `doc` (made with skip_gc) with its deleted characters back in their places:
    the document restored to a snapshot of its whole state and no deletions."""
    everything = Snapshot.decode(b"\x00" + doc.get_state())  # empty delete set, then the state
    return str(_text(Doc.from_snapshot(everything, doc)))


chars = st.lists(st.integers(0, len(POOLS) - 1), min_size=1, max_size=3)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    before=st.lists(st.integers(0, len(POOLS) - 1), max_size=4),
    passage_pools=st.lists(st.integers(0, len(POOLS) - 1), min_size=1, max_size=6),
    after=st.lists(st.integers(0, len(POOLS) - 1), max_size=4),
    data=st.data(),
)
def test_anchor_covers_exactly_the_surviving_passage(
    before: list[int], passage_pools: list[int], after: list[int], data: st.DataObject
) -> None:
    made = Characters()
    prefix = "".join(made.fresh(p) for p in before)
    passage = "".join(made.fresh(p) for p in passage_pools)
    suffix = "".join(made.fresh(p) for p in after)
    origin: Doc[Text] = Doc(client_id=1)
    _text(origin).insert(0, prefix + passage + suffix)
    first = origin.get_update()

    server: Doc[Text] = Doc(client_id=2)
    server.apply_update(first)
    start = utf16_length(prefix)
    anchor = anchor_passage(_text(server), start, start + utf16_length(passage))

    editors: list[Doc[Text]] = []
    for client_id in (3, 4):
        editor: Doc[Text] = Doc(client_id=client_id)
        editor.apply_update(first)
        editors.append(editor)
    for _ in range(data.draw(st.integers(1, 10), label="steps")):
        who = data.draw(st.sampled_from(["one", "two", "exchange"]), label="who")
        if who == "exchange":
            _exchange(*editors)
            continue
        body = _text(editors[0 if who == "one" else 1])
        current = str(body)
        if current and data.draw(st.booleans(), label="delete"):
            at = data.draw(st.integers(0, len(current) - 1), label="delete at")
            upto = data.draw(st.integers(at + 1, min(len(current), at + 4)), label="delete to")
            del body[_byte(current, at) : _byte(current, upto)]
        else:
            at = data.draw(st.integers(0, len(current)), label="insert at")
            typed = "".join(made.fresh(p) for p in data.draw(chars, label="typed"))
            body.insert(_byte(current, at), typed)
    _exchange(*editors)

    witness: Doc[Text] = Doc(skip_gc=True)  # keeps deleted characters, for their order
    for doc in (server, witness):
        doc.apply_update(first)
        for editor in editors:
            doc.apply_update(editor.get_update())
    final = str(_text(server))
    assert final == str(_text(editors[0])) == str(_text(editors[1]))

    ordered = _with_tombstones(witness)
    run = ordered[ordered.index(passage[0]) : ordered.index(passage[-1]) + 1]
    present = set(final)
    left = "".join(c for c in run if c in present)
    resolved = resolve_passage(_text(server), anchor)
    if not left:
        assert resolved is None, (final, ordered, passage)
        return
    begin = utf16_length(final[: final.index(left[0])])
    assert resolved == (begin, begin + utf16_length(left)), (final, ordered, passage)
    assert passage_text(_text(server), *resolved) == left  # contiguous in the text
    survivors = [c for c in passage if c in present]
    assert all(c in left for c in survivors)


def _anchored(text: str, passage: str) -> tuple[Text, tuple[int, int]]:
    doc: Doc[Text] = Doc()
    body = _text(doc)
    body.insert(0, text)
    start = utf16_length(text[: text.index(passage)])
    return body, (start, start + utf16_length(passage))


def test_text_typed_inside_a_passage_keeps_it_when_its_own_characters_go() -> None:
    body, (start, end) = _anchored("Stop 中国 now", "中国")
    anchor = anchor_passage(body, start, end)
    body.insert(_byte(str(body), 6), "🌱")  # between its two characters
    del body[_byte(str(body), 5) : _byte(str(body), 6)]
    del body[_byte(str(body), 6) : _byte(str(body), 7)]
    assert str(body) == "Stop 🌱 now"
    found = resolve_passage(body, anchor)
    assert found is not None and passage_text(body, *found) == "🌱"


def test_typing_where_a_deleted_first_character_was_lands_inside_with_pycrdt() -> None:
    # pycrdt inserts after the tombstones at a position (Yjs before them): "«" lands between
    # the deleted "ن" and "ح", inside the run of the passage.
    body, (start, end) = _anchored("Say نحن now", "نحن")
    anchor = anchor_passage(body, start, end)
    del body[_byte(str(body), 4) : _byte(str(body), 5)]
    body.insert(_byte(str(body), 4), "«")
    found = resolve_passage(body, anchor)
    assert found is not None and passage_text(body, *found) == "«حن"
