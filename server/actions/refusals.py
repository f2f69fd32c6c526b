"""An action's refusal: what was wrong, as a domain message with its code and parameters, and
the HTTP status that says what kind of wrong (403 not allowed, 404 no such thing, 409 the
state does not allow it, 422 what was asked is invalid)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from server.domain.catalogue import mismatch
from server.domain.messages import Message


class Refused(Exception):
    """Raised by an action that will not do what was asked; nothing it did is kept (it is
    raised before, or inside and so rolling back, its transaction)."""

    def __init__(
        self,
        status: int,
        message: Message,
        *,
        code: str | None = None,
        field: str | None = None,
        reasons: Sequence[Message] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message.text)
        if code is not None:
            # A wider code carries the message's params: it must be declared to take them.
            problem = mismatch(code, message.params)
            if problem is not None:
                raise TypeError(problem)
        self.status = status
        self.message = message
        self.code = code or message.code
        self.field = field
        self.reasons = tuple(reasons)
        self.headers = dict(headers or {})  # e.g. Retry-After beside a 429
