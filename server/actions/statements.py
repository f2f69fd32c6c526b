"""What people do with a statement as a whole: finalise it, reopen it, mark it delivered.

The gate uses the server's own count. The room stops taking edits before the count is read
(`Rooms.taking_step`), so the text that was counted is the text that becomes final; if the step
is refused or fails, writing is switched back.

Finalising also needs the forum's required coalition rules met by the signatures valid on that
text. They are read again once the statement's row is held (signing holds it too), so one
made meanwhile counts; a later one finds the statement final. What was finalised, text and
signatories, is kept in a final record in the same transaction as the step and its record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.events import StatementStateChanged
from server.actions.announcing import Announcer, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import standing_toward
from server.collab.documents import text_of
from server.db import audit, signatures, statements, threads, update_log
from server.db.happenings import Untold
from server.db.models import AuditLogEntry, Forum, Statement, User
from server.db.signatures import Signatory, SignatureRow
from server.domain import cosigning
from server.domain.cosigning import Coalition, CoalitionRules
from server.domain.happenings import Happened, What
from server.domain.lifecycle import (
    State,
    Transition,
    finalise_blockers,
    step_read_only_reason,
    transition_refusal,
)
from server.domain.messages import Message, say
from server.domain.new_statements import FIRST_STATE, NewStatement
from server.domain.threads import dispute_blockers
from server.moments import iso

_WHO_MAY: dict[Transition, str] = {
    Transition.FINALISE: "finalise statements",
    Transition.REOPEN: "reopen statements",
    Transition.DELIVER: "mark statements delivered",
}

_RECORDED = {
    Transition.FINALISE: What.FINALISE,
    Transition.REOPEN: What.REOPEN,
    Transition.DELIVER: What.DELIVER,
}


def coalition_of(rows: Sequence[SignatureRow], digest: str, forum: Forum) -> Coalition:
    """The forum's coalition rules against the signatures valid for `digest`."""
    valid = [row.signer for row in rows if row.signature.digest == digest]
    return cosigning.coalition(valid, CoalitionRules.from_forum(forum))


async def create_statement(
    db: AsyncSession,
    forum: Forum,
    forum_session_id: int,
    new: NewStatement,
    *,
    document: bytes | None,
    by: int | None,
    at: datetime,
    reason: str | None = None,
) -> Statement:
    """Make statement `new` in drafting in the caller's transaction, with the record of who
    made it (`by`; None: the server) and why."""
    statement = await statements.add_statement(db, forum, forum_session_id, new, document=document)
    happened = Happened(
        what=What.CREATE_STATEMENT,
        at=at,
        actor_id=by,
        forum_id=forum.id,
        statement_id=statement.id,
        to_value=FIRST_STATE.value,
        reason=reason,
    )
    await record(db, happened)
    return statement


async def text_now(services: Services, sid: int) -> str:
    """The statement's text as it is now: its open room's, or else the stored one."""
    room = services.rooms.get(sid)
    if room is not None:
        return str(room.body)
    async with services.store() as db:
        stored = await update_log.load_document(db, sid)
    return text_of([stored.snapshot or b"", *stored.updates])


@dataclass(frozen=True)
class StepTaken:
    """A step taken: the audit log's line it wrote."""

    entry: AuditLogEntry


async def take_step(
    services: Services, me: User, sid: int, step: Transition, reason: str | None
) -> StepTaken:
    """`me` finalises, reopens or delivers statement `sid` (`reason` needed to reopen).

    Refuses 404/403 as any statement action, 403 `not_a_moderator`, 422 for the reason, 409
    `refused` (the blockers as reasons) or `state_changed` when another step came first."""
    async with services.store() as db:
        standing = await standing_toward(db, sid, me.id)
    if not standing.may(step.action):
        who_may = f"Only the Steering Group and the forum's facilitators {_WHO_MAY[step]}."
        raise Refused(403, Message("not_a_moderator", who_may, {"transition": step.value}))
    reason = (reason or "").strip() or None
    # No edit may slip in between the count and the new state.
    locking = step.to_state != State.DRAFTING
    frozen_because = step_read_only_reason(step, me.name) if locking else None
    async with services.rooms.taking_step(sid, step.to_state, frozen_because) as counted:
        finalising = step == Transition.FINALISE
        blockers: list[Message] = []
        forum: Forum | None = None
        if finalising:
            async with services.store() as db:
                disputes = await threads.open_disputes(db, sid)
                forum = await db.get(Forum, standing.forum_id)
                signed = await signatures.signatures_of(db, sid)
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
                raise Refused(422, refusal, field="reason")
            # "refused"; what exactly refused it goes out as reasons, each with its code.
            raise Refused(409, refusal, code="refused", reasons=blockers or [refusal])
        now = datetime.now(UTC)
        async with services.store() as db, db.begin():
            moved = await audit.move_statement(
                db, sid, step.from_state.value, step.to_state.value, now
            )
            if not moved:
                raise Refused(409, say("state_changed"))
            if finalising:
                assert forum is not None
                # Read again now that the statement's row is ours: a dispute opened since the
                # first read committed before it (opening one holds the same row), and still
                # blocks. One opened later finds the statement final and is refused.
                late = dispute_blockers(await threads.open_disputes(db, sid))
                # Likewise the signatures: one withdrawn since may leave a rule unmet.
                signed = await signatures.signatures_of(db, sid)
                late += coalition_of(signed, counted.digest, forum).blockers()
                if late:
                    refused = transition_refusal(State.DRAFTING, step, blockers=late)
                    assert refused is not None
                    raise Refused(409, refused, code="refused", reasons=late)
                await signatures.record_final(
                    db,
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
                            signed_at=iso(row.signature.signed_at),
                        )
                        for row in signed
                        if row.signature.digest == counted.digest
                    ],
                )
            entry = await record(
                db,
                Happened(
                    what=_RECORDED[step],
                    at=now,
                    actor_id=me.id,
                    forum_id=standing.forum_id,
                    statement_id=sid,
                    from_value=step.from_state.value,
                    to_value=step.to_state.value,
                    reason=reason,
                ),
            )
            assert entry is not None
    await services.announcer.tell()
    return StepTaken(entry=entry)


@tells(What.FINALISE, What.REOPEN, What.DELIVER)
async def _tell_step(announcer: Announcer, untold: Untold) -> None:
    """Everyone who follows the statement hears its new state and who took the step."""
    happened = untold.happened
    assert happened.statement_id is not None and happened.to_value is not None
    announcer.events.publish(
        happened.statement_id,
        StatementStateChanged(
            statement_id=happened.statement_id,
            state=State(happened.to_value).value,
            by=untold.actor_name,
        ),
    )
