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
from server.db import people, signatures
from server.db import speakers as speaker_queries
from server.db import statements as queries
from server.state import app_state


@require_sign_in
async def list_statements(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    async with state.sessions() as session:
        rows = await queries.statements_visible_to(
            session, me.user.id, is_site_admin=me.user.is_site_admin
        )
        if not me.user.is_site_admin:
            # Only what they may open now, not a place left over from a role taken away.
            rows = await people.openable(session, me.user.id, rows)
        names = await names_in_rooms(session, state, rows)
        signed = await signatures.signatures_of_many(session, (r.statement.id for r in rows))
        speakers = await speaker_queries.speaker_names(session, (r.statement.id for r in rows))
    body = StatementListOut(
        statements=[
            statement_out(
                state, r, names, signed.get(r.statement.id, ()), speakers.get(r.statement.id)
            )
            for r in rows
        ]
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def get_statement(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
        row = await queries.statement(session, sid)
        assert row is not None
        names = await names_in_rooms(session, state, [row])
        signed = await signatures.signatures_of_many(session, [sid])
        speakers = await speaker_queries.speaker_names(session, [sid])
    detail = statement_detail(state, row, standing, names, signed.get(sid, ()), speakers.get(sid))
    return JSONResponse(detail.model_dump())
