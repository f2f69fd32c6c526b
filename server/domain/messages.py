"""Sentences a person reads, with a stable code and the values in them.

Pages will be offered in French and Spanish: a page that knows a message's code can say it in
the reader's language from its parameters, and falls back to the English `text` otherwise.
Codes are part of the wire contract; never reuse one for a different sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Param = str | int


@dataclass(frozen=True)
class Message:
    """One sentence: its stable `code`, the English `text`, and the `params` the text holds."""

    code: str
    text: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


def joined(messages: list[Message]) -> str:
    """Several messages as one English paragraph."""
    return " ".join(m.text for m in messages)
