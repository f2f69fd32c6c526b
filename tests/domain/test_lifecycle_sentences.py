"""Audit log lines as sentences (server/domain/lifecycle.describe_step)."""

from __future__ import annotations

from datetime import UTC, datetime

from server.domain.lifecycle import State, describe_step, read_only_reason

AT = datetime(2027, 6, 1, 9, 30, tzinfo=UTC)


def test_transitions_name_the_states_and_the_reason() -> None:
    line = describe_step(
        "reopen",
        AT,
        actor_name="Sofía Ramírez",
        from_value="final",
        to_value="drafting",
        reason="Shorter, please.",
    )
    assert line == (
        "Sofía Ramírez reopened the statement on 1 June 2027 at 09:30 UTC "
        "(final → drafting): “Shorter, please.”"
    )


def test_changes_of_people_name_whom_they_concern() -> None:
    joined = describe_step("join", AT, actor_name="Ingrid", subject_name="Thiago")
    assert joined == "Ingrid added Thiago to the drafting group on 1 June 2027 at 09:30 UTC."
    role = describe_step("role", AT, actor_name=None, subject_name="Thiago", to_value="observer")
    assert role == "Someone changed the role of Thiago on 1 June 2027 at 09:30 UTC (now observer)."


def test_an_editor_opened_read_only_is_told_why_by_the_state() -> None:
    final = read_only_reason(State.FINAL)
    assert (final.code, final.text) == (
        "read_only_final",
        "This statement is final; it is read-only for everyone.",
    )
    assert "delivered" in read_only_reason(State.DELIVERED).text
    assert read_only_reason(State.DRAFTING).text == "This statement is read-only for you."
