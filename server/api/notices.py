"""What is new for the signed-in person (`/api/me/notices`): mentions of them in a thread, and
disputes opened or decided on their statements. Only ever one's own."""

from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import NoticeListOut, NoticeOut, NoticesSeenIn, NoticesSeenOut
from server.actions.own_data import mark_notices_seen
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import notices, statements
from server.domain.roles import Action
from server.moments import iso


@require_sign_in
async def my_notices(request: Request, me: SignedIn) -> Response:
    """The newest notices of the signed-in person, newest first, seen or not."""
    chorus = chorus_of(request)
    async with chorus.store() as db:
        # Only notices about statements they may open now: one that lost its role in a forum
        # stops seeing what happens to that forum's statements.
        noticed = await notices.statements_noticed(db, me.user.id)
        found = await statements.standings(db, [(sid, me.user.id) for sid in noticed])
        may_open = [sid for (sid, _), s in found.items() if s.may(Action.VIEW_STATEMENT)]
        rows = await notices.notices_for(db, me.user.id, statement_ids=may_open)
    body = NoticeListOut(
        notices=[
            # Validated: `kind` is one of the kinds the wire names.
            NoticeOut.model_validate({**asdict(row), "at": iso(row.at)})
            for row in rows
        ]
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def mark_seen(request: Request, me: SignedIn) -> Response:
    """Marks the given notices of the signed-in person seen; ids of others' notices change
    nothing. Their other pages are told, so a notice dismissed in one tab leaves every tab."""
    body = await read_json(request, NoticesSeenIn)
    marked = await mark_notices_seen(chorus_of(request), me.user, body.ids)
    return JSONResponse(NoticesSeenOut(marked=marked).model_dump())
