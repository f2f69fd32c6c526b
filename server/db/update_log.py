"""Queries of the update log and snapshots: load a document, append a batch, compact.

The writes take a Core connection, not an ORM session: they run many times a second on the
update log's hot path, and need none of the ORM's bookkeeping.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from server.db.models import Statement, StatementSnapshot, StatementUpdate
from server.db.statements import limits_of, with_forum_limits
from server.domain.words import Limits


@dataclass(frozen=True)
class StoredDocument:
    snapshot: bytes | None
    updates: list[bytes]
    # The statement's state and its forum's limits, read with the text: a room opened from
    # this knows whether it takes edits, and what it counts against, without trusting what
    # its first visitor read earlier.
    state: str
    forum_id: int
    limits: Limits
    # The digest stored with the count (None: never stored); a room whose text has another
    # asks for both to be stored again.
    text_digest: str | None = None


async def load_document(db: AsyncSession, statement_id: int) -> StoredDocument:
    """The stored text of one statement, its state and limits; LookupError when there is
    no such statement."""
    found = await load_documents(db, [statement_id])
    if statement_id not in found:
        raise LookupError(f"no statement {statement_id}")
    return found[statement_id]


async def load_documents(
    db: AsyncSession, statement_ids: Collection[int]
) -> dict[int, StoredDocument]:
    """`load_document` for many statements in three queries (rooms opened together after a
    restart); statements that do not exist are left out."""
    if not statement_ids:
        return {}
    found = {
        row.id: row
        for row in await db.execute(
            with_forum_limits(
                Statement.id, Statement.state, Statement.forum_id, Statement.text_digest
            ).where(Statement.id.in_(list(statement_ids)))
        )
    }
    snapshots: dict[int, bytes] = {
        sid: data
        for sid, data in await db.execute(
            select(StatementSnapshot.statement_id, StatementSnapshot.data).where(
                StatementSnapshot.statement_id.in_(list(found))
            )
        )
    }
    updates: dict[int, list[bytes]] = {sid: [] for sid in found}
    for sid, data in await db.execute(
        select(StatementUpdate.statement_id, StatementUpdate.data)
        .where(StatementUpdate.statement_id.in_(list(found)))
        .order_by(StatementUpdate.statement_id, StatementUpdate.id)
    ):
        updates[sid].append(data)
    return {
        sid: StoredDocument(
            snapshot=snapshots.get(sid),
            updates=updates[sid],
            state=row.state,
            forum_id=row.forum_id,
            text_digest=row.text_digest,
            limits=limits_of(row),
        )
        for sid, row in found.items()
    }


async def append_updates(conn: AsyncConnection, batch: Sequence[tuple[int, bytes]]) -> None:
    """Append (statement_id, update) pairs in their arrival order, in the caller's transaction."""
    if batch:
        await conn.execute(
            insert(StatementUpdate), [{"statement_id": s, "data": d} for s, d in batch]
        )


async def replace_with_snapshot(
    conn: AsyncConnection, statement_id: int, snapshot: bytes, text: str
) -> None:
    """Store `snapshot` (the whole document) and drop the log rows it includes."""
    last_id = await conn.scalar(
        select(func.max(StatementUpdate.id)).where(StatementUpdate.statement_id == statement_id)
    )
    await conn.execute(
        delete(StatementSnapshot).where(StatementSnapshot.statement_id == statement_id)
    )
    await conn.execute(
        insert(StatementSnapshot).values(
            statement_id=statement_id, data=snapshot, text=text, through_update_id=last_id or 0
        )
    )
    await conn.execute(delete(StatementUpdate).where(StatementUpdate.statement_id == statement_id))


async def store_counts(conn: AsyncConnection, counts: Mapping[int, tuple[int, int, str]]) -> None:
    """Store each statement's (words, seconds, text digest), all in one statement."""
    if counts:
        await conn.execute(
            update(Statement)
            .where(Statement.id == bindparam("sid"))
            .values(
                words=bindparam("n_words"),
                seconds=bindparam("n_seconds"),
                text_digest=bindparam("digest"),
                updated_at=func.now(),
            ),
            [
                {"sid": sid, "n_words": words, "n_seconds": seconds, "digest": digest}
                for sid, (words, seconds, digest) in counts.items()
            ],
        )
