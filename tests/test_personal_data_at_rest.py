"""Personal data is sealed at rest: emails are ciphertext in the store, found by a keyed hash.

Checked on the real store the tests run on (the SQLite file and its WAL, or PostgreSQL's
rows), and through an upgrade of a database written before emails were sealed.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from server.config import load_settings
from server.db.migrate import upgrade
from server.sealing import field_context, key_ring_of
from tests.support.servers import PG_URL, Server, _pg_admin


def _query(url: str, sql: str) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return [tuple(row) for row in await conn.execute(text(sql))]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _execute(url: str, *statements: str) -> None:
    async def run() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as conn:
                for sql in statements:
                    await conn.execute(text(sql))
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_emails_are_ciphertext_in_the_store_and_sign_in_still_finds_them(
    server: Server, accounts: dict[str, str]
) -> None:
    settings = load_settings(server.env)
    rows = _query(settings.database_url, "SELECT id, email_hash, email_sealed FROM users")
    assert len(rows) >= len(accounts)
    for _, email_hash, sealed in rows:
        assert isinstance(sealed, bytes) and b"@example.org" not in sealed
        assert isinstance(email_hash, str) and "@" not in email_hash
    if not PG_URL:
        stored = b"".join(
            path.read_bytes() for path in server.data_dir.glob("chorus.db*") if path.is_file()
        )
        assert stored, "no database file found"
        for email in accounts:
            assert email.encode() not in stored, f"{email} is in the database file in the clear"
    # Look-up by email still works: sign in, in any letter case.
    answer = httpx.post(
        f"{server.base_url}/api/session",
        json={"email": " Amina@Example.org ", "password": accounts["amina@example.org"]},
    )
    assert answer.status_code == 200
    assert answer.json()["user"]["email"] == "amina@example.org"


def test_upgrading_a_database_from_before_sealing_seals_every_email(tmp_path: Path) -> None:
    if PG_URL:
        name = f"chorus_sealing_{os.getpid()}"
        _pg_admin([f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"])
        url = PG_URL.rstrip("/") + f"/{name}"
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    settings = load_settings({"CHORUS_DATA_DIR": str(tmp_path), "CHORUS_DATABASE_URL": url})
    upgrade(settings, "0001")
    _execute(
        url,
        "INSERT INTO users (id, email, name, organisation, password_hash) VALUES "
        "(1, 'wanjiru@example.org', 'Wanjiru', 'Kenya Youth Climate Network', 'x'), "
        "(2, 'pedro@example.org', 'Pedro', 'Kenya Youth Climate Network', 'x'), "
        "(3, 'li@example.org', 'Li', NULL, 'x')",
    )
    upgrade(settings)

    ring = key_ring_of(settings)
    rows = _query(url, "SELECT id, email_hash, email_sealed FROM users ORDER BY id")
    emails = ["wanjiru@example.org", "pedro@example.org", "li@example.org"]
    for (user_id, email_hash, sealed), email in zip(rows, emails, strict=True):
        assert email_hash == ring.lookup_hash(email)
        assert isinstance(sealed, bytes) and email.encode() not in sealed
        context = field_context("users", "email", int(str(user_id)))
        assert ring.decrypt(sealed, associated_data=context) == email
    members = _query(
        url,
        "SELECT organisations.name, organisation_members.user_id FROM organisation_members "
        "JOIN organisations ON organisations.id = organisation_members.organisation_id "
        "ORDER BY organisation_members.user_id",
    )
    assert members == [("Kenya Youth Climate Network", 1), ("Kenya Youth Climate Network", 2)]
