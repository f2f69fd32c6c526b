"""Threads on a statement's passages: comments, suggestions, disputes.

`/api/statements/{id}/threads` (list, start one), `/api/statements/{id}/disputes` (open one on a
passage) and `/api/threads/{id}/...` (reply, accept, decline, resolve, reopen, escalate, claim,
release, decide). What people do is the actions' (`server.actions.threads`, `server.actions.
disputes`); these routes parse, call and answer with the thread as it is now, its anchor
resolved against the room's live document (`server.collab.anchors`), so a thread says where its
passage is now.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Final

import anyio.lowlevel
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    AnchorOut,
    DecideIn,
    EscalateIn,
    NewDisputeIn,
    NewThreadIn,
    PositionOut,
    ReleaseIn,
    ReplyIn,
    ThreadAnswerOut,
    ThreadMessageOut,
    ThreadOut,
)
from schemas.events import NoticesChanged, ReviewQueueChanged, StatementThreadsChanged
from server.actions import threads as actions
from server.actions.threads import ThreadMoved, threads_standing, where_now
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.wire import as_utc
from server.auth.current import SignedIn
from server.collab.anchors import Anchor, BadAnchor, passage_text, resolve_passages
from server.collab.rooms import Room
from server.db import audit
from server.db import threads as queries
from server.db.notices import notify
from server.db.statements import Standing
from server.db.threads import ThreadRow
from server.domain import threads as rules
from server.domain.messages import Message
from server.domain.roles import Action, Role
from server.domain.threads import Kind, MessageKind, Outcome, SuggestionState
from server.state import AppState, app_state

# The actions' own: a thread's passage now, and the standing the list asks for.
_where_now = where_now
_standing = threads_standing


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).astimezone(UTC).isoformat()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# -- on the wire ---------------------------------------------------------------------------


def _where_all(room: Room, anchors: list[Anchor]) -> list[tuple[int, int] | None]:
    """`_where_now` for many anchors, measuring the document once for all of them (measuring
    it is most of the work of resolving one)."""
    try:
        return resolve_passages(room.body, anchors)
    except BadAnchor:
        return [_where_now(room, anchor) for anchor in anchors]


def _anchor_of(row: ThreadRow) -> Anchor:
    return Anchor(row.thread.anchor_start, row.thread.anchor_end)


def thread_out(row: ThreadRow, room: Room, me_id: int) -> ThreadOut:
    """A thread on the wire, its anchor resolved against the room's document now."""
    return _thread_out(row, _where_now(room, _anchor_of(row)), room, me_id)


def _thread_out(row: ThreadRow, where: tuple[int, int] | None, room: Room, me_id: int) -> ThreadOut:
    """`thread_out` with the passage already found `where` it is in the room's text now."""
    t = row.thread
    passage_now = None if where is None else passage_text(room.body, *where)
    over_by = None
    if (
        where is not None
        and t.kind == Kind.COMMENT.value
        and t.suggestion is not None
        and t.suggestion_state == SuggestionState.PENDING.value
    ):
        words_now = room.limit_status().words
        words_after = room.would_count(where[0], where[1], t.suggestion)
        over_by = rules.over_by(words_now, words_after, room.limits)
    return ThreadOut(
        id=t.id,
        statement_id=t.statement_id,
        kind=t.kind,
        state=t.state,
        quote=t.quote,
        anchor=None if where is None else AnchorOut(start=where[0], end=where[1]),
        position=PositionOut(start=_b64(t.anchor_start), end=_b64(t.anchor_end)),
        passage_now=passage_now,
        passage_changed=passage_now != t.quote,
        suggestion=t.suggestion,
        suggestion_state=t.suggestion_state,
        suggestion_over_by=over_by,
        created_by=row.created_by,
        created_at=_iso(t.created_at) or "",
        messages=[
            ThreadMessageOut(
                id=m.id,
                author=m.author,
                text=m.text,
                at=_iso(m.at) or "",
                kind=m.kind,
            )
            for m in row.messages
        ],
        reason=t.reason,
        proposed_wording=t.proposed_wording,
        opened_at=_iso(t.escalated_at),
        claimed_by=row.claimed_by,
        claimed_by_me=t.claimed_by == me_id,
        decided_by=row.decided_by,
        outcome=t.outcome,
        decision=t.decision,
        applied_wording=t.applied_wording,
    )


async def _answer(state: AppState, moved: ThreadMoved, me_id: int, status: int = 200) -> Response:
    async with state.sessions() as session:
        row = await queries.thread_row(session, moved.thread_id)
    assert row is not None
    room = await state.rooms.open(row.thread.statement_id)
    body = ThreadAnswerOut(thread=thread_out(row, room, me_id))
    return JSONResponse(body.model_dump(), status_code=status)


