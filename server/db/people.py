"""Queries about people: accounts and their signed-in sessions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.db.models import (
    AuditLogEntry,
    DraftingGroupMember,
    Forum,
    ForumRole,
    GuidingModerator,
    Organisation,
    OrganisationMember,
    SignInRow,
    Statement,
    StatementReviewer,
    User,
)
from server.db.statements import StatementRow
from server.domain.roles import Role
from server.moments import as_utc
from server.sealing import KeyRing, field_context

# The personal fields sealed at rest; each in the column `<field>_sealed` of `users`.
SEALED_FIELDS = ("email", "nationality", "phone")


async def user_by_email(db: AsyncSession, keys: KeyRing, email: str) -> User | None:
    """The account of `email`, found through its keyed hash (emails are never stored plain)."""
    return await db.scalar(select(User).where(User.email_hash == keys.lookup_hash(email)))


async def create_user(
    db: AsyncSession,
    keys: KeyRing,
    *,
    email: str,
    name: str,
    password_hash: str,
    is_site_admin: bool = False,
) -> User:
    """A new account, its email sealed (the sealing is bound to the row, so the id comes first)."""
    user = User(
        email_hash=keys.lookup_hash(email),
        email_sealed=b"",
        name=name,
        password_hash=password_hash,
        is_site_admin=is_site_admin,
        shares_email=False,
        shares_nationality=False,
        shares_phone=False,
    )
    db.add(user)
    await db.flush()
    user.email_sealed = seal(keys, user.id, "email", email.strip())
    return user


def seal(keys: KeyRing, user_id: int, field: str, value: str) -> bytes:
    return keys.encrypt(value, associated_data=field_context("users", field, user_id))


def unseal(keys: KeyRing, user_id: int, field: str, blob: bytes | None) -> str | None:
    if not blob:
        return None
    return keys.decrypt(blob, associated_data=field_context("users", field, user_id))


@dataclass(frozen=True)
class PersonalData:
    email: str
    nationality: str | None
    phone: str | None


def personal_data(keys: KeyRing, user: User) -> PersonalData:
    return PersonalData(
        email=unseal(keys, user.id, "email", user.email_sealed) or "",
        nationality=unseal(keys, user.id, "nationality", user.nationality_sealed),
        phone=unseal(keys, user.id, "phone", user.phone_sealed),
    )


async def names_of(db: AsyncSession, user_ids: set[int]) -> dict[int, str]:
    rows = await db.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return {int(uid): str(name) for uid, name in rows}


async def forum_roles_of(
    db: AsyncSession, user_id: int, *, every_forum: bool = False
) -> list[tuple[int, str, str | None]]:
    """(forum id, forum name, role) for every forum where the person has a role; with
    `every_forum` (site administrators) every forum, role None where they have none."""
    query = select(Forum.id, Forum.name, ForumRole.role).order_by(Forum.name)
    if every_forum:
        query = query.outerjoin(
            ForumRole, (ForumRole.forum_id == Forum.id) & (ForumRole.user_id == user_id)
        )
    else:
        query = query.join(ForumRole, ForumRole.forum_id == Forum.id).where(
            ForumRole.user_id == user_id
        )
    rows = await db.execute(query)
    return [(int(fid), str(name), str(role) if role else None) for fid, name, role in rows]


async def forum_members(db: AsyncSession, forum_id: int) -> list[tuple[User, Role]]:
    """Everyone with a role in the forum, by name, with their role."""
    rows = await db.execute(
        select(User, ForumRole.role)
        .join(ForumRole, ForumRole.user_id == User.id)
        .where(ForumRole.forum_id == forum_id)
        .order_by(User.name)
    )
    return [(user, Role(role)) for user, role in rows]


async def organisations_of(db: AsyncSession, user_ids: list[int]) -> dict[int, list[str]]:
    """The names of each person's organisations."""
    rows = await db.execute(
        select(OrganisationMember.user_id, Organisation.name)
        .join(Organisation, Organisation.id == OrganisationMember.organisation_id)
        .where(OrganisationMember.user_id.in_(user_ids))
        .order_by(Organisation.name)
    )
    found: dict[int, list[str]] = {uid: [] for uid in user_ids}
    for user_id, name in rows:
        found[user_id].append(name)
    return found


