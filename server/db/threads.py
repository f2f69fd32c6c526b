"""Queries about a statement's threads: reading them with their messages, and every move as one
conditional UPDATE, so two people acting on the same thread at once get one winner.

Each move's WHERE clause repeats the state the rules allowed it from (`server.domain.threads`):
the rules decide on what was read, the UPDATE holds only if nobody moved the thread since,
and a move that matched no row is refused as the later of the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import (
    DraftingGroupMember,
    ForumRole,
    GuidingModerator,
    Statement,
    StatementReviewer,
    Thread,
    ThreadMessage,
    User,
)
from server.domain.roles import Action, Role, may, roles_always_allowed
from server.domain.threads import (
    Kind,
    MessageKind,
    OpenDispute,
    SuggestionState,
    ThreadFacts,
    ThreadState,
)
from server.moments import as_utc


@dataclass(frozen=True)
class MessageRow:
    id: int
    author: str | None  # None: the server's own note, or an account since removed
    text: str
    at: datetime
    kind: str


@dataclass(frozen=True, slots=True)
class StoredThread:
    """A thread's row as plain values (the `threads` table's columns, in its order)."""

    id: int
    statement_id: int
    kind: str
    state: str
    quote: str
    anchor_start: bytes
    anchor_end: bytes
    suggestion: str | None
    suggestion_state: str | None
    created_by: int | None
    created_at: datetime
    resolved_by: int | None
    resolved_at: datetime | None
    reason: str | None
    proposed_wording: str | None
    escalated_by: int | None
    escalated_at: datetime | None
    claimed_by: int | None
    claimed_at: datetime | None
    decided_by: int | None
    decided_at: datetime | None
    outcome: str | None
    decision: str | None
    applied_wording: str | None


# Read as columns, not ORM entities: a page of a long thread list is built on the event loop,
# and hydrating entities (instances, identity map, attribute state) cost the room's editors
# several times what these plain rows do.
_THREAD_COLUMNS = [Thread.__table__.c[field.name] for field in fields(StoredThread)]


@dataclass(frozen=True)
class ThreadRow:
    """A thread with the names of who started, claimed and decided it, and its messages."""

    thread: StoredThread
    created_by: str | None
    claimed_by: str | None
    decided_by: str | None
    messages: list[MessageRow]

    @property
    def facts(self) -> ThreadFacts:
        return facts_of(self.thread)


def facts_of(thread: StoredThread) -> ThreadFacts:
    """What the rules need to know about a stored thread."""
    return ThreadFacts(
        kind=Kind(thread.kind),
        state=ThreadState(thread.state),
        suggestion_state=(
            None if thread.suggestion_state is None else SuggestionState(thread.suggestion_state)
        ),
        claimed_by=thread.claimed_by,
        proposed_wording=thread.proposed_wording,
    )


# Built once, with only the WHERE added per read: each `aliased` builds hundreds of objects
# in reference cycles, garbage that only the collector frees (its pauses held the room's
# editors), and building a statement coerces every column again.
_CREATOR, _CLAIMER, _DECIDER = aliased(User), aliased(User), aliased(User)
_THREADS = (
    select(*_THREAD_COLUMNS, _CREATOR.name, _CLAIMER.name, _DECIDER.name)
    .outerjoin(_CREATOR, _CREATOR.id == Thread.created_by)
    .outerjoin(_CLAIMER, _CLAIMER.id == Thread.claimed_by)
    .outerjoin(_DECIDER, _DECIDER.id == Thread.decided_by)
    .order_by(Thread.id)
)
_MESSAGES = (
    select(
        ThreadMessage.id,
        ThreadMessage.thread_id,
        User.name,
        ThreadMessage.text,
        ThreadMessage.at,
        ThreadMessage.kind,
    )
    .join(Thread, Thread.id == ThreadMessage.thread_id)
    .outerjoin(User, User.id == ThreadMessage.author_id)
    .order_by(ThreadMessage.id)
)


async def _rows(db: AsyncSession, *where: Any, limit: int | None = None) -> list[ThreadRow]:
    found = (await db.execute(_THREADS.where(*where).limit(limit))).all()
    if not found:
        return []
    columns = len(_THREAD_COLUMNS)
    threads = [StoredThread(*row[:columns]) for row in found]
    messages: dict[int, list[MessageRow]] = {thread.id: [] for thread in threads}
    # The threads just read: the first that match, up to the last of them. (Not an IN list of
    # their ids: a bound value per id costs the event loop more than the rows.)
    for message_id, thread_id, author, text, at, kind in await db.execute(
        _MESSAGES.where(*where, Thread.id <= threads[-1].id)
    ):
        messages[thread_id].append(MessageRow(message_id, author, text, as_utc(at), kind))
    return [
        ThreadRow(thread, created, claimed, decided, messages[thread.id])
        for thread, (created, claimed, decided) in zip(
            threads, (row[columns:] for row in found), strict=True
        )
    ]


async def threads_of(
    db: AsyncSession, statement_id: int, *, after: int = 0, limit: int | None = None
) -> list[ThreadRow]:
    """The statement's threads after thread id `after`, oldest first, at most `limit` (None:
    all), each with its messages: two queries."""
    return await _rows(db, Thread.statement_id == statement_id, Thread.id > after, limit=limit)


async def thread_row(db: AsyncSession, thread_id: int) -> ThreadRow | None:
    """One thread with its messages; None when there is no such thread."""
    found = await _rows(db, Thread.id == thread_id)
    return found[0] if found else None


async def statement_of(db: AsyncSession, thread_id: int) -> int | None:
    """The statement a thread is on; None when there is no such thread."""
    found = await db.scalar(select(Thread.statement_id).where(Thread.id == thread_id))
    return None if found is None else int(found)


async def add_thread(
    db: AsyncSession,
    *,
    statement_id: int,
    kind: Kind,
    quote: str,
    anchor_start: bytes,
    anchor_end: bytes,
    by: int,
    at: datetime,
    text: str,
    suggestion: str | None = None,
    reason: str | None = None,
    proposed_wording: str | None = None,
) -> tuple[Thread, ThreadMessage]:
    """A new open thread with its first message (`text`): a comment, which may carry a
    suggestion, or a dispute opened directly (its reason is also its first message)."""
    dispute = kind is Kind.DISPUTE
    thread = Thread(
        statement_id=statement_id,
        kind=kind.value,
        state=ThreadState.OPEN.value,
        quote=quote,
        anchor_start=anchor_start,
        anchor_end=anchor_end,
        suggestion=suggestion,
        suggestion_state=None if suggestion is None else SuggestionState.PENDING.value,
        created_by=by,
        created_at=at,
        reason=reason,
        proposed_wording=proposed_wording,
        escalated_by=by if dispute else None,
        escalated_at=at if dispute else None,
    )
    db.add(thread)
    await db.flush()
    message = await add_message(db, thread.id, by, MessageKind.COMMENT, text, at)
    return thread, message


async def add_message(
    db: AsyncSession,
    thread_id: int,
    author_id: int | None,
    kind: MessageKind,
    text: str,
    at: datetime,
) -> ThreadMessage:
    message = ThreadMessage(
        thread_id=thread_id, author_id=author_id, kind=kind.value, text=text, at=at
    )
    db.add(message)
    await db.flush()
    return message


async def _moved(db: AsyncSession, thread_id: int, where: list[Any], **values: Any) -> bool:
    result = await db.execute(update(Thread).where(Thread.id == thread_id, *where).values(**values))
    return bool(result.rowcount)  # type: ignore[attr-defined]


_OPEN_COMMENT = [Thread.kind == Kind.COMMENT.value, Thread.state == ThreadState.OPEN.value]
_OPEN_DISPUTE = [Thread.kind == Kind.DISPUTE.value, Thread.state == ThreadState.OPEN.value]


async def settle_suggestion(
    db: AsyncSession,
    thread_id: int,
    to: SuggestionState,
    *,
    by: int,
    at: datetime,
) -> bool:
    """Accept or decline the pending suggestion of an open comment; True when it was still
    pending. Accepting also resolves the thread: the group settled it."""
    values: dict[str, Any] = {"suggestion_state": to.value}
    if to is SuggestionState.ACCEPTED:
        values.update(state=ThreadState.RESOLVED.value, resolved_by=by, resolved_at=at)
    pending = Thread.suggestion_state == SuggestionState.PENDING.value
    return await _moved(db, thread_id, [*_OPEN_COMMENT, pending], **values)


async def move_anchor(db: AsyncSession, thread_id: int, anchor: tuple[bytes, bytes]) -> None:
    """Anchor the thread to another passage (the wording that replaced its own)."""
    await _moved(db, thread_id, [], anchor_start=anchor[0], anchor_end=anchor[1])


async def resolve(db: AsyncSession, thread_id: int, *, by: int, at: datetime) -> bool:
    """Resolve an open comment; True when it was open."""
    return await _moved(
        db,
        thread_id,
        _OPEN_COMMENT,
        state=ThreadState.RESOLVED.value,
        resolved_by=by,
        resolved_at=at,
    )


async def reopen(db: AsyncSession, thread_id: int) -> bool:
    """Reopen a resolved comment; True when it was resolved."""
    return await _moved(
        db,
        thread_id,
        [Thread.kind == Kind.COMMENT.value, Thread.state == ThreadState.RESOLVED.value],
        state=ThreadState.OPEN.value,
        resolved_by=None,
        resolved_at=None,
    )


async def escalate(
    db: AsyncSession,
    thread_id: int,
    *,
    by: int,
    at: datetime,
    reason: str,
    proposed_wording: str | None,
) -> bool:
    """Turn an open comment into an open dispute; True when it was an open comment."""
    return await _moved(
        db,
        thread_id,
        _OPEN_COMMENT,
        kind=Kind.DISPUTE.value,
        reason=reason,
        proposed_wording=proposed_wording,
        escalated_by=by,
        escalated_at=at,
    )


async def claim(db: AsyncSession, thread_id: int, *, by: int, at: datetime) -> bool:
    """Claim an open dispute nobody holds; True for the one claim that got it. Two moderators
    racing both run this; the database lets one UPDATE match and the other match nothing."""
    return await _moved(
        db,
        thread_id,
        [*_OPEN_DISPUTE, Thread.claimed_by.is_(None)],
        claimed_by=by,
        claimed_at=at,
    )


async def release(db: AsyncSession, thread_id: int, *, holder: int) -> bool:
    """Let go of `holder`'s claim on an open dispute; True when they still held it (a second
    release, racing, matches nothing)."""
    return await _moved(
        db,
        thread_id,
        [*_OPEN_DISPUTE, Thread.claimed_by == holder],
        claimed_by=None,
        claimed_at=None,
    )


async def decide(
    db: AsyncSession,
    thread_id: int,
    *,
    by: int,
    at: datetime,
    outcome: str,
    decision: str,
    applied_wording: str | None,
) -> bool:
    """Decide an open dispute that `by` holds; True when it still was."""
    values: dict[str, Any] = {
        "state": ThreadState.DECIDED.value,
        "decided_by": by,
        "decided_at": at,
        "outcome": outcome,
        "decision": decision,
        "applied_wording": applied_wording,
    }
    return await _moved(db, thread_id, [*_OPEN_DISPUTE, Thread.claimed_by == by], **values)


async def hold_drafting(db: AsyncSession, statement_id: int) -> bool:
    """Lock the statement's row while it is in drafting, until the transaction ends; False
    when it is not in drafting.

    Opening a dispute and finalising both write the statement's row, so they take turns: a
    dispute opened first is seen by the finalising that follows, and one opened after the
    statement became final is refused. (A no-op UPDATE: PostgreSQL locks the row, SQLite the
    database, both until commit.)"""
    result = await db.execute(
        update(Statement)
        .where(Statement.id == statement_id, Statement.state == "drafting")
        .values(state=Statement.state)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def hold_statement(db: AsyncSession, statement_id: int) -> None:
    """Lock the statement's row, whatever its state, until the transaction ends: new threads
    on one statement take turns, so the count each one checks includes the others'."""
    await db.execute(
        update(Statement).where(Statement.id == statement_id).values(state=Statement.state)
    )


