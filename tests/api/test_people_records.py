"""People in forums and statements are recorded once per action, in its transaction: a role
given or taken away (with each place it took away), a place on a statement given or taken,
an invitation made and accepted, a forum made or changed, a joint statement started. The
audit log's lines are the records', and every record is told once committed; a refusal or a
request that changes nothing records nothing."""

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

FORUM = 1
KENYA = 1
BRAZIL = 2


async def _since(server: Server, first_id: int) -> list[HappenedRow]:
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session:
            rows = await session.scalars(
                select(HappenedRow).where(HappenedRow.id > first_id).order_by(HappenedRow.id)
            )
            return list(rows)
    finally:
        await engine.dispose()


async def _last_id(server: Server) -> int:
    rows = await _since(server, 0)
    return rows[-1].id if rows else 0


async def _audit_since(server: Server, first_id: int) -> list[AuditLogEntry]:
    engine = db_engine.create_engine(load_settings(server.env))
    try:
        async with db_engine.sessionmaker(engine)() as session:
            rows = await session.scalars(
                select(AuditLogEntry).where(AuditLogEntry.id > first_id).order_by(AuditLogEntry.id)
            )
            return list(rows)
    finally:
        await engine.dispose()


async def _last_audit_id(server: Server) -> int:
    rows = await _audit_since(server, 0)
    return rows[-1].id if rows else 0


def _id_of(http: httpx.Client) -> int:
    return int(http.get("/api/session").json()["user"]["id"])


async def test_places_and_roles_are_recorded_once_with_their_audit_lines_and_told(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
        signed_in_as(server, "amina@example.org", accounts["amina@example.org"]) as amina,
    ):
        ingrid_id, mei_id, amina_id = _id_of(ingrid), _id_of(mei), _id_of(amina)
        first, first_line = await _last_id(server), await _last_audit_id(server)
        group = f"/api/statements/{BRAZIL}/drafting-group/{mei_id}"
        reviewer = f"/api/statements/{BRAZIL}/reviewers/{mei_id}"
        assert ingrid.put(group).status_code == 200
        assert ingrid.put(group).status_code == 200  # already in it: nothing happens
        assert ingrid.delete(group).status_code == 200
        assert ingrid.put(reviewer).status_code == 200
        assert ingrid.delete(reviewer).status_code == 200
        # Refused: Mei may not change a drafting group.
        assert mei.put(f"/api/statements/{BRAZIL}/drafting-group/{ingrid_id}").status_code == 403
        role = f"/api/forums/{FORUM}/people/{amina_id}"
        assert ingrid.put(role, json={"role": "observer"}).status_code == 200
        assert ingrid.put(role, json={"role": "observer"}).status_code == 200  # the same
        assert ingrid.put(role, json={"role": None}).status_code == 200
        assert mei.put(role, json={"role": "contributor"}).status_code == 403

    records = await _since(server, first)
    kinds = [(r.what, r.statement_id, r.subject_id, r.from_value, r.to_value) for r in records]
    places = [k for k in kinds if k[0] in ("leave", "unguide") and k[2] == amina_id]
    assert kinds[:6] == [
        ("join", BRAZIL, mei_id, None, None),
        ("leave", BRAZIL, mei_id, None, None),
        ("review", BRAZIL, mei_id, None, None),
        ("unreview", BRAZIL, mei_id, None, None),
        ("role", None, amina_id, "contributor", "observer"),
        ("role", None, amina_id, "observer", "none"),
    ]
    # Each place the role took away, once, with why.
    assert places and kinds[6:] == places
    assert len({k[1] for k in places if k[0] == "leave"}) == len(
        [k for k in places if k[0] == "leave"]
    )
    assert all(r.reason == "lost their role in the forum" for r in records[6:])
    assert all(r.actor_id == ingrid_id and r.forum_id == FORUM for r in records)
    assert all(r.told_at is not None for r in records)
    # The audit log's lines are the records', one each, in order.
    lines = [
        (a.action, a.statement_id, a.subject_id, a.from_value, a.to_value, a.actor_id)
        for a in await _audit_since(server, first_line)
    ]
    assert lines == [(*k, ingrid_id) for k in kinds]


