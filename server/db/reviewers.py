"""Queries about a statement's reviewers: people asked to read one statement, comment and
suggest, whatever their role in its forum (often none)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ForumRole, Statement, StatementReviewer, User


async def reviewers_of(db: AsyncSession, statement_id: int) -> list[User]:
    """The statement's reviewers, by name."""
    rows = await db.scalars(
        select(User)
        .join(StatementReviewer, StatementReviewer.user_id == User.id)
        .where(StatementReviewer.statement_id == statement_id)
        .order_by(User.name)
    )
    return list(rows)


async def is_reviewer(db: AsyncSession, statement_id: int, user_id: int) -> bool:
    return await db.get(StatementReviewer, (statement_id, user_id)) is not None


async def add_reviewer(db: AsyncSession, statement_id: int, user_id: int) -> None:
    db.add(StatementReviewer(statement_id=statement_id, user_id=user_id))


async def remove_reviewer(db: AsyncSession, statement_id: int, user_id: int) -> None:
    await db.execute(
        delete(StatementReviewer).where(
            StatementReviewer.statement_id == statement_id, StatementReviewer.user_id == user_id
        )
    )


async def reviewers_without_role(db: AsyncSession, forum_id: int) -> list[User]:
    """Everyone who reviews a statement of the forum and holds no role in it, by name: the
    outside reviewers the forum already works with."""
    has_role = (
        select(ForumRole.user_id)
        .where(ForumRole.forum_id == forum_id, ForumRole.user_id == User.id)
        .exists()
    )
    rows = await db.scalars(
        select(User)
        .join(StatementReviewer, StatementReviewer.user_id == User.id)
        .join(Statement, Statement.id == StatementReviewer.statement_id)
        .where(Statement.forum_id == forum_id, ~has_role)
        .distinct()
        .order_by(User.name)
    )
    return list(rows)
