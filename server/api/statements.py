"""Statements: `/api/statements` (mine) and `/api/statements/{id}`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    StatementListOut,
)
from server.api.guards import require_sign_in
from server.api.paths import statement_id
from server.api.standing import viewable_standing
from server.api.statement_answers import names_in_rooms, statement_detail, statement_out
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import people, signatures
from server.db import speakers as speaker_queries
from server.db import statements as queries


@require_sign_in
async def list_statements(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    async with chorus.store() as db:
        rows = await queries.statements_visible_to(
            db, me.user.id, is_site_admin=me.user.is_site_admin
        )
        if not me.user.is_site_admin:
            # Only what they may open now, not a place left over from a role taken away.
            rows = await people.openable(db, me.user.id, rows)
        names = await names_in_rooms(db, chorus, rows)
        signed = await signatures.signatures_of_many(db, (r.statement.id for r in rows))
        speakers = await speaker_queries.speaker_names(db, (r.statement.id for r in rows))
    body = StatementListOut(
        statements=[
            statement_out(
                chorus, r, names, signed.get(r.statement.id, ()), speakers.get(r.statement.id)
            )
            for r in rows
        ]
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def get_statement(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    sid = statement_id(request)
    async with chorus.store() as db:
        standing = await viewable_standing(db, sid, me.user.id)
        row = await queries.statement(db, sid)
        assert row is not None
        names = await names_in_rooms(db, chorus, [row])
        signed = await signatures.signatures_of_many(db, [sid])
        speakers = await speaker_queries.speaker_names(db, [sid])
    detail = statement_detail(chorus, row, standing, names, signed.get(sid, ()), speakers.get(sid))
    return JSONResponse(detail.model_dump())
