"""Queries about speakers: the forum's rules for speakers, a statement's volunteers (their
answers sealed like other personal data) and its confirmed speaker and backup."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import (
    DraftingGroupMember,
    ForumSpeakerRules,
    Organisation,
    OrganisationMember,
    SpeakerVolunteer,
    Statement,
    StatementSpeakers,
    User,
)
from server.sealing import KeyRing, field_context

SEALED_ANSWERS = ("is_national", "in_national_process")


def _context(field: str, statement_id: int, user_id: int) -> bytes:
    return field_context("speaker_volunteers", field, f"{statement_id}:{user_id}")


def seal_answer(
    keys: KeyRing, statement_id: int, user_id: int, field: str, value: bool | None
) -> bytes | None:
    """A yes/no answer sealed to its cell; None (not said) stays None."""
    if value is None:
        return None
    return keys.encrypt(
        "yes" if value else "no", associated_data=_context(field, statement_id, user_id)
    )


def open_answer(
    keys: KeyRing, statement_id: int, user_id: int, field: str, blob: bytes | None
) -> bool | None:
    if not blob:
        return None
    return keys.decrypt(blob, associated_data=_context(field, statement_id, user_id)) == "yes"


# -- the rules for speakers ---------------------------------------------------------------------


async def current_rules(db: AsyncSession, forum_id: int) -> ForumSpeakerRules | None:
    """The newest version of the forum's rules for speakers; None before any is written."""
    return (
        await db.scalars(
            select(ForumSpeakerRules)
            .where(ForumSpeakerRules.forum_id == forum_id)
            .order_by(ForumSpeakerRules.version.desc())
            .limit(1)
        )
    ).first()


async def write_rules(
    db: AsyncSession, forum_id: int, text: str, *, by: int | None, at: datetime
) -> ForumSpeakerRules:
    """A new version of the rules, one after the newest. The caller commits."""
    newest = await db.scalar(
        select(func.max(ForumSpeakerRules.version)).where(ForumSpeakerRules.forum_id == forum_id)
    )
    rules = ForumSpeakerRules(
        forum_id=forum_id, version=(newest or 0) + 1, text=text, written_at=at, written_by=by
    )
    db.add(rules)
    await db.flush()
    return rules


# -- volunteers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VolunteerRow:
    volunteer: SpeakerVolunteer
    name: str
    is_member: bool
    constituencies: frozenset[str]


async def _constituencies(db: AsyncSession, user_ids: set[int]) -> dict[int, set[str]]:
    if not user_ids:
        return {}
    rows = await db.execute(
        select(OrganisationMember.user_id, Organisation.constituency)
        .join(Organisation, Organisation.id == OrganisationMember.organisation_id)
        .where(OrganisationMember.user_id.in_(user_ids))
    )
    found: dict[int, set[str]] = {}
    for user_id, constituency in rows.tuples():
        found.setdefault(user_id, set()).add(constituency)
    return found


async def volunteers_of(db: AsyncSession, statement_id: int) -> list[VolunteerRow]:
    """The statement's current volunteers (withdrawn ones left out), first to volunteer first."""
    member = (
        select(DraftingGroupMember.user_id)
        .where(
            DraftingGroupMember.statement_id == statement_id,
            DraftingGroupMember.user_id == SpeakerVolunteer.user_id,
        )
        .exists()
    )
    rows = (
        await db.execute(
            select(SpeakerVolunteer, User.name, member)
            .join(User, User.id == SpeakerVolunteer.user_id)
            .where(
                SpeakerVolunteer.statement_id == statement_id,
                SpeakerVolunteer.withdrawn_at.is_(None),
            )
            .order_by(SpeakerVolunteer.volunteered_at, SpeakerVolunteer.user_id)
        )
    ).tuples()
    listed = list(rows)
    constituencies = await _constituencies(db, {v.user_id for v, _, _ in listed})
    return [
        VolunteerRow(v, name, bool(is_member), frozenset(constituencies.get(v.user_id, ())))
        for v, name, is_member in listed
    ]


async def volunteer(
    db: AsyncSession,
    keys: KeyRing,
    *,
    statement_id: int,
    user_id: int,
    rules_version: int,
    is_national: bool | None,
    in_national_process: bool | None,
    at: datetime,
) -> None:
    """Record (or renew, after a withdrawal or a new version of the rules) a volunteer."""
    row = await db.get(SpeakerVolunteer, (statement_id, user_id))
    if row is None:
        row = SpeakerVolunteer(statement_id=statement_id, user_id=user_id)
        db.add(row)
    if row.withdrawn_at is not None or row.volunteered_at is None:
        row.volunteered_at = at  # a withdrawal loses one's place; renewing the rules does not
    row.withdrawn_at = None
    row.rules_version = rules_version
    row.is_national_sealed = seal_answer(keys, statement_id, user_id, "is_national", is_national)
    row.in_national_process_sealed = seal_answer(
        keys, statement_id, user_id, "in_national_process", in_national_process
    )


