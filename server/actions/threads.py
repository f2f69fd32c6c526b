"""What people do in threads on a statement's passages: start a comment (perhaps with a
suggestion), reply, accept or decline a suggestion, resolve and reopen. Disputes are
`server.actions.disputes`; both share the checks and the telling here.

The rules are `server.domain.threads`; anchors are resolved against the room's live document
(`server.collab.anchors`). Accepting a suggestion is one edit of the room's document that every
open editor receives, made in the same tick as the checks that allow it (the room is not
frozen, the passage is still there, the limit holds), last in the transaction that records it,
just before the commit (`apply_in_transaction`); its record names who accepted it.

The bounds (open threads per person and statement, replies, mentions) are checked under the
statement's or the thread's row lock, in the transaction that adds the row. Mentions and
dispute notices are written in the same transaction; the record names who got one, so what it
tells once committed reaches exactly them. Observers follow the statement but never hear of its
threads: every threads event goes only to the listeners who may see them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.events import ReviewQueueChanged, StatementThreadsChanged
from server.actions.announcing import Announcer, noticed, tell_noticed, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import standing_toward
from server.collab import offsets
from server.collab.anchors import (
    Anchor,
    BadAnchor,
    PassageError,
    anchor_passage,
    passage_text,
    resolve_passage,
)
from server.collab.rooms import Room, RoomFrozen
from server.db import audit
from server.db import threads as queries
from server.db.happenings import Untold
from server.db.models import User
from server.db.notices import notify
from server.db.statements import Standing
from server.db.threads import ThreadRow
from server.domain import threads as rules
from server.domain.happenings import Happened, What
from server.domain.mentions import mentioned
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.domain.threads import Kind, MessageKind, SuggestionState

log = logging.getLogger("chorus.threads")

# Refusals of what was sent (the body could never work); every other refusal is a conflict
# with the thread's or the statement's state now (409).
UNPROCESSABLE = frozenset(
    {
        "text_empty",
        "text_too_long",
        "passage_out_of_range",
        "passage_empty",
        "passage_reversed",
        "passage_splits_character",
        "wording_needed",
        "wording_not_expected",
        "no_proposal",
        "release_reason_needed",
        "too_many_mentions",
    }
)
# Refusals of who asks, not of what or when.
_FORBIDDEN = frozenset({"may_not_release_claim"})

_MAY_NOT: dict[Action, Message] = {
    Action.VIEW_THREADS: say("may_not_view_threads"),
    Action.COMMENT: say("may_not_comment"),
    Action.EDIT_TEXT: say("may_not_edit_text"),
    Action.ESCALATE: say("may_not_escalate"),
    Action.WORK_REVIEW_QUEUE: say("may_not_work_review_queue"),
}

STEP_UNDER_WAY = say("statement_step_under_way")

# In a record's details: who got a notice from it, as "3,7".

# Why a move is refused, given the thread as it is now.
RefusalNow = Callable[[ThreadRow], Message | None]


@dataclass(frozen=True)
class ThreadMoved:
    """The thread an action started or moved, to answer with it as it is now."""

    thread_id: int


def refuse(message: Message, field: str | None = None) -> NoReturn:
    status = 422 if message.code in UNPROCESSABLE else 403 if message.code in _FORBIDDEN else 409
    raise Refused(status, message, field=field)


def check(refusal: Message | None, field: str | None = None) -> None:
    if refusal is not None:
        refuse(refusal, field)


# -- who may, and what they act on -----------------------------------------------------------


def _require(standing: Standing, action: Action) -> None:
    if not standing.may(action):
        raise Refused(403, _MAY_NOT[action])


async def threads_standing(db: AsyncSession, sid: int, me_id: int, action: Action) -> Standing:
    """The person's standing toward the statement: 404/403 as for the statement itself, 403
    when they may not see its threads or do `action`."""
    standing = await standing_toward(db, sid, me_id)
    _require(standing, Action.VIEW_THREADS)
    _require(standing, action)
    return standing


async def thread_toward(
    services: Services, tid: int, me_id: int, action: Action
) -> tuple[Standing, ThreadRow]:
    """Thread `tid` and the person's standing toward its statement."""
    async with services.store() as db:
        sid = await queries.statement_of(db, tid)
        if sid is None:
            raise Refused(404, say("no_such_thread", id=tid))
        standing = await threads_standing(db, sid, me_id, action)
        row = await queries.thread_row(db, tid)
    assert row is not None
    return standing, row


