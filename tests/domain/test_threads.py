"""Threads, suggestions and disputes: the moves allowed, and each refusal's code and values."""

from __future__ import annotations

from server.domain.threads import (
    MAX_TEXT_CHARACTERS,
    Kind,
    OpenDispute,
    Outcome,
    SuggestionState,
    ThreadFacts,
    ThreadState,
    claim_refusal,
    decide_refusal,
    dispute_blockers,
    escalate_refusal,
    limit_refusal,
    over_by,
    passage_refusal,
    proposal_on_escalating,
    quoted,
    reopen_refusal,
    reply_refusal,
    resolve_refusal,
    settle_refusal,
    suggestion_refusal,
    text_refusal,
    wording_refusal,
    wording_to_apply,
)
from server.domain.words import Limits

OPEN_COMMENT = ThreadFacts(Kind.COMMENT, ThreadState.OPEN)
RESOLVED_COMMENT = ThreadFacts(Kind.COMMENT, ThreadState.RESOLVED)
PENDING = ThreadFacts(Kind.COMMENT, ThreadState.OPEN, SuggestionState.PENDING)
OPEN_DISPUTE = ThreadFacts(Kind.DISPUTE, ThreadState.OPEN, proposed_wording="other words")
CLAIMED_BY_7 = ThreadFacts(Kind.DISPUTE, ThreadState.OPEN, claimed_by=7, proposed_wording="x")
DECIDED = ThreadFacts(Kind.DISPUTE, ThreadState.DECIDED, claimed_by=7)
SOFIA = 7
KWAME = 8


def code(message: object) -> str | None:
    return getattr(message, "code", None)


def test_text_is_one_to_two_thousand_characters_after_stripping() -> None:
    assert text_refusal("  Why this word?  ") is None
    assert code(text_refusal("   \n ")) == "text_empty"
    assert text_refusal("a" * MAX_TEXT_CHARACTERS) is None
    too_long = text_refusal("a" * (MAX_TEXT_CHARACTERS + 1))
    assert too_long is not None
    assert (too_long.code, too_long.params) == ("text_too_long", {"max": 2000, "length": 2001})
    # Surrounding blanks do not count against the limit.
    assert text_refusal(" " + "a" * MAX_TEXT_CHARACTERS + "\n") is None


def test_a_wording_may_be_empty_but_not_too_long() -> None:
    assert wording_refusal("") is None
    assert wording_refusal(None) is None
    assert code(wording_refusal("é" * 2001)) == "text_too_long"


def test_a_passage_is_a_non_empty_forward_range_inside_the_text() -> None:
    assert passage_refusal(0, 5, 5) is None
    reversed_ = passage_refusal(4, 2, 10)
    assert reversed_ is not None
    assert (reversed_.code, reversed_.params) == ("passage_reversed", {"start": 4, "end": 2})
    assert code(passage_refusal(3, 3, 10)) == "passage_empty"
    outside = passage_refusal(8, 12, 10)
    assert outside is not None
    assert outside.code == "passage_out_of_range"
    assert outside.params == {"start": 8, "end": 12, "length": 10}
    assert code(passage_refusal(-1, 2, 10)) == "passage_out_of_range"


def test_a_suggestion_needs_a_statement_in_drafting() -> None:
    assert suggestion_refusal("drafting", "new words") is None
    assert suggestion_refusal("final", None) is None  # a plain comment is fine on a final one
    refused = suggestion_refusal("final", "new words")
    assert refused is not None
    assert (refused.code, refused.params) == ("statement_not_drafting", {"state": "final"})


