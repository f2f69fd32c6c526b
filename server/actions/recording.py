"""Recording what happened, once, in the action's transaction: the record itself (the
outbox) and the audit log's line derived from it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from server.db import audit, happenings
from server.db.models import AuditLogEntry
from server.domain.happenings import Happened, audit_entries_of


async def record(db: AsyncSession, happened: Happened) -> AuditLogEntry | None:
    """Write `happened` and, for a kind the audit log keeps, its line (returned; the first,
    for a kind with a line in each of several forums), in the caller's transaction. After the
    commit, `Announcer.tell` tells what it implies."""
    await happenings.add(db, happened)
    written = [
        await audit.record(
            db,
            forum_id=line.forum_id,
            statement_id=line.statement_id,
            actor_id=line.actor_id,
            subject_id=line.subject_id,
            at=line.at,
            action=line.action,
            from_value=line.from_value,
            to_value=line.to_value,
            reason=line.reason,
        )
        for line in audit_entries_of(happened)
    ]
    return written[0] if written else None