def _thread_id(request: Request) -> int:
    return path_id(request, "thread_id", "thread")


# Disputes still do here what the actions of threads do there.
_check = actions.check
_refuse = actions.refuse
_moved_or_refused = actions.moved_or_refused
_room_for_one_more = actions.room_for_one_more
_anchor_new_passage = actions.anchor_new_passage
_short = actions.short
_passage_now = actions.passage_now
_apply_in_transaction = actions.apply_in_transaction
_UNPROCESSABLE = actions.UNPROCESSABLE


async def _thread(
    state: AppState, request: Request, me_id: int, action: Action
) -> tuple[Standing, ThreadRow]:
    return await actions.thread_toward(state, _thread_id(request), me_id, action)


async def _tell(
    state: AppState,
    standing: Standing,
    *,
    queue: bool = False,
    notified: Collection[int] = (),
) -> None:
    """After a commit: the threads changed for everyone who may see them (observers never
    hear of threads), the review queue for its workers when a dispute moved, and each person
    with a new notice."""
    sid = standing.statement_id
    listening = state.events.listening_people()
    async with state.sessions() as session:
        audience = await queries.who_may(session, sid, listening, Action.VIEW_THREADS)
        workers = await queries.review_queue_workers(session, standing.forum_id) if queue else set()
    state.events.publish(sid, StatementThreadsChanged(statement_id=sid), audience=audience)
    if queue:
        state.events.publish_forum(
            standing.forum_id, ReviewQueueChanged(forum_id=standing.forum_id), audience=workers
        )
    for user_id in sorted(notified):
        state.events.tell_person(user_id, NoticesChanged())


async def _tell_of_dispute(
    session: AsyncSession,
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
        session,
        user_ids=await queries.told_of_disputes(session, sid),
        kind=kind,
        statement_id=sid,
        thread_id=thread_id,
        message_id=message_id,
        by_id=by,
        at=at,
    )


# -- routes: a statement's threads -----------------------------------------------------------


# Threads read from the store at a time: one page's rows are turned into values in one go.
LIST_PAGE: Final = 100
# Threads resolved and written in one go, between which the room's editors go first: their
# anchors are resolved together against one measurement of the text, and each is written in
# the same tick, so its offsets and passage are of the same text.
LIST_SLICE: Final = 10


@require_sign_in
async def list_threads(request: Request, me: SignedIn) -> Response:
    """The statement's threads, oldest first. A long list is read a page at a time and resolved
    and written a slice at a time, yielding between them: editors of the same room keep typing
    while it is built (each slice is resolved against the text as it is when its turn comes;
    each thread carries its position, so a page can resolve it again against its own copy)."""
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        await _standing(session, sid, me.user.id, Action.VIEW_THREADS)
    room = await state.rooms.open(sid)
    parts: list[bytes] = []
    after = 0
    while True:
        async with state.sessions() as session:
            rows = await queries.threads_of(session, sid, after=after, limit=LIST_PAGE)
        for first in range(0, len(rows), LIST_SLICE):
            await anyio.lowlevel.checkpoint()
            some = rows[first : first + LIST_SLICE]
            where = _where_all(room, [_anchor_of(row) for row in some])
            for row, found in zip(some, where, strict=True):
                parts.append(_thread_out(row, found, room, me.user.id).model_dump_json().encode())
        if len(rows) < LIST_PAGE:
            break
        after = rows[-1].thread.id
    # ThreadsOut, written a thread at a time.
    return Response(b'{"threads":[' + b",".join(parts) + b"]}", media_type="application/json")


@require_sign_in
async def start_thread(request: Request, me: SignedIn) -> Response:
    """A comment on a passage, perhaps with a suggestion."""
    state = app_state(request)
    sid = statement_id(request)
    body = await read_json(request, NewThreadIn)
    moved = await actions.start_thread(
        state,
        me.user,
        sid,
        start=body.start,
        end=body.end,
        text=body.text,
        suggestion=body.suggestion,
    )
    return await _answer(state, moved, me.user.id, 201)