def test_only_a_pending_suggestion_of_an_open_comment_in_drafting_is_settled() -> None:
    assert settle_refusal(PENDING, "drafting") is None
    assert code(settle_refusal(OPEN_COMMENT, "drafting")) == "no_suggestion"
    accepted = ThreadFacts(Kind.COMMENT, ThreadState.RESOLVED, SuggestionState.ACCEPTED)
    twice = settle_refusal(accepted, "drafting")
    assert twice is not None
    assert (twice.code, twice.params) == ("suggestion_settled", {"suggestion_state": "accepted"})
    assert code(settle_refusal(PENDING, "final")) == "statement_not_drafting"
    escalated = ThreadFacts(Kind.DISPUTE, ThreadState.OPEN, SuggestionState.PENDING)
    assert code(settle_refusal(escalated, "drafting")) == "already_a_dispute"
    resolved = ThreadFacts(Kind.COMMENT, ThreadState.RESOLVED, SuggestionState.PENDING)
    assert code(settle_refusal(resolved, "drafting")) == "thread_resolved"


def test_comments_resolve_and_reopen_but_disputes_do_neither() -> None:
    assert resolve_refusal(OPEN_COMMENT) is None
    assert code(resolve_refusal(RESOLVED_COMMENT)) == "already_resolved"
    assert code(resolve_refusal(OPEN_DISPUTE)) == "already_a_dispute"
    assert reopen_refusal(RESOLVED_COMMENT) is None
    assert code(reopen_refusal(OPEN_COMMENT)) == "already_open"
    assert code(reopen_refusal(DECIDED)) == "already_a_dispute"


def test_replies_go_anywhere_but_a_decided_dispute() -> None:
    assert reply_refusal(RESOLVED_COMMENT) is None
    assert reply_refusal(CLAIMED_BY_7) is None
    assert code(reply_refusal(DECIDED)) == "dispute_decided"


def test_an_open_comment_of_a_statement_in_drafting_is_escalated() -> None:
    assert escalate_refusal(OPEN_COMMENT, "drafting") is None
    assert escalate_refusal(PENDING, "drafting") is None
    assert code(escalate_refusal(OPEN_DISPUTE, "drafting")) == "already_a_dispute"
    assert code(escalate_refusal(RESOLVED_COMMENT, "drafting")) == "thread_resolved"
    assert code(escalate_refusal(OPEN_COMMENT, "final")) == "statement_not_drafting"


def test_escalating_without_wording_proposes_the_unaccepted_suggestion() -> None:
    assert proposal_on_escalating("their words", PENDING) == "their words"
    declined = ThreadFacts(Kind.COMMENT, ThreadState.OPEN, SuggestionState.DECLINED)
    assert proposal_on_escalating("their words", declined) == "their words"
    accepted = ThreadFacts(Kind.COMMENT, ThreadState.OPEN, SuggestionState.ACCEPTED)
    assert proposal_on_escalating("their words", accepted) is None
    assert proposal_on_escalating(None, OPEN_COMMENT) is None


def test_a_dispute_is_claimed_once_by_one_moderator() -> None:
    assert claim_refusal(OPEN_DISPUTE, SOFIA, None) is None
    assert claim_refusal(CLAIMED_BY_7, SOFIA, "Sofía Ramírez") is None  # hers already
    taken = claim_refusal(CLAIMED_BY_7, KWAME, "Sofía Ramírez")
    assert taken is not None
    assert (taken.code, taken.params) == ("already_claimed", {"name": "Sofía Ramírez"})
    assert "Sofía Ramírez has claimed" in taken.text
    assert code(claim_refusal(OPEN_COMMENT, SOFIA, None)) == "not_a_dispute"
    assert code(claim_refusal(DECIDED, SOFIA, None)) == "dispute_decided"


