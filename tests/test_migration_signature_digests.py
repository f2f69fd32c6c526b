"""Migration 0007: signatures made when the digest covered the words alone keep their meaning
under the rule that covers link destinations too."""

from __future__ import annotations

import asyncio
import hashlib
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import create_async_engine

from server.collab.documents import document_with_text
from server.config import Settings
from server.db.migrate import alembic_config, upgrade
from server.db.models import (
    FinalRecord,
    Forum,
    ForumSession,
    Organisation,
    SignedText,
    Statement,
    User,
)
from server.domain.cosigning import text_digest
from server.domain.words import rendered_text
from tests.test_migrations import _empty_database, _insert, _reflect

TABLES = (
    "users",
    "organisations",
    "forums",
    "forum_sessions",
    "statements",
    "statement_snapshots",
    "statement_updates",
    "signed_texts",
    "signatures",
    "final_records",
)
# Two statements whose words are the same as when signed; the first kept its link's
# destination, the second's link now points elsewhere.
KEPT = "We call on all [States](https://example.org/a) to protect\n\n*civic* space."
SIGNED_ELSEWHERE = "We call on all [States](https://example.org/old) to protect civic space."
NOW_ELSEWHERE = "We call on all [States](https://example.org/new) to protect civic space."
OTHER_WORDS = "We call on all [States](https://example.org/a) to defend civic space."


def _words_digest(markdown: str) -> str:
    """The digest as 0006 computed it: the rendered words alone."""
    words = unicodedata.normalize("NFC", rendered_text(markdown)).split()
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


async def _seed(url: str) -> dict[str, int]:
    """A database at 0006 with signatures, as the server wrote them then."""
    now = datetime(2027, 7, 1, tzinfo=UTC)
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            t = await conn.run_sync(_reflect, TABLES)
            user = await _insert(
                conn,
                t["users"],
                User,
                email_hash="h",
                email_sealed=b"s",
                name="Amina Yusuf",
                password_hash="x",
                shares_email=False,
                shares_nationality=False,
                shares_phone=False,
                is_site_admin=False,
            )
            org = await _insert(conn, t["organisations"], Organisation, name="KYCN")
            forum = await _insert(conn, t["forums"], Forum, name="HLPF")
            session = await _insert(
                conn, t["forum_sessions"], ForumSession, forum_id=forum, title="Kenya"
            )
            ids: dict[str, int] = {}
            for name, now_text, in_log in (
                ("kept", KEPT, False),
                ("elsewhere", NOW_ELSEWHERE, True),
            ):
                sid = await _insert(
                    conn,
                    t["statements"],
                    Statement,
                    forum_id=forum,
                    forum_session_id=session,
                    country_code="KE",
                    title=name,
                    text_digest=_words_digest(now_text),
                )
                ids[name] = sid
                document = document_with_text(now_text)
                if in_log:  # the update log, not yet compacted
                    await conn.execute(
                        insert(t["statement_updates"]).values(statement_id=sid, data=document)
                    )
                else:
                    await conn.execute(
                        insert(t["statement_snapshots"]).values(
                            statement_id=sid, data=document, through_update_id=0, text=now_text
                        )
                    )
            signed = [
                (ids["kept"], KEPT, user, org),
                (ids["elsewhere"], SIGNED_ELSEWHERE, user, org),
            ]
            stale_org = await _insert(conn, t["organisations"], Organisation, name="Rede")
            signed.append((ids["kept"], OTHER_WORDS, user, stale_org))
            for sid, text, uid, oid in signed:
                text_id = await _insert(
                    conn,
                    t["signed_texts"],
                    SignedText,
                    statement_id=sid,
                    digest=_words_digest(text),
                    text=text,
                )
                await conn.execute(
                    insert(t["signatures"]).values(
                        statement_id=sid,
                        organisation_id=oid,
                        user_id=uid,
                        signed_at=now,
                        digest=_words_digest(text),
                        signed_text_id=text_id,
                    )
                )
            ids["record"] = await _insert(
                conn,
                t["final_records"],
                FinalRecord,
                statement_id=ids["kept"],
                finalised_at=now,
                text=KEPT,
                digest=_words_digest(KEPT),
                signatories="[]",
            )
            ids["kycn"], ids["rede"] = org, stale_org
            return ids
    finally:
        await engine.dispose()


async def _validity(url: str) -> dict[tuple[int, int], tuple[bool, str]]:
    """(statement, organisation) -> (whether the signature is valid: its digest is the
    statement's stored one, the digest)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            t = await conn.run_sync(_reflect, ("statements", "signatures"))
            rows = await conn.execute(
                select(
                    t["signatures"].c.statement_id,
                    t["signatures"].c.organisation_id,
                    t["signatures"].c.digest,
                    t["statements"].c.text_digest,
                ).join(t["statements"], t["statements"].c.id == t["signatures"].c.statement_id)
            )
            return {(sid, oid): (signed == now, signed) for sid, oid, signed, now in rows}
    finally:
        await engine.dispose()


async def _record_digest(url: str, record_id: int) -> str:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            t = await conn.run_sync(_reflect, ("final_records",))
            table = t["final_records"]
            digest = await conn.scalar(select(table.c.digest).where(table.c.id == record_id))
            return str(digest)
    finally:
        await engine.dispose()


def test_a_signature_keeps_its_validity_unless_a_link_destination_changed(
    tmp_path: Path,
) -> None:
    url = _empty_database(tmp_path)
    settings = Settings(data_dir=tmp_path, database_url=url, secret_key="x")
    upgrade(settings, "0006")
    ids = asyncio.run(_seed(url))
    kept, elsewhere = ids["kept"], ids["elsewhere"]
    kycn, rede = ids["kycn"], ids["rede"]
    before = asyncio.run(_validity(url))
    # Under the words-only rule, the changed destination went unnoticed.
    assert {key: valid for key, (valid, _) in before.items()} == {
        (kept, kycn): True,
        (elsewhere, kycn): True,
        (kept, rede): False,
    }

    upgrade(settings, "0007")
    after = asyncio.run(_validity(url))
    assert {key: valid for key, (valid, _) in after.items()} == {
        (kept, kycn): True,  # the same words and destinations as signed: still valid
        (elsewhere, kycn): False,  # the destination changed since it was signed: stale
        (kept, rede): False,  # stale then, stale now
    }
    # Every digest is the rule's of today, the one the server compares with.
    assert after[(kept, kycn)][1] == text_digest(KEPT) != _words_digest(KEPT)
    assert after[(elsewhere, kycn)][1] == text_digest(SIGNED_ELSEWHERE)
    assert after[(kept, rede)][1] == text_digest(OTHER_WORDS)
    assert asyncio.run(_record_digest(url, ids["record"])) == text_digest(KEPT)

    # Down again: the words-only digests, exactly as they were.
    command.downgrade(alembic_config(settings), "0006")
    assert asyncio.run(_validity(url)) == before
    assert asyncio.run(_record_digest(url, ids["record"])) == _words_digest(KEPT)
