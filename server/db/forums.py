"""Queries about forums themselves: finding one by name, making one, adding a session with
its countries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Forum, ForumSession, SessionCountry


async def forum_named(db: AsyncSession, name: str) -> int | None:
    """The id of the forum called `name`, if there is one."""
    found: int | None = await db.scalar(select(Forum.id).where(Forum.name == name))
    return found


async def add_forum(db: AsyncSession, name: str, kind: str) -> Forum:
    """A new forum with the usual limits (300 words, 2 minutes at 150 words a minute), the
    interface's three languages and no coalition rules; its id is known on return."""
    forum = Forum(
        name=name,
        kind=kind,
        languages="en,fr,es",
        time_zone="UTC",
        word_limit=300,
        seconds_limit=120,
        speaking_rate=150,
        coalition_min_organisations=0,
        coalition_min_regions=0,
        coalition_min_global_south=0,
        coalition_min_constituencies=0,
    )
    db.add(forum)
    await db.flush()
    return forum


async def add_forum_session(
    db: AsyncSession,
    forum_id: int,
    title: str,
    starts_at: datetime | None,
    country_codes: Sequence[str],
) -> ForumSession:
    """A session of the forum presenting `country_codes`, in that order; its id is known on
    return. Its statements are the caller's (`statements.add_statement`)."""
    forum_session = ForumSession(forum_id=forum_id, title=title, starts_at=starts_at)
    db.add(forum_session)
    await db.flush()
    for position, code in enumerate(country_codes):
        db.add(
            SessionCountry(forum_session_id=forum_session.id, country_code=code, position=position)
        )
    return forum_session
