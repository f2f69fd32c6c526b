"""`POST /api/sessions/{id}/joint-statement`: a group session's joint statement, started by the
Steering Group from the country drafts (`server.actions.joint`); the answer is the statement."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.actions import joint as joint_actions
from server.api.guards import require_sign_in
from server.api.paths import path_id
from server.api.statement_answers import statement_detail
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import statements as queries
from server.edge.access import access_follows, statements_follow


@require_sign_in
async def start(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    forum_session_id = path_id(request, "session_id", "session")
    joint_id = await joint_actions.start_joint_statement(
        chorus, me.user, forum_session_id, access_follows(chorus), statements_follow(chorus)
    )
    async with chorus.store() as db:
        row = await queries.statement(db, joint_id)
        mine = await queries.standing(db, joint_id, me.user.id)
    assert row is not None and mine is not None
    return JSONResponse(statement_detail(chorus, row, mine, {}).model_dump(), status_code=201)
