"""The Steering Group's review queue: `GET /api/forums/{id}/review-queue`, every open dispute
of the forum in the order moderators work them."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import QueueItemOut, ReviewQueueOut
from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import forum_id
from server.api.standing import forum_standing
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import review_queue as queue_queries
from server.domain.countries import statement_country
from server.domain.messages import say
from server.domain.review_queue import (
    BadFilter,
    QueuedDispute,
    is_waiting,
    read_filters,
    review_queue,
)
from server.domain.roles import Action, Role
from server.moments import iso


def queue_item_out(
    dispute: QueuedDispute, me: int, now: datetime, *, is_facilitator: bool
) -> QueueItemOut:
    return QueueItemOut(
        thread_id=dispute.thread_id,
        statement_id=dispute.statement_id,
        statement=dispute.statement,
        country=statement_country(dispute.country_code),
        country_code=dispute.country_code or "",
        session_id=dispute.session_id,
        session=dispute.session,
        due_at=iso(dispute.due_at),
        state="open",
        claimed_by=dispute.claimed_by,
        claimed_by_me=dispute.claimed_by_id == me,
        claimed_at=iso(dispute.claimed_at),
        waiting=is_waiting(dispute, now),
        may_release=dispute.claimed_by_id is not None
        and (dispute.claimed_by_id == me or is_facilitator),
        opened_at=iso(dispute.opened_at) or "",
        quote=dispute.quote,
        reason=dispute.reason,
        proposed_wording=dispute.proposed_wording,
    )


@require_sign_in
async def review_queue_of_forum(request: Request, me: SignedIn) -> Response:
    """The forum's open disputes, narrowed by `session`, `country` and `claimed` (me or
    unclaimed), for its moderators and facilitators."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    filters = read_filters(request.query_params.multi_items())
    async with chorus.store() as db:
        standing = await forum_standing(db, fid, me.user.id)
        if not standing.may(Action.WORK_REVIEW_QUEUE):
            raise ApiError(403, say("may_not_view_review_queue"))
        # Checked after who may ask, so a stranger learns nothing from the filters' answer.
        if isinstance(filters, BadFilter):
            raise ApiError(422, filters.message, field=filters.field)
        disputes = await queue_queries.open_disputes(db, fid)
    queue = review_queue(disputes, filters, me.user.id)
    now, facilitator = datetime.now(UTC), standing.role is Role.FACILITATOR
    body = ReviewQueueOut(
        disputes=[queue_item_out(d, me.user.id, now, is_facilitator=facilitator) for d in queue]
    )
    return JSONResponse(body.model_dump())
