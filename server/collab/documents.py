"""Documents made by the server itself (demo drafts): a Yjs update holding a `body` text."""

from __future__ import annotations

from pycrdt import Doc, Text


def document_with_text(text: str) -> bytes:
    doc: Doc[Text] = Doc()
    doc.get("body", type=Text).insert(0, text)
    return doc.get_update()


def text_of(update: bytes) -> str:
    doc: Doc[Text] = Doc()
    doc.apply_update(update)
    return str(doc.get("body", type=Text))
