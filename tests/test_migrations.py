"""Migrations upgrade an empty database to exactly the schema the models describe."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from server.config import Settings
from server.db.migrate import upgrade
from server.db.models import Base, Forum, ForumSession, Statement
from tests.support.servers import PG_URL, _pg_admin


def _empty_database(tmp_path: Path) -> str:
    if PG_URL:
        name = f"chorus_migrations_{os.getpid()}"
        _pg_admin([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"])
        return PG_URL.rstrip("/") + f"/{name}"
    return f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"


def _differences(url: str) -> list[object]:
    async def compare() -> list[object]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(
                    lambda sync: list(
                        compare_metadata(MigrationContext.configure(sync), Base.metadata)
                    )
                )
        finally:
            await engine.dispose()

    return asyncio.run(compare())


def test_migrations_build_the_models_schema_from_empty(tmp_path: Path) -> None:
    url = _empty_database(tmp_path)
    upgrade(Settings(data_dir=tmp_path, database_url=url, secret_key="x"))
    assert _differences(url) == []
    # Running it again is a no-op, as `make run` does at every start.
    upgrade(Settings(data_dir=tmp_path, database_url=url, secret_key="x"))


def test_two_joint_statements_of_a_session_stop_the_upgrade_by_name(tmp_path: Path) -> None:
    url = _empty_database(tmp_path)
    settings = Settings(data_dir=tmp_path, database_url=url, secret_key="x")
    upgrade(settings, "0002")

    async def two_joint_statements() -> int:
        engine = create_async_engine(url)
        try:
            async with AsyncSession(engine) as session, session.begin():
                forum = Forum(name="HLPF")
                session.add(forum)
                await session.flush()
                group = ForumSession(forum_id=forum.id, title="Brazil, Chile and Colombia")
                session.add(group)
                await session.flush()
                for title in ("Joint statement", "Joint statement, again"):
                    session.add(
                        Statement(
                            forum_id=forum.id,
                            forum_session_id=group.id,
                            country_code=None,
                            is_joint=True,
                            title=title,
                        )
                    )
                return group.id
        finally:
            await engine.dispose()

    group_id = asyncio.run(two_joint_statements())
    with pytest.raises(RuntimeError, match=f"sessions {group_id} have more than one joint"):
        upgrade(settings)
