"""Queries about organisations: the list, who may record their signatories, and adding one.
Their members and who may sign for them are co-signing's (`server.db.signatures`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import ForumRole, Organisation, OrganisationMember
from server.domain.roles import Role


async def all_by_name(db: AsyncSession) -> list[Organisation]:
    return list(await db.scalars(select(Organisation).order_by(Organisation.name)))


async def roles_of(db: AsyncSession, user_id: int) -> set[Role]:
    """The roles the person holds, in any forum."""
    rows = await db.scalars(select(ForumRole.role).where(ForumRole.user_id == user_id))
    return {Role(role) for role in set(rows)}


async def signs_for(db: AsyncSession, user_id: int) -> set[int]:
    """The organisations the person may sign for."""
    rows = await db.scalars(
        select(OrganisationMember.organisation_id).where(
            OrganisationMember.user_id == user_id, OrganisationMember.may_sign.is_(True)
        )
    )
    return set(rows)


async def facilitates_a_forum(db: AsyncSession, user_id: int) -> bool:
    found = await db.scalar(
        select(ForumRole.forum_id).where(
            ForumRole.user_id == user_id, ForumRole.role == Role.FACILITATOR.value
        )
    )
    return found is not None


async def named(db: AsyncSession, name: str) -> int | None:
    """The id of the organisation called `name`, if there is one."""
    found = await db.scalar(select(Organisation.id).where(Organisation.name == name))
    return None if found is None else int(found)
