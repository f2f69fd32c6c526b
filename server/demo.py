"""Demo data: a believable HLPF 2027 with sessions, statements and drafting groups.

Idempotent: running it again adds only what is missing. Passwords are printed on purpose; these
accounts exist to be tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pycountry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.passwords import hash_password
from server.collab.documents import document_with_text
from server.db.models import (
    DraftingGroupMember,
    Forum,
    ForumRole,
    ForumSession,
    Statement,
    StatementSnapshot,
    User,
)
from server.domain import words
from server.domain.countries import country_name

FORUM = "HLPF 2027"
LOAD_TEST_SESSION = "Load test statements"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    name: str
    organisation: str
    role: str


ACCOUNTS = [
    DemoAccount(
        "amina@example.org",
        "amina-demo-2027",
        "Amina Yusuf",
        "Kenya Youth Climate Network",
        "contributor",
    ),
    DemoAccount(
        "lucas@example.org",
        "lucas-demo-2027",
        "Lucas Pereira",
        "Rede Cidadã pelo Desenvolvimento",
        "contributor",
    ),
    DemoAccount(
        "mei@example.org",
        "mei-demo-2027",
        "Mei Tanaka",
        "Japan NGO Network for SDGs",
        "contributor",
    ),
    DemoAccount(
        "sofia@example.org", "sofia-demo-2027", "Sofía Ramírez", "Steering Group", "moderator"
    ),
]

DRAFTS = Path(__file__).resolve().parent / "demo_drafts"
KENYA_DRAFT = (DRAFTS / "kenya.md").read_text(encoding="utf-8")
EGYPT_DRAFT = (DRAFTS / "egypt.md").read_text(encoding="utf-8")

# (session title, start, [(country code, language, draft, members)])
SESSIONS: list[tuple[str, datetime, list[tuple[str, str, str, list[str]]]]] = [
    (
        "VNR session 1: Kenya",
        datetime(2027, 7, 13, 10, 0, tzinfo=UTC),
        [("KE", "en", KENYA_DRAFT, ["amina", "lucas", "mei", "sofia"])],
    ),
    (
        "VNR session 2: Brazil, Chile and Colombia",
        datetime(2027, 7, 13, 15, 0, tzinfo=UTC),
        [
            ("BR", "en", "", ["lucas", "amina", "sofia"]),
            ("CL", "es", "", ["lucas", "sofia"]),
            ("CO", "es", "", ["lucas", "mei", "sofia"]),
        ],
    ),
    (
        "VNR session 3: Japan",
        datetime(2027, 7, 14, 10, 0, tzinfo=UTC),
        [("JP", "en", "", ["mei", "amina", "sofia"])],
    ),
    (
        "VNR session 4: Egypt",
        datetime(2027, 7, 14, 15, 0, tzinfo=UTC),
        [("EG", "ar", EGYPT_DRAFT, ["amina", "sofia"])],
    ),
]


def statement_title(country_code: str) -> str:
    return f"Statement to the voluntary national review of {country_name(country_code)}"


async def _get_or_add(
    session: AsyncSession,
    model: type,
    where: dict[str, object],
    values: dict[str, object] | None = None,
) -> object:
    found = await session.scalar(select(model).filter_by(**where))
    if found is None:
        found = model(**where, **(values or {}))
        session.add(found)
        await session.flush()
    return found


async def _add_statement(
    session: AsyncSession,
    forum: Forum,
    forum_session: ForumSession,
    code: str,
    language: str,
    draft: str,
    title: str,
) -> Statement:
    found = await session.scalar(
        select(Statement).filter_by(
            forum_session_id=forum_session.id, country_code=code, title=title
        )
    )
    if found is not None:
        return found
    count = words.count_words(draft)
    statement = Statement(
        forum_id=forum.id,
        forum_session_id=forum_session.id,
        country_code=code,
        title=title,
        language=language,
        state="drafting",
        words=count,
        seconds=words.estimate_seconds(count, forum.speaking_rate),
    )
    session.add(statement)
    await session.flush()
    if draft:
        session.add(
            StatementSnapshot(statement_id=statement.id, data=document_with_text(draft), text=draft)
        )
    return statement


async def _join(session: AsyncSession, statement_id: int, user_id: int) -> None:
    await _get_or_add(
        session, DraftingGroupMember, {"statement_id": statement_id, "user_id": user_id}
    )


async def load_demo(
    session: AsyncSession, load_statements: int = 0
) -> list[tuple[DemoAccount, list[Statement]]]:
    """Create what is missing of the demo; returns each account with the statements it may edit."""
    forum = await _get_or_add(
        session,
        Forum,
        {"name": FORUM},
        {"word_limit": 300, "seconds_limit": 120, "speaking_rate": 150},
    )
    assert isinstance(forum, Forum)
    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user = await session.scalar(select(User).filter_by(email=account.email))
        if user is None:
            user = User(
                email=account.email,
                name=account.name,
                organisation=account.organisation,
                password_hash=await hash_password(account.password),
            )
            session.add(user)
            await session.flush()
        users[account.email.split("@")[0]] = user
        await _get_or_add(
            session, ForumRole, {"forum_id": forum.id, "user_id": user.id}, {"role": account.role}
        )
    for title, starts_at, countries in SESSIONS:
        forum_session = await _get_or_add(
            session, ForumSession, {"forum_id": forum.id, "title": title}, {"starts_at": starts_at}
        )
        assert isinstance(forum_session, ForumSession)
        for code, language, draft, members in countries:
            statement = await _add_statement(
                session, forum, forum_session, code, language, draft, statement_title(code)
            )
            for member in members:
                await _join(session, statement.id, users[member].id)
    first = users[ACCOUNTS[0].email.split("@")[0]]
    await _ensure_statements(session, forum, first, load_statements)
    result = []
    for account in ACCOUNTS:
        user = users[account.email.split("@")[0]]
        rows = await session.scalars(
            select(Statement)
            .join(DraftingGroupMember, DraftingGroupMember.statement_id == Statement.id)
            .where(DraftingGroupMember.user_id == user.id)
            .order_by(Statement.id)
        )
        result.append((account, list(rows)))
    return result


async def _ensure_statements(session: AsyncSession, forum: Forum, user: User, wanted: int) -> None:
    """Make sure `user` may edit at least `wanted` statements (extra ones for load tests)."""
    have = (
        await session.scalar(
            select(func.count())
            .select_from(DraftingGroupMember)
            .where(DraftingGroupMember.user_id == user.id)
        )
        or 0
    )
    if have >= wanted:
        return
    forum_session = await _get_or_add(
        session, ForumSession, {"forum_id": forum.id, "title": LOAD_TEST_SESSION}
    )
    assert isinstance(forum_session, ForumSession)
    countries = list(pycountry.countries)
    existing = (
        await session.scalar(
            select(func.count())
            .select_from(Statement)
            .where(Statement.forum_session_id == forum_session.id)
        )
        or 0
    )
    for n in range(existing, existing + wanted - have):
        code = countries[n % len(countries)].alpha_2
        statement = await _add_statement(
            session, forum, forum_session, code, "en", "", f"Load test statement {n + 1}"
        )
        await _join(session, statement.id, user.id)
