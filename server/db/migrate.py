"""Runs the Alembic migrations (the migration runner is Alembic's; this only points it here)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from server.config import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = settings.database_url
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database at `settings.database_url` to `revision` (blocking; run in a thread)."""
    command.upgrade(alembic_config(settings), revision)
