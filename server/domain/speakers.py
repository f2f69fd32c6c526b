"""Who should deliver a statement: the volunteers ranked, each with the reasons in words.

The source documents give the priority: members of the drafting group, then nationals of the
country, then those engaged in its national process; and across a forum, a diversity of
constituencies among its speakers. The ranking only advises: a moderator confirms.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from server.domain.messages import Message
from server.domain.organisations import constituency_label


@dataclass(frozen=True)
class Candidate:
    """A volunteer as the ranking sees them. `is_national` and `in_national_process` are None
    when the volunteer chose not to say (counted as no). `constituencies` are those of their
    organisations."""

    user_id: int
    name: str
    is_member: bool
    is_national: bool | None
    in_national_process: bool | None
    constituencies: frozenset[str]
    volunteered_at: datetime


@dataclass(frozen=True)
class RankedCandidate:
    """A candidate, their place (1 first) and why they are there (constituencies by their
    codes in the params, by their names in the text)."""

    candidate: Candidate
    position: int
    brings_new_constituency: bool
    explanation: Message


def _brings_new(candidate: Candidate, confirmed: Collection[str]) -> bool:
    return bool(candidate.constituencies - set(confirmed))


def _explain(candidate: Candidate, position: int, brings_new: bool, new: Sequence[str]) -> Message:
    reasons = [
        "in the drafting group" if candidate.is_member else "not in the drafting group",
        "a national of the country" if candidate.is_national else "not known as a national",
        "engaged in its national process"
        if candidate.in_national_process
        else "not known to be engaged in its national process",
        "brings a constituency not yet among the forum's speakers "
        f"({', '.join(constituency_label(code) for code in new)})"
        if brings_new
        else "no constituency new among the forum's speakers",
    ]
    return Message(
        "speaker_ranked",
        f"{position}. {candidate.name}: " + "; ".join(reasons) + "; then by time of volunteering.",
        {
            "position": position,
            "name": candidate.name,
            "in_group": int(candidate.is_member),
            "national": int(bool(candidate.is_national)),
            "national_process": int(bool(candidate.in_national_process)),
            "new_constituency": int(brings_new),
            "constituencies": ", ".join(new),
        },
    )


def rank_speakers(
    candidates: Sequence[Candidate], confirmed_constituencies: Collection[str]
) -> list[RankedCandidate]:
    """The candidates best first, each explained. Priority, in order: in the drafting group,
    a national, engaged in the national process, bringing a constituency not yet among the
    forum's confirmed speakers (`confirmed_constituencies`); ties by who volunteered first."""

    def key(c: Candidate) -> tuple[bool, bool, bool, bool, datetime, int]:
        return (
            not c.is_member,
            not c.is_national,
            not c.in_national_process,
            not _brings_new(c, confirmed_constituencies),
            c.volunteered_at,
            c.user_id,
        )

    ranked = []
    for position, c in enumerate(sorted(candidates, key=key), start=1):
        new = sorted(c.constituencies - set(confirmed_constituencies))
        brings = bool(new)
        ranked.append(RankedCandidate(c, position, brings, _explain(c, position, brings, new)))
    return ranked


# Refusals the speaker routes give, in words a volunteer or moderator acts on.
def rules_changed(current: int) -> Message:
    return Message(
        "speaker_rules_changed",
        f"The rules for speakers are now at version {current}: read them and accept them again.",
        {"version": current},
    )


NO_RULES = Message(
    "no_speaker_rules",
    "The facilitators have not written the rules for speakers of this forum yet; volunteer "
    "once they have.",
)
MAY_NOT_VOLUNTEER = Message(
    "may_not_volunteer", "Only members of the drafting group volunteer to deliver its statement."
)
NOT_A_VOLUNTEER = Message("not_a_volunteer", "You have not volunteered for this statement.")
MAY_NOT_CONFIRM = Message(
    "may_not_confirm_speaker", "The Steering Group confirms who delivers a statement."
)
SAME_SPEAKER_AND_BACKUP = Message(
    "speaker_is_backup", "The speaker and the backup must be two different people."
)
DELIVERED = Message(
    "statement_delivered", "The statement has been delivered: its speaker stays as it was."
)


def not_volunteering(user_id: int, field: str) -> Message:
    return Message(
        "not_volunteering",
        f"The {field} must be one of the statement's current volunteers.",
        {"user_id": user_id, "field": field},
    )
