"""Comment threads, suggestions and disputes: their states, the moves between them, and what a
person may write in them.

    comment:    open <--resolve/reopen--> resolved
    suggestion: pending --accept--> accepted      (only on an open comment, statement drafting)
                pending --decline-> declined
    escalate:   open comment --> open dispute     (the group cannot settle it)
    dispute:    open --claim--> open, claimed --decide (by the claimer)--> decided
                open, claimed --release (the claimer, or a facilitator with a reason)--> open

A statement's threads are bounded (the MAX_ values below): open threads per person and in all,
replies per thread, people mentioned per message; a flood of them would make every reader of
the statement fetch and resolve them all.

Each refusal is a `Message` with a stable code; the routes send it with the status the code
stands for. Nothing here reads a clock or a store: callers pass the facts in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from server.domain.messages import Message
from server.domain.words import Limits, limit_status

MAX_TEXT_CHARACTERS: Final = 2000
# Open threads one person may have on one statement, and all of them together: a 300-word
# statement has no more passages worth discussing at once; resolving or deciding frees a slot.
MAX_OPEN_THREADS_BY_ONE: Final = 20
MAX_OPEN_THREADS: Final = 100
# Replies in one thread: past that, a conversation belongs in a new thread or a call.
MAX_REPLIES: Final = 100
# People one message may mention (each gets a notice).
MAX_MENTIONS: Final = 10
# How much of a quote a sentence shows (the finalise refusal, the audit log).
QUOTE_SHOWN: Final = 60


class Kind(StrEnum):
    COMMENT = "comment"
    DISPUTE = "dispute"


class ThreadState(StrEnum):
    OPEN = "open"  # a comment under discussion, or a dispute waiting for its decision
    RESOLVED = "resolved"  # a comment the group settled
    DECIDED = "decided"  # a dispute the Steering Group decided


class SuggestionState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Outcome(StrEnum):
    """What the Steering Group decided: keep the text, apply the proposal, or its own wording."""

    KEEP = "keep"
    PROPOSAL = "proposal"
    OWN = "own"


class MessageKind(StrEnum):
    COMMENT = "comment"  # the first message of a thread
    REPLY = "reply"
    DECISION = "decision"  # the Steering Group's written decision
    NOTE = "note"  # what happened, said by the server: accepted, declined, escalated, claimed


@dataclass(frozen=True)
class ThreadFacts:
    """What the rules need to know about a thread."""

    kind: Kind
    state: ThreadState
    suggestion_state: SuggestionState | None = None
    claimed_by: int | None = None
    proposed_wording: str | None = None


@dataclass(frozen=True)
class OpenDispute:
    """An open dispute as the finalise refusal names it."""

    thread_id: int
    quote: str


# -- what people write ---------------------------------------------------------------------


def text_refusal(text: str) -> Message | None:
    """Whether `text` (a comment, reply, reason or decision) may be written: None if so.
    Refuses one that is empty after stripping (`text_empty`) or longer than
    MAX_TEXT_CHARACTERS after stripping (`text_too_long`)."""
    stripped = text.strip()
    if not stripped:
        return Message("text_empty", "Write something first; an empty message is not sent.")
    return _length_refusal(stripped)


def wording_refusal(wording: str | None) -> Message | None:
    """Whether `wording` (a suggestion, a proposed or decided wording) may be used: None if so.
    Empty is allowed (the passage is deleted); refuses more than MAX_TEXT_CHARACTERS
    (`text_too_long`)."""
    return None if wording is None else _length_refusal(wording)


def _length_refusal(text: str) -> Message | None:
    if len(text) <= MAX_TEXT_CHARACTERS:
        return None
    return Message(
        "text_too_long",
        f"Keep it within {MAX_TEXT_CHARACTERS} characters; this has {len(text)}.",
        {"max": MAX_TEXT_CHARACTERS, "length": len(text)},
    )


def passage_refusal(start: int, end: int, length: int) -> Message | None:
    """Whether `start`..`end` (UTF-16 offsets, as Yjs counts) names a passage of a text of
    `length` units: None if so. Refuses a reversed range (`passage_reversed`), an empty one
    (`passage_empty`) and one outside the text (`passage_out_of_range`)."""
    if start > end:
        return Message(
            "passage_reversed",
            f"The passage ends ({end}) before it starts ({start}); send start before end.",
            {"start": start, "end": end},
        )
    if start == end:
        return Message(
            "passage_empty", "Select at least one character to comment on.", {"start": start}
        )
    if start < 0 or end > length:
        return Message(
            "passage_out_of_range",
            f"The passage {start}–{end} is outside the text, which has {length} positions; "
            "reload the statement and select again.",
            {"start": start, "end": end, "length": length},
        )
    return None


PASSAGE_SPLITS_CHARACTER: Final = Message(
    "passage_splits_character",
    "The passage starts or ends inside a character; select whole characters.",
)

PASSAGE_REMOVED: Final = Message(
    "passage_removed",
    "The passage this thread is about has been deleted, so there is nothing to replace; "
    "edit the text directly instead.",
)


def quoted(text: str, limit: int = QUOTE_SHOWN) -> str:
    """A quote short enough for a sentence: at most `limit` characters, with an ellipsis
    when cut, on one line."""
    one_line = " ".join(text.split())
    if len(one_line) <= limit:
        return one_line
    return one_line[: limit - 1].rstrip() + "…"


# -- the moves -----------------------------------------------------------------------------


def not_drafting(statement_state: str) -> Message:
    """The refusal of anything that would change a statement that is not in drafting."""
    return Message(
        "statement_not_drafting",
        f"This statement is {statement_state}; its text changes only in drafting. "
        "Ask a moderator to reopen it.",
        {"state": statement_state},
    )


_ALREADY_A_DISPUTE: Final = Message(
    "already_a_dispute",
    "This thread is a dispute now: the Steering Group decides it. Reply in the thread instead.",
)
_NOT_A_DISPUTE: Final = Message(
    "not_a_dispute", "This thread is a comment, not a dispute; escalate it first."
)
_DECIDED: Final = Message(
    "dispute_decided",
    "This dispute has been decided. Start a new thread to raise the passage again.",
)
_RESOLVED: Final = Message(
    "thread_resolved", "This thread is resolved; reopen it first if it is not settled."
)


def suggestion_refusal(statement_state: str, suggestion: str | None) -> Message | None:
    """Whether a new thread may carry `suggestion` on a statement in `statement_state`: refuses
    one on a statement not in drafting, and one that is too long."""
    if suggestion is None:
        return None
    if statement_state != "drafting":
        return not_drafting(statement_state)
    return wording_refusal(suggestion)


def settle_refusal(thread: ThreadFacts, statement_state: str) -> Message | None:
    """Whether the thread's suggestion may be accepted or declined now: only a pending one, on
    an open comment, while the statement is in drafting."""
    if thread.kind is Kind.DISPUTE:
        return _ALREADY_A_DISPUTE
    if thread.suggestion_state is None:
        return Message("no_suggestion", "This thread carries no suggestion to accept or decline.")
    if thread.suggestion_state is not SuggestionState.PENDING:
        return Message(
            "suggestion_settled",
            f"This suggestion has already been {thread.suggestion_state.value}.",
            {"suggestion_state": thread.suggestion_state.value},
        )
    if thread.state is not ThreadState.OPEN:
        return _RESOLVED
    if statement_state != "drafting":
        return not_drafting(statement_state)
    return None


def resolve_refusal(thread: ThreadFacts) -> Message | None:
    """Whether the thread may be resolved: an open comment only (a dispute is decided)."""
    if thread.kind is Kind.DISPUTE:
        return _ALREADY_A_DISPUTE
    if thread.state is ThreadState.RESOLVED:
        return Message("already_resolved", "This thread is already resolved.")
    return None


def reopen_refusal(thread: ThreadFacts) -> Message | None:
    """Whether the thread may be reopened: a resolved comment only."""
    if thread.kind is Kind.DISPUTE:
        return _ALREADY_A_DISPUTE
    if thread.state is ThreadState.OPEN:
        return Message("already_open", "This thread is already open.")
    return None


def reply_refusal(thread: ThreadFacts) -> Message | None:
    """Whether someone may reply: to any thread but a decided dispute, whose record is closed."""
    if thread.state is ThreadState.DECIDED:
        return _DECIDED
    return None


def escalate_refusal(thread: ThreadFacts, statement_state: str) -> Message | None:
    """Whether the thread may become a dispute: an open comment (a resolved one is reopened
    first, so escalating is a step someone takes on purpose), while the statement is in
    drafting (an open dispute blocks finalising; a final statement has nothing to dispute)."""
    if thread.kind is Kind.DISPUTE:
        return _ALREADY_A_DISPUTE
    if thread.state is not ThreadState.OPEN:
        return _RESOLVED
    if statement_state != "drafting":
        return not_drafting(statement_state)
    return None


def proposal_on_escalating(thread_suggestion: str | None, thread: ThreadFacts) -> str | None:
    """The wording a dispute proposes when it is escalated without one: the thread's suggestion
    while it is still pending or was declined (what the party wants), none otherwise."""
    if thread_suggestion is not None and thread.suggestion_state in (
        SuggestionState.PENDING,
        SuggestionState.DECLINED,
    ):
        return thread_suggestion
    return None


def claim_refusal(thread: ThreadFacts, user_id: int, claimer_name: str | None) -> Message | None:
    """Whether `user_id` may claim the thread: an open dispute nobody else holds. Claiming
    one's own claim again is allowed (nothing changes)."""
    if thread.kind is not Kind.DISPUTE:
        return _NOT_A_DISPUTE
    if thread.state is ThreadState.DECIDED:
        return _DECIDED
    if thread.claimed_by is not None and thread.claimed_by != user_id:
        return already_claimed(claimer_name)
    return None


