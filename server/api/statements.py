"""Statements: `/api/statements` (mine) and `/api/statements/{id}`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import LimitsOut, StatementDetailOut, StatementListOut, StatementOut
from server.api.errors import ApiError
from server.auth.current import SignedIn, app_state
from server.auth.permissions import require_sign_in
from server.db import statements as queries
from server.db.statements import StatementRow
from server.domain import words
from server.domain.countries import country_name
from server.domain.roles import Action
from server.state import AppState

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def statement_out(state: AppState, row: StatementRow) -> StatementOut:
    s, limits = row.statement, row.limits
    room = state.rooms.get(s.id)
    # An open room answers with the live count; a closed one with the count stored at unload.
    status = room.limit_status() if room else words.limit_status(s.words, limits)
    return StatementOut(
        id=s.id,
        title=s.title,
        country=country_name(s.country_code) if s.country_code else "Joint statement",
        country_code=s.country_code or "",
        forum=row.forum.name,
        session=row.forum_session.title,
        state=s.state,
        words=status.words,
        seconds=status.seconds,
        limits=LimitsOut(
            words=limits.words, seconds=limits.seconds, speaking_rate=limits.speaking_rate
        ),
        over_limit=status.over_limit,
        language=s.language,
        dir="rtl" if s.language.split("-")[0] in RTL_LANGUAGES else "ltr",
    )


@require_sign_in
async def list_statements(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    async with state.sessions() as session:
        rows = await queries.statements_visible_to(
            session, me.user.id, is_site_admin=me.user.is_site_admin
        )
    body = StatementListOut(statements=[statement_out(state, r) for r in rows])
    return JSONResponse(body.model_dump())


def statement_id(request: Request) -> int:
    raw = request.path_params["statement_id"]
    sid = queries.parse_statement_id(raw)
    if sid is None:
        raise ApiError(404, f"There is no statement {raw!r}.")
    return sid


@require_sign_in
async def get_statement(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        standing = await queries.standing(session, sid, me.user.id)
        row = await queries.statement(session, sid)
    if standing is None or row is None:
        raise ApiError(404, f"There is no statement {sid}.")
    if not standing.may(Action.VIEW_STATEMENT):
        raise ApiError(403, "You are not in the drafting group of this statement.")
    out = statement_out(state, row)
    detail = StatementDetailOut(**out.model_dump(), can_edit=standing.can_write)
    return JSONResponse(detail.model_dump())
