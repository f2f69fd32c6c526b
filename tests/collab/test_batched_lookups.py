"""The batched look-ups of a reconnect storm read the same facts as the one-at-a-time ones that
every route uses: each person's standing toward each statement, live sessions, stored documents.

Over a copy of the demo database (SQLite, or PostgreSQL in CI), with a reviewer added so that
every way of being named on a statement is there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from server.auth.sign_ins import token_hash
from server.config import load_settings
from server.db.engine import create_engine, sessionmaker
from server.db.models import SignInRow, Statement, StatementReviewer, User
from server.db.people import signed_in_user_id, signed_in_user_ids
from server.db.statements import standing, standings
from server.db.update_log import load_document, load_documents
from tests.support.servers import Template, new_server

pytestmark = pytest.mark.anyio

NO_SUCH = 9_999


@pytest.fixture
async def store(template: Template, tmp_path: Path) -> AsyncIterator[async_sessionmaker[Any]]:
    engine = create_engine(load_settings(new_server(template, tmp_path).env))
    try:
        yield sessionmaker(engine)
    finally:
        await engine.dispose()


async def test_standings_in_one_batch_are_each_persons_standing(
    store: async_sessionmaker[Any],
) -> None:
    async with store() as db:
        user_ids = list(await db.scalars(select(User.id).order_by(User.id)))
        statement_ids = list(await db.scalars(select(Statement.id).order_by(Statement.id)))
        # One more reviewer, someone who is not one of the first statement's yet.
        reviewing = set(
            await db.scalars(
                select(StatementReviewer.user_id).where(
                    StatementReviewer.statement_id == statement_ids[0]
                )
            )
        )
        newcomer = max(uid for uid in user_ids if uid not in reviewing)
        db.add(StatementReviewer(statement_id=statement_ids[0], user_id=newcomer))
        await db.commit()
        asked = [(sid, uid) for sid in [*statement_ids, NO_SUCH] for uid in user_ids]
        together = await standings(db, asked)
        one_by_one = {pair: await standing(db, *pair) for pair in asked}
    assert together == {pair: found for pair, found in one_by_one.items() if found is not None}
    # The demo gives every kind of standing something to say.
    kinds = list(together.values())
    assert any(s.is_member for s in kinds) and any(s.is_guiding_moderator for s in kinds)
    assert any(s.is_reviewer for s in kinds) and any(s.is_site_admin for s in kinds)
    assert any(s.role is None for s in kinds) and any(s.role is not None for s in kinds)
    assert not any(sid == NO_SUCH for sid, _ in together)


async def test_live_sessions_in_one_batch_are_each_sessions_person(
    store: async_sessionmaker[Any],
) -> None:
    now = datetime.now(UTC)
    async with store() as db:
        user_ids = list(await db.scalars(select(User.id)))
        tokens = {f"live-{uid}": (uid, now + timedelta(hours=1)) for uid in user_ids}
        tokens["expired"] = (user_ids[0], now - timedelta(seconds=1))
        for token, (uid, expires) in tokens.items():
            db.add(
                SignInRow(
                    token_hash=token_hash(token),
                    user_id=uid,
                    csrf_token="x",
                    created_at=now - timedelta(hours=2),
                    expires_at=expires,
                )
            )
        await db.commit()
        hashes = [token_hash(t) for t in [*tokens, "never-issued"]]
        together = await signed_in_user_ids(db, hashes, now)
        one_by_one = {h: await signed_in_user_id(db, h, now) for h in hashes}
    assert together == {h: uid for h, uid in one_by_one.items() if uid is not None}
    assert len(together) == len(user_ids)  # the expired and the unknown are left out


async def test_documents_loaded_together_are_each_statements_document(
    store: async_sessionmaker[Any],
) -> None:
    async with store() as db:
        statement_ids = list(await db.scalars(select(Statement.id)))
        together = await load_documents(db, [*statement_ids, NO_SUCH])
        one_by_one = {sid: await load_document(db, sid) for sid in statement_ids}
        with pytest.raises(LookupError):
            await load_document(db, NO_SUCH)
    assert together == one_by_one
    assert any(doc.updates or doc.snapshot for doc in together.values())
