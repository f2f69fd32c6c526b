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
from typing import Final

import anyio.lowlevel
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
from server.actions import disputes
from server.actions import threads as actions
from server.actions.threads import ThreadMoved, threads_standing, where_now
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.auth.current import SignedIn
from server.collab.anchors import Anchor, BadAnchor, passage_text, resolve_passages
from server.collab.rooms import Room
from server.db import threads as queries
from server.db.threads import ThreadRow
from server.domain import threads as rules
from server.domain.roles import Action
from server.domain.threads import Kind, Outcome, SuggestionState
from server.moments import iso
from server.state import AppState, app_state

# The actions' own: a thread's passage now, and the standing the list asks for.
_where_now = where_now
_standing = threads_standing


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
        created_at=iso(t.created_at),
        messages=[
            ThreadMessageOut(
                id=m.id,
                author=m.author,
                text=m.text,
                at=iso(m.at),
                kind=m.kind,
            )
            for m in row.messages
        ],
        reason=t.reason,
        proposed_wording=t.proposed_wording,
        opened_at=iso(t.escalated_at),
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
    moved = await disputes.open_dispute(
        state,
        me.user,
        sid,
        start=body.start,
        end=body.end,
        reason=body.reason,
        wording=body.wording,
    )
    return await _answer(state, moved, me.user.id, 201)


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
    moved = await disputes.escalate(
        state, me.user, _thread_id(request), reason=body.reason, wording=body.wording
    )
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def claim(request: Request, me: SignedIn) -> Response:
    """Take a dispute to decide it: one moderator at a time."""
    state = app_state(request)
    moved = await disputes.claim(state, me.user, _thread_id(request))
    return await _answer(state, moved, me.user.id)


async def _release_body(request: Request) -> ReleaseIn:
    """The body of a release: optional (the claimer need not say why)."""
    if not (await request.body()).strip():
        return ReleaseIn()
    return await read_json(request, ReleaseIn)


@require_sign_in
async def release(request: Request, me: SignedIn) -> Response:
    """Let go of a dispute's claim so another moderator can claim it."""
    state = app_state(request)
    body = await _release_body(request)
    moved = await disputes.release(state, me.user, _thread_id(request), body.reason)
    return await _answer(state, moved, me.user.id)


@require_sign_in
async def decide(request: Request, me: SignedIn) -> Response:
    """The claimer's decision: keep the text, apply the proposal, or apply their own wording."""
    state = app_state(request)
    body = await read_json(request, DecideIn)
    moved = await disputes.decide(
        state,
        me.user,
        _thread_id(request),
        outcome=Outcome(body.outcome),
        decision=body.decision,
        wording=body.wording,
    )
    return await _answer(state, moved, me.user.id)
