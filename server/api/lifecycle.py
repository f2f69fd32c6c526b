"""A statement's life: finalise, reopen, deliver (`POST .../transitions`) and its audit log.

The gate uses the server's own count. The room stops taking edits before the count is read
(`Rooms.taking_step`), so the text that was counted is the text that becomes final; if the step
is refused or fails, writing is switched back.

Finalising also needs the forum's required coalition rules met by the signatures valid on that
text. They are read again once the statement's row is held (signing holds it too), so one
made meanwhile counts; a later one finds the statement final. What was finalised, text and
signatories, is kept in a final record in the same transaction as the step.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import AuditLogOut, TransitionIn, TransitionOut
from schemas.events import StatementStateChanged
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.api.paths import statement_id
from server.api.standing import viewable_standing
from server.api.statement_answers import coalition_of, entry_out, statement_detail
from server.api.wire import iso
from server.auth.current import SignedIn
from server.db import audit, signatures, threads
from server.db import speakers as speaker_queries
from server.db import statements as queries
from server.db.audit import LoggedStep
from server.db.models import Forum
from server.db.signatures import Signatory
from server.domain.lifecycle import (
    State,
    Transition,
    finalise_blockers,
    step_read_only_reason,
    transition_refusal,
)
from server.domain.roles import Action
from server.domain.threads import dispute_blockers
from server.state import app_state

_WHO_MAY: dict[Transition, str] = {
    Transition.FINALISE: "finalise statements",
    Transition.REOPEN: "reopen statements",
    Transition.DELIVER: "mark statements delivered",
}


@require_sign_in
async def take_step(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    body = await read_json(request, TransitionIn)
    step = Transition(body.transition)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
    if not standing.may(step.action):
        raise ApiError(
            403,
            f"Only the Steering Group and the forum's facilitators {_WHO_MAY[step]}.",
            code="not_a_moderator",
            params={"transition": step.value},
        )

    locking = step.to_state != State.DRAFTING
    reason = (body.reason or "").strip() or None
    # No edit may slip in between the count and the new state.
    frozen_because = step_read_only_reason(step, me.user.name) if locking else None
    async with state.rooms.taking_step(sid, step.to_state, frozen_because) as counted:
        finalising = step == Transition.FINALISE
        blockers = []
        if finalising:
            async with state.sessions() as session:
                disputes = await threads.open_disputes(session, sid)
                forum = await session.get(Forum, standing.forum_id)
                signed = await signatures.signatures_of(session, sid)
            assert forum is not None
            blockers = finalise_blockers(
                counted.words,
                counted.limits,
                open_disputes=len(disputes),
                disputes=dispute_blockers(disputes),
                coalition_problems=coalition_of(signed, counted.digest, forum).blockers(),
            )
        refusal = transition_refusal(State(standing.state), step, blockers=blockers, reason=reason)
        if refusal is not None:
            if refusal.code in ("reason_needed", "reason_too_long"):
                raise ApiError(422, refusal, field="reason")
            # "refused" as before; what exactly refused it goes out as reasons, each with its code.
            raise ApiError(409, refusal, code="refused", reasons=blockers or [refusal])
        now = datetime.now(UTC)
        async with state.sessions() as session, session.begin():
            moved = await audit.move_statement(
                session, sid, step.from_state.value, step.to_state.value, now
            )
            if not moved:
                raise ApiError(
                    409,
                    "Someone changed this statement's state just now; reload.",
                    code="state_changed",
                )
            if finalising:
                # Read again now that the statement's row is ours: a dispute opened since the
                # first read committed before it (opening one holds the same row), and still
                # blocks. One opened later finds the statement final and is refused.
                late = dispute_blockers(await threads.open_disputes(session, sid))
                # Likewise the signatures: one withdrawn since may leave a rule unmet.
                signed = await signatures.signatures_of(session, sid)
                late += coalition_of(signed, counted.digest, forum).blockers()
                if late:
                    refused = transition_refusal(State.DRAFTING, step, blockers=late)
                    assert refused is not None
                    raise ApiError(409, refused, code="refused", reasons=late)
                await signatures.record_final(
                    session,
                    statement_id=sid,
                    at=now,
                    text=counted.text,
                    digest=counted.digest,
                    signatories=[
                        Signatory(
                            organisation_id=row.organisation.id,
                            organisation=row.organisation.name,
                            user_id=row.signature.user_id,
                            signed_by=row.signed_by,
                            signed_at=iso(row.signature.signed_at) or "",
                        )
                        for row in signed
                        if row.signature.digest == counted.digest
                    ],
                )
            entry = await audit.record(
                session,
                forum_id=standing.forum_id,
                statement_id=sid,
                actor_id=me.user.id,
                at=now,
                action=step.value,
                from_value=step.from_state.value,
                to_value=step.to_state.value,
                reason=reason,
            )
            row = await queries.statement(session, sid)
            assert row is not None
    state.events.publish(
        sid,
        StatementStateChanged(statement_id=sid, state=step.to_state.value, by=me.user.name),
    )
    async with state.sessions() as session:
        after = await queries.standing(session, sid, me.user.id)
        signed_now = await signatures.signatures_of_many(session, [sid])
        speaker = (await speaker_queries.speaker_names(session, [sid])).get(sid)
    assert after is not None
    detail = statement_detail(state, row, after, {}, signed_now.get(sid, ()), speaker)
    out = TransitionOut(statement=detail, entry=entry_out(LoggedStep(entry, me.user.name, None)))
    return JSONResponse(out.model_dump())


@require_sign_in
async def audit_log(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        await viewable_standing(session, sid, me.user.id, Action.VIEW_AUDIT_LOG)
        steps = await audit.statement_log(session, sid)
    return JSONResponse(AuditLogOut(entries=[entry_out(s) for s in steps]).model_dump())