@require_sign_in
async def open_dispute(request: Request, me: SignedIn) -> Response:
    """A dispute opened directly on a passage: the Steering Group decides it."""
    state = app_state(request)
    sid = statement_id(request)
    body = await read_json(request, NewDisputeIn)
    async with state.sessions() as session:
        standing = await _standing(session, sid, me.user.id, Action.ESCALATE)
    _check(rules.text_refusal(body.reason), "reason")
    _check(rules.wording_refusal(body.wording), "wording")
    if standing.state != "drafting":
        _refuse(rules.not_drafting(standing.state))
    room = await state.rooms.open(sid)
    anchor, quote = _anchor_new_passage(room, body.start, body.end)
    now = datetime.now(UTC)
    reason = body.reason.strip()
    async with state.sessions() as session, session.begin():
        if not await queries.hold_drafting(session, sid):
            _refuse(rules.not_drafting("final"))
        await _room_for_one_more(session, sid, me.user.id)
        thread, message = await queries.add_thread(
            session,
            statement_id=sid,
            kind=Kind.DISPUTE,
            quote=quote,
            anchor_start=anchor.start,
            anchor_end=anchor.end,
            by=me.user.id,
            at=now,
            text=reason,
            reason=reason,
            proposed_wording=body.wording,
        )
        await audit.record(
            session,
            forum_id=standing.forum_id,
            statement_id=sid,
            actor_id=me.user.id,
            at=now,
            action="dispute_opened",
            from_value=_short(quote),
            to_value=_short(body.wording),
            reason=reason,
        )
        notified = await _tell_of_dispute(
            session, "dispute_opened", sid, thread.id, message.id, me.user.id, now
        )
    await _tell(state, standing, queue=True, notified=notified)
    return await _answer(state, ThreadMoved(thread.id), me.user.id, 201)


# -- routes: one thread ------------------------------------------------------------------------


