"""Which way a statement's language is written: the editor sets the text's direction from
it."""

from __future__ import annotations

from typing import Final

# Primary subtags of the right-to-left languages a forum may write in.
RIGHT_TO_LEFT: Final = frozenset({"ar", "he", "fa", "ur"})


def is_right_to_left(language: str) -> bool:
    """Whether a language tag (such as "ar" or "ar-EG") is written right to left; its primary
    subtag decides."""
    return language.split("-")[0] in RIGHT_TO_LEFT