def test_only_the_claimer_decides_and_each_outcome_takes_its_wording() -> None:
    assert decide_refusal(CLAIMED_BY_7, SOFIA, "Sofía", Outcome.KEEP, None) is None
    assert decide_refusal(CLAIMED_BY_7, SOFIA, "Sofía", Outcome.PROPOSAL, None) is None
    assert decide_refusal(CLAIMED_BY_7, SOFIA, "Sofía", Outcome.OWN, "") is None
    other = decide_refusal(CLAIMED_BY_7, KWAME, "Sofía", Outcome.KEEP, None)
    assert other is not None
    assert (other.code, other.params) == ("claimed_by_someone_else", {"name": "Sofía"})
    assert code(decide_refusal(OPEN_DISPUTE, SOFIA, None, Outcome.KEEP, None)) == "not_claimed"
    assert code(decide_refusal(DECIDED, SOFIA, "Sofía", Outcome.KEEP, None)) == "dispute_decided"
    assert code(decide_refusal(OPEN_COMMENT, SOFIA, None, Outcome.KEEP, None)) == "not_a_dispute"
    assert code(decide_refusal(CLAIMED_BY_7, SOFIA, "S", Outcome.OWN, None)) == "wording_needed"
    assert (
        code(decide_refusal(CLAIMED_BY_7, SOFIA, "S", Outcome.KEEP, "x")) == "wording_not_expected"
    )
    no_proposal = ThreadFacts(Kind.DISPUTE, ThreadState.OPEN, claimed_by=SOFIA)
    assert code(decide_refusal(no_proposal, SOFIA, "S", Outcome.PROPOSAL, None)) == "no_proposal"
    assert code(decide_refusal(CLAIMED_BY_7, SOFIA, "S", Outcome.OWN, "w" * 2001)) == (
        "text_too_long"
    )


def test_a_decision_applies_the_proposal_its_own_wording_or_nothing() -> None:
    assert wording_to_apply(Outcome.KEEP, None, "proposed") is None
    assert wording_to_apply(Outcome.PROPOSAL, None, "proposed") == "proposed"
    assert wording_to_apply(Outcome.OWN, "ours", "proposed") == "ours"


def test_a_replacement_that_adds_words_past_the_limit_says_by_how_much() -> None:
    limits = Limits(words=10, seconds=120, speaking_rate=150)
    assert over_by(8, 10, limits) is None
    assert over_by(8, 13, limits) == 3
    refused = limit_refusal(8, 13, limits)
    assert refused is not None
    assert (refused.code, refused.params) == ("suggestion_over_limit", {"over_by": 3, "limit": 10})
    assert "3 words past its limit of 10" in refused.text
    # Already over: a change that does not add words is not held back.
    assert limit_refusal(14, 12, limits) is None
    assert limit_refusal(14, 14, limits) is None
    # The time limit binds too: 60 s at 150 words a minute is 150 words.
    timed = Limits(words=300, seconds=60, speaking_rate=150)
    assert over_by(150, 151, timed) == 1
    one = limit_refusal(150, 151, timed)
    assert one is not None and "1 word past its limit of 150" in one.text


def test_each_open_dispute_blocks_finalising_by_its_quote() -> None:
    long_quote = "We call on the Government to guarantee " * 4
    blockers = dispute_blockers([OpenDispute(3, "free and fair"), OpenDispute(9, long_quote)])
    assert [b.code for b in blockers] == ["dispute_open", "dispute_open"]
    assert blockers[0].params == {"thread_id": 3, "quote": "free and fair"}
    assert blockers[0].text == (
        "The dispute on “free and fair” is still open; the Steering Group decides it first."
    )
    shown = blockers[1].params["quote"]
    assert isinstance(shown, str) and shown.endswith("…") and len(shown) <= 60
    assert dispute_blockers([]) == []


def test_quotes_in_sentences_are_short_and_on_one_line() -> None:
    assert quoted("two\nlines") == "two lines"
    assert quoted("نص عربي قصير") == "نص عربي قصير"


def test_open_disputes_named_in_the_finalise_refusal_stand_for_their_count() -> None:
    from server.domain.lifecycle import finalise_blockers

    named = dispute_blockers([OpenDispute(3, "free and fair")])
    blockers = finalise_blockers(100, Limits(), open_disputes=1, disputes=named)
    assert [(b.code, b.params) for b in blockers] == [
        ("dispute_open", {"thread_id": 3, "quote": "free and fair"})
    ]


