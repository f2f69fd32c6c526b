"""The Steering Group's review queue: which open disputes a moderator sees, and in what order.

Moderators work the queue in the week before a deadline, so the dispute whose statement is due
soonest comes first; among disputes of statements due at the same time, the one waiting longest.
A statement's due date is its session's start (as on the overview and the dashboard); a
statement whose session has no date yet is due last.

A claim nobody acted on for a day shows as waiting again: the moderator who holds it may have
gone silent or lost their role, and a facilitator can release it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from server.domain.messages import Message

# Query parameters a tool may send; anything else is a typo worth saying.
FILTERS: Final = ("session", "country", "claimed")
_COUNTRY_CODE = re.compile(r"[A-Za-z]{2,3}")
_SESSION_ID = re.compile(r"[0-9]{1,12}")
# Sorts after every real due date, so statements without one come last.
_NO_DUE_DATE: Final = datetime.max.replace(tzinfo=UTC)
# How long a claim holds a dispute before the queue shows it as waiting again.
CLAIM_GOES_STALE_AFTER: Final = timedelta(days=1)


class Claimed(StrEnum):
    """The `claimed` filter: the disputes I hold, or those nobody holds."""

    ME = "me"
    UNCLAIMED = "unclaimed"


@dataclass(frozen=True)
class QueuedDispute:
    """An open dispute as the queue shows it; times are aware (UTC)."""

    thread_id: int
    statement_id: int
    statement: str
    country_code: str | None  # None: a joint statement
    session_id: int
    session: str
    due_at: datetime | None
    opened_at: datetime
    claimed_by_id: int | None
    claimed_by: str | None
    quote: str
    reason: str
    proposed_wording: str | None
    claimed_at: datetime | None = None


@dataclass(frozen=True)
class QueueFilters:
    """What a moderator narrowed the queue to; None: no narrowing."""

    session_id: int | None = None
    country_code: str | None = None
    claimed: Claimed | None = None


@dataclass(frozen=True)
class BadFilter:
    """A filter the queue cannot apply: the query parameter it came from, and why."""

    field: str
    message: Message


def read_filters(query: Iterable[tuple[str, str]]) -> QueueFilters | BadFilter:
    """The filters from a request's query parameters (name, value pairs, repeats included).

    An empty value means no filter. Refuses an unknown parameter, one given twice, a session
    that is not a number, a country that is not an ISO 3166 code and a `claimed` other than
    `me` or `unclaimed`.
    """
    values: dict[str, str] = {}
    for name, value in query:
        if name not in FILTERS:
            return BadFilter(
                name,
                Message(
                    "queue_filter_unknown",
                    f"There is no filter {name!r}: filter by session, country or claimed.",
                    {"name": name},
                ),
            )
        if name in values:
            return BadFilter(
                name,
                Message(
                    "queue_filter_repeated",
                    f"Give the {name} filter once.",
                    {"name": name},
                ),
            )
        values[name] = value.strip()
    session = values.get("session") or None
    if session is not None and not _SESSION_ID.fullmatch(session):
        return BadFilter(
            "session",
            Message(
                "queue_filter_session_invalid",
                "Filter by a session's number, such as session=3.",
            ),
        )
    country = values.get("country") or None
    if country is not None and not _COUNTRY_CODE.fullmatch(country):
        return BadFilter(
            "country",
            Message(
                "queue_filter_country_invalid",
                "Filter by a country's ISO code, such as country=KE.",
            ),
        )
    claimed = values.get("claimed") or None
    if claimed is not None and claimed not in {c.value for c in Claimed}:
        return BadFilter(
            "claimed",
            Message(
                "queue_filter_claimed_invalid",
                "Filter by claimed=me (the disputes you hold) or claimed=unclaimed.",
            ),
        )
    return QueueFilters(
        session_id=None if session is None else int(session),
        country_code=None if country is None else country.upper(),
        claimed=None if claimed is None else Claimed(claimed),
    )


def is_shown(dispute: QueuedDispute, filters: QueueFilters, me: int) -> bool:
    """Whether the dispute passes every filter, for the moderator whose user id is `me`."""
    if filters.session_id is not None and dispute.session_id != filters.session_id:
        return False
    if filters.country_code is not None and dispute.country_code != filters.country_code:
        return False
    if filters.claimed is Claimed.ME and dispute.claimed_by_id != me:
        return False
    return not (filters.claimed is Claimed.UNCLAIMED and dispute.claimed_by_id is not None)


def is_waiting(dispute: QueuedDispute, now: datetime) -> bool:
    """Whether the dispute waits for a moderator: nobody holds it, or its claim is older than
    CLAIM_GOES_STALE_AFTER (a claim of unknown age counts as fresh)."""
    if dispute.claimed_by_id is None:
        return True
    return dispute.claimed_at is not None and now - dispute.claimed_at > CLAIM_GOES_STALE_AFTER


def queue_order(dispute: QueuedDispute) -> tuple[datetime, datetime, int]:
    """The sort key of the queue: due soonest first (no date last), then opened longest ago;
    the thread id keeps disputes opened at the same moment in a stable order."""
    due = _NO_DUE_DATE if dispute.due_at is None else dispute.due_at
    return (due, dispute.opened_at, dispute.thread_id)


def review_queue(
    disputes: Iterable[QueuedDispute], filters: QueueFilters, me: int
) -> list[QueuedDispute]:
    """The open disputes `me` sees with `filters`, in queue order."""
    return sorted((d for d in disputes if is_shown(d, filters, me)), key=queue_order)
