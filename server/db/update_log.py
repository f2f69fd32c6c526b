"""Queries of the update log and snapshots: load a document, append a batch, compact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Statement, StatementSnapshot, StatementUpdate


@dataclass(frozen=True)
class StoredDocument:
    snapshot: bytes | None
    updates: list[bytes]


async def load_document(session: AsyncSession, statement_id: int) -> StoredDocument:
    snapshot = await session.scalar(
        select(StatementSnapshot.data).where(StatementSnapshot.statement_id == statement_id)
    )
    rows = await session.scalars(
        select(StatementUpdate.data)
        .where(StatementUpdate.statement_id == statement_id)
        .order_by(StatementUpdate.id)
    )
    return StoredDocument(snapshot=snapshot, updates=list(rows))


async def append_updates(session: AsyncSession, batch: Sequence[tuple[int, bytes]]) -> None:
    """Append (statement_id, update) pairs in their arrival order, in the caller's transaction."""
    if batch:
        await session.execute(
            insert(StatementUpdate), [{"statement_id": s, "data": d} for s, d in batch]
        )


async def replace_with_snapshot(
    session: AsyncSession, statement_id: int, snapshot: bytes, text: str
) -> None:
    """Store `snapshot` (the whole document) and drop the log rows it includes."""
    last_id = await session.scalar(
        select(func.max(StatementUpdate.id)).where(StatementUpdate.statement_id == statement_id)
    )
    existing = await session.get(StatementSnapshot, statement_id)
    if existing is None:
        session.add(
            StatementSnapshot(
                statement_id=statement_id,
                data=snapshot,
                text=text,
                through_update_id=last_id or 0,
            )
        )
    else:
        existing.data = snapshot
        existing.text = text
        existing.through_update_id = last_id or existing.through_update_id
    await session.execute(
        delete(StatementUpdate).where(StatementUpdate.statement_id == statement_id)
    )


async def store_count(session: AsyncSession, statement_id: int, words: int, seconds: int) -> None:
    await session.execute(
        update(Statement)
        .where(Statement.id == statement_id)
        .values(words=words, seconds=seconds, updated_at=func.now())
    )