def test_the_audit_log_tells_what_the_threads_changed() -> None:
    from datetime import UTC, datetime

    from server.domain.lifecycle import describe_step

    at = datetime(2027, 6, 1, 9, 30, tzinfo=UTC)
    when = "on 1 June 2027 at 09:30 UTC"
    accepted = describe_step(
        "suggestion_accepted", at, actor_name="Amina Yusuf", from_value="fair", to_value="just"
    )
    assert accepted == f"Amina Yusuf accepted a suggestion {when}, replacing “fair” with “just”."
    deleted = describe_step("suggestion_accepted", at, actor_name="Amina", from_value="very ")
    assert deleted == f"Amina accepted a suggestion {when}, deleting “very”."
    opened = describe_step(
        "dispute_opened", at, actor_name="Lucas", from_value="fair", reason="It overstates."
    )
    assert opened == f"Lucas opened a dispute about “fair” {when}: “It overstates.”"
    claimed = describe_step("dispute_claimed", at, actor_name="Sofía", from_value="fair")
    assert claimed == f"Sofía claimed the dispute about “fair” {when}."
    own = describe_step(
        "dispute_decided",
        at,
        actor_name="Sofía",
        from_value="fair",
        to_value="equitable",
        reason="Both sides agreed.",
    )
    assert own == (
        f"Sofía decided the dispute about “fair” {when}, replacing it with “equitable”: "
        "“Both sides agreed.”"
    )
    kept = describe_step("dispute_decided", at, actor_name=None, from_value="fair", reason="No.")
    assert kept == f"Someone decided the dispute about “fair” {when}, keeping the text: “No.”"


def test_a_quote_fits_the_room_it_is_given() -> None:
    assert quoted("counties in the north", 32) == "counties in the north"
    short = quoted("We call on the Government of Kenya to publish", 32)
    assert len(short) <= 32 and short.endswith("…")


def test_open_threads_replies_and_mentions_are_bounded_with_the_limit_in_params() -> None:
    from server.domain import threads as t

    assert t.open_threads_refusal(t.MAX_OPEN_THREADS_BY_ONE - 1, t.MAX_OPEN_THREADS - 1) is None
    mine = t.open_threads_refusal(t.MAX_OPEN_THREADS_BY_ONE, 0)
    assert mine is not None and mine.code == "too_many_open_threads_by_you"
    assert mine.params["max"] == t.MAX_OPEN_THREADS_BY_ONE
    total = t.open_threads_refusal(0, t.MAX_OPEN_THREADS)
    assert total is not None and total.code == "too_many_open_threads"
    assert t.replies_refusal(t.MAX_REPLIES - 1) is None
    assert getattr(t.replies_refusal(t.MAX_REPLIES), "code", None) == "too_many_replies"
    assert t.mentions_refusal(t.MAX_MENTIONS) is None
    assert getattr(t.mentions_refusal(t.MAX_MENTIONS + 1), "code", None) == "too_many_mentions"


def test_a_claim_is_released_by_its_claimer_or_a_facilitator_with_a_reason() -> None:
    from server.domain import threads as t

    held = t.ThreadFacts(t.Kind.DISPUTE, t.ThreadState.OPEN, claimed_by=7)

    def code(user: int, facilitator: bool, reason: str | None) -> str | None:
        found = t.release_refusal(held, user, "Kwame", is_facilitator=facilitator, reason=reason)
        return None if found is None else found.code

    assert code(7, False, None) is None
    assert code(8, False, "away") == "may_not_release_claim"
    assert code(9, True, None) == "release_reason_needed"
    assert code(9, True, "  ") == "release_reason_needed"
    assert code(9, True, "Away until May") is None
    assert code(9, True, "x" * 2001) == "text_too_long"
    free = t.ThreadFacts(t.Kind.DISPUTE, t.ThreadState.OPEN)
    found = t.release_refusal(free, 7, None, is_facilitator=True, reason="r")
    assert found is not None and found.code == "no_claim_to_release"
