"""Migrations upgrade an empty database to exactly the schema the models describe."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, MetaData, Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.sql.schema import ScalarElementColumnDefault

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


def _reflect(sync: Connection, names: tuple[str, ...]) -> dict[str, Table]:
    metadata = MetaData()
    return {name: Table(name, metadata, autoload_with=sync) for name in names}


async def _insert(conn: AsyncConnection, table: Table, model: type[Base], **values: object) -> int:
    """Insert one row into `table` as it stands, filling the columns it has with `model`'s
    plain defaults; returns the new id."""
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.name == "id":
            continue
        default = model.__table__.c[column.name].default
        if isinstance(default, ScalarElementColumnDefault):
            row[column.name] = default.arg
    result = await conn.execute(insert(table).values(row).returning(table.c.id))
    return int(result.scalar_one())


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
        # Rows as the schema stood at 0002: only its columns, with the models' own defaults,
        # so columns added by later revisions never reach this insert.
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                tables = await conn.run_sync(_reflect, ("forums", "forum_sessions", "statements"))
                forum_id = await _insert(conn, tables["forums"], Forum, name="HLPF")
                group_id = await _insert(
                    conn,
                    tables["forum_sessions"],
                    ForumSession,
                    forum_id=forum_id,
                    title="Brazil, Chile and Colombia",
                )
                for title in ("Joint statement", "Joint statement, again"):
                    await _insert(
                        conn,
                        tables["statements"],
                        Statement,
                        forum_id=forum_id,
                        forum_session_id=group_id,
                        country_code=None,
                        is_joint=True,
                        title=title,
                    )
                return group_id
        finally:
            await engine.dispose()

    group_id = asyncio.run(two_joint_statements())
    with pytest.raises(RuntimeError, match=f"sessions {group_id} have more than one joint"):
        upgrade(settings)
