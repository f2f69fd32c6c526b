"""Signing, withdrawing a signature, and granting or withdrawing a signing right are each
recorded once, in the action's transaction, and told; a refused one records nothing. A
signing right's record has its audit line in every forum its holder takes part in."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from server.config import load_settings
from server.db import engine as db_engine
from server.db.models import AuditLogEntry, HappenedRow
from tests.support.http import signed_in_as
from tests.support.servers import Server

pytestmark = pytest.mark.anyio

KENYA = 1
KYCN = "Kenya Youth Climate Network"  # Amina may sign for it
RAINBOW = "Rainbow Rights Asia"  # Mei is a member, not authorised to sign for it
OLDER = "Older Persons Rights Alliance Europe"  # Ingrid is a member


async def _stored(server: Server) -> tuple[list[HappenedRow], list[AuditLogEntry]]:
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session:
            # After the demo's own records (its statements being made).
            found = select(HappenedRow).where(HappenedRow.what != "create")
            records = await session.scalars(found.order_by(HappenedRow.id))
            lines = await session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.id))
            return list(records), list(lines)
    finally:
        await engine.dispose()


def _organisations(http: httpx.Client) -> dict[str, int]:
    return {o["name"]: o["id"] for o in http.get("/api/organisations").json()["organisations"]}


async def test_signing_and_withdrawing_are_recorded_once_each_and_told(
    server: Server, accounts: dict[str, str]
) -> None:
    with signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina:
        kycn = _organisations(amina)[KYCN]
        url = f"/api/statements/{KENYA}/signatures"
        digest = amina.get(url).json()["digest"]
        assert amina.post(url, json={"organisation_id": kycn, "digest": digest}).status_code == 201
        # Refused ones record nothing: signed already, and someone else's to withdraw.
        again = amina.post(url, json={"organisation_id": kycn, "digest": digest})
        assert again.status_code == 409
        assert amina.delete(f"{url}/99999").status_code == 404
        assert amina.delete(f"{url}/{kycn}").status_code == 200
        me = amina.get("/api/session").json()["user"]["id"]
        lines_before = len((await _stored(server))[1])
    records, lines = await _stored(server)
    assert [(r.what, r.from_value, r.to_value) for r in records] == [
        ("sign", None, digest),
        ("withdraw_signature", None, None),
    ]
    assert all(r.actor_id == me and r.statement_id == KENYA for r in records)
    assert all(str(kycn) in r.details for r in records)
    assert all(r.told_at is not None for r in records)
    assert len(lines) == lines_before  # the audit log keeps the statement's steps, not these


async def test_a_signing_right_is_recorded_once_with_a_line_in_each_forum_of_its_holder(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "admin@example.org", accounts["admin@example.org"]) as admin,
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        # Mei takes part in a second forum too.
        other = admin.post("/api/forums", json={"name": "UPR pre-sessions 2028"}).json()["id"]
        made = admin.post(f"/api/forums/{other}/invitations", json={"role": "contributor"})
        link = made.json()["link"].removeprefix("/join/")
        assert mei.post(f"/api/invitations/{link}/accept", json={}).status_code == 200
        mei_id = mei.get("/api/session").json()["user"]["id"]
        ingrid_id = ingrid.get("/api/session").json()["user"]["id"]
        rainbow = _organisations(ingrid)[RAINBOW]
        url = f"/api/organisations/{rainbow}/signers/{mei_id}"
        # Refused: nobody grants it to themselves.
        older = _organisations(ingrid)[OLDER]
        assert ingrid.put(f"/api/organisations/{older}/signers/{ingrid_id}").status_code == 403
        before = len((await _stored(server))[0])
        assert ingrid.put(url).status_code == 200
        assert ingrid.put(url).status_code == 200  # she may already: nothing happens
        assert ingrid.delete(url).status_code == 200
    records, lines = await _stored(server)
    rights = [r for r in records[before:] if r.what in ("grant_signing", "withdraw_signing")]
    assert [(r.what, r.subject_id, r.to_value, r.reason) for r in rights] == [
        ("grant_signing", mei_id, str(rainbow), RAINBOW),
        ("withdraw_signing", mei_id, str(rainbow), RAINBOW),
    ]
    assert all(r.actor_id == ingrid_id and r.told_at is not None for r in rights)
    logged = [
        (line.action, line.forum_id, line.subject_id, line.to_value, line.reason)
        for line in lines
        if line.action in ("grant_signing", "withdraw_signing")
    ]
    assert logged == [
        ("grant_signing", 1, mei_id, str(rainbow), RAINBOW),
        ("grant_signing", other, mei_id, str(rainbow), RAINBOW),
        ("withdraw_signing", 1, mei_id, str(rainbow), RAINBOW),
        ("withdraw_signing", other, mei_id, str(rainbow), RAINBOW),
    ]
