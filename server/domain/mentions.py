"""Who an `@Name` in a comment refers to: pure parsing, so a mention means the same thing in
every thread, reply and test.

A mention is '@' followed by a person's display name, as they spell it (accents kept, case
ignored), or by its first word when no one else's name begins with that word. Where several
names fit after the same '@' ("@Amina" and "@Amina Yusuf"), the longest wins. An '@' inside a
word, as in an email address, is no mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Characters that continue an email address's local part before its '@'.
_ADDRESS_PUNCTUATION = frozenset("._%+-")
# Scripts written without spaces between words: a name in them may be followed by more text
# directly ("@王芳你好"), so no word boundary is asked for after it.
_UNSPACED_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA")


def mentioned(text: str, names: Mapping[int, str]) -> set[int]:
    """The ids among `names` (user id -> display name) that an `@Name` in `text` refers to.

    Takes the text of a comment or reply; returns an empty set when it mentions no one.
    Names that are blank are never matched.
    """
    text = unicodedata.normalize("NFC", text)
    candidates = _candidates(names)
    if not candidates or "@" not in text:
        return set()
    found: set[int] = set()
    for at in (i for i, char in enumerate(text) if char == "@"):
        if at > 0 and _continues_address(text[at - 1]):
            continue
        best: tuple[int, int] | None = None  # (length of the match, user id)
        for pattern, user_id, unspaced_end in candidates:
            match = pattern.match(text, at + 1)
            if match is None:
                continue
            end = match.end()
            if end < len(text) and _is_word_char(text[end]) and not unspaced_end:
                continue
            if best is None or end - at > best[0]:
                best = (end - at, user_id)
        if best is not None:
            found.add(best[1])
    return found


def _candidates(names: Mapping[int, str]) -> list[tuple[re.Pattern[str], int, bool]]:
    """A pattern per full name, and per first word that begins one name only."""
    words_of = {
        user_id: unicodedata.normalize("NFC", name).split()
        for user_id, name in names.items()
        if name.strip()
    }
    first_words: dict[str, set[int]] = {}
    for user_id, words in words_of.items():
        first_words.setdefault(words[0].casefold(), set()).add(user_id)
    candidates = []
    for user_id, words in words_of.items():
        candidates.append((_pattern(words), user_id, _is_unspaced(words[-1][-1])))
        if len(words) > 1 and len(first_words[words[0].casefold()]) == 1:
            candidates.append((_pattern(words[:1]), user_id, _is_unspaced(words[0][-1])))
    return candidates


def _pattern(words: list[str]) -> re.Pattern[str]:
    # Any run of spaces between the words: "@Amina  Yusuf" or a line break between them.
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def _is_word_char(char: str) -> bool:
    # Combining marks continue a word (Arabic vowel signs, decomposed accents).
    return char.isalnum() or unicodedata.category(char) in ("Mn", "Mc")


def _continues_address(char: str) -> bool:
    return _is_word_char(char) or char in _ADDRESS_PUNCTUATION


def _is_unspaced(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS)
