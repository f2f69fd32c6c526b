"""Queries about notices: what is new for a person (a mention, a dispute opened or decided on
their statement), kept until they have seen it."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import Notice, Statement, Thread, ThreadMessage, User

# The dashboard shows this many, newest first; older ones wait until these are cleared.
NOTICES_SHOWN = 50
# A notice quotes this many characters of the comment, reason or decision it is about.
EXCERPT_CHARS = 140


async def notify(
    db: AsyncSession,
    *,
    user_ids: Iterable[int],
    kind: str,
    statement_id: int,
    thread_id: int | None,
    message_id: int | None,
    by_id: int | None,
    at: datetime,
) -> set[int]:
    """Adds one notice of `kind` for each of `user_ids`, never for `by_id` (no one is told of
    what they did themself); returns who got one. The caller commits, then tells them."""
    told = {user_id for user_id in user_ids if user_id != by_id}
    for user_id in sorted(told):
        db.add(
            Notice(
                user_id=user_id,
                kind=kind,
                statement_id=statement_id,
                thread_id=thread_id,
                message_id=message_id,
                by_id=by_id,
                at=at,
                seen_at=None,
            )
        )
    return told


@dataclass(frozen=True)
class NoticeRow:
    """A notice with what the dashboard shows of it."""

    id: int
    kind: str
    statement_id: int
    statement: str
    thread_id: int | None
    by: str | None
    text: str
    at: datetime
    seen: bool


async def statements_noticed(db: AsyncSession, user_id: int) -> set[int]:
    """The statements that `user_id`'s notices are about."""
    rows = await db.scalars(select(Notice.statement_id).where(Notice.user_id == user_id).distinct())
    return set(rows)


async def notices_for(
    db: AsyncSession,
    user_id: int,
    *,
    statement_ids: Collection[int] | None = None,
    limit: int = NOTICES_SHOWN,
) -> list[NoticeRow]:
    """The newest `limit` notices of `user_id`, newest first, seen or not; with
    `statement_ids`, only those about these statements."""
    by = aliased(User)
    about = Notice.statement_id.in_(sorted(statement_ids)) if statement_ids is not None else true()
    rows = await db.execute(
        select(Notice, Statement.title, by.name, ThreadMessage.text, Thread)
        .join(Statement, Statement.id == Notice.statement_id)
        .outerjoin(by, by.id == Notice.by_id)
        .outerjoin(ThreadMessage, ThreadMessage.id == Notice.message_id)
        .outerjoin(Thread, Thread.id == Notice.thread_id)
        .where(Notice.user_id == user_id, about)
        .order_by(Notice.id.desc())
        .limit(limit)
    )
    return [
        NoticeRow(
            id=notice.id,
            kind=notice.kind,
            statement_id=notice.statement_id,
            statement=title,
            thread_id=notice.thread_id,
            by=by_name,
            text=excerpt(_about(notice.kind, message_text, thread)),
            at=notice.at,
            seen=notice.seen_at is not None,
        )
        for notice, title, by_name, message_text, thread in rows.tuples()
    ]


def _about(kind: str, message_text: str | None, thread: Thread | None) -> str:
    """What a notice quotes: the comment that mentions, the dispute's reason, the decision."""
    if message_text is not None:
        return message_text
    if thread is None:
        return ""
    if kind == "dispute_decided" and thread.decision:
        return thread.decision
    if kind == "dispute_opened" and thread.reason:
        return thread.reason
    return thread.quote


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut at a word with an ellipsis when longer than `limit`."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


async def mark_seen(
    db: AsyncSession, user_id: int, notice_ids: Iterable[int], *, at: datetime
) -> int:
    """Marks those of `notice_ids` that are `user_id`'s own and unseen as seen at `at`; others'
    ids are ignored. Returns how many changed."""
    ids = set(notice_ids)
    if not ids:
        return 0
    result = await db.execute(
        update(Notice)
        .where(Notice.user_id == user_id, Notice.id.in_(ids), Notice.seen_at.is_(None))
        .values(seen_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
