"""Invitation links: created with a role (and maybe a drafting group), used once."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.db import people
from server.db.models import Invitation, OrganisationMember


async def by_token_hash(db: AsyncSession, token_hash: str) -> Invitation | None:
    return await db.scalar(select(Invitation).where(Invitation.token_hash == token_hash))


async def use(db: AsyncSession, invitation_id: int, user_id: int, now: datetime) -> bool:
    """Mark it used by `user_id`, only if nobody used it yet (two people with the same link at
    the same moment: the second is refused); True when this call used it."""
    result = await db.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.used_at.is_(None))
        .values(used_at=now, used_by=user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


class Given(NamedTuple):
    role_before: str | None
    role_after: str
    joined_group: bool  # False when the invitation names no drafting group or they were in it


async def give_role(db: AsyncSession, invitation: Invitation, user_id: int) -> Given:
    """Give the invited person the invitation's role in its forum (keeping a role they already
    hold there), its drafting group and organisation (each only when they lack it). The role
    is read locked and given in one statement, and the drafting group joined only with a role
    as it stands at the write: a role taken away at the same moment either waits for this, and
    then takes them off the group, or is seen gone, and the invitation gives it again."""
    forum_id = invitation.forum_id
    held = await people.role_held(db, forum_id, user_id)
    after = held
    if held is None and await people.give_role_unless_held(db, forum_id, user_id, invitation.role):
        after = invitation.role
    elif held is None:  # given by someone else at this very moment
        after = await people.role_held(db, forum_id, user_id)
    assert after is not None
    statement_id = invitation.statement_id
    joined_group = statement_id is not None and await people.join_drafting_group(
        db, forum_id, statement_id, user_id
    )
    if invitation.organisation_id is not None:
        key = (invitation.organisation_id, user_id)
        if await db.get(OrganisationMember, key) is None:
            db.add(OrganisationMember(organisation_id=invitation.organisation_id, user_id=user_id))
    await db.flush()
    return Given(held, after, joined_group)
