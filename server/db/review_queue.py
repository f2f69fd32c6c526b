"""The forum's open disputes, read in one query for the Steering Group's review queue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import ForumSession, Statement, Thread, User
from server.domain.review_queue import QueuedDispute
from server.moments import as_utc


async def open_disputes(db: AsyncSession, forum_id: int) -> list[QueuedDispute]:
    """Every open dispute of the forum's statements, with its statement, session (whose start
    is the statement's due date) and the name of whoever claimed it; in no particular order
    (the queue's order is `review_queue.queue_order`)."""
    claimer = aliased(User)
    rows = await db.execute(
        select(
            Thread.id,
            Thread.statement_id,
            Statement.title,
            Statement.country_code,
            ForumSession.id,
            ForumSession.title,
            ForumSession.starts_at,
            Thread.escalated_at,
            Thread.created_at,
            Thread.claimed_by,
            claimer.name,
            Thread.quote,
            Thread.reason,
            Thread.proposed_wording,
            Thread.claimed_at,
        )
        .join(Statement, Statement.id == Thread.statement_id)
        .join(ForumSession, ForumSession.id == Statement.forum_session_id)
        .outerjoin(claimer, claimer.id == Thread.claimed_by)
        .where(
            Statement.forum_id == forum_id,
            Thread.kind == "dispute",
            Thread.state == "open",
        )
    )
    return [
        QueuedDispute(
            thread_id=thread_id,
            statement_id=statement_id,
            statement=title,
            country_code=country_code,
            session_id=session_id,
            session=session_title,
            due_at=None if starts_at is None else as_utc(starts_at),
            # A dispute opened directly on a passage is escalated as it is created.
            opened_at=as_utc(escalated_at or created_at),
            claimed_by_id=claimed_by_id,
            claimed_by=claimed_by,
            quote=quote,
            reason=reason or "",
            proposed_wording=proposed_wording,
            claimed_at=None if claimed_at is None else as_utc(claimed_at),
        )
        for (
            thread_id,
            statement_id,
            title,
            country_code,
            session_id,
            session_title,
            starts_at,
            escalated_at,
            created_at,
            claimed_by_id,
            claimed_by,
            quote,
            reason,
            proposed_wording,
            claimed_at,
        ) in rows
    ]
