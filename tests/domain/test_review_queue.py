"""The review queue's filters and order (server/domain/review_queue.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from server.domain.messages import Message
from server.domain.review_queue import (
    BadFilter,
    Claimed,
    QueuedDispute,
    QueueFilters,
    read_filters,
    review_queue,
)

SOFIA, KWAME = 4, 5

KENYA = QueuedDispute(
    thread_id=1,
    statement_id=10,
    statement="Statement to the voluntary national review of Kenya",
    country_code="KE",
    session_id=1,
    session="VNR session 1: Kenya",
    due_at=datetime(2027, 7, 13, 10, 0, tzinfo=UTC),
    opened_at=datetime(2027, 7, 1, 9, 0, tzinfo=UTC),
    claimed_by_id=None,
    claimed_by=None,
    quote="universal access to clean water",
    reason="The group cannot agree whether to name the counties.",
    proposed_wording=None,
)


def dispute(thread_id: int, **changes: Any) -> QueuedDispute:
    return replace(KENYA, thread_id=thread_id, **changes)


def ids(disputes: list[QueuedDispute]) -> list[int]:
    return [d.thread_id for d in disputes]


def test_the_statement_due_soonest_comes_first_and_undated_ones_last() -> None:
    later = dispute(1, due_at=datetime(2027, 7, 14, 10, 0, tzinfo=UTC))
    undated = dispute(2, due_at=None, opened_at=datetime(2027, 6, 1, tzinfo=UTC))
    sooner = dispute(3, due_at=datetime(2027, 7, 13, 10, 0, tzinfo=UTC))
    assert ids(review_queue([later, undated, sooner], QueueFilters(), SOFIA)) == [3, 1, 2]


def test_among_statements_due_together_the_oldest_dispute_comes_first() -> None:
    newer = dispute(1, opened_at=datetime(2027, 7, 2, tzinfo=UTC))
    older = dispute(2, opened_at=datetime(2027, 6, 30, tzinfo=UTC))
    undated_new = dispute(3, due_at=None, opened_at=datetime(2027, 7, 5, tzinfo=UTC))
    undated_old = dispute(4, due_at=None, opened_at=datetime(2027, 7, 4, tzinfo=UTC))
    queue = review_queue([newer, undated_new, older, undated_old], QueueFilters(), SOFIA)
    assert ids(queue) == [2, 1, 4, 3]


def test_disputes_opened_at_the_same_moment_keep_a_stable_order() -> None:
    assert ids(review_queue([dispute(9), dispute(7), dispute(8)], QueueFilters(), SOFIA)) == [
        7,
        8,
        9,
    ]


def test_filters_narrow_by_session_country_and_who_holds_the_dispute() -> None:
    mine = dispute(1, claimed_by_id=SOFIA, claimed_by="Sofía Ramírez")
    kwames = dispute(2, claimed_by_id=KWAME, claimed_by="Kwame Mensah")
    free = dispute(3)
    chile = dispute(4, country_code="CL", session_id=2)
    joint = dispute(5, country_code=None, session_id=2)
    every = [mine, kwames, free, chile, joint]
    assert ids(review_queue(every, QueueFilters(claimed=Claimed.ME), SOFIA)) == [1]
    assert ids(review_queue(every, QueueFilters(claimed=Claimed.ME), KWAME)) == [2]
    assert ids(review_queue(every, QueueFilters(claimed=Claimed.UNCLAIMED), SOFIA)) == [3, 4, 5]
    assert ids(review_queue(every, QueueFilters(session_id=2), SOFIA)) == [4, 5]
    assert ids(review_queue(every, QueueFilters(country_code="CL"), SOFIA)) == [4]
    both = QueueFilters(session_id=1, claimed=Claimed.UNCLAIMED)
    assert ids(review_queue(every, both, SOFIA)) == [3]


def test_filters_are_read_from_the_query() -> None:
    query = [("session", "2"), ("country", "cl"), ("claimed", "me")]
    assert read_filters(query) == QueueFilters(session_id=2, country_code="CL", claimed=Claimed.ME)
    assert read_filters([]) == QueueFilters()
    # An empty value is no filter: a form sends its empty choices.
    assert read_filters([("session", ""), ("country", " "), ("claimed", "")]) == QueueFilters()


def test_a_filter_the_queue_cannot_apply_says_what_to_send() -> None:
    cases = {
        "session": ([("session", "Kenya")], "queue_filter_session_invalid"),
        "country": ([("country", "Kenya")], "queue_filter_country_invalid"),
        "claimed": ([("claimed", "yes")], "queue_filter_claimed_invalid"),
        "sesion": ([("sesion", "2")], "queue_filter_unknown"),
    }
    for field, (query, code) in cases.items():
        refused = read_filters(query)
        assert isinstance(refused, BadFilter), query
        assert (refused.field, refused.message.code) == (field, code)
    assert read_filters([("session", "1"), ("session", "2")]) == BadFilter(
        "session",
        Message("queue_filter_repeated", "Give the session filter once.", {"name": "session"}),
    )
    huge = read_filters([("session", "9" * 13)])
    assert isinstance(huge, BadFilter) and huge.field == "session"


def test_a_claim_older_than_a_day_waits_again() -> None:
    from dataclasses import replace
    from datetime import UTC, datetime, timedelta

    from server.domain.review_queue import QueuedDispute, is_waiting

    now = datetime(2027, 7, 10, 12, tzinfo=UTC)
    dispute = QueuedDispute(
        thread_id=1,
        statement_id=1,
        statement="Kenya",
        country_code="KE",
        session_id=1,
        session="VNR",
        due_at=None,
        opened_at=now - timedelta(days=3),
        claimed_by_id=None,
        claimed_by=None,
        quote="q",
        reason="r",
        proposed_wording=None,
    )
    assert is_waiting(dispute, now)
    claimed = replace(dispute, claimed_by_id=4, claimed_by="Sofía", claimed_at=now)
    assert not is_waiting(claimed, now + timedelta(hours=23))
    assert is_waiting(claimed, now + timedelta(days=1, seconds=1))