def already_claimed(claimer_name: str | None) -> Message:
    """The refusal of a claim someone else holds (also when they won a race just now)."""
    name = claimer_name or "Someone"
    return Message(
        "already_claimed",
        f"{name} has claimed this dispute; join its thread or pick another one.",
        {"name": name},
    )


def release_refusal(
    thread: ThreadFacts,
    user_id: int,
    claimer_name: str | None,
    *,
    is_facilitator: bool,
    reason: str | None,
) -> Message | None:
    """Whether `user_id` may let go of the dispute's claim, so that another moderator can
    claim it: the claimer may (a reason is optional), and so may a facilitator of the forum
    with a reason (the claimer went silent or lost their role). Refuses a dispute nobody holds
    (`no_claim_to_release`), anyone else (`may_not_release_claim`), a facilitator's release
    without a reason (`release_reason_needed`) and a reason that is too long."""
    if thread.kind is not Kind.DISPUTE:
        return _NOT_A_DISPUTE
    if thread.state is ThreadState.DECIDED:
        return _DECIDED
    if thread.claimed_by is None:
        return Message(
            "no_claim_to_release", "Nobody holds this dispute; there is no claim to release."
        )
    name = claimer_name or "Someone"
    if thread.claimed_by == user_id:
        return None if reason is None else _length_refusal(reason.strip())
    if not is_facilitator:
        return Message(
            "may_not_release_claim",
            f"{name} holds this dispute; only they or a facilitator of the forum release it.",
            {"name": name},
        )
    if reason is None or not reason.strip():
        return Message(
            "release_reason_needed",
            f"Say why you release {name}'s claim; the reason is kept in the thread and the "
            "audit log.",
            {"name": name},
        )
    return _length_refusal(reason.strip())


