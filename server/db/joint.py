"""Queries about a group session's joint statement: whether it has one, its country drafts,
and the people of those drafts, who become the joint statement's."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import DraftingGroupMember, GuidingModerator, Statement


async def joint_statement_of(db: AsyncSession, forum_session_id: int) -> int | None:
    """The id of the session's joint statement, if it has one."""
    found: int | None = await db.scalar(
        select(Statement.id).where(
            Statement.forum_session_id == forum_session_id, Statement.is_joint.is_(True)
        )
    )
    return found


async def country_statements(db: AsyncSession, forum_session_id: int) -> list[Statement]:
    """The session's statements of one country each."""
    rows = await db.scalars(
        select(Statement).where(
            Statement.forum_session_id == forum_session_id, Statement.is_joint.is_(False)
        )
    )
    return list(rows)


async def people_of(db: AsyncSession, statement_ids: Collection[int]) -> tuple[set[int], set[int]]:
    """Everyone in the drafting groups of `statement_ids`, and everyone guiding them."""
    members = await db.scalars(
        select(DraftingGroupMember.user_id).where(
            DraftingGroupMember.statement_id.in_(statement_ids)
        )
    )
    guides = await db.scalars(
        select(GuidingModerator.user_id).where(GuidingModerator.statement_id.in_(statement_ids))
    )
    return set(members), set(guides)


async def place_people(
    db: AsyncSession, statement_id: int, members: Collection[int], guides: Collection[int]
) -> None:
    """Put `members` in the statement's drafting group and `guides` among its guides."""
    for user_id in sorted(members):
        db.add(DraftingGroupMember(statement_id=statement_id, user_id=user_id))
    for user_id in sorted(guides):
        db.add(GuidingModerator(statement_id=statement_id, user_id=user_id))
    await db.flush()
