"""Co-signing: the text a signature binds to, and the forum's coalition rules.

A signature binds an organisation to the exact words of a statement: to the digest of its
normalised text. The client computes the same digest (``client/src/signing/digest.ts``) for
the text it shows, so the server can refuse a signature on text the person did not see; both
are pinned by the shared vectors in ``schemas/signing_vectors.json``. Change them together.

Normalisation: the rendered text (the rendering word counting uses, so Markdown syntax is not
part of it), in Unicode NFC, split into tokens at whitespace (the separators of the word rule),
the tokens joined by one space. Edits that change no token of the rendered text (line breaks,
paragraphs, headings, emphasis, list markers, link destinations) keep a signature valid; any
change of a word, a number or punctuation makes it stale.
"""

from __future__ import annotations

import hashlib
import unicodedata

from server.domain.words import rendered_text

# The separators of the word rule (server/domain/words.py): str.split() breaks on every
# character str.isspace() accepts; zero width space breaks too and a byte order mark is
# dropped. ZWJ, ZWNJ and the word joiner stay inside tokens.
_EXTRA_SEPARATORS = str.maketrans({"\u200b": " ", "\ufeff": " "})


def normalised_text(markdown: str) -> str:
    """The words a signature binds to: the rendered text's tokens, NFC, joined by one space."""
    text = unicodedata.normalize("NFC", rendered_text(markdown))
    return " ".join(text.translate(_EXTRA_SEPARATORS).split())


def text_digest(markdown: str) -> str:
    """SHA-256 (lower-case hex) of the UTF-8 of ``normalised_text(markdown)``."""
    return hashlib.sha256(normalised_text(markdown).encode("utf-8")).hexdigest()
