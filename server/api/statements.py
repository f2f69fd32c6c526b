"""Statements: `/api/statements` (mine) and `/api/statements/{id}`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    LimitsOut,
    SignatureCountOut,
    StatementDetailOut,
    StatementListOut,
    StatementOut,
)
from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import as_utc, path_id
from server.auth.current import SignedIn
from server.db import people, signatures
from server.db import speakers as speaker_queries
from server.db import statements as queries
from server.db.statements import Standing, StatementRow
from server.domain import cosigning, words
from server.domain.cosigning import Signer
from server.domain.countries import statement_country
from server.domain.languages import is_right_to_left
from server.domain.lifecycle import State, Transition, is_outstanding
from server.domain.roles import Action
from server.state import AppState, app_state


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return as_utc(moment).astimezone(UTC).isoformat()


def signatures_at_a_glance(
    state: AppState, row: StatementRow, signed: Sequence[tuple[Signer, str]]
) -> tuple[SignatureCountOut, bool]:
    """The statement's signatures counted, and whether they meet its forum's required
    coalition rules. `signed` is each signature's (organisation, digest signed); valid are
    those on the text now: the open room's, else the digest stored with the count."""
    digest = None
    if signed:
        room = state.rooms.get(row.statement.id)
        digest = room.text_digest() if room else row.statement.text_digest
    valid = [signer for signer, signed_digest in signed if signed_digest == digest]
    coalition = cosigning.coalition(valid, cosigning.CoalitionRules.from_forum(row.forum))
    counts = SignatureCountOut(
        valid=len(valid), organisations=len(coalition.signers), stale=len(signed) - len(valid)
    )
    return counts, coalition.met


def statement_out(
    state: AppState,
    row: StatementRow,
    names: dict[int, str] | None = None,
    signed: Sequence[tuple[Signer, str]] = (),
    speaker: str | None = None,
) -> StatementOut:
    """A statement on the wire; `names` (user id -> name) names who has it open now, `signed`
    gives its signatures (`db.signatures.signatures_of_many`; a new statement has none),
    `speaker` the name of its confirmed speaker (`db.speakers.speaker_names`)."""
    s, limits = row.statement, row.limits
    room = state.rooms.get(s.id)
    # An open room answers with the live count; a closed one with the count stored at unload.
    status = room.limit_status() if room else words.limit_status(s.words, limits)
    signatures, coalition_met = signatures_at_a_glance(state, row, signed)
    here = sorted({names.get(p.user_id, "Someone") for p in room.peers}) if room and names else []
    closes = row.forum.drafting_closes_at
    closes = None if closes is None else as_utc(closes)
    return StatementOut(
        id=s.id,
        title=s.title,
        country=statement_country(s.country_code),
        country_code=s.country_code or "",
        is_joint=s.is_joint,
        forum_id=row.forum.id,
        forum=row.forum.name,
        session_id=row.forum_session.id,
        session=row.forum_session.title,
        due_at=iso(row.forum_session.starts_at),
        outstanding=is_outstanding(State(s.state), closes, datetime.now(UTC)),
        editing_now=here,
        state=s.state,
        words=status.words,
        seconds=status.seconds,
        limits=LimitsOut(
            words=limits.words, seconds=limits.seconds, speaking_rate=limits.speaking_rate
        ),
        over_limit=status.over_limit,
        language=s.language,
        dir="rtl" if is_right_to_left(s.language) else "ltr",
        signatures=signatures,
        coalition_met=coalition_met,
        speaker=speaker,
    )


async def names_in_rooms(
    session: AsyncSession, state: AppState, rows: list[StatementRow]
) -> dict[int, str]:
    """The names of everyone connected to the rooms of `rows`."""
    ids = {
        peer.user_id
        for row in rows
        if (room := state.rooms.get(row.statement.id)) is not None
        for peer in room.peers
    }
    return await people.names_of(session, ids) if ids else {}


@require_sign_in
async def list_statements(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    async with state.sessions() as session:
        rows = await queries.statements_visible_to(
            session, me.user.id, is_site_admin=me.user.is_site_admin
        )
        if not me.user.is_site_admin:
            # Only what they may open now, not a place left over from a role taken away.
            rows = await people.openable(session, me.user.id, rows)
        names = await names_in_rooms(session, state, rows)
        signed = await signatures.signatures_of_many(session, (r.statement.id for r in rows))
        speakers = await speaker_queries.speaker_names(session, (r.statement.id for r in rows))
    body = StatementListOut(
        statements=[
            statement_out(
                state, r, names, signed.get(r.statement.id, ()), speakers.get(r.statement.id)
            )
            for r in rows
        ]
    )
    return JSONResponse(body.model_dump())


def statement_detail(
    state: AppState,
    row: StatementRow,
    standing: Standing,
    names: dict[int, str],
    signed: Sequence[tuple[Signer, str]] = (),
    speaker: str | None = None,
) -> StatementDetailOut:
    current = State(row.statement.state)
    actions = [
        step.value
        for step in Transition
        if step.from_state == current and standing.may(step.action)
    ]
    return StatementDetailOut(
        **statement_out(state, row, names, signed, speaker).model_dump(),
        can_edit=standing.can_write,
        drafting_closes_at=iso(row.forum.drafting_closes_at),
        actions=actions,
        can_see_audit_log=standing.may(Action.VIEW_AUDIT_LOG),
    )


def statement_id(request: Request) -> int:
    return path_id(request, "statement_id", "statement")


_REFUSED = {
    Action.VIEW_AUDIT_LOG: "The audit log is for the drafting group, the Steering Group and "
    "facilitators.",
}


async def viewable_standing(
    session: AsyncSession, sid: int, user_id: int, action: Action = Action.VIEW_STATEMENT
) -> Standing:
    """The person's standing toward statement `sid`: 404 when there is none, 403 (saying why)
    when they may not see it, or not do `action` with it."""
    standing = await queries.standing(session, sid, user_id)
    if standing is None:
        raise ApiError(
            404, f"There is no statement {sid}.", code="no_such_statement", params={"id": sid}
        )
    if not standing.may(Action.VIEW_STATEMENT):
        raise ApiError(
            403, "You are not in the drafting group of this statement.", code="not_in_group"
        )
    if not standing.may(action):
        raise ApiError(
            403,
            _REFUSED.get(action, "You may not do this with this statement."),
            code=f"may_not_{action.value}",
        )
    return standing


@require_sign_in
async def get_statement(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
        row = await queries.statement(session, sid)
        assert row is not None
        names = await names_in_rooms(session, state, [row])
        signed = await signatures.signatures_of_many(session, [sid])
        speakers = await speaker_queries.speaker_names(session, [sid])
    detail = statement_detail(state, row, standing, names, signed.get(sid, ()), speakers.get(sid))
    return JSONResponse(detail.model_dump())