async def start_sign_in(
    db: AsyncSession,
    user_id: int,
    token_hash: str,
    csrf_token: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    db.add(
        SignInRow(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=expires_at,
        )
    )


async def signed_in_user(
    db: AsyncSession, token_hash: str, now: datetime
) -> tuple[User, SignInRow] | None:
    row = (
        await db.execute(
            select(User, SignInRow)
            .join(SignInRow, SignInRow.user_id == User.id)
            .where(SignInRow.token_hash == token_hash)
        )
    ).first()
    if row is None:
        return None
    user, auth = row
    return (user, auth) if _is_live(auth.expires_at, now) else None


async def end_sign_in(db: AsyncSession, token_hash: str) -> None:
    await db.execute(delete(SignInRow).where(SignInRow.token_hash == token_hash))


async def end_all_sign_ins(db: AsyncSession, user_id: int) -> int:
    """Sign the person out everywhere; returns how many sessions ended."""
    result = await db.execute(delete(SignInRow).where(SignInRow.user_id == user_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def signed_in_user_id(db: AsyncSession, token_hash: str, now: datetime) -> int | None:
    """The user id of a live session, without loading the account (websocket upgrades)."""
    row = (
        await db.execute(
            select(SignInRow.user_id, SignInRow.expires_at).where(
                SignInRow.token_hash == token_hash
            )
        )
    ).first()
    if row is None:
        return None
    user_id, expires_at = row
    return int(user_id) if _is_live(expires_at, now) else None


async def signed_in_user_ids(
    db: AsyncSession, token_hashes: Collection[str], now: datetime
) -> dict[str, int]:
    """`signed_in_user_id` for many sessions in one query: the live ones, by token hash."""
    live = await live_sign_ins(db, token_hashes, now)
    return {token_hash: user_id for token_hash, (user_id, _) in live.items()}


async def live_sign_ins(
    db: AsyncSession, token_hashes: Collection[str], now: datetime
) -> dict[str, tuple[int, datetime]]:
    """The live sessions among `token_hashes`, in one query: each one's user id and when it
    ends (in UTC), by token hash."""
    if not token_hashes:
        return {}
    rows = await db.execute(
        select(SignInRow.token_hash, SignInRow.user_id, SignInRow.expires_at).where(
            SignInRow.token_hash.in_(sorted(token_hashes))
        )
    )
    return {
        token_hash: (int(user_id), as_utc(expires_at))
        for token_hash, user_id, expires_at in rows
        if _is_live(expires_at, now)
    }


def _is_live(expires_at: datetime, now: datetime) -> bool:
    # SQLite hands back naive datetimes; they were stored in UTC like `now`.
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=now.tzinfo)
    return expires_at > now


@dataclass(frozen=True)
class ResealedBatch:
    people: int  # rows read
    resealed: int  # of them, rows with at least one field sealed anew
    last_id: int | None  # where the next batch starts; None when done


async def reseal_batch(
    db: AsyncSession, keys: KeyRing, *, after_id: int, limit: int
) -> ResealedBatch:
    """Re-seal under the ring's current key every field of the next `limit` people (by id)
    that an older key sealed. Raises the ring's errors for a blob it cannot open."""
    users = list(
        await db.scalars(select(User).where(User.id > after_id).order_by(User.id).limit(limit))
    )
    resealed = 0
    for user in users:
        changed = False
        for field in SEALED_FIELDS:
            column = f"{field}_sealed"
            blob = getattr(user, column)
            if blob and keys.needs_rotation(blob):
                context = field_context("users", field, user.id)
                setattr(user, column, keys.reencrypt(blob, associated_data=context))
                changed = True
        resealed += changed
    last_id = users[-1].id if len(users) == limit else None
    return ResealedBatch(people=len(users), resealed=resealed, last_id=last_id)


async def role_held(db: AsyncSession, forum_id: int, user_id: int) -> str | None:
    """The person's role in the forum, its row locked until the transaction ends (PostgreSQL;
    SQLite holds one writer at a time anyway): a role taken away meanwhile waits for this
    transaction, or is seen gone."""
    return await db.scalar(
        select(ForumRole.role)
        .where(ForumRole.forum_id == forum_id, ForumRole.user_id == user_id)
        .with_for_update()
    )


async def give_role_unless_held(db: AsyncSession, forum_id: int, user_id: int, role: str) -> bool:
    """Give the role unless the person holds one in the forum, in one statement, so a role
    taken away a moment before is given again rather than assumed still there; True when it
    was given."""
    upsert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = await db.execute(
        upsert(ForumRole)
        .values(forum_id=forum_id, user_id=user_id, role=role)
        .on_conflict_do_nothing(index_elements=["forum_id", "user_id"])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def join_drafting_group(
    db: AsyncSession, forum_id: int, statement_id: int, user_id: int
) -> bool:
    """Put the person in the statement's drafting group if they hold a role in its forum (as
    the write happens, not as read before) and are not in it; True when they joined. Nobody is
    left in a drafting group without a role, whatever runs at the same moment."""
    result = await db.execute(
        insert(DraftingGroupMember).from_select(
            ["statement_id", "user_id"],
            select(literal(statement_id), literal(user_id)).where(
                exists().where(ForumRole.forum_id == forum_id, ForumRole.user_id == user_id),
                ~exists().where(
                    DraftingGroupMember.statement_id == statement_id,
                    DraftingGroupMember.user_id == user_id,
                ),
            ),
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TakenOff:
    """The places a person lost with their role: statements by id."""

    drafting_groups: list[int]
    guided: list[int]


async def take_off_places(db: AsyncSession, forum_id: int, user_id: int) -> TakenOff:
    """Take the person off every drafting group and guiding place in the forum's statements,
    after their role there was taken away (in the same transaction, after the role's row, so
    a join waiting on that row is seen and undone here)."""
    in_forum = select(Statement.id).where(Statement.forum_id == forum_id)
    groups = await db.scalars(
        delete(DraftingGroupMember)
        .where(
            DraftingGroupMember.user_id == user_id,
            DraftingGroupMember.statement_id.in_(in_forum),
        )
        .returning(DraftingGroupMember.statement_id)
        .execution_options(synchronize_session=False)
    )
    group_ids = sorted(groups)
    guided = await db.scalars(
        delete(GuidingModerator)
        .where(GuidingModerator.user_id == user_id, GuidingModerator.statement_id.in_(in_forum))
        .returning(GuidingModerator.statement_id)
        .execution_options(synchronize_session=False)
    )
    return TakenOff(drafting_groups=group_ids, guided=sorted(guided))


async def change_role(
    db: AsyncSession, forum_id: int, user_id: int, role: str | None, before: str | None
) -> TakenOff:
    """Give the person `role` in the forum (they held `before`, read locked by `role_held`),
    or take it away (None) and with it every place it gave them: the role's row first, so a
    join waiting on it is seen and undone. Returns the places taken away."""
    this_person = (ForumRole.forum_id == forum_id) & (ForumRole.user_id == user_id)
    if role is None:
        await db.execute(delete(ForumRole).where(this_person))
        return await take_off_places(db, forum_id, user_id)
    if before is not None:
        await db.execute(update(ForumRole).where(this_person).values(role=role))
    else:
        db.add(ForumRole(forum_id=forum_id, user_id=user_id, role=role))
    return TakenOff(drafting_groups=[], guided=[])


def _places(*, guiding: bool) -> type[DraftingGroupMember] | type[GuidingModerator]:
    return GuidingModerator if guiding else DraftingGroupMember


async def holds_place(db: AsyncSession, statement_id: int, user_id: int, *, guiding: bool) -> bool:
    """Whether the person is in the statement's drafting group (`guiding`: among its guides)."""
    return await db.get(_places(guiding=guiding), (statement_id, user_id)) is not None


async def give_place(db: AsyncSession, statement_id: int, user_id: int, *, guiding: bool) -> None:
    """Put the person in the statement's drafting group (`guiding`: among its guides)."""
    db.add(_places(guiding=guiding)(statement_id=statement_id, user_id=user_id))


async def take_place(db: AsyncSession, statement_id: int, user_id: int, *, guiding: bool) -> None:
    """Take the person out of the statement's drafting group (`guiding`: its guides)."""
    table = _places(guiding=guiding)
    await db.execute(
        delete(table).where(table.statement_id == statement_id, table.user_id == user_id)
    )


async def openable(db: AsyncSession, user_id: int, rows: list[StatementRow]) -> list[StatementRow]:
    """Of `rows`, those the person may still open: a place on a statement (its drafting group,
    guiding it) counts only with a role in its forum, and reviewing counts alone, as in the
    permission table; a place left over from a role taken away shows nothing."""
    forums = set(await db.scalars(select(ForumRole.forum_id).where(ForumRole.user_id == user_id)))
    if all(row.forum.id in forums for row in rows):
        return rows
    reviewing = set(
        await db.scalars(
            select(StatementReviewer.statement_id).where(StatementReviewer.user_id == user_id)
        )
    )
    return [row for row in rows if row.forum.id in forums or row.statement.id in reviewing]


async def forums_of(db: AsyncSession, user_id: int, role: Role | None = None) -> set[int]:
    """The forums where the person holds a role (with `role`: that one)."""
    query = select(ForumRole.forum_id).where(ForumRole.user_id == user_id)
    if role is not None:
        query = query.where(ForumRole.role == role.value)
    return set(await db.scalars(query))


# How the audit log names a change of someone's right to sign for an organisation; the
# organisation's id is in `to_value`, its name in `reason` (so the sentence names it).
SIGNING_GRANTED = "grant_signing"
SIGNING_WITHDRAWN = "withdraw_signing"


@dataclass(frozen=True)
class Granted:
    """Who last granted a member the right to sign for an organisation, and when."""

    by: str | None
    at: datetime


async def signing_grants(db: AsyncSession, organisation_id: int) -> dict[int, Granted]:
    """For each member the audit log shows granted the right to sign for the organisation,
    the latest grant: by whom and when (the same grant is logged in each of their forums)."""
    granter = aliased(User)
    rows = await db.execute(
        select(AuditLogEntry.subject_id, granter.name, AuditLogEntry.at)
        .outerjoin(granter, granter.id == AuditLogEntry.actor_id)
        .where(
            AuditLogEntry.action == SIGNING_GRANTED,
            AuditLogEntry.to_value == str(organisation_id),
        )
        .order_by(AuditLogEntry.id)
    )
    return {int(uid): Granted(by, at) for uid, by, at in rows if uid is not None}
