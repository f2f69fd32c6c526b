"""Runs the Alembic migrations (the migration runner is Alembic's; this only points it here)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from server.config import Settings
from server.sealing import field_context, key_ring_of

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = settings.database_url
    ring = key_ring_of(settings)

    def seal_email(user_id: int, email: str) -> tuple[str, bytes]:
        sealed = ring.encrypt(email, associated_data=field_context("users", "email", user_id))
        return ring.lookup_hash(email), sealed

    # Migrations that move personal data into sealed columns call this.
    config.attributes["personal_data"] = seal_email
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database at `settings.database_url` to `revision` (blocking; run in a thread)."""
    command.upgrade(alembic_config(settings), revision)
