"""The one word-counting rule of Chorus, and the speaking-time limit built on it.

The same rule is implemented in the client (``client/src/limit``); both are pinned by the
shared vectors in ``schemas/word_count_vectors.json``. Change them together.

Rule: count the words of the *rendered* text, so Markdown syntax does not count. A word is
a run of non-space characters holding at least one letter or digit (Unicode category L* or
N*). Each CJK ideograph or kana counts as one word on its own; inside a run, those
characters split the rest of the run into segments, and each segment holding a letter or
digit counts once more ("GDP增长5%" is 4 words).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Built once: parsing runs on every change of the statement.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

# str.split() already breaks on every character for which str.isspace() is true (including
# U+00A0, U+202F and U+3000). Zero width space breaks words too (Thai, Khmer), and a stray
# byte order mark is ignored. ZWJ, ZWNJ and the word joiner stay inside words.
_EXTRA_SEPARATORS = str.maketrans({"\u200b": " ", "\ufeff": " "})

# ASCII text (the common case) needs no per-character work: in ASCII, the letters and
# digits are exactly [A-Za-z0-9], and ``\s`` matches what str.isspace() accepts. A match
# starts at the beginning of a run holding a letter or digit and extends to its end.
_ASCII_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_ASCII_WORD = re.compile(r"(?<!\S)\S*?[A-Za-z0-9]\S*")

# Code point ranges whose letters and digits are each one word (ideographs and kana).
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3005, 0x3005),  # ideographic iteration mark
    (0x3007, 0x3007),  # ideographic number zero
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFF66, 0xFF9F),  # Halfwidth Katakana
    (0x20000, 0x2FA1F),  # Extensions B and beyond, Compatibility Ideographs Supplement
)
_CJK_MIN = 0x3005

_BLOCK_SEPARATOR = "\n"
_BREAK = " "


def _is_letter_or_digit(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _is_cjk_word(ch: str) -> bool:
    """True for an ideograph or kana: a letter or digit inside one of the CJK ranges.

    Punctuation and marks in those blocks (U+30FB katakana middle dot, U+3099 combining
    voiced sound mark, ...) are ordinary characters, not words of their own.
    """
    cp = ord(ch)
    if cp < _CJK_MIN:
        return False
    for low, high in _CJK_RANGES:
        if low <= cp <= high:
            return _is_letter_or_digit(ch)
    return False


def _count_run(run: str) -> int:
    """Words in one non-ASCII run of non-space characters."""
    words = 0
    segment_has_word = False
    for ch in run:
        if _is_cjk_word(ch):
            words += 1
            if segment_has_word:
                words += 1
                segment_has_word = False
        elif not segment_has_word and _is_letter_or_digit(ch):
            segment_has_word = True
    if segment_has_word:
        words += 1
    return words


def _count_plain_words(text: str) -> int:
    """Words in already rendered text (no Markdown parsing)."""
    if text.isascii():
        return len(_ASCII_WORD.findall(text))
    words = 0
    has_ascii_letter_or_digit = _ASCII_LETTER_OR_DIGIT.search
    for run in text.translate(_EXTRA_SEPARATORS).split():
        if run.isascii():
            if has_ascii_letter_or_digit(run):
                words += 1
        else:
            words += _count_run(run)
    return words


def _collect_inline(children: Sequence[Token], parts: list[str]) -> None:
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(_BREAK)
        elif kind == "image" and child.children:
            parts.append(_BREAK)
            _collect_inline(child.children, parts)
            parts.append(_BREAK)


def rendered_text(markdown: str) -> str:
    """The text a reader sees once the Markdown is rendered, blocks separated by newlines.

    Link destinations, image titles and code fence info strings are not part of it. Word
    counting and the text a signature binds to (``cosigning``) both read this.
    """
    parts: list[str] = []
    for token in _MARKDOWN.parse(markdown):
        kind = token.type
        if kind == "inline":
            if token.children:
                _collect_inline(token.children, parts)
        elif kind in ("fence", "code_block"):
            parts.append(token.content)
        parts.append(_BLOCK_SEPARATOR)
    return "".join(parts)


def count_words(markdown: str) -> int:
    """Words of the statement as a reader sees it once the Markdown is rendered."""
    return _count_words_cached(markdown)


# The guard counts the text before and after each change, and "before" is usually the
# previous "after": a small cache halves the parsing work.
@functools.lru_cache(maxsize=32)
def _count_words_cached(markdown: str) -> int:
    return _count_plain_words(rendered_text(markdown))


@dataclass(frozen=True)
class Limits:
    """The limits of a statement: a word cap and a speaking-time cap."""

    words: int = 300
    seconds: int = 120
    speaking_rate: int = 150  # words a minute


def estimate_seconds(words: int, speaking_rate: int) -> int:
    """Seconds needed to deliver ``words`` at ``speaking_rate`` words a minute, rounded up."""
    if speaking_rate <= 0:
        raise ValueError("speaking_rate must be positive")
    return -(-words * 60 // speaking_rate)


def _time_limit_words(limits: Limits) -> int:
    """The most words that fit in the time limit at the speaking rate."""
    return limits.seconds * limits.speaking_rate // 60


@dataclass(frozen=True)
class LimitStatus:
    """Where a statement stands against its limits."""

    words: int
    seconds: int
    words_left: int  # before the binding limit; negative when over
    over_limit: bool
    near_limit: bool

    @property
    def over_by(self) -> int:
        """Words to delete to get back within the limits (0 when not over)."""
        return -self.words_left if self.over_limit else 0


def limit_status(words: int, limits: Limits) -> LimitStatus:
    """Compare a word count with the limits (integer arithmetic only)."""
    rate = limits.speaking_rate
    seconds = estimate_seconds(words, rate)
    over_words = words > limits.words
    over_time = words * 60 > limits.seconds * rate
    over = over_words or over_time
    near_words = words * 10 >= limits.words * 9
    near_time = words * 60 * 10 >= limits.seconds * rate * 9
    near = not over and (near_words or near_time)
    words_left = min(limits.words - words, _time_limit_words(limits) - words)
    return LimitStatus(
        words=words,
        seconds=seconds,
        words_left=words_left,
        over_limit=over,
        near_limit=near,
    )


def format_seconds(seconds: int) -> str:
    """Seconds as ``m:ss`` (85 -> "1:25", 120 -> "2:00")."""
    sign = "-" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{rest:02d}"


__all__ = [
    "LimitStatus",
    "Limits",
    "count_words",
    "estimate_seconds",
    "format_seconds",
    "limit_status",
    "rendered_text",
]
