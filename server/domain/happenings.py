"""What happened: one record per thing a person did, written once, in the action's transaction.

Every action of the application layer (`server/actions/`) ends by recording what it did as a
`Happened`: who acted, when, on which forum, statement, person or thread, and the values that
say what changed. The audit log's entry, the `/ws/events` events and the notices are all
derived from that one record (`audit_entry_of` here; the events and notices in the actions'
`announcing` module), so nothing is told that was not recorded, and whatever reads the records
later (email, history's attribution of server edits) reads the same thing.

Pure: values in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Final


class What(StrEnum):
    """The kinds of thing a person does that are recorded. The value is stored; never reuse
    one for something else."""

    FINALISE = "finalise"
    REOPEN = "reopen"
    DELIVER = "deliver"
    # signatures and organisations: signing for one, withdrawing it; granting and
    # withdrawing the right to sign for one (audited in each forum of its holder)
    SIGN = "sign"
    WITHDRAW_SIGNATURE = "withdraw_signature"
    GRANT_SIGNING = "grant_signing"
    WITHDRAW_SIGNING = "withdraw_signing"
    # speakers: volunteering, withdrawing, confirming; the forum's rules for speakers
    VOLUNTEER = "volunteer"
    WITHDRAW_VOLUNTEERING = "withdraw_volunteering"
    CONFIRM_SPEAKERS = "confirm_speakers"
    WRITE_SPEAKER_RULES = "write_speaker_rules"
    # people in forums and statements: roles, drafting groups, guides, reviewers, invitations,
    # the forum itself and its joint statements
    ROLE = "role"
    JOIN = "join"
    LEAVE = "leave"
    GUIDE = "guide"
    UNGUIDE = "unguide"
    REVIEW = "review"
    UNREVIEW = "unreview"
    INVITE = "invite"
    CREATE_FORUM = "create_forum"
    CHANGE_FORUM_SETTINGS = "change_forum_settings"
    ADD_FORUM_SESSION = "add_session"  # the stored name of the kind
    CREATE_STATEMENT = "create"  # a statement made (a session's country, a joint statement)
    START_JOINT_STATEMENT = "start_joint_statement"
    # threads and disputes: comments, replies, suggestions settled, resolving and reopening;
    # disputes opened (escalated or directly), claimed, released and decided
    START_THREAD = "start_thread"
    REPLY = "reply"
    SUGGESTION_ACCEPTED = "suggestion_accepted"
    DECLINE_SUGGESTION = "decline_suggestion"
    RESOLVE_THREAD = "resolve_thread"
    REOPEN_THREAD = "reopen_thread"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_CLAIMED = "dispute_claimed"
    DISPUTE_RELEASED = "dispute_released"
    DISPUTE_DECIDED = "dispute_decided"


# The kinds whose record is also a line of the audit log, under the same action name.
_AUDITED: Final = frozenset(
    {What.CREATE_STATEMENT, What.FINALISE, What.REOPEN, What.DELIVER}
    # people in forums and statements
    | {What.ROLE, What.JOIN, What.LEAVE, What.GUIDE, What.UNGUIDE, What.REVIEW, What.UNREVIEW}
    # signing rights
    | {What.GRANT_SIGNING, What.WITHDRAW_SIGNING}
    # threads and disputes
    | {What.SUGGESTION_ACCEPTED, What.DISPUTE_OPENED, What.DISPUTE_CLAIMED}
    | {What.DISPUTE_RELEASED, What.DISPUTE_DECIDED}
)


@dataclass(frozen=True)
class Happened:
    """One thing a person did. `actor_id` is who acted (None: the server itself, or a person
    since erased); `subject_id` whom it was done to (a role given, a place taken away);
    `from_value` / `to_value` what changed (a state, a role, a passage and its wording);
    `reason` why, in their words; `details` anything else the kind needs, as short text."""

    what: What
    at: datetime
    actor_id: int | None
    forum_id: int
    statement_id: int | None = None
    subject_id: int | None = None
    thread_id: int | None = None
    from_value: str | None = None
    to_value: str | None = None
    reason: str | None = None
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditLine:
    """The audit log's line for a record: the columns of `audit_log`."""

    forum_id: int
    statement_id: int | None
    actor_id: int | None
    subject_id: int | None
    at: datetime
    action: str
    from_value: str | None
    to_value: str | None
    reason: str | None


# A signing right holds in every forum of its holder: its record names them all in
# `details` under this key (ids, comma-separated), and the log has its line in each.
SIGNER_FORUMS: Final = "signer_forums"


def audit_entries_of(happened: Happened) -> list[AuditLine]:
    """The audit log's lines for `happened`: one for most kinds it keeps, one per forum named
    under `SIGNER_FORUMS`, none for a kind it does not keep."""
    line = audit_entry_of(happened)
    if line is None:
        return []
    forums = happened.details.get(SIGNER_FORUMS)
    if forums is None:
        return [line]
    return [replace(line, forum_id=int(fid)) for fid in forums.split(",")]


def audit_entry_of(happened: Happened) -> AuditLine | None:
    """The audit log's line for `happened`, or None for a kind the log does not keep."""
    if happened.what not in _AUDITED:
        return None
    return AuditLine(
        forum_id=happened.forum_id,
        statement_id=happened.statement_id,
        actor_id=happened.actor_id,
        subject_id=happened.subject_id,
        at=happened.at,
        action=happened.what.value,
        from_value=happened.from_value,
        to_value=happened.to_value,
        reason=happened.reason,
    )
