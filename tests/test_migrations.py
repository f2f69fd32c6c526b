"""Migrations upgrade an empty database to exactly the schema the models describe."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from server.config import Settings
from server.db.migrate import upgrade
from server.db.models import Base
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
