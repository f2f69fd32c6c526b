"""What happened, recorded once: the audit log's line is derived from the record."""

from __future__ import annotations

from datetime import UTC, datetime

from server.domain.happenings import Happened, What, audit_entry_of

AT = datetime(2027, 3, 1, 9, 30, tzinfo=UTC)


def test_a_step_is_its_own_audit_line() -> None:
    reopened = Happened(
        what=What.REOPEN,
        at=AT,
        actor_id=7,
        forum_id=1,
        statement_id=3,
        from_value="final",
        to_value="drafting",
        reason="A figure was wrong.",
    )
    line = audit_entry_of(reopened)
    assert line is not None
    assert (line.action, line.from_value, line.to_value, line.reason) == (
        "reopen",
        "final",
        "drafting",
        "A figure was wrong.",
    )
    assert (line.forum_id, line.statement_id, line.actor_id, line.at) == (1, 3, 7, AT)


def test_every_kind_has_a_stored_name_of_its_own() -> None:
    values = [what.value for what in What]
    assert len(values) == len(set(values))
    assert all(0 < len(value) <= 40 for value in values)  # the column's width