async def moved_or_refused(
    db: AsyncSession, moved: bool, thread_id: int, refusal_now: RefusalNow
) -> None:
    """A conditional UPDATE that matched nothing lost a race: say why from the thread as it
    is now."""
    if moved:
        return
    row = await queries.thread_row(db, thread_id)
    assert row is not None
    found = refusal_now(row)
    refuse(found or say("thread_changed"))


async def _mentioned(db: AsyncSession, sid: int, text: str, by: int) -> set[int]:
    """The drafting group's members that `text` mentions (its author aside); refuses a
    message that mentions too many (`too_many_mentions`)."""
    names = await queries.drafting_group_names(db, sid)
    named = mentioned(text, names) - {by}
    check(rules.mentions_refusal(len(named)), "text")
    return named


async def _mention(
    db: AsyncSession,
    sid: int,
    named: set[int],
    message_id: int,
    thread_id: int,
    by: int,
    at: datetime,
) -> set[int]:
    """Notices for those `named` (see `_mentioned`) who may read the thread."""
    if not named:
        return set()
    readers = await queries.who_may(db, sid, named, Action.VIEW_THREADS)
    return await notify(
        db,
        user_ids=readers,
        kind="mention",
        statement_id=sid,
        thread_id=thread_id,
        message_id=message_id,
        by_id=by,
        at=at,
    )


async def room_for_one_more(db: AsyncSession, sid: int, by: int) -> None:
    """In the transaction that adds a thread, before it does: the statement's row is held
    (so two new threads take turns, and the second counts the first) and the bounds on open
    threads are checked."""
    await queries.hold_statement(db, sid)
    open_by_you, open_in_all = await queries.open_threads(db, sid, by)
    check(rules.open_threads_refusal(open_by_you, open_in_all))


# -- passages ----------------------------------------------------------------------------------


