"""The life of a statement: drafting, final, delivered; what blocks each step; the audit log.

    drafting --finalise--> final --deliver--> delivered
    drafting <--reopen---- final

Who may take a step is in ``server.domain.roles`` (``Transition.action``); whether the step
is allowed for this statement now is here, and how each step reads in the audit log the
caller records it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from server.domain.messages import Message
from server.domain.roles import Action, Role
from server.domain.threads import quoted
from server.domain.words import Limits, estimate_seconds, format_seconds

MAX_REASON_CHARACTERS: Final = 1000


class State(StrEnum):
    """Where a statement is in its life."""

    DRAFTING = "drafting"
    FINAL = "final"
    DELIVERED = "delivered"


class Transition(StrEnum):
    """A step from one state to another, taken by a moderator or facilitator."""

    FINALISE = "finalise"
    REOPEN = "reopen"
    DELIVER = "deliver"

    @property
    def from_state(self) -> State:
        """The state a statement must be in for this step."""
        return _STEPS[self][0]

    @property
    def to_state(self) -> State:
        """The state the statement is in after this step."""
        return _STEPS[self][1]

    @property
    def action(self) -> Action:
        """The action of the permission table that this step needs."""
        return _ACTIONS[self]


_STEPS: Final[dict[Transition, tuple[State, State]]] = {
    Transition.FINALISE: (State.DRAFTING, State.FINAL),
    Transition.REOPEN: (State.FINAL, State.DRAFTING),
    Transition.DELIVER: (State.FINAL, State.DELIVERED),
}

_ACTIONS: Final[dict[Transition, Action]] = {
    Transition.FINALISE: Action.FINALISE,
    Transition.REOPEN: Action.REOPEN,
    Transition.DELIVER: Action.MARK_DELIVERED,
}

# "Only a statement in drafting can be finalised; this one is final."
_A_STATEMENT: Final[dict[State, str]] = {
    State.DRAFTING: "a statement in drafting",
    State.FINAL: "a final statement",
    State.DELIVERED: "a delivered statement",
}
_THIS_ONE_IS: Final[dict[State, str]] = {
    State.DRAFTING: "in drafting",
    State.FINAL: "final",
    State.DELIVERED: "delivered",
}

_DONE: Final[dict[Transition, str]] = {
    Transition.FINALISE: "finalised",
    Transition.REOPEN: "reopened",
    Transition.DELIVER: "marked delivered",
}

_DID: Final[dict[Transition, str]] = {
    Transition.FINALISE: "finalised the statement",
    Transition.REOPEN: "reopened the statement",
    Transition.DELIVER: "marked the statement delivered",
}

_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must carry a time zone")


def format_moment(moment: datetime) -> str:
    """A time zone aware moment as "1 March 2025 at 14:05 UTC"; refuses a naive one."""
    _require_aware(moment, "moment")
    utc = moment.astimezone(UTC)
    return f"{utc.day} {_MONTHS[utc.month - 1]} {utc.year} at {utc:%H:%M} UTC"


def finalise_blockers(
    words: int,
    limits: Limits,
    open_disputes: int = 0,
    coalition_problems: Sequence[Message] = (),
    disputes: Sequence[Message] = (),
) -> list[Message]:
    """Why a statement of ``words`` words (the server's count) cannot be finalised yet.

    Takes the statement's limits, its number of open disputes and the coalition rules it
    does not meet (passed through); returns one message per reason, empty when nothing
    blocks. ``disputes`` names each open dispute (``threads.dispute_blockers``) and then
    stands for them instead of their count. Refuses a negative word or dispute count.
    """
    if words < 0:
        raise ValueError("words cannot be negative")
    if open_disputes < 0:
        raise ValueError("open_disputes cannot be negative")
    blockers: list[Message] = []
    if words > limits.words:
        blockers.append(
            Message(
                "over_word_limit",
                f"The statement has {words} words; the limit is {limits.words}.",
                {"words": words, "limit": limits.words},
            )
        )
    if words * 60 > limits.seconds * limits.speaking_rate:
        seconds = estimate_seconds(words, limits.speaking_rate)
        blockers.append(
            Message(
                "over_time_limit",
                f"It takes {format_seconds(seconds)} to read; "
                f"the limit is {format_seconds(limits.seconds)}.",
                {"seconds": seconds, "limit_seconds": limits.seconds},
            )
        )
    blockers.extend(disputes)
    if open_disputes and not disputes:
        text = (
            "1 dispute is still open."
            if open_disputes == 1
            else f"{open_disputes} disputes are still open."
        )
        blockers.append(Message("disputes_open", text, {"count": open_disputes}))
    blockers.extend(coalition_problems)
    return blockers


def transition_refusal(
    state: State,
    transition: Transition,
    *,
    blockers: Sequence[Message] = (),
    reason: str | None = None,
) -> Message | None:
    """Whether a statement in ``state`` may take ``transition``: None if so, else why not.

    Takes the ``finalise_blockers`` (they refuse finalising only) and the person's reason;
    refuses a step from the wrong state, finalising while anything blocks (the refusal's
    text names each blocker; the caller passes them on as reasons), reopening without a
    reason, and a reason longer than ``MAX_REASON_CHARACTERS``.
    """
    if state != transition.from_state:
        return Message(
            "wrong_state",
            f"Only {_A_STATEMENT[transition.from_state]} can be {_DONE[transition]}; "
            f"this one is {_THIS_ONE_IS[state]}.",
            {"state": state.value, "transition": transition.value},
        )
    if transition == Transition.FINALISE and blockers:
        return Message(
            "cannot_finalise",
            " ".join(["It cannot be finalised yet.", *(b.text for b in blockers)]),
            {"blockers": len(blockers)},
        )
    if transition == Transition.REOPEN and not (reason or "").strip():
        return Message(
            "reason_needed",
            "Say why the statement is reopened; the drafting group will see the reason.",
        )
    if reason is not None and len(reason.strip()) > MAX_REASON_CHARACTERS:
        return Message(
            "reason_too_long",
            f"Keep the reason within {MAX_REASON_CHARACTERS} characters.",
            {"max": MAX_REASON_CHARACTERS},
        )
    return None


def is_read_only(state: State, role: Role | None) -> bool:
    """Whether a statement in ``state`` is read-only for a person with ``role`` (None: no role).

    Final and delivered statements are read-only for everyone, observers and people
    without a role always. False means only that the state allows writing: whether this
    person writes this statement is ``roles.may(..., Action.EDIT_TEXT, ...)``.
    """
    return state != State.DRAFTING or role is None or role == Role.OBSERVER


def read_only_reason(state: State) -> Message:
    """What an editor opened read-only is told: the statement's state says why, when it is
    final or delivered; otherwise the reader may not write it."""
    if state == State.FINAL:
        return Message("read_only_final", "This statement is final; it is read-only for everyone.")
    if state == State.DELIVERED:
        return Message(
            "read_only_delivered",
            "This statement has been delivered; it is read-only for everyone.",
        )
    return Message("read_only_for_you", "This statement is read-only for you.")


def step_read_only_reason(transition: Transition, who: str) -> Message:
    """What editors writing a statement are told when `who` takes a step that locks it."""
    if transition == Transition.FINALISE:
        return Message(
            "finalised_by", f"{who} finalised this statement; it is read-only now.", {"name": who}
        )
    return Message(
        "delivered_by",
        f"{who} marked this statement delivered; it is read-only now.",
        {"name": who},
    )


def is_outstanding(state: State, drafting_closes_at: datetime | None, now: datetime) -> bool:
    """Whether a statement is outstanding: not yet final once drafting has closed.

    Takes the forum session's drafting deadline (None: no deadline, never outstanding) and
    the time now; drafting is closed from the deadline on. Refuses naive datetimes.
    """
    _require_aware(now, "now")
    if drafting_closes_at is None:
        return False
    _require_aware(drafting_closes_at, "drafting_closes_at")
    return state == State.DRAFTING and now >= drafting_closes_at


__all__ = [
    "MAX_REASON_CHARACTERS",
    "State",
    "Transition",
    "describe_step",
    "finalise_blockers",
    "format_moment",
    "is_outstanding",
    "is_read_only",
    "step_read_only_reason",
    "transition_refusal",
]


_OTHER_STEPS: Final[dict[str, str]] = {
    "create": "started the statement",
    "role": "changed the role of {subject}",
    "join": "added {subject} to the drafting group",
    "leave": "removed {subject} from the drafting group",
    "guide": "made {subject} a guiding moderator",
    "unguide": "removed {subject} as guiding moderator",
    "review": "made {subject} a reviewer",
    "unreview": "removed {subject} as reviewer",
    # The organisation's name is the entry's reason, so the sentence ends with it.
    "grant_signing": "gave {subject} the right to sign for an organisation",
    "withdraw_signing": "took away {subject}'s right to sign for an organisation",
}


def describe_step(
    action: str,
    at: datetime,
    *,
    actor_name: str | None,
    from_value: str | None = None,
    to_value: str | None = None,
    subject_name: str | None = None,
    reason: str | None = None,
) -> str:
    """Any line of the audit log as a sentence: a transition, the
    start of a statement, a change of who holds which role or place, or a change the threads
    made (a suggestion accepted, a dispute opened, claimed or decided)."""
    who = actor_name.strip() if actor_name and actor_name.strip() else "Someone"
    if action in _THREAD_STEPS:
        return _describe_thread_step(action, who, at, from_value, to_value, reason)
    if action in Transition.__members__.values():
        done = _DID[Transition(action)]
    else:
        done = _OTHER_STEPS.get(action, action).format(subject=subject_name or "someone")
    sentence = f"{who} {done} on {format_moment(at)}"
    if from_value and to_value:
        sentence += f" ({from_value} → {to_value})"
    elif to_value and action == "role":
        sentence += f" (now {to_value})"
    text = (reason or "").strip()
    return f"{sentence}: “{text}”" if text else f"{sentence}."


# What the threads write to the log. `from_value` holds the passage as it was, `to_value` the
# wording put in its place (None: the text was kept), `reason` the dispute's reason or the
# Steering Group's decision.
_THREAD_STEPS: Final[dict[str, str]] = {
    "suggestion_accepted": "accepted a suggestion",
    "dispute_opened": "opened a dispute about “{quote}”",
    "dispute_claimed": "claimed the dispute about “{quote}”",
    "dispute_released": "released the claim on the dispute about “{quote}”",
    "dispute_decided": "decided the dispute about “{quote}”",
}


def _describe_thread_step(
    action: str,
    who: str,
    at: datetime,
    passage: str | None,
    wording: str | None,
    reason: str | None,
) -> str:
    quote = quoted(passage or "")
    sentence = f"{who} {_THREAD_STEPS[action].format(quote=quote)} on {format_moment(at)}"
    if action == "suggestion_accepted":
        sentence += (
            f", replacing “{quote}” with “{quoted(wording)}”"
            if wording
            else f", deleting “{quote}”"
        )
    elif action == "dispute_decided":
        if wording is None:
            sentence += ", keeping the text"
        elif wording:
            sentence += f", replacing it with “{quoted(wording)}”"
        else:
            sentence += ", deleting the passage"
    text = (reason or "").strip()
    return f"{sentence}: “{text}”" if text else f"{sentence}."
