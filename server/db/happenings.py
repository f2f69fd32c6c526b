"""Queries about what happened (`server.domain.happenings`): the outbox of records that
actions write in their transaction, and what has not been told yet."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import HappenedRow, User
from server.domain.happenings import Happened, What


async def add(db: AsyncSession, happened: Happened) -> HappenedRow:
    """Write `happened` in the caller's transaction; its id is known on return."""
    row = HappenedRow(
        what=happened.what.value,
        at=happened.at,
        actor_id=happened.actor_id,
        forum_id=happened.forum_id,
        statement_id=happened.statement_id,
        subject_id=happened.subject_id,
        thread_id=happened.thread_id,
        from_value=happened.from_value,
        to_value=happened.to_value,
        reason=happened.reason,
        details=json.dumps(happened.details, ensure_ascii=False, sort_keys=True),
    )
    db.add(row)
    await db.flush()
    return row


@dataclass(frozen=True)
class Untold:
    """A committed record not told yet, with the names events carry."""

    id: int
    happened: Happened
    actor_name: str | None
    subject_name: str | None


# Built once: it runs after every action, and each `aliased` builds hundreds of objects in
# reference cycles that only the garbage collector frees (its pauses hold the room's editors).
_ACTOR, _SUBJECT = aliased(User), aliased(User)
_UNTOLD = (
    select(HappenedRow, _ACTOR.name, _SUBJECT.name)
    .outerjoin(_ACTOR, _ACTOR.id == HappenedRow.actor_id)
    .outerjoin(_SUBJECT, _SUBJECT.id == HappenedRow.subject_id)
    .where(HappenedRow.told_at.is_(None))
    .order_by(HappenedRow.id)
)


async def untold(db: AsyncSession, limit: int) -> list[Untold]:
    """The oldest `limit` records not told yet, oldest first."""
    rows = await db.execute(_UNTOLD.limit(limit))
    return [Untold(row.id, _happened(row), a, s) for row, a, s in rows]


async def mark_told(db: AsyncSession, ids: Collection[int], at: datetime) -> None:
    if ids:
        await db.execute(
            update(HappenedRow)
            .where(HappenedRow.id.in_(sorted(ids)), HappenedRow.told_at.is_(None))
            .values(told_at=at)
        )


def _happened(row: HappenedRow) -> Happened:
    details = json.loads(row.details or "{}")
    return Happened(
        what=What(row.what),
        at=row.at,
        actor_id=row.actor_id,
        forum_id=row.forum_id,
        statement_id=row.statement_id,
        subject_id=row.subject_id,
        thread_id=row.thread_id,
        from_value=row.from_value,
        to_value=row.to_value,
        reason=row.reason,
        details={str(k): str(v) for k, v in details.items()},
    )


async def last_of_statement(db: AsyncSession, statement_id: int) -> int:
    """The id of the last record about statement `statement_id`; 0 when there is none."""
    found = await db.scalar(
        select(func.max(HappenedRow.id)).where(HappenedRow.statement_id == statement_id)
    )
    return int(found or 0)
