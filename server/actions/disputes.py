"""What people do with disputes: take a thread to the Steering Group (escalate), open a
dispute directly on a passage, claim one to decide it, release a claim, and decide it (keep
the text, apply the proposal, or apply one's own wording: one edit of the room's document
that every open editor receives, last in the transaction that records it).

Each is recorded once, with the audit log's line of the same name (`dispute_opened`,
`dispute_claimed`, `dispute_released`, `dispute_decided`) derived from the record; a decision's
record names who decided. Opening and deciding give the drafting group and the guiding
moderators a notice in the same transaction, and the record names who got one. Every move
tells the threads' readers and the forum's review queue.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.announcing import Announcer, noticed, tells
from server.actions.recording import record
from server.actions.services import Services
from server.actions.threads import (
    UNPROCESSABLE,
    ThreadMoved,
    anchor_new_passage,
    apply_in_transaction,
    check,
    moved_or_refused,
    passage_now,
    refuse,
    room_for_one_more,
    short,
    tell_threads,
    thread_happened,
    thread_toward,
    threads_standing,
)
from server.collab.anchors import Anchor
from server.db import threads as queries
from server.db.happenings import Untold
from server.db.models import User
from server.db.notices import notify
from server.db.threads import ThreadRow
from server.domain import threads as rules
from server.domain.happenings import What
from server.domain.messages import Message
from server.domain.roles import Action, Role
from server.domain.threads import Kind, MessageKind, Outcome


async def _tell_of_dispute(
    db: AsyncSession,
    kind: str,
    sid: int,
    thread_id: int,
    message_id: int,
    by: int,
    at: datetime,
) -> set[int]:
    """`dispute_opened` / `dispute_decided` notices for the drafting group and the guiding
    moderators."""
    return await notify(
        db,
        user_ids=await queries.told_of_disputes(db, sid),
        kind=kind,
        statement_id=sid,
        thread_id=thread_id,
        message_id=message_id,
        by_id=by,
        at=at,
    )


async def open_dispute(
    services: Services,
    me: User,
    sid: int,
    *,
    start: int,
    end: int,
    reason: str,
    wording: str | None,
) -> ThreadMoved:
    """`me` opens a dispute directly on passage `start`..`end` of statement `sid`, perhaps
    proposing a wording: the Steering Group decides it."""
    async with services.store() as db:
        standing = await threads_standing(db, sid, me.id, Action.ESCALATE)
    check(rules.text_refusal(reason), "reason")
    check(rules.wording_refusal(wording), "wording")
    if standing.state != "drafting":
        refuse(rules.not_drafting(standing.state))
    room = await services.rooms.open(sid)
    anchor, quote = anchor_new_passage(room, start, end)
    now = datetime.now(UTC)
    reason = reason.strip()
    async with services.store() as db, db.begin():
        if not await queries.hold_drafting(db, sid):
            refuse(rules.not_drafting("final"))
        await room_for_one_more(db, sid, me.id)
        thread, message = await queries.add_thread(
            db,
            statement_id=sid,
            kind=Kind.DISPUTE,
            quote=quote,
            anchor_start=anchor.start,
            anchor_end=anchor.end,
            by=me.id,
            at=now,
            text=reason,
            reason=reason,
            proposed_wording=wording,
        )
        told = await _tell_of_dispute(db, "dispute_opened", sid, thread.id, message.id, me.id, now)
        happened = thread_happened(What.DISPUTE_OPENED, me, standing, thread.id, now)
        await record(
            db,
            replace(
                happened,
                from_value=short(quote),
                to_value=short(wording),
                reason=reason,
                details=noticed(told),
            ),
        )
    await services.announcer.tell()
    return ThreadMoved(thread.id)


async def escalate(
    services: Services, me: User, tid: int, *, reason: str, wording: str | None
) -> ThreadMoved:
    """`me` takes thread `tid` to the Steering Group: it becomes a dispute, proposing
    `wording` (or, without one, the thread's pending suggestion)."""
    standing, row = await thread_toward(services, tid, me.id, Action.ESCALATE)
    facts = row.facts
    check(rules.escalate_refusal(facts, standing.state))
    check(rules.text_refusal(reason), "reason")
    check(rules.wording_refusal(wording), "wording")
    t, now, reason = row.thread, datetime.now(UTC), reason.strip()
    proposal = wording if wording is not None else rules.proposal_on_escalating(t.suggestion, facts)
    async with services.store() as db, db.begin():
        if not await queries.hold_drafting(db, standing.statement_id):
            refuse(rules.not_drafting("final"))
        moved = await queries.escalate(
            db, t.id, by=me.id, at=now, reason=reason, proposed_wording=proposal
        )
        await moved_or_refused(
            db, moved, t.id, lambda r: rules.escalate_refusal(r.facts, "drafting")
        )
        note = await queries.add_message(
            db,
            t.id,
            me.id,
            MessageKind.NOTE,
            f"Took this to the Steering Group: {reason}",
            now,
        )
        told = await _tell_of_dispute(
            db, "dispute_opened", standing.statement_id, t.id, note.id, me.id, now
        )
        happened = thread_happened(What.DISPUTE_OPENED, me, standing, t.id, now)
        await record(
            db,
            replace(
                happened,
                from_value=short(t.quote),
                to_value=short(proposal),
                reason=reason,
                details={"escalated": "true"} | noticed(told),
            ),
        )
    await services.announcer.tell()
    return ThreadMoved(t.id)


async def claim(services: Services, me: User, tid: int) -> ThreadMoved:
    """`me` takes dispute `tid` to decide it: one moderator at a time. Claiming one's own
    claim again changes (and records) nothing."""
    standing, row = await thread_toward(services, tid, me.id, Action.WORK_REVIEW_QUEUE)
    check(rules.claim_refusal(row.facts, me.id, row.claimed_by))
    t = row.thread
    if t.claimed_by == me.id:
        return ThreadMoved(t.id)  # already theirs: nothing changes
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        moved = await queries.claim(db, t.id, by=me.id, at=now)
        await moved_or_refused(
            db,
            moved,
            t.id,
            lambda r: rules.claim_refusal(r.facts, me.id, r.claimed_by),
        )
        await queries.add_message(
            db, t.id, me.id, MessageKind.NOTE, "Claimed this dispute to decide it.", now
        )
        happened = thread_happened(What.DISPUTE_CLAIMED, me, standing, t.id, now)
        await record(db, replace(happened, from_value=short(t.quote)))
    await services.announcer.tell()
    return ThreadMoved(t.id)


async def release(services: Services, me: User, tid: int, reason: str | None) -> ThreadMoved:
    """`me` lets go of dispute `tid`'s claim so another moderator can claim it: the claimer's
    own, or anyone's by a facilitator of the forum, with a reason kept in the thread and the
    audit log (the claimer went silent, or no longer has a role to decide it)."""
    standing, row = await thread_toward(services, tid, me.id, Action.WORK_REVIEW_QUEUE)
    is_facilitator = standing.role is Role.FACILITATOR

    def refusal(r: ThreadRow) -> Message | None:
        return rules.release_refusal(
            r.facts, me.id, r.claimed_by, is_facilitator=is_facilitator, reason=reason
        )

    found = refusal(row)
    check(found, "reason" if found and found.code in UNPROCESSABLE else None)
    t, now = row.thread, datetime.now(UTC)
    holder = t.claimed_by
    assert holder is not None
    why = (reason or "").strip() or None
    if holder == me.id:
        note = "Released this dispute; another moderator may claim it."
    else:
        note = f"Released {row.claimed_by or 'someone'}'s claim on this dispute."
    async with services.store() as db, db.begin():
        moved = await queries.release(db, t.id, holder=holder)
        await moved_or_refused(db, moved, t.id, refusal)
        await queries.add_message(
            db,
            t.id,
            me.id,
            MessageKind.NOTE,
            note if why is None else f"{note} Reason: {why}",
            now,
        )
        happened = thread_happened(What.DISPUTE_RELEASED, me, standing, t.id, now)
        await record(
            db, replace(happened, subject_id=holder, from_value=short(t.quote), reason=why)
        )
    await services.announcer.tell()
    return ThreadMoved(t.id)


async def decide(
    services: Services,
    me: User,
    tid: int,
    *,
    outcome: Outcome,
    decision: str,
    wording: str | None,
) -> ThreadMoved:
    """The claimer `me` decides dispute `tid`: keep the text, apply the proposal, or apply
    their own `wording` (one edit every open editor receives), with the written `decision`.
    The record (and the audit log's `dispute_decided`) names them."""
    standing, row = await thread_toward(services, tid, me.id, Action.WORK_REVIEW_QUEUE)
    field = "wording" if wording is not None or outcome is Outcome.OWN else "outcome"
    check(rules.decide_refusal(row.facts, me.id, row.claimed_by, outcome, wording), field)
    check(rules.text_refusal(decision), "decision")
    t, now, decision = row.thread, datetime.now(UTC), decision.strip()
    applied = rules.wording_to_apply(outcome, wording, t.proposed_wording)
    room = await services.rooms.open(standing.statement_id) if applied is not None else None
    async with services.store() as db, db.begin():
        # As for accepting: the conditional UPDATE first, the edit last.
        moved = await queries.decide(
            db,
            t.id,
            by=me.id,
            at=now,
            outcome=outcome.value,
            decision=decision,
            applied_wording=applied,
        )
        await moved_or_refused(
            db,
            moved,
            t.id,
            lambda r: rules.decide_refusal(r.facts, me.id, r.claimed_by, outcome, wording),
        )
        anchor = Anchor(t.anchor_start, t.anchor_end)
        message = await queries.add_message(db, t.id, me.id, MessageKind.DECISION, decision, now)
        told = await _tell_of_dispute(
            db, "dispute_decided", standing.statement_id, t.id, message.id, me.id, now
        )
        happened = thread_happened(What.DISPUTE_DECIDED, me, standing, t.id, now)
        await record(
            db,
            replace(
                happened,
                from_value=short(t.quote if room is None else passage_now(room, anchor)),
                to_value=short(applied),
                reason=decision,
                details={"outcome": outcome.value} | noticed(told),
            ),
        )
        if room is not None and applied is not None:
            await apply_in_transaction(db, room, t.id, anchor, applied)
    await services.announcer.tell()
    return ThreadMoved(t.id)


@tells(What.DISPUTE_OPENED, What.DISPUTE_CLAIMED, What.DISPUTE_RELEASED, What.DISPUTE_DECIDED)
async def _tell_dispute(announcer: Announcer, untold: Untold) -> None:
    await tell_threads(announcer, untold, queue=True)