async def hold_thread(db: AsyncSession, thread_id: int) -> None:
    """Lock the thread's row until the transaction ends: replies to one thread take turns."""
    await db.execute(update(Thread).where(Thread.id == thread_id).values(state=Thread.state))


async def open_threads(db: AsyncSession, statement_id: int, by: int) -> tuple[int, int]:
    """How many threads are open on the statement: started by `by`, and in all."""
    mine = func.coalesce(func.sum(case((Thread.created_by == by, 1), else_=0)), 0)
    row = (
        await db.execute(
            select(mine, func.count()).where(
                Thread.statement_id == statement_id, Thread.state == ThreadState.OPEN.value
            )
        )
    ).one()
    return int(row[0]), int(row[1])


async def replies_in(db: AsyncSession, thread_id: int) -> int:
    """How many replies the thread has (its first message and the server's notes aside)."""
    found = await db.scalar(
        select(func.count()).where(
            ThreadMessage.thread_id == thread_id, ThreadMessage.kind == MessageKind.REPLY.value
        )
    )
    return int(found or 0)


async def open_disputes(db: AsyncSession, statement_id: int) -> list[OpenDispute]:
    """The statement's open disputes, oldest first."""
    rows = await db.execute(
        select(Thread.id, Thread.quote)
        .where(
            Thread.statement_id == statement_id,
            Thread.kind == Kind.DISPUTE.value,
            Thread.state == ThreadState.OPEN.value,
        )
        .order_by(Thread.id)
    )
    return [OpenDispute(thread_id, quote) for thread_id, quote in rows]


