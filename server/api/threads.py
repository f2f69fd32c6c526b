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
from server.actions.threads import ThreadMoved, threads_standing
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.auth.current import SignedIn
from server.chorus import Chorus, chorus_of
from server.collab.anchors import Anchor, TextCopy
from server.collab.rooms import Room
from server.db import threads as queries
from server.db.threads import ThreadRow
from server.domain import threads as rules
from server.domain import words
from server.domain.roles import Action
from server.domain.threads import Kind, Outcome, SuggestionState, ThreadState
from server.moments import iso

# The actions' own: the standing the list asks for.
_standing = threads_standing


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# -- on the wire ---------------------------------------------------------------------------


def _anchor_of(row: ThreadRow) -> Anchor:
    return Anchor(row.thread.anchor_start, row.thread.anchor_end)


def thread_out(row: ThreadRow, room: Room, me_id: int) -> ThreadOut:
    """A thread on the wire, its anchor resolved against the room's document now."""
    text = TextCopy.of(room.body)
    return _thread_out(row, text.resolve([_anchor_of(row)])[0], text, room.limits, me_id)


def _thread_out(
    row: ThreadRow,
    where: tuple[int, int] | None,
    text: TextCopy,
    limits: words.Limits,
    me_id: int,
) -> ThreadOut:
    """`thread_out` with the passage already found `where` it is in the `text`."""
    t = row.thread
    passage_now = None if where is None else text.passage(*where)
    over_by = None
    if (
        where is not None
        and t.kind == Kind.COMMENT.value
        and t.state == ThreadState.OPEN.value
        and t.suggestion is not None
        and t.suggestion_state == SuggestionState.PENDING.value
    ):
        # Only a suggestion that may still be accepted is weighed against the limit.
        words_now = words.count_words(text.text)
        words_after = words.count_words(text.replaced(where[0], where[1], t.suggestion))
        over_by = rules.over_by(words_now, words_after, limits)
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


async def _answer(chorus: Chorus, moved: ThreadMoved, me_id: int, status: int = 200) -> Response:
    async with chorus.store() as db:
        row = await queries.thread_row(db, moved.thread_id)
    assert row is not None
    room = await chorus.rooms.open(row.thread.statement_id)
    body = ThreadAnswerOut(thread=thread_out(row, room, me_id))
    return JSONResponse(body.model_dump(), status_code=status)


def _thread_id(request: Request) -> int:
    return path_id(request, "thread_id", "thread")


# -- routes: a statement's threads -----------------------------------------------------------


# Threads resolved and written in one go, between which the room's editors go first.
LIST_SLICE: Final = 10


@require_sign_in
async def list_threads(request: Request, me: SignedIn) -> Response:
    """The statement's threads, oldest first, resolved against one snapshot of the room's text.
    The list is kept while no record about the statement follows it (`ThreadLists`), and a
    long one is resolved and written a slice at a time, yielding between them: editors of the
    same room keep typing while it is built (each thread carries its position too, so a page
    resolves it again against its own, newer, copy)."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    async with chorus.store() as db:
        await _standing(db, sid, me.user.id, Action.VIEW_THREADS)
    room = await chorus.rooms.open(sid)
    rows = await chorus.thread_lists.of(chorus.store, sid)
    text = await TextCopy.taken(room.body)
    parts: list[bytes] = []
    for first in range(0, len(rows), LIST_SLICE):
        await anyio.lowlevel.checkpoint()
        some = rows[first : first + LIST_SLICE]
        where = text.resolve([_anchor_of(row) for row in some])
        for row, found in zip(some, where, strict=True):
            out = _thread_out(row, found, text, room.limits, me.user.id)
            parts.append(out.model_dump_json().encode())
    # ThreadsOut, written a thread at a time.
    return Response(b'{"threads":[' + b",".join(parts) + b"]}", media_type="application/json")


@require_sign_in
async def start_thread(request: Request, me: SignedIn) -> Response:
    """A comment on a passage, perhaps with a suggestion."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    body = await read_json(request, NewThreadIn)
    moved = await actions.start_thread(
        chorus,
        me.user,
        sid,
        start=body.start,
        end=body.end,
        text=body.text,
        suggestion=body.suggestion,
    )
    return await _answer(chorus, moved, me.user.id, 201)


@require_sign_in
async def open_dispute(request: Request, me: SignedIn) -> Response:
    """A dispute opened directly on a passage: the Steering Group decides it."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    body = await read_json(request, NewDisputeIn)
    moved = await disputes.open_dispute(
        chorus,
        me.user,
        sid,
        start=body.start,
        end=body.end,
        reason=body.reason,
        wording=body.wording,
    )
    return await _answer(chorus, moved, me.user.id, 201)


# -- routes: one thread ------------------------------------------------------------------------


@require_sign_in
async def reply(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    body = await read_json(request, ReplyIn)
    moved = await actions.reply(chorus, me.user, _thread_id(request), body.text)
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def accept(request: Request, me: SignedIn) -> Response:
    """Apply the thread's suggestion to the text, as one edit, and resolve the thread."""
    chorus = chorus_of(request)
    moved = await actions.accept_suggestion(chorus, me.user, _thread_id(request))
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def decline(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    moved = await actions.decline_suggestion(chorus, me.user, _thread_id(request))
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def resolve(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    moved = await actions.resolve_thread(chorus, me.user, _thread_id(request))
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def reopen(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    moved = await actions.reopen_thread(chorus, me.user, _thread_id(request))
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def escalate(request: Request, me: SignedIn) -> Response:
    """The thread becomes a dispute for the Steering Group to decide."""
    chorus = chorus_of(request)
    body = await read_json(request, EscalateIn)
    moved = await disputes.escalate(
        chorus, me.user, _thread_id(request), reason=body.reason, wording=body.wording
    )
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def claim(request: Request, me: SignedIn) -> Response:
    """Take a dispute to decide it: one moderator at a time."""
    chorus = chorus_of(request)
    moved = await disputes.claim(chorus, me.user, _thread_id(request))
    return await _answer(chorus, moved, me.user.id)


async def _release_body(request: Request) -> ReleaseIn:
    """The body of a release: optional (the claimer need not say why)."""
    if not (await request.body()).strip():
        return ReleaseIn()
    return await read_json(request, ReleaseIn)


@require_sign_in
async def release(request: Request, me: SignedIn) -> Response:
    """Let go of a dispute's claim so another moderator can claim it."""
    chorus = chorus_of(request)
    body = await _release_body(request)
    moved = await disputes.release(chorus, me.user, _thread_id(request), body.reason)
    return await _answer(chorus, moved, me.user.id)


@require_sign_in
async def decide(request: Request, me: SignedIn) -> Response:
    """The claimer's decision: keep the text, apply the proposal, or apply their own wording."""
    chorus = chorus_of(request)
    body = await read_json(request, DecideIn)
    moved = await disputes.decide(
        chorus,
        me.user,
        _thread_id(request),
        outcome=Outcome(body.outcome),
        decision=body.decision,
        wording=body.wording,
    )
    return await _answer(chorus, moved, me.user.id)
