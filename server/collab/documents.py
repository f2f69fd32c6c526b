"""Documents the server makes or reads outside a room: a Yjs update holding a `body` text
(demo drafts, a joint statement's first text) and the text of a stored document."""

from __future__ import annotations

from collections.abc import Iterable

from pycrdt import Doc, Text


def document_with_text(text: str) -> bytes:
    doc: Doc[Text] = Doc()
    doc.get("body", type=Text).insert(0, text)
    return doc.get_update()


def text_of(updates: Iterable[bytes]) -> str:
    """The `body` text of the document these updates build (empty ones are skipped)."""
    doc: Doc[Text] = Doc()
    for update in updates:
        if update:
            doc.apply_update(update)
    return str(doc.get("body", type=Text))
