"""The audit log: append-only. Rows are added here and read here; nothing updates them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import AuditLogEntry, Statement, User

# The width of `from_value` and `to_value`: a state, a role, or a short quote of a passage.
VALUE_CHARACTERS = 32


async def record(
    db: AsyncSession,
    *,
    forum_id: int,
    actor_id: int | None,
    at: datetime,
    action: str,
    from_value: str | None = None,
    to_value: str | None = None,
    statement_id: int | None = None,
    subject_id: int | None = None,
    reason: str | None = None,
) -> AuditLogEntry:
    entry = AuditLogEntry(
        forum_id=forum_id,
        statement_id=statement_id,
        actor_id=actor_id,
        subject_id=subject_id,
        at=at,
        action=action,
        from_value=from_value,
        to_value=to_value,
        reason=reason,
    )
    db.add(entry)
    await db.flush()
    return entry


@dataclass(frozen=True)
class LoggedStep:
    entry: AuditLogEntry
    actor_name: str | None
    subject_name: str | None
    # For the forum's log: the statement's country (None: joint) and whether there is one.
    statement_country: str | None = None


async def statement_log(db: AsyncSession, statement_id: int) -> list[LoggedStep]:
    """A statement's log, oldest first, with the names of who acted and on whom."""
    actor, subject = aliased(User), aliased(User)
    rows = await db.execute(
        select(AuditLogEntry, actor.name, subject.name)
        .outerjoin(actor, actor.id == AuditLogEntry.actor_id)
        .outerjoin(subject, subject.id == AuditLogEntry.subject_id)
        .where(AuditLogEntry.statement_id == statement_id)
        .order_by(AuditLogEntry.id)
    )
    return [LoggedStep(entry, a, s) for entry, a, s in rows]


async def forum_log(db: AsyncSession, forum_id: int, limit: int) -> list[LoggedStep]:
    """The forum's latest `limit` entries, newest first (statements' ones included)."""
    actor, subject = aliased(User), aliased(User)
    rows = await db.execute(
        select(AuditLogEntry, actor.name, subject.name, Statement.country_code)
        .outerjoin(actor, actor.id == AuditLogEntry.actor_id)
        .outerjoin(subject, subject.id == AuditLogEntry.subject_id)
        .outerjoin(Statement, Statement.id == AuditLogEntry.statement_id)
        .where(AuditLogEntry.forum_id == forum_id)
        .order_by(AuditLogEntry.id.desc())
        .limit(limit)
    )
    return [LoggedStep(entry, a, s, country) for entry, a, s, country in rows]


async def move_statement(
    db: AsyncSession, statement_id: int, from_state: str, to_state: str, at: datetime
) -> bool:
    """Move the statement only if it is still in `from_state` (two moderators acting at once:
    the second is refused); True when it moved."""
    result = await db.execute(
        update(Statement)
        .where(Statement.id == statement_id, Statement.state == from_state)
        .values(state=to_state, updated_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
