"""What happened is recorded once, in the action's transaction: the record (the outbox), the
audit line derived from it, and the events told from it once committed, also after a restart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from server.config import load_settings
from server.db import engine as db_engine
from server.db.models import AuditLogEntry, HappenedRow
from tests.support.coalition import without_coalition_rules
from tests.support.http import signed_in_as
from tests.support.servers import Server

pytestmark = pytest.mark.anyio

KENYA = 1
STEPS = ("finalise", "reopen", "deliver")


async def _records(server: Server) -> list[HappenedRow]:
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session:
            return list(await session.scalars(select(HappenedRow).order_by(HappenedRow.id)))
    finally:
        await engine.dispose()


async def _forget_told(server: Server) -> None:
    """As if the server had stopped between a commit and telling what it recorded."""
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session, session.begin():
            await session.execute(update(HappenedRow).values(told_at=None))
    finally:
        await engine.dispose()


async def _audit(server: Server) -> list[AuditLogEntry]:
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session:
            rows = await session.scalars(
                select(AuditLogEntry)
                .where(AuditLogEntry.statement_id == KENYA)
                .order_by(AuditLogEntry.id)
            )
            return list(rows)
    finally:
        await engine.dispose()


async def test_each_step_is_recorded_once_with_its_audit_line_and_told(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        url = f"/api/statements/{KENYA}/transitions"
        assert sofia.post(url, json={"transition": "finalise"}).status_code == 200
        reopened = sofia.post(url, json={"transition": "reopen", "reason": "A figure."})
        assert reopened.status_code == 200
        # A refused step records nothing.
        assert sofia.post(url, json={"transition": "deliver"}).status_code == 409
        me = sofia.get("/api/session").json()["user"]["id"]
    records = [r for r in await _records(server) if r.what in STEPS]
    steps = [(r.what, r.from_value, r.to_value, r.reason) for r in records]
    assert steps == [
        ("finalise", "drafting", "final", None),
        ("reopen", "final", "drafting", "A figure."),
    ]
    assert all(r.actor_id == me and r.statement_id == KENYA for r in records)
    assert all(r.told_at is not None for r in records)
    # The audit log's lines are the records', one each.
    lines = [
        (a.action, a.from_value, a.to_value, a.reason, a.actor_id) for a in await _audit(server)
    ]
    assert lines[-2:] == [
        ("finalise", "drafting", "final", None, me),
        ("reopen", "final", "drafting", "A figure.", me),
    ]


async def test_what_was_recorded_but_not_told_before_a_stop_is_told_at_start(
    server: Server, accounts: dict[str, str]
) -> None:
    without_coalition_rules(server, accounts)
    with signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia:
        url = f"/api/statements/{KENYA}/transitions"
        assert sofia.post(url, json={"transition": "finalise"}).status_code == 200
    server.stop()
    await _forget_told(server)
    records = await _records(server)
    assert "finalise" in [r.what for r in records]
    assert {r.told_at for r in records} == {None}
    before = datetime.now(UTC)
    server.start()
    for told in await _records(server):
        assert told.told_at is not None, told.what
        at = told.told_at if told.told_at.tzinfo else told.told_at.replace(tzinfo=UTC)
        assert at >= before
