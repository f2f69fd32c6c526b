"""The life of a statement: its steps, what blocks them, read-only and outstanding, the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from server.domain.lifecycle import (
    MAX_REASON_CHARACTERS,
    State,
    Transition,
    finalise_blockers,
    format_moment,
    is_outstanding,
    is_read_only,
    transition_refusal,
)
from server.domain.messages import Message
from server.domain.roles import Action, Role
from server.domain.words import Limits

DEFAULT = Limits()
DEADLINE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_steps_go_between_the_right_states() -> None:
    assert (Transition.FINALISE.from_state, Transition.FINALISE.to_state) == (
        State.DRAFTING,
        State.FINAL,
    )
    assert (Transition.REOPEN.from_state, Transition.REOPEN.to_state) == (
        State.FINAL,
        State.DRAFTING,
    )
    assert (Transition.DELIVER.from_state, Transition.DELIVER.to_state) == (
        State.FINAL,
        State.DELIVERED,
    )


def texts(messages: list[Message]) -> list[str]:
    return [m.text for m in messages]


def text_of(message: Message | None) -> str | None:
    return None if message is None else message.text


def test_each_step_names_the_action_it_needs() -> None:
    assert Transition.FINALISE.action is Action.FINALISE
    assert Transition.REOPEN.action is Action.REOPEN
    assert Transition.DELIVER.action is Action.MARK_DELIVERED


def test_nothing_blocks_a_statement_within_the_limits() -> None:
    assert finalise_blockers(0, DEFAULT) == []
    assert finalise_blockers(300, DEFAULT) == []


def test_too_many_words_blocks_with_the_count_and_the_limit() -> None:
    blockers = finalise_blockers(312, DEFAULT)
    assert [b.text for b in blockers] == [
        "The statement has 312 words; the limit is 300.",
        "It takes 2:05 to read; the limit is 2:00.",
    ]
    # A page says them in the reader's language from the code and the values.
    assert [(b.code, dict(b.params)) for b in blockers] == [
        ("over_word_limit", {"words": 312, "limit": 300}),
        ("over_time_limit", {"seconds": 125, "limit_seconds": 120}),
    ]


def test_speaking_time_alone_can_block() -> None:
    limits = Limits(words=300, seconds=60, speaking_rate=150)  # 60 s hold 150 words
    assert finalise_blockers(150, limits) == []
    assert texts(finalise_blockers(151, limits)) == ["It takes 1:01 to read; the limit is 1:00."]


def test_word_limit_alone_can_block() -> None:
    limits = Limits(words=100, seconds=120, speaking_rate=150)
    assert texts(finalise_blockers(101, limits)) == [
        "The statement has 101 words; the limit is 100."
    ]


def test_open_disputes_and_coalition_problems_block() -> None:
    assert texts(finalise_blockers(100, DEFAULT, open_disputes=1)) == ["1 dispute is still open."]
    asia = Message(
        "coalition_regions", "No member from Asia has signed.", {"needed": 3, "have": 2, "more": 1}
    )
    blockers = finalise_blockers(100, DEFAULT, open_disputes=2, coalition_problems=[asia])
    assert texts(blockers) == ["2 disputes are still open.", "No member from Asia has signed."]
    assert blockers[0].code == "disputes_open" and blockers[0].params == {"count": 2}
    assert blockers[1] is asia


def test_blockers_refuse_negative_counts() -> None:
    with pytest.raises(ValueError):
        finalise_blockers(-1, DEFAULT)
    with pytest.raises(ValueError):
        finalise_blockers(10, DEFAULT, open_disputes=-1)


def test_finalising_a_drafting_statement_without_blockers_is_allowed() -> None:
    assert transition_refusal(State.DRAFTING, Transition.FINALISE) is None


def test_finalising_with_blockers_lists_them() -> None:
    refusal = transition_refusal(
        State.DRAFTING,
        Transition.FINALISE,
        blockers=finalise_blockers(312, DEFAULT),
    )
    assert refusal is not None and refusal.code == "cannot_finalise"
    assert refusal.text == (
        "It cannot be finalised yet. The statement has 312 words; the limit is 300. "
        "It takes 2:05 to read; the limit is 2:00."
    )


def test_finalising_needs_drafting() -> None:
    refusal = transition_refusal(State.FINAL, Transition.FINALISE)
    assert refusal == Message(
        "wrong_state",
        "Only a statement in drafting can be finalised; this one is final.",
        {"state": "final", "transition": "finalise"},
    )
    assert transition_refusal(State.DELIVERED, Transition.FINALISE) is not None


def test_delivering_needs_final() -> None:
    assert transition_refusal(State.FINAL, Transition.DELIVER) is None
    assert text_of(transition_refusal(State.DRAFTING, Transition.DELIVER)) == (
        "Only a final statement can be marked delivered; this one is in drafting."
    )
    assert transition_refusal(State.DELIVERED, Transition.DELIVER) is not None


def test_reopening_needs_a_reason() -> None:
    assert transition_refusal(State.FINAL, Transition.REOPEN, reason="Figures changed.") is None
    for blank in (None, "", "   \n"):
        refusal = transition_refusal(State.FINAL, Transition.REOPEN, reason=blank)
        assert refusal is not None and refusal.code == "reason_needed"
        assert refusal.text == (
            "Say why the statement is reopened; the drafting group will see the reason."
        )


def test_a_delivered_statement_cannot_be_reopened() -> None:
    assert text_of(transition_refusal(State.DELIVERED, Transition.REOPEN, reason="Typo.")) == (
        "Only a final statement can be reopened; this one is delivered."
    )


def test_blockers_do_not_stop_reopening_or_delivering() -> None:
    blockers = finalise_blockers(0, DEFAULT, open_disputes=1)
    assert transition_refusal(State.FINAL, Transition.REOPEN, blockers=blockers, reason="x") is None
    assert transition_refusal(State.FINAL, Transition.DELIVER, blockers=blockers) is None


def test_an_overlong_reason_is_refused() -> None:
    reason = "a" * (MAX_REASON_CHARACTERS + 1)
    assert transition_refusal(State.FINAL, Transition.REOPEN, reason=reason) == Message(
        "reason_too_long",
        f"Keep the reason within {MAX_REASON_CHARACTERS} characters.",
        {"max": MAX_REASON_CHARACTERS},
    )
    fits = "a" * MAX_REASON_CHARACTERS
    assert transition_refusal(State.FINAL, Transition.REOPEN, reason=fits) is None


def test_final_and_delivered_statements_are_read_only_for_everyone() -> None:
    for role in (*Role, None):
        assert is_read_only(State.FINAL, role)
        assert is_read_only(State.DELIVERED, role)


def test_observers_and_people_without_a_role_always_read_only() -> None:
    assert is_read_only(State.DRAFTING, Role.OBSERVER)
    assert is_read_only(State.DRAFTING, None)


def test_drafting_statements_are_writable_for_the_writing_roles() -> None:
    for role in (Role.CONTRIBUTOR, Role.MODERATOR, Role.FACILITATOR):
        assert not is_read_only(State.DRAFTING, role)


def test_drafting_statement_is_outstanding_from_the_deadline_on() -> None:
    assert not is_outstanding(State.DRAFTING, DEADLINE, DEADLINE - timedelta(seconds=1))
    assert is_outstanding(State.DRAFTING, DEADLINE, DEADLINE)
    assert is_outstanding(State.DRAFTING, DEADLINE, DEADLINE + timedelta(days=1))


def test_final_and_delivered_statements_are_never_outstanding() -> None:
    later = DEADLINE + timedelta(hours=1)
    assert not is_outstanding(State.FINAL, DEADLINE, later)
    assert not is_outstanding(State.DELIVERED, DEADLINE, later)


def test_no_deadline_means_never_outstanding() -> None:
    assert not is_outstanding(State.DRAFTING, None, DEADLINE)


def test_outstanding_compares_across_time_zones() -> None:
    geneva = timezone(timedelta(hours=1))
    assert is_outstanding(State.DRAFTING, DEADLINE, datetime(2025, 3, 1, 13, 0, tzinfo=geneva))
    assert not is_outstanding(State.DRAFTING, DEADLINE, datetime(2025, 3, 1, 12, 59, tzinfo=geneva))


def test_outstanding_refuses_naive_times() -> None:
    with pytest.raises(ValueError):
        is_outstanding(State.DRAFTING, DEADLINE, datetime(2025, 3, 1, 12, 0))
    with pytest.raises(ValueError):
        is_outstanding(State.DRAFTING, datetime(2025, 3, 1, 12, 0), DEADLINE)


def test_moments_read_in_utc() -> None:
    geneva = timezone(timedelta(hours=1))
    assert format_moment(datetime(2025, 3, 1, 15, 5, tzinfo=geneva)) == (
        "1 March 2025 at 14:05 UTC"
    )