@require_sign_in
async def reply(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    body = await read_json(request, ReplyIn)
    moved = await actions.reply(state, me.user, _thread_id(request), body.text)
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def accept(request: Request, me: SignedIn) -> Response:
    """Apply the thread's suggestion to the text, as one edit, and resolve the thread."""
    state = app_state(request)
    moved = await actions.accept_suggestion(state, me.user, _thread_id(request))
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def decline(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    moved = await actions.decline_suggestion(state, me.user, _thread_id(request))
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def resolve(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    moved = await actions.resolve_thread(state, me.user, _thread_id(request))
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def reopen(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    moved = await actions.reopen_thread(state, me.user, _thread_id(request))
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def escalate(request: Request, me: SignedIn) -> Response:
    """The thread becomes a dispute for the Steering Group to decide."""
    state = app_state(request)
    body = await read_json(request, EscalateIn)
    standing, row = await _thread(state, request, me.user.id, Action.ESCALATE)
    facts = row.facts
    _check(rules.escalate_refusal(facts, standing.state))
    _check(rules.text_refusal(body.reason), "reason")
    _check(rules.wording_refusal(body.wording), "wording")
    t, now, reason = row.thread, datetime.now(UTC), body.reason.strip()
    proposal = (
        body.wording
        if body.wording is not None
        else rules.proposal_on_escalating(t.suggestion, facts)
    )
    async with state.sessions() as session, session.begin():
        if not await queries.hold_drafting(session, standing.statement_id):
            _refuse(rules.not_drafting("final"))
        moved = await queries.escalate(
            session, t.id, by=me.user.id, at=now, reason=reason, proposed_wording=proposal
        )
        await _moved_or_refused(
            session, moved, t.id, lambda r: rules.escalate_refusal(r.facts, "drafting")
        )
        note = await queries.add_message(
            session,
            t.id,
            me.user.id,
            MessageKind.NOTE,
            f"Took this to the Steering Group: {reason}",
            now,
        )
        await audit.record(
            session,
            forum_id=standing.forum_id,
            statement_id=standing.statement_id,
            actor_id=me.user.id,
            at=now,
            action="dispute_opened",
            from_value=_short(t.quote),
            to_value=_short(proposal),
            reason=reason,
        )
        notified = await _tell_of_dispute(
            session, "dispute_opened", standing.statement_id, t.id, note.id, me.user.id, now
        )
    await _tell(state, standing, queue=True, notified=notified)
    return await _answer(state, ThreadMoved(t.id), me.user.id)


@require_sign_in
async def claim(request: Request, me: SignedIn) -> Response:
    """Take a dispute to decide it: one moderator at a time."""
    state = app_state(request)
    standing, row = await _thread(state, request, me.user.id, Action.WORK_REVIEW_QUEUE)
    _check(rules.claim_refusal(row.facts, me.user.id, row.claimed_by))
    t = row.thread
    if t.claimed_by == me.user.id:
        return await _answer(
            state, ThreadMoved(t.id), me.user.id
        )  # already theirs: nothing changes
    now = datetime.now(UTC)
    async with state.sessions() as session, session.begin():
        moved = await queries.claim(session, t.id, by=me.user.id, at=now)
        await _moved_or_refused(
            session,
            moved,
            t.id,
            lambda r: rules.claim_refusal(r.facts, me.user.id, r.claimed_by),
        )
        await queries.add_message(
            session, t.id, me.user.id, MessageKind.NOTE, "Claimed this dispute to decide it.", now
        )
        await audit.record(
            session,
            forum_id=standing.forum_id,
            statement_id=standing.statement_id,
            actor_id=me.user.id,
            at=now,
            action="dispute_claimed",
            from_value=_short(t.quote),
        )
    await _tell(state, standing, queue=True)
    return await _answer(state, ThreadMoved(t.id), me.user.id)


async def _release_body(request: Request) -> ReleaseIn:
    """The body of a release: optional (the claimer need not say why)."""
    if not (await request.body()).strip():
        return ReleaseIn()
    return await read_json(request, ReleaseIn)


@require_sign_in
async def release(request: Request, me: SignedIn) -> Response:
    """Let go of a dispute's claim so another moderator can claim it: the claimer's own, or
    anyone's by a facilitator of the forum, with a reason kept in the thread and the audit log
    (the claimer went silent, or no longer has a role to decide it)."""
    state = app_state(request)
    body = await _release_body(request)
    standing, row = await _thread(state, request, me.user.id, Action.WORK_REVIEW_QUEUE)
    is_facilitator = standing.role is Role.FACILITATOR

    def refusal(r: ThreadRow) -> Message | None:
        return rules.release_refusal(
            r.facts, me.user.id, r.claimed_by, is_facilitator=is_facilitator, reason=body.reason
        )

    found = refusal(row)
    _check(found, "reason" if found and found.code in _UNPROCESSABLE else None)
    t, now = row.thread, datetime.now(UTC)
    holder = t.claimed_by
    assert holder is not None
    reason = (body.reason or "").strip() or None
    if holder == me.user.id:
        note = "Released this dispute; another moderator may claim it."
    else:
        note = f"Released {row.claimed_by or 'someone'}'s claim on this dispute."
    async with state.sessions() as session, session.begin():
        moved = await queries.release(session, t.id, holder=holder)
        await _moved_or_refused(session, moved, t.id, refusal)
        await queries.add_message(
            session,
            t.id,
            me.user.id,
            MessageKind.NOTE,
            note if reason is None else f"{note} Reason: {reason}",
            now,
        )
        await audit.record(
            session,
            forum_id=standing.forum_id,
            statement_id=standing.statement_id,
            actor_id=me.user.id,
            subject_id=holder,
            at=now,
            action="dispute_released",
            from_value=_short(t.quote),
            reason=reason,
        )
    await _tell(state, standing, queue=True)
    return await _answer(state, ThreadMoved(t.id), me.user.id)


@require_sign_in
async def decide(request: Request, me: SignedIn) -> Response:
    """The claimer's decision: keep the text, apply the proposal, or apply their own wording
    (one edit every open editor receives), with the written decision."""
    state = app_state(request)
    body = await read_json(request, DecideIn)
    standing, row = await _thread(state, request, me.user.id, Action.WORK_REVIEW_QUEUE)
    outcome = Outcome(body.outcome)
    field = "wording" if body.wording is not None or outcome is Outcome.OWN else "outcome"
    _check(
        rules.decide_refusal(row.facts, me.user.id, row.claimed_by, outcome, body.wording), field
    )
    _check(rules.text_refusal(body.decision), "decision")
    t, now, decision = row.thread, datetime.now(UTC), body.decision.strip()
    wording = rules.wording_to_apply(outcome, body.wording, t.proposed_wording)
    room = await state.rooms.open(standing.statement_id) if wording is not None else None
    async with state.sessions() as session, session.begin():
        # As for accepting: the conditional UPDATE first, the edit last.
        moved = await queries.decide(
            session,
            t.id,
            by=me.user.id,
            at=now,
            outcome=outcome.value,
            decision=decision,
            applied_wording=wording,
        )
        await _moved_or_refused(
            session,
            moved,
            t.id,
            lambda r: rules.decide_refusal(
                r.facts, me.user.id, r.claimed_by, outcome, body.wording
            ),
        )
        anchor = Anchor(t.anchor_start, t.anchor_end)
        message = await queries.add_message(
            session, t.id, me.user.id, MessageKind.DECISION, decision, now
        )
        await audit.record(
            session,
            forum_id=standing.forum_id,
            statement_id=standing.statement_id,
            actor_id=me.user.id,
            at=now,
            action="dispute_decided",
            from_value=_short(t.quote if room is None else _passage_now(room, anchor)),
            to_value=_short(wording),
            reason=decision,
        )
        notified = await _tell_of_dispute(
            session, "dispute_decided", standing.statement_id, t.id, message.id, me.user.id, now
        )
        if room is not None and wording is not None:
            await _apply_in_transaction(session, room, t.id, anchor, wording)
    await _tell(state, standing, queue=True, notified=notified)
    return await _answer(state, ThreadMoved(t.id), me.user.id)