async def who_may(
    db: AsyncSession, statement_id: int, user_ids: Iterable[int], action: Action
) -> set[int]:
    """Those of `user_ids` who may do `action` on the statement, by the permission table,
    read in one query (the facts of each person toward the statement, side by side)."""
    ids = set(user_ids)
    if not ids:
        return set()
    member = (
        select(DraftingGroupMember.user_id)
        .where(
            DraftingGroupMember.statement_id == statement_id,
            DraftingGroupMember.user_id == User.id,
        )
        .exists()
    )
    guiding = (
        select(GuidingModerator.user_id)
        .where(GuidingModerator.statement_id == statement_id, GuidingModerator.user_id == User.id)
        .exists()
    )
    reviewing = (
        select(StatementReviewer.user_id)
        .where(StatementReviewer.statement_id == statement_id, StatementReviewer.user_id == User.id)
        .exists()
    )
    forum_id = select(Statement.forum_id).where(Statement.id == statement_id).scalar_subquery()
    role = (
        select(ForumRole.role)
        .where(ForumRole.forum_id == forum_id, ForumRole.user_id == User.id)
        .scalar_subquery()
    )
    rows = await db.execute(
        select(User.id, role, User.is_site_admin, member, guiding, reviewing).where(
            User.id.in_(ids)
        )
    )
    return {
        int(uid)
        for uid, role_name, is_admin, is_member, is_guiding, is_reviewer in rows
        if may(
            Role(role_name) if role_name else None,
            action,
            is_site_admin=bool(is_admin),
            is_member=bool(is_member),
            is_guiding_moderator=bool(is_guiding),
            is_reviewer=bool(is_reviewer),
        )
    }


