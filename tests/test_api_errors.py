"""ApiError: every refusal carries a stable code beside its English.

Routes cannot forget the code: `message` as text needs a keyword-only `code`, and mypy (strict
for server/) refuses a call without it, so no test walks the routes for it. The checks here
are for what mypy does not see: a call from unchecked code, and how a Message's code and
params combine with a wider code.
"""

from __future__ import annotations

import pytest

from server.api.errors import ApiError
from server.domain.messages import Message


def test_english_text_without_a_code_is_refused() -> None:
    with pytest.raises(TypeError):
        ApiError(404, "There is no forum 9.")  # type: ignore[call-overload]


def test_a_message_gives_its_code_and_params() -> None:
    error = ApiError(404, Message("no_such_forum", "There is no forum 9.", {"id": 9}))
    assert (error.code, error.detail, error.params) == (
        "no_such_forum",
        "There is no forum 9.",
        {"id": 9},
    )


def test_a_wider_code_keeps_the_messages_params_and_adds_its_own() -> None:
    wait = Message("retry_in_minutes", "Too many attempts. Try again in 3 min.", {"minutes": 3})
    error = ApiError(429, wait, code="too_many_attempts", params={"seconds": 150}, reasons=[wait])
    assert (error.code, error.params, error.reasons) == (
        "too_many_attempts",
        {"minutes": 3, "seconds": 150},
        [wait],
    )