def decide_refusal(
    thread: ThreadFacts,
    user_id: int,
    claimer_name: str | None,
    outcome: Outcome,
    wording: str | None,
) -> Message | None:
    """Whether `user_id` may decide the dispute with `outcome` (and `wording` for their own):
    only the moderator who claimed it, once; `own` needs a wording, `proposal` a proposed
    wording, and `keep` and `proposal` take none."""
    if thread.kind is not Kind.DISPUTE:
        return _NOT_A_DISPUTE
    if thread.state is ThreadState.DECIDED:
        return _DECIDED
    if thread.claimed_by is None:
        return Message("not_claimed", "Claim the dispute before deciding it.")
    if thread.claimed_by != user_id:
        name = claimer_name or "Someone"
        return Message(
            "claimed_by_someone_else",
            f"{name} has claimed this dispute; only they decide it.",
            {"name": name},
        )
    if outcome is Outcome.OWN and wording is None:
        return Message("wording_needed", "Write the wording to apply, or choose another outcome.")
    if outcome is not Outcome.OWN and wording is not None:
        return Message(
            "wording_not_expected",
            "Only a decision with your own wording takes a wording; leave it out.",
            {"outcome": outcome.value},
        )
    if outcome is Outcome.PROPOSAL and thread.proposed_wording is None:
        return Message(
            "no_proposal", "This dispute proposes no wording; keep the text or write your own."
        )
    return wording_refusal(wording)


def wording_to_apply(outcome: Outcome, wording: str | None, proposed: str | None) -> str | None:
    """The wording a decision puts in place of the passage; None when the text is kept."""
    if outcome is Outcome.KEEP:
        return None
    if outcome is Outcome.PROPOSAL:
        return proposed
    return wording


# -- how much ----------------------------------------------------------------------------


