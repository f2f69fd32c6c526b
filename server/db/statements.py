"""Queries about statements: what a person may open, and one statement with its forum."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import DraftingGroupMember, Forum, ForumSession, Statement
from server.domain.words import Limits


def parse_statement_id(raw: str) -> int | None:
    """A statement id from a URL path segment; None for anything that cannot be one."""
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    forum: Forum
    forum_session: ForumSession

    @property
    def limits(self) -> Limits:
        return Limits(
            words=self.forum.word_limit,
            seconds=self.forum.seconds_limit,
            speaking_rate=self.forum.speaking_rate,
        )


def _with_forum() -> Select[Statement, Forum, ForumSession]:
    return (
        select(Statement, Forum, ForumSession)
        .join(Forum, Forum.id == Statement.forum_id)
        .join(ForumSession, ForumSession.id == Statement.forum_session_id)
    )


async def statements_of_member(session: AsyncSession, user_id: int) -> list[StatementRow]:
    rows = await session.execute(
        _with_forum()
        .join(DraftingGroupMember, DraftingGroupMember.statement_id == Statement.id)
        .where(DraftingGroupMember.user_id == user_id)
        .order_by(
            ForumSession.starts_at.asc().nulls_last(),
            ForumSession.id,
            Statement.title,
            Statement.id,
        )
    )
    return [StatementRow(s, f, fs) for s, f, fs in rows]


async def statement(session: AsyncSession, statement_id: int) -> StatementRow | None:
    row = (await session.execute(_with_forum().where(Statement.id == statement_id))).first()
    return None if row is None else StatementRow(row[0], row[1], row[2])


async def is_member(session: AsyncSession, statement_id: int, user_id: int) -> bool:
    return bool(
        await session.scalar(
            select(
                exists().where(
                    DraftingGroupMember.statement_id == statement_id,
                    DraftingGroupMember.user_id == user_id,
                )
            )
        )
    )


@dataclass(frozen=True)
class SocketAccess:
    """What a websocket upgrade needs to know, read in one query."""

    statement_id: int
    state: str
    limits: Limits
    is_member: bool


async def socket_access(
    session: AsyncSession, statement_id: int, user_id: int
) -> SocketAccess | None:
    """The statement's state and limits and whether `user_id` is in its drafting group; None
    when there is no such statement. One round trip: every editor's (re)connection pays it."""
    member = (
        select(DraftingGroupMember.user_id)
        .where(
            DraftingGroupMember.statement_id == Statement.id,
            DraftingGroupMember.user_id == user_id,
        )
        .exists()
    )
    row = (
        await session.execute(
            select(
                Statement.id,
                Statement.state,
                Forum.word_limit,
                Forum.seconds_limit,
                Forum.speaking_rate,
                member,
            )
            .join(Forum, Forum.id == Statement.forum_id)
            .where(Statement.id == statement_id)
        )
    ).first()
    if row is None:
        return None
    return SocketAccess(
        statement_id=row[0],
        state=row[1],
        limits=Limits(words=row[2], seconds=row[3], speaking_rate=row[4]),
        is_member=bool(row[5]),
    )