async def review_queue_workers(db: AsyncSession, forum_id: int) -> set[int]:
    """Everyone who works the forum's review queue: its moderators and facilitators."""
    roles = [role.value for role in roles_always_allowed(Action.WORK_REVIEW_QUEUE)]
    rows = await db.scalars(
        select(ForumRole.user_id).where(ForumRole.forum_id == forum_id, ForumRole.role.in_(roles))
    )
    return set(rows)


async def told_of_disputes(db: AsyncSession, statement_id: int) -> set[int]:
    """Who hears that a dispute opened or was decided: the drafting group and the guiding
    moderators."""
    group = select(DraftingGroupMember.user_id).where(
        DraftingGroupMember.statement_id == statement_id
    )
    guides = select(GuidingModerator.user_id).where(GuidingModerator.statement_id == statement_id)
    return set(await db.scalars(group.union(guides)))


async def drafting_group_names(db: AsyncSession, statement_id: int) -> dict[int, str]:
    """The drafting group's members by id, with their display names (whom `@Name` means)."""
    rows = await db.execute(
        select(User.id, User.name)
        .join(DraftingGroupMember, DraftingGroupMember.user_id == User.id)
        .where(DraftingGroupMember.statement_id == statement_id)
    )
    return {int(uid): str(name) for uid, name in rows}
