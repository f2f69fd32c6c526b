"""Queries about people: accounts and their signed-in sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import AuthSession, User


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalise_email(email)))


async def start_session(
    session: AsyncSession,
    user_id: int,
    token_hash: str,
    csrf_token: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    session.add(
        AuthSession(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=expires_at,
        )
    )


async def signed_in_user(
    session: AsyncSession, token_hash: str, now: datetime
) -> tuple[User, AuthSession] | None:
    row = (
        await session.execute(
            select(User, AuthSession)
            .join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.token_hash == token_hash)
        )
    ).first()
    if row is None:
        return None
    user, auth = row
    return (user, auth) if _is_live(auth.expires_at, now) else None


async def end_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.token_hash == token_hash))


async def signed_in_user_id(session: AsyncSession, token_hash: str, now: datetime) -> int | None:
    """The user id of a live session, without loading the account (websocket upgrades)."""
    row = (
        await session.execute(
            select(AuthSession.user_id, AuthSession.expires_at).where(
                AuthSession.token_hash == token_hash
            )
        )
    ).first()
    if row is None:
        return None
    user_id, expires_at = row
    return int(user_id) if _is_live(expires_at, now) else None


def _is_live(expires_at: datetime, now: datetime) -> bool:
    # SQLite hands back naive datetimes; they were stored in UTC like `now`.
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=now.tzinfo)
    return expires_at > now
