"""Sentences a person reads, with a stable code and the values in them.

Pages will be offered in French and Spanish: a page that knows a message's code can say it in
the reader's language from its parameters, and falls back to the English `text` otherwise.
Codes are part of the wire contract; never reuse one for a different sentence. Each is
declared once, with its params, in `server.domain.catalogue`; a message is checked against it
when it is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from server.domain.catalogue import CATALOGUE, is_plain, mismatch

Param = str | int


@dataclass(frozen=True)
class Message:
    """One sentence: its stable `code`, the English `text`, and the `params` the text holds."""

    code: str
    text: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # An undeclared code, or params other than its declared ones, is a bug of the caller:
        # the page translating it would have no sentence for it.
        problem = mismatch(self.code, self.params)
        if problem is not None:
            raise TypeError(problem)

    def __str__(self) -> str:
        return self.text


def joined(messages: list[Message]) -> str:
    """Several messages as one English paragraph."""
    return " ".join(m.text for m in messages)


def say(code: str, **params: Param) -> Message:
    """The message `code` with `params`, its English made from the catalogue's template.

    Only for a code whose template is plain substitution; one with a plural or a select is
    built where its sentence is made, as a `Message` with its English."""
    if code in CATALOGUE and not is_plain(code):
        raise TypeError(f"{code!r} has a plural or select: build its English where it is made")
    problem = mismatch(code, params)
    if problem is not None:
        raise TypeError(problem)
    return Message(code, CATALOGUE[code].template.format(**params), params)