async def test_an_invitation_made_and_accepted_is_recorded_once_in_the_inviters_name(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
        signed_in_as(server, "mei@example.org", accounts["mei@example.org"]) as mei,
    ):
        ingrid_id = _id_of(ingrid)
        first, first_line = await _last_id(server), await _last_audit_id(server)
        # Refused: Mei may not invite.
        assert mei.post(f"/api/forums/{FORUM}/invitations", json={"role": "observer"}).is_error
        made = ingrid.post(
            f"/api/forums/{FORUM}/invitations", json={"role": "contributor", "statement_id": BRAZIL}
        )
        assert made.status_code == 201, made.text
    token = made.json()["link"].removeprefix("/join/")
    with httpx.Client(base_url=server.base_url) as newcomer:
        accept = f"/api/invitations/{token}/accept"
        weak = {"name": "Thiago Souza", "email": "thiago@example.org", "password": "short"}
        assert newcomer.post(accept, json=weak).status_code == 422
        strong = {**weak, "password": "a river of many voices"}
        assert newcomer.post(accept, json=strong).status_code == 201
        thiago_id = _id_of(newcomer)
        assert newcomer.post(accept, json=strong).status_code == 410

    records = await _since(server, first)
    kinds = [(r.what, r.actor_id, r.statement_id, r.subject_id, r.to_value) for r in records]
    assert kinds == [
        ("invite", ingrid_id, BRAZIL, None, "contributor"),
        ("role", ingrid_id, None, thiago_id, "contributor"),
        ("join", ingrid_id, BRAZIL, thiago_id, None),
    ]
    assert [r.reason for r in records] == [None, "accepted an invitation", "accepted an invitation"]
    assert all(r.told_at is not None and r.forum_id == FORUM for r in records)
    lines = [
        (a.action, a.actor_id, a.statement_id, a.subject_id, a.to_value, a.reason)
        for a in await _audit_since(server, first_line)
    ]
    assert lines == [(*k, r.reason) for k, r in zip(kinds[1:], records[1:], strict=True)]


async def test_a_forum_made_changed_and_given_a_session_is_recorded_once_and_told(
    server: Server, accounts: dict[str, str]
) -> None:
    with (
        signed_in_as(server, "admin@example.org", accounts["admin@example.org"]) as admin,
        signed_in_as(server, "ingrid@example.org", accounts["ingrid@example.org"]) as ingrid,
    ):
        admin_id = _id_of(admin)
        first = await _last_id(server)
        assert ingrid.post("/api/forums", json={"name": "Mine"}).status_code == 403
        made = admin.post("/api/forums", json={"name": "UPR 2028", "kind": "upr_pre_session"})
        assert made.status_code == 201
        fid = made.json()["id"]
        assert admin.post("/api/forums", json={"name": "UPR 2028"}).status_code == 409
        assert admin.patch(f"/api/forums/{fid}", json={"word_limit": 250}).status_code == 200
        assert admin.patch(f"/api/forums/{fid}", json={"word_limit": -1}).status_code == 422
        session = {"title": "UPR 48", "countries": ["CL", "PE"]}
        assert admin.post(f"/api/forums/{fid}/sessions", json=session).status_code == 201
        twice = {"title": "UPR 49", "countries": ["CL", "CL"]}
        assert admin.post(f"/api/forums/{fid}/sessions", json=twice).status_code == 422

    records = await _since(server, first)
    kinds = [(r.what, r.to_value, r.details) for r in records]
    # Each country's statement made is a record of its own (the audit log's "create" line).
    assert [k[:2] for k in kinds] == [
        ("create_forum", "UPR 2028"),
        ("change_forum_settings", None),
        ("create", "drafting"),
        ("create", "drafting"),
        ("add_session", "UPR 48"),
    ]
    assert '"changed": "word_limit"' in kinds[1][2] and '"countries": "CL,PE"' in kinds[4][2]
    made_statements = [r.statement_id for r in records[2:4]]
    assert None not in made_statements and len(set(made_statements)) == 2
    assert all(r.actor_id == admin_id and r.forum_id == fid for r in records)
    assert all(r.told_at is not None for r in records)


async def test_a_joint_statement_started_is_recorded_once(
    server: Server, accounts: dict[str, str]
) -> None:
    group_session = 2
    with (
        signed_in_as(server, "lucas@example.org", accounts["lucas@example.org"]) as lucas,
        signed_in_as(server, "sofia@example.org", accounts["sofia@example.org"]) as sofia,
    ):
        sofia_id = _id_of(sofia)
        first = await _last_id(server)
        url = f"/api/sessions/{group_session}/joint-statement"
        assert lucas.post(url).status_code == 403
        made = sofia.post(url)
        assert made.status_code == 201, made.text
        assert sofia.post(url).status_code == 409

    created, started = await _since(server, first)
    assert (created.what, created.actor_id, created.statement_id, created.to_value) == (
        "create",
        sofia_id,
        made.json()["id"],
        "drafting",
    )
    assert (started.what, started.actor_id, started.statement_id) == (
        "start_joint_statement",
        sofia_id,
        made.json()["id"],
    )
    assert started.forum_id == FORUM and started.told_at is not None
