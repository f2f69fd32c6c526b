"""What is new for the signed-in person (`/api/me/notices`): mentions of them in a thread, and
disputes opened or decided on their statements. Only ever one's own."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import NoticeListOut, NoticeOut, NoticesSeenIn, NoticesSeenOut
from schemas.events import NoticesChanged
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.auth.current import SignedIn
from server.db import notices, statements
from server.domain.roles import Action
from server.moments import iso
from server.state import app_state


@require_sign_in
async def my_notices(request: Request, me: SignedIn) -> Response:
    """The newest notices of the signed-in person, newest first, seen or not."""
    state = app_state(request)
    async with state.sessions() as session:
        # Only notices about statements they may open now: one that lost its role in a forum
        # stops seeing what happens to that forum's statements.
        noticed = await notices.statements_noticed(session, me.user.id)
        found = await statements.standings(session, [(sid, me.user.id) for sid in noticed])
        may_open = [sid for (sid, _), s in found.items() if s.may(Action.VIEW_STATEMENT)]
        rows = await notices.notices_for(session, me.user.id, statement_ids=may_open)
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
    state = app_state(request)
    body = await read_json(request, NoticesSeenIn)
    async with state.sessions() as session, session.begin():
        marked = await notices.mark_seen(session, me.user.id, body.ids, at=datetime.now(UTC))
    if marked:
        state.events.tell_person(me.user.id, NoticesChanged())
    return JSONResponse(NoticesSeenOut(marked=marked).model_dump())
