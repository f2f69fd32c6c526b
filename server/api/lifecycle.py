"""A statement's life: finalise, reopen, deliver (`POST .../transitions`) and its audit log.
The step itself is an action (`server.actions.statements.take_step`); this answers with the
statement as it is after it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import AuditLogOut, TransitionIn, TransitionOut
from server.actions import statements as statement_actions
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import statement_id
from server.api.standing import viewable_standing
from server.api.statement_answers import entry_out, statement_detail
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import audit, signatures
from server.db import speakers as speaker_queries
from server.db import statements as queries
from server.db.audit import LoggedStep
from server.domain.lifecycle import Transition
from server.domain.roles import Action


@require_sign_in
async def take_step(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    sid = statement_id(request)
    body = await read_json(request, TransitionIn)
    taken = await statement_actions.take_step(
        chorus, me.user, sid, Transition(body.transition), body.reason
    )
    async with chorus.store() as db:
        row = await queries.statement(db, sid)
        after = await queries.standing(db, sid, me.user.id)
        signed_now = await signatures.signatures_of_many(db, [sid])
        speaker = (await speaker_queries.speaker_names(db, [sid])).get(sid)
    assert row is not None and after is not None
    detail = statement_detail(chorus, row, after, {}, signed_now.get(sid, ()), speaker)
    entry = entry_out(LoggedStep(taken.entry, me.user.name, None))
    return JSONResponse(TransitionOut(statement=detail, entry=entry).model_dump())


@require_sign_in
async def audit_log(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    sid = statement_id(request)
    async with chorus.store() as db:
        await viewable_standing(db, sid, me.user.id, Action.VIEW_AUDIT_LOG)
        steps = await audit.statement_log(db, sid)
    return JSONResponse(AuditLogOut(entries=[entry_out(s) for s in steps]).model_dump())