def open_threads_refusal(open_by_you: int, open_in_all: int) -> Message | None:
    """Whether one more open thread fits on the statement, given how many the person has
    open there and how many are open in all: refuses `too_many_open_threads_by_you` and
    `too_many_open_threads`, with the limit in `max`."""
    if open_by_you >= MAX_OPEN_THREADS_BY_ONE:
        return Message(
            "too_many_open_threads_by_you",
            f"You have {open_by_you} open threads on this statement, the most one person may "
            "have; resolve or settle one first.",
            {"max": MAX_OPEN_THREADS_BY_ONE, "open": open_by_you},
        )
    return open_threads_total_refusal(open_in_all)


def open_threads_total_refusal(open_in_all: int) -> Message | None:
    """Whether one more thread may be open on the statement (a new one, or one reopened):
    refuses `too_many_open_threads` when `open_in_all` reached the limit."""
    if open_in_all >= MAX_OPEN_THREADS:
        return Message(
            "too_many_open_threads",
            f"This statement has {open_in_all} open threads, the most it may have; resolve "
            "or settle some first.",
            {"max": MAX_OPEN_THREADS, "open": open_in_all},
        )
    return None


def replies_refusal(replies: int) -> Message | None:
    """Whether a thread that has `replies` replies takes one more: refuses
    `too_many_replies`, with the limit in `max`."""
    if replies >= MAX_REPLIES:
        return Message(
            "too_many_replies",
            f"This thread has {replies} replies, the most a thread may have; start a new "
            "thread on the passage instead.",
            {"max": MAX_REPLIES},
        )
    return None


def mentions_refusal(mentioned_people: int) -> Message | None:
    """Whether a message may mention `mentioned_people` people: refuses
    `too_many_mentions`, with the limit in `max`."""
    if mentioned_people > MAX_MENTIONS:
        return Message(
            "too_many_mentions",
            f"This message mentions {mentioned_people} people; mention at most {MAX_MENTIONS}.",
            {"max": MAX_MENTIONS, "mentioned": mentioned_people},
        )
    return None


# -- the limit -----------------------------------------------------------------------------


def over_by(words_now: int, words_after: int, limits: Limits) -> int | None:
    """Words past the limit that replacing a passage would leave, when it adds words to a text
    that ends up over the limit; None when it fits. As in the editor, a change that does not
    add words is never held back, even on a text already over the limit."""
    if words_after <= words_now:
        return None
    status = limit_status(words_after, limits)
    return status.over_by if status.over_limit else None


def limit_refusal(words_now: int, words_after: int, limits: Limits) -> Message | None:
    """Whether replacing a passage keeps the statement within its limits: refuses a change
    that would take it past them (`suggestion_over_limit`, with `over_by`)."""
    past = over_by(words_now, words_after, limits)
    if past is None:
        return None
    cap = min(limits.words, limits.seconds * limits.speaking_rate // 60)
    return Message(
        "suggestion_over_limit",
        f"This wording would take the statement {past} {'word' if past == 1 else 'words'} "
        f"past its limit of {cap}; shorten it, or cut elsewhere first.",
        {"over_by": past, "limit": cap},
    )


# -- finalising ----------------------------------------------------------------------------


def dispute_blockers(open_disputes: Sequence[OpenDispute]) -> list[Message]:
    """One reason per open dispute, naming its quote, for the finalise refusal."""
    return [
        Message(
            "dispute_open",
            f"The dispute on “{quoted(d.quote)}” is still open; the Steering Group decides it "
            "first.",
            {"thread_id": d.thread_id, "quote": quoted(d.quote)},
        )
        for d in open_disputes
    ]


__all__ = [
    "MAX_MENTIONS",
    "MAX_OPEN_THREADS",
    "MAX_OPEN_THREADS_BY_ONE",
    "MAX_REPLIES",
    "MAX_TEXT_CHARACTERS",
    "PASSAGE_REMOVED",
    "PASSAGE_SPLITS_CHARACTER",
    "Kind",
    "MessageKind",
    "OpenDispute",
    "Outcome",
    "SuggestionState",
    "ThreadFacts",
    "ThreadState",
    "already_claimed",
    "claim_refusal",
    "decide_refusal",
    "dispute_blockers",
    "escalate_refusal",
    "limit_refusal",
    "mentions_refusal",
    "not_drafting",
    "open_threads_refusal",
    "open_threads_total_refusal",
    "over_by",
    "passage_refusal",
    "proposal_on_escalating",
    "quoted",
    "release_refusal",
    "reopen_refusal",
    "replies_refusal",
    "reply_refusal",
    "resolve_refusal",
    "settle_refusal",
    "suggestion_refusal",
    "text_refusal",
    "wording_refusal",
    "wording_to_apply",
]
