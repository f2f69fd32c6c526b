"""Forums: the Steering Group's overview of every statement (`/api/forums/{id}/overview`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import ForumOut, ForumSessionOut, LimitsOut, OverviewOut
from server.api.errors import ApiError
from server.api.statements import iso, names_in_rooms, statement_out
from server.auth.current import SignedIn, app_state
from server.auth.permissions import require_sign_in
from server.db import statements as queries
from server.db.models import Forum
from server.domain.roles import Action


def forum_id(request: Request) -> int:
    raw = request.path_params["forum_id"]
    fid = queries.parse_statement_id(raw)
    if fid is None:
        raise ApiError(404, f"There is no forum {raw!r}.")
    return fid


def forum_out(forum: Forum) -> ForumOut:
    return ForumOut(
        id=forum.id,
        name=forum.name,
        kind=forum.kind,
        languages=[code for code in forum.languages.split(",") if code],
        time_zone=forum.time_zone,
        survey_closes_at=iso(forum.survey_closes_at),
        drafting_closes_at=iso(forum.drafting_closes_at),
        outstanding_settled_by=iso(forum.outstanding_settled_by),
        limits=LimitsOut(
            words=forum.word_limit, seconds=forum.seconds_limit, speaking_rate=forum.speaking_rate
        ),
    )


@require_sign_in
async def overview(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    fid = forum_id(request)
    async with state.sessions() as session:
        standing = await queries.forum_standing(session, fid, me.user.id)
        if standing is None:
            raise ApiError(404, f"There is no forum {fid}.")
        if not standing.may(Action.VIEW_OVERVIEW):
            raise ApiError(
                403,
                "The overview is for the Steering Group, facilitators and observers of this "
                "forum; your statements are on your dashboard.",
            )
        rows = await queries.statements_of_forum(session, fid)
        sessions = await queries.sessions_of_forum(session, fid)
        names = await names_in_rooms(session, state, rows)
    statements = [statement_out(state, row, names) for row in rows]
    # Outstanding first; otherwise the server's order (by session date) stands.
    statements.sort(key=lambda s: not s.outstanding)
    body = OverviewOut(
        forum=forum_out(standing.forum),
        sessions=[
            ForumSessionOut(id=s.id, title=s.title, starts_at=iso(s.starts_at), countries=codes)
            for s, codes in sessions
        ],
        statements=statements,
    )
    return JSONResponse(body.model_dump())
