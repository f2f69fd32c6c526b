"""Queries about statements: what a person may open, and one statement with its forum; and
the one place a statement is made."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CompoundSelect, Select, exists, literal_column, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import (
    DraftingGroupMember,
    Forum,
    ForumRole,
    ForumSession,
    GuidingModerator,
    SessionCountry,
    Statement,
    StatementReviewer,
    StatementSnapshot,
    User,
)
from server.domain.cosigning import text_digest
from server.domain.lifecycle import State, is_read_only
from server.domain.new_statements import FIRST_STATE, NewStatement
from server.domain.roles import Action, Role, may, roles_always_allowed
from server.domain.words import Limits, count_words, estimate_seconds

# Roles that see every statement of their forum (contributors see their drafting groups'),
# as the permission table says.
FORUM_WIDE_ROLES = tuple(role.value for role in roles_always_allowed(Action.VIEW_STATEMENT))


def parse_statement_id(raw: str) -> int | None:
    """A statement id from a URL path segment; None for anything that cannot be one."""
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


async def add_statement(
    db: AsyncSession,
    forum: Forum,
    forum_session_id: int,
    new: NewStatement,
    *,
    document: bytes | None,
) -> Statement:
    """Make a statement in drafting, counted from its first text, with that text as its first
    snapshot (`document`: the Yjs update holding `new.text`; None stores none). Its record
    (and so the audit log's "create" line) is the action's (`actions.statements.
    create_statement`). The database refuses a second joint statement of a session
    (IntegrityError). Its text's digest is stored from the start, so lists can tell
    signatures valid before its room ever opens."""
    count = count_words(new.text)
    statement = Statement(
        forum_id=forum.id,
        forum_session_id=forum_session_id,
        country_code=new.country_code,
        is_joint=new.is_joint,
        title=new.title,
        language=new.language,
        state=FIRST_STATE.value,
        words=count,
        seconds=estimate_seconds(count, forum.speaking_rate),
        text_digest=text_digest(new.text),
    )
    db.add(statement)
    await db.flush()
    if document is not None:
        db.add(StatementSnapshot(statement_id=statement.id, data=document, text=new.text))
    return statement


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


_StatementQuery = Select[Statement, Forum, ForumSession]


def _with_forum() -> _StatementQuery:
    return (
        select(Statement, Forum, ForumSession)
        .join(Forum, Forum.id == Statement.forum_id)
        .join(ForumSession, ForumSession.id == Statement.forum_session_id)
    )


def _in_order(
    query: Select[Statement, Forum, ForumSession],
) -> Select[Statement, Forum, ForumSession]:
    return query.order_by(
        ForumSession.starts_at.asc().nulls_last(),
        ForumSession.id,
        Statement.is_joint,
        Statement.title,
        Statement.id,
    )


async def statements_visible_to(
    db: AsyncSession, user_id: int, *, is_site_admin: bool
) -> list[StatementRow]:
    """Every statement the person may open: their drafting groups, the statements they guide
    or review, and every statement of the forums where they are a moderator, facilitator or
    observer (a site administrator: every statement)."""
    query = _with_forum()
    if not is_site_admin:
        in_group = exists().where(
            DraftingGroupMember.statement_id == Statement.id,
            DraftingGroupMember.user_id == user_id,
        )
        guiding = exists().where(
            GuidingModerator.statement_id == Statement.id, GuidingModerator.user_id == user_id
        )
        reviewing = exists().where(
            StatementReviewer.statement_id == Statement.id, StatementReviewer.user_id == user_id
        )
        forum_wide = exists().where(
            ForumRole.forum_id == Statement.forum_id,
            ForumRole.user_id == user_id,
            ForumRole.role.in_(FORUM_WIDE_ROLES),
        )
        query = query.where(or_(in_group, guiding, reviewing, forum_wide))
    rows = await db.execute(_in_order(query))
    return [StatementRow(s, f, fs) for s, f, fs in rows]


async def statement(db: AsyncSession, statement_id: int) -> StatementRow | None:
    row = (await db.execute(_with_forum().where(Statement.id == statement_id))).first()
    return None if row is None else StatementRow(row[0], row[1], row[2])


@dataclass(frozen=True)
class Standing:
    """A person's standing toward one statement, read in one query: the statement's state and
    limits, the person's role in its forum, and the facts the permission table asks about."""

    statement_id: int
    forum_id: int
    state: str
    limits: Limits
    role: Role | None
    is_site_admin: bool
    is_member: bool
    is_guiding_moderator: bool
    is_reviewer: bool = False

    def may(self, action: Action) -> bool:
        return may(
            self.role,
            action,
            is_site_admin=self.is_site_admin,
            is_member=self.is_member,
            is_guiding_moderator=self.is_guiding_moderator,
            is_reviewer=self.is_reviewer,
        )

    @property
    def can_write(self) -> bool:
        """Whether this person's edits are applied now: allowed to write it, and the statement
        is in drafting (final and delivered ones are read-only for everyone)."""
        return self.may(Action.EDIT_TEXT) and not is_read_only(State(self.state), self.role)


def with_forum_limits(*columns: Any) -> Select[Any]:
    """Statements (joined to their forum) with `columns` and then the forum's limits: what a
    standing and an opening room read of a statement."""
    return select(*columns, Forum.word_limit, Forum.seconds_limit, Forum.speaking_rate).join(
        Forum, Forum.id == Statement.forum_id
    )


def limits_of(row: Any) -> Limits:
    """The limits of a row read with `with_forum_limits`."""
    return Limits(words=row.word_limit, seconds=row.seconds_limit, speaking_rate=row.speaking_rate)


async def standing(db: AsyncSession, statement_id: int, user_id: int) -> Standing | None:
    """None when there is no such statement. One round trip: every editor's (re)connection and
    every statement route pays it."""
    member = (
        select(DraftingGroupMember.user_id)
        .where(
            DraftingGroupMember.statement_id == Statement.id,
            DraftingGroupMember.user_id == user_id,
        )
        .exists()
    )
    guiding = (
        select(GuidingModerator.user_id)
        .where(GuidingModerator.statement_id == Statement.id, GuidingModerator.user_id == user_id)
        .exists()
    )
    reviewing = (
        select(StatementReviewer.user_id)
        .where(StatementReviewer.statement_id == Statement.id, StatementReviewer.user_id == user_id)
        .exists()
    )
    role = (
        select(ForumRole.role)
        .where(ForumRole.forum_id == Statement.forum_id, ForumRole.user_id == user_id)
        .scalar_subquery()
    )
    admin = select(User.is_site_admin).where(User.id == user_id).scalar_subquery()
    row = (
        await db.execute(
            with_forum_limits(
                Statement.id,
                Statement.forum_id,
                Statement.state,
                role.label("role"),
                admin.label("admin"),
                member.label("member"),
                guiding.label("guiding"),
                reviewing.label("reviewing"),
            ).where(Statement.id == statement_id)
        )
    ).first()
    if row is None:
        return None
    return Standing(
        statement_id=row.id,
        forum_id=row.forum_id,
        state=row.state,
        limits=limits_of(row),
        role=Role(row.role) if row.role else None,
        is_site_admin=bool(row.admin),
        is_member=bool(row.member),
        is_guiding_moderator=bool(row.guiding),
        is_reviewer=bool(row.reviewing),
    )


async def standings(
    db: AsyncSession, asked: Collection[tuple[int, int]]
) -> dict[tuple[int, int], Standing]:
    """`standing` for many (statement id, user id) pairs in four queries, whatever their
    number: editors reconnecting together after a restart. A pair whose statement does not
    exist is left out. Reads the same facts as `standing`, which a test holds it to."""
    if not asked:
        return {}
    statement_ids = sorted({sid for sid, _ in asked})
    user_ids = sorted({uid for _, uid in asked})
    statements = {
        row.id: row
        for row in await db.execute(
            with_forum_limits(Statement.id, Statement.forum_id, Statement.state).where(
                Statement.id.in_(statement_ids)
            )
        )
    }
    forum_ids = {row.forum_id for row in statements.values()}
    roles = {
        (forum_id, user_id): Role(role)
        for forum_id, user_id, role in await db.execute(
            select(ForumRole.forum_id, ForumRole.user_id, ForumRole.role).where(
                ForumRole.forum_id.in_(sorted(forum_ids)), ForumRole.user_id.in_(user_ids)
            )
        )
    }
    admins = set(
        await db.scalars(select(User.id).where(User.id.in_(user_ids), User.is_site_admin.is_(True)))
    )
    # The three ways of being named on a statement, in one round trip.
    named_as: CompoundSelect[Any] = union_all(
        select(
            literal_column("'member'"),
            DraftingGroupMember.statement_id,
            DraftingGroupMember.user_id,
        )
        .where(DraftingGroupMember.statement_id.in_(statement_ids))
        .where(DraftingGroupMember.user_id.in_(user_ids)),
        select(literal_column("'guiding'"), GuidingModerator.statement_id, GuidingModerator.user_id)
        .where(GuidingModerator.statement_id.in_(statement_ids))
        .where(GuidingModerator.user_id.in_(user_ids)),
        select(
            literal_column("'reviewing'"), StatementReviewer.statement_id, StatementReviewer.user_id
        )
        .where(StatementReviewer.statement_id.in_(statement_ids))
        .where(StatementReviewer.user_id.in_(user_ids)),
    )
    named = {(str(row[0]), int(row[1]), int(row[2])) for row in await db.execute(named_as)}
    found: dict[tuple[int, int], Standing] = {}
    for sid, uid in asked:
        row = statements.get(sid)
        if row is None:
            continue
        found[(sid, uid)] = Standing(
            statement_id=row.id,
            forum_id=row.forum_id,
            state=row.state,
            limits=limits_of(row),
            role=roles.get((row.forum_id, uid)),
            is_site_admin=uid in admins,
            is_member=("member", sid, uid) in named,
            is_guiding_moderator=("guiding", sid, uid) in named,
            is_reviewer=("reviewing", sid, uid) in named,
        )
    return found


async def statement_people(db: AsyncSession, statement_id: int) -> tuple[list[User], list[User]]:
    """The statement's drafting group and its guiding moderators, by name."""
    group = await db.scalars(
        select(User)
        .join(DraftingGroupMember, DraftingGroupMember.user_id == User.id)
        .where(DraftingGroupMember.statement_id == statement_id)
        .order_by(User.name)
    )
    guides = await db.scalars(
        select(User)
        .join(GuidingModerator, GuidingModerator.user_id == User.id)
        .where(GuidingModerator.statement_id == statement_id)
        .order_by(User.name)
    )
    return list(group), list(guides)


async def drafting_groups_of(db: AsyncSession, user_id: int) -> set[int]:
    rows = await db.scalars(
        select(DraftingGroupMember.statement_id).where(DraftingGroupMember.user_id == user_id)
    )
    return set(rows)


async def people_sharing_groups(db: AsyncSession, statement_ids: set[int]) -> set[int]:
    """Everyone in any of these drafting groups."""
    if not statement_ids:
        return set()
    rows = await db.scalars(
        select(DraftingGroupMember.user_id).where(
            DraftingGroupMember.statement_id.in_(statement_ids)
        )
    )
    return set(rows)


@dataclass(frozen=True)
class ForumStanding:
    """A person's role in one forum (None: none) and whether they administer the site."""

    forum: Forum
    role: Role | None
    is_site_admin: bool

    def may(self, action: Action) -> bool:
        return may(self.role, action, is_site_admin=self.is_site_admin)


async def forum_standing(db: AsyncSession, forum_id: int, user_id: int) -> ForumStanding | None:
    """None when there is no such forum."""
    forum = await db.get(Forum, forum_id)
    if forum is None:
        return None
    role = await role_in_forum(db, forum_id, user_id)
    admin = await db.scalar(select(User.is_site_admin).where(User.id == user_id))
    return ForumStanding(forum, role, bool(admin))


async def role_in_forum(db: AsyncSession, forum_id: int, user_id: int) -> Role | None:
    """The person's role in the forum; None when they hold none."""
    role = await db.scalar(
        select(ForumRole.role).where(ForumRole.forum_id == forum_id, ForumRole.user_id == user_id)
    )
    return Role(role) if role else None


async def statements_of_forum(db: AsyncSession, forum_id: int) -> list[StatementRow]:
    rows = await db.execute(_in_order(_with_forum().where(Statement.forum_id == forum_id)))
    return [StatementRow(s, f, fs) for s, f, fs in rows]


async def forum_sessions_of(
    db: AsyncSession, forum_id: int
) -> list[tuple[ForumSession, list[str]]]:
    """The forum's sessions by date, each with its countries in the order presented."""
    sessions = list(
        await db.scalars(
            select(ForumSession)
            .where(ForumSession.forum_id == forum_id)
            .order_by(ForumSession.starts_at.asc().nulls_last(), ForumSession.id)
        )
    )
    countries = await db.execute(
        select(SessionCountry.forum_session_id, SessionCountry.country_code)
        .join(ForumSession, ForumSession.id == SessionCountry.forum_session_id)
        .where(ForumSession.forum_id == forum_id)
        .order_by(SessionCountry.position, SessionCountry.country_code)
    )
    by_session: dict[int, list[str]] = {}
    for session_id, code in countries:
        by_session.setdefault(session_id, []).append(code)
    return [(s, by_session.get(s.id, [])) for s in sessions]