def where_now(room: Room, thread_anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored passage is in the room's text now; None when it is gone."""
    try:
        return resolve_passage(room.body, thread_anchor)
    except BadAnchor:
        return None  # not one of ours: shown as a passage that is gone, never an error page


def anchor_new_passage(room: Room, start: int, end: int) -> tuple[Anchor, str]:
    """Anchor `start`..`end` of the room's text now, with the passage's text (the quote)."""
    current = str(room.body)
    check(rules.passage_refusal(start, end, offsets.utf16_length(current)), "start")
    try:
        return anchor_passage(room.body, start, end), passage_text(room.body, start, end)
    except PassageError:
        # In range, forward and not empty, so it splits a character.
        refuse(rules.PASSAGE_SPLITS_CHARACTER, "start")


def passage_now(room: Room, anchor: Anchor) -> str:
    """The anchored passage's text now, for the log; "" when it is gone."""
    where = where_now(room, anchor)
    return "" if where is None else passage_text(room.body, *where)


def short(text: str | None) -> str | None:
    """A passage or wording as the audit log's values hold it: a short quote."""
    return None if text is None else rules.quoted(text, audit.VALUE_CHARACTERS)


def _replace_passage(room: Room, anchor: Anchor, wording: str) -> Anchor | None:
    """Put `wording` in place of the anchored passage as one edit of the room's document, which
    every open editor receives; returns the anchor of the wording in place (None when it is
    empty: nothing is left to anchor).

    No await from the first check to the edit: the room cannot freeze, nor the passage move, in
    between. Refuses a frozen room (not in drafting, or a step under way), a passage that is
    gone, and a wording that would take the statement past its limit."""
    if room.is_frozen:
        refuse(
            STEP_UNDER_WAY
            if room.statement_state.value == "drafting"
            else rules.not_drafting(room.statement_state.value)
        )
    where = where_now(room, anchor)
    if where is None:
        refuse(rules.PASSAGE_REMOVED)
    start, end = where
    words_after = room.would_count(start, end, wording)
    check(rules.limit_refusal(room.limit_status().words, words_after, room.limits))
    try:
        room.replace_passage(start, end, wording)
    except RoomFrozen:  # checked above; kept so a change in the room's rules cannot slip by
        refuse(rules.not_drafting(room.statement_state.value))
    if not wording:
        return None
    return anchor_passage(room.body, start, start + offsets.utf16_length(wording))


async def apply_in_transaction(
    db: AsyncSession, room: Room, thread_id: int, anchor: Anchor, wording: str
) -> None:
    """The edit, last in a transaction whose every other row (the record among them) is
    already written: a refusal rolls them all back, and after the edit only the thread's new
    anchor is written (to the row this transaction already holds) before the commit.

    The other order (commit, then edit, then undo the commit if the edit refuses) would show
    a change to the store's readers that may not happen. What is left is a commit failing
    after the edit (the store gone): the text then has the new wording and the thread is as
    it was, and a second try refuses with `passage_removed` (the passage it names has been
    replaced) instead of applying it twice."""
    moved_anchor = _replace_passage(room, anchor, wording)
    try:
        if moved_anchor is not None:
            await queries.move_anchor(db, thread_id, (moved_anchor.start, moved_anchor.end))
        await db.commit()
    except Exception:
        log.exception(
            "the store failed after a server edit of statement %s for thread %s",
            room.statement_id,
            thread_id,
        )
        raise


def thread_happened(what: What, me: User, standing: Standing, tid: int, at: datetime) -> Happened:
    """A record of `me` acting on thread `tid` of the statement `standing` is toward."""
    return Happened(
        what=what,
        at=at,
        actor_id=me.id,
        forum_id=standing.forum_id,
        statement_id=standing.statement_id,
        thread_id=tid,
    )


# -- actions -----------------------------------------------------------------------------------


async def start_thread(
    services: Services,
    me: User,
    sid: int,
    *,
    start: int,
    end: int,
    text: str,
    suggestion: str | None,
) -> ThreadMoved:
    """`me` comments on passage `start`..`end` of statement `sid`, perhaps suggesting a
    wording for it; the drafting group's members the comment mentions get a notice."""
    async with services.store() as db:
        standing = await threads_standing(db, sid, me.id, Action.COMMENT)
    check(rules.text_refusal(text), "text")
    check(rules.suggestion_refusal(standing.state, suggestion), "suggestion")
    room = await services.rooms.open(sid)
    anchor, quote = anchor_new_passage(room, start, end)
    now = datetime.now(UTC)
    text = text.strip()
    async with services.store() as db, db.begin():
        await room_for_one_more(db, sid, me.id)
        named = await _mentioned(db, sid, text, me.id)
        thread, message = await queries.add_thread(
            db,
            statement_id=sid,
            kind=Kind.COMMENT,
            quote=quote,
            anchor_start=anchor.start,
            anchor_end=anchor.end,
            by=me.id,
            at=now,
            text=text,
            suggestion=suggestion,
        )
        told = await _mention(db, sid, named, message.id, thread.id, me.id, now)
        happened = thread_happened(What.START_THREAD, me, standing, thread.id, now)
        await record(db, replace(happened, to_value=short(suggestion), details=noticed(told)))
    await services.announcer.tell()
    return ThreadMoved(thread.id)


async def reply(services: Services, me: User, tid: int, text: str) -> ThreadMoved:
    """`me` replies in thread `tid`; the members the reply mentions get a notice."""
    standing, row = await thread_toward(services, tid, me.id, Action.COMMENT)
    check(rules.reply_refusal(row.facts))
    check(rules.text_refusal(text), "text")
    tid, sid, now, text = row.thread.id, standing.statement_id, datetime.now(UTC), text.strip()
    async with services.store() as db, db.begin():
        # The thread's row held first: two replies to the last slot take turns.
        await queries.hold_thread(db, tid)
        check(rules.replies_refusal(await queries.replies_in(db, tid)))
        named = await _mentioned(db, sid, text, me.id)
        message = await queries.add_message(db, tid, me.id, MessageKind.REPLY, text, now)
        told = await _mention(db, sid, named, message.id, tid, me.id, now)
        happened = thread_happened(What.REPLY, me, standing, tid, now)
        await record(db, replace(happened, details=noticed(told)))
    await services.announcer.tell()
    return ThreadMoved(tid)


async def accept_suggestion(services: Services, me: User, tid: int) -> ThreadMoved:
    """`me` applies thread `tid`'s suggestion to the text, as one edit, and so resolves the
    thread; the record (and the audit log's `suggestion_accepted`) names them."""
    standing, row = await thread_toward(services, tid, me.id, Action.EDIT_TEXT)
    check(rules.settle_refusal(row.facts, standing.state))
    t = row.thread
    assert t.suggestion is not None
    anchor = Anchor(t.anchor_start, t.anchor_end)
    room = await services.rooms.open(standing.statement_id)
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        # The conditional UPDATE first makes this accept the only one: a second, racing, waits
        # for this transaction and then matches nothing. The edit comes last.
        moved = await queries.settle_suggestion(
            db, t.id, SuggestionState.ACCEPTED, by=me.id, at=now
        )
        await moved_or_refused(db, moved, t.id, lambda r: rules.settle_refusal(r.facts, "drafting"))
        await queries.add_message(
            db, t.id, me.id, MessageKind.NOTE, "Accepted the suggestion.", now
        )
        happened = thread_happened(What.SUGGESTION_ACCEPTED, me, standing, t.id, now)
        from_value, to_value = short(passage_now(room, anchor)), short(t.suggestion)
        await record(db, replace(happened, from_value=from_value, to_value=to_value))
        await apply_in_transaction(db, room, t.id, anchor, t.suggestion)
    await services.announcer.tell()
    return ThreadMoved(t.id)


# A conditional UPDATE on the thread; True when it matched (the move was still allowed).
Move = Callable[[AsyncSession, int, int, datetime], Awaitable[bool]]


async def _simple_move(
    services: Services,
    me: User,
    tid: int,
    action: Action,
    refusal: Callable[[ThreadRow, Standing], Message | None],
    move: Move,
    note: str,
    what: What,
) -> ThreadMoved:
    """A move that changes only the thread: checked, made as one conditional UPDATE (a race
    lost says why from the thread as it is now), noted in the thread, recorded and told."""
    standing, row = await thread_toward(services, tid, me.id, action)
    check(refusal(row, standing))
    tid, now = row.thread.id, datetime.now(UTC)
    async with services.store() as db, db.begin():
        moved = await move(db, tid, me.id, now)
        await moved_or_refused(db, moved, tid, lambda r: refusal(r, standing))
        await queries.add_message(db, tid, me.id, MessageKind.NOTE, note, now)
        await record(db, thread_happened(what, me, standing, tid, now))
    await services.announcer.tell()
    return ThreadMoved(tid)


async def decline_suggestion(services: Services, me: User, tid: int) -> ThreadMoved:
    """`me` declines thread `tid`'s suggestion; the thread stays open."""
    return await _simple_move(
        services,
        me,
        tid,
        Action.EDIT_TEXT,
        lambda r, standing: rules.settle_refusal(r.facts, standing.state),
        lambda db, tid, by, at: queries.settle_suggestion(
            db, tid, SuggestionState.DECLINED, by=by, at=at
        ),
        "Declined the suggestion.",
        What.DECLINE_SUGGESTION,
    )


async def resolve_thread(services: Services, me: User, tid: int) -> ThreadMoved:
    """`me` resolves comment thread `tid`."""
    return await _simple_move(
        services,
        me,
        tid,
        Action.COMMENT,
        lambda r, _: rules.resolve_refusal(r.facts),
        lambda db, tid, by, at: queries.resolve(db, tid, by=by, at=at),
        "Resolved.",
        What.RESOLVE_THREAD,
    )


async def _reopen_within_bounds(db: AsyncSession, tid: int, by: int, at: datetime) -> bool:
    """Reopen, when one more open thread fits on the statement (its row held, as for a new
    thread, so two reopenings of the last slot take turns)."""
    sid = await queries.statement_of(db, tid)
    assert sid is not None
    await queries.hold_statement(db, sid)
    check(rules.open_threads_total_refusal((await queries.open_threads(db, sid, by))[1]))
    return await queries.reopen(db, tid)


async def reopen_thread(services: Services, me: User, tid: int) -> ThreadMoved:
    """`me` reopens resolved comment thread `tid`, when one more open thread fits."""
    return await _simple_move(
        services,
        me,
        tid,
        Action.COMMENT,
        lambda r, _: rules.reopen_refusal(r.facts),
        _reopen_within_bounds,
        "Reopened.",
        What.REOPEN_THREAD,
    )


# -- telling -----------------------------------------------------------------------------------


async def tell_threads(announcer: Announcer, untold: Untold, *, queue: bool) -> None:
    """The threads changed for everyone who may see them (observers never hear of threads),
    the review queue for its workers when a dispute moved (`queue`), and each person the
    record says got a notice."""
    happened = untold.happened
    sid, fid = happened.statement_id, happened.forum_id
    assert sid is not None
    listening = announcer.events.listening_people()
    async with announcer.store() as db:
        audience = await queries.who_may(db, sid, listening, Action.VIEW_THREADS)
        workers = await queries.review_queue_workers(db, fid) if queue else set()
    announcer.events.publish(sid, StatementThreadsChanged(statement_id=sid), audience=audience)
    if queue:
        announcer.events.publish_forum(fid, ReviewQueueChanged(forum_id=fid), audience=workers)
    tell_noticed(announcer, happened)


@tells(
    What.START_THREAD,
    What.REPLY,
    What.SUGGESTION_ACCEPTED,
    What.DECLINE_SUGGESTION,
    What.RESOLVE_THREAD,
    What.REOPEN_THREAD,
)
async def _tell_thread(announcer: Announcer, untold: Untold) -> None:
    await tell_threads(announcer, untold, queue=False)