async def withdraw(db: AsyncSession, statement_id: int, user_id: int, at: datetime) -> bool:
    """False when the person is not a current volunteer. Their sealed answers are erased: a
    withdrawn volunteer's nationality serves nobody."""
    row = await db.get(SpeakerVolunteer, (statement_id, user_id))
    if row is None or row.withdrawn_at is not None:
        return False
    row.withdrawn_at = at
    row.is_national_sealed = None
    row.in_national_process_sealed = None
    return True


# -- the confirmed speaker and backup -----------------------------------------------------------


async def speakers(db: AsyncSession, statement_id: int) -> StatementSpeakers | None:
    return await db.get(StatementSpeakers, statement_id)


async def confirm(
    db: AsyncSession,
    statement_id: int,
    *,
    speaker_id: int,
    backup_id: int | None,
    by: int,
    at: datetime,
) -> None:
    row = await db.get(StatementSpeakers, statement_id)
    if row is None:
        row = StatementSpeakers(statement_id=statement_id)
        db.add(row)
    row.speaker_id, row.backup_id, row.confirmed_by, row.confirmed_at = (
        speaker_id,
        backup_id,
        by,
        at,
    )


async def leave_slots(
    db: AsyncSession, statement_id: int, user_id: int
) -> StatementSpeakers | None:
    """Empty whichever slot `user_id` held; the row as it was before, when they held one."""
    row = await db.get(StatementSpeakers, statement_id)
    if row is None or user_id not in (row.speaker_id, row.backup_id):
        return None
    before = StatementSpeakers(
        statement_id=row.statement_id,
        speaker_id=row.speaker_id,
        backup_id=row.backup_id,
        confirmed_by=row.confirmed_by,
        confirmed_at=row.confirmed_at,
    )
    if row.speaker_id == user_id:
        row.speaker_id = None
    if row.backup_id == user_id:
        row.backup_id = None
    return before


async def confirmed_constituencies(db: AsyncSession, forum_id: int, *, besides: int) -> set[str]:
    """The constituencies of the confirmed speakers of the forum's other statements."""
    rows = await db.scalars(
        select(Organisation.constituency)
        .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .join(StatementSpeakers, StatementSpeakers.speaker_id == OrganisationMember.user_id)
        .join(Statement, Statement.id == StatementSpeakers.statement_id)
        .where(Statement.forum_id == forum_id, Statement.id != besides)
    )
    return set(rows)


async def speaker_names(db: AsyncSession, statement_ids: Iterable[int]) -> dict[int, str]:
    """The name of each statement's confirmed speaker, in one query for a whole list."""
    ids = set(statement_ids)
    if not ids:
        return {}
    speaker = aliased(User)
    rows = await db.execute(
        select(StatementSpeakers.statement_id, speaker.name)
        .join(speaker, speaker.id == StatementSpeakers.speaker_id)
        .where(StatementSpeakers.statement_id.in_(ids))
    )
    return dict(rows.tuples().all())


async def names_of(db: AsyncSession, user_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = await db.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return dict(rows.tuples().all())


async def reseal_answers(
    db: AsyncSession, keys: KeyRing, *, after: tuple[int, int], limit: int
) -> tuple[int, tuple[int, int] | None]:
    """Re-seal under the ring's current key the answers of the next `limit` volunteers (by
    statement, then person) that an older key sealed: how many rows changed, and where the
    next batch starts (None when done). Raises the ring's errors for a blob it cannot open."""
    rows = list(
        await db.scalars(
            select(SpeakerVolunteer)
            .where(tuple_(SpeakerVolunteer.statement_id, SpeakerVolunteer.user_id) > after)
            .order_by(SpeakerVolunteer.statement_id, SpeakerVolunteer.user_id)
            .limit(limit)
        )
    )
    resealed = 0
    for row in rows:
        changed = False
        for field in SEALED_ANSWERS:
            column = f"{field}_sealed"
            blob = getattr(row, column)
            if blob and keys.needs_rotation(blob):
                context = _context(field, row.statement_id, row.user_id)
                setattr(row, column, keys.reencrypt(blob, associated_data=context))
                changed = True
        resealed += changed
    last = rows[-1] if len(rows) == limit else None
    return resealed, None if last is None else (last.statement_id, last.user_id)
