"""Signatures: `/api/statements/{id}/signatures` (read, sign or re-confirm, withdraw).

A signature binds an organisation to the digest of the statement's normalised text
(`server.domain.cosigning`). Signing reads the room's text and its digest, checks the room
takes edits and the text is within the limit, and fixes what goes in the row, all in one
synchronous step: an update applied at the same moment lands either before it (and the
signature is on the new text, or refused with `text_changed` when the person read the old
one) or after it (and the signature is on the text before, so stale at once), never on a
text the person did not see. The row is then written in a transaction that holds the
statement in drafting, so finalising either counts it or it is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NoReturn

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    ClosingTheGapOut,
    CoalitionOut,
    CoalitionRuleOut,
    MySignatureOut,
    OrganisationRefOut,
    SignatoryOrganisationOut,
    SignatureAnswerOut,
    SignatureIn,
    SignatureOut,
    SignaturesOut,
    SignedByOut,
)
from schemas.events import StatementSignaturesChanged
from server.actions.statements import coalition_of
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.standing import viewable_standing
from server.api.wire import iso
from server.auth.current import SignedIn
from server.collab.rooms import Room
from server.db import signatures as queries
from server.db import threads
from server.db.models import Forum
from server.db.signatures import SignatureRow
from server.db.statements import Standing
from server.domain import cosigning
from server.domain.cosigning import Coalition
from server.domain.countries import country_name
from server.domain.lifecycle import State
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.domain.words import format_seconds
from server.state import AppState, app_state

MAY_NOT_SIGN = Message(
    "may_not_sign",
    "Only members of the drafting group sign its statement, each for an organisation they "
    "may speak for.",
)
STEP_UNDER_WAY = Message(
    "statement_step_under_way",
    "The statement is changing state right now (being finalised); try again in a moment.",
)
TEXT_CHANGED = Message(
    "text_changed", "The text changed while you read it; read it again and sign."
)


def _not_drafting(state: str) -> Message:
    return Message(
        "signatures_frozen",
        f"The statement is {state}: its signatures are frozen with it.",
        {"state": state},
    )


def _refuse(status: int, message: Message) -> NoReturn:
    raise ApiError(status, message)


# -- on the wire --------------------------------------------------------------------------------


def coalition_out(coalition: Coalition) -> CoalitionOut:
    return CoalitionOut(
        met=coalition.met,
        rules=[
            CoalitionRuleOut(
                rule=r.rule,
                needed=r.needed,
                have=r.have,
                met=r.met,
                required=r.required,
                message=r.message.text,
                code=r.message.code,
                params=dict(r.message.params),
                missing=list(r.missing),
            )
            for r in coalition.rules
        ],
    )


def signature_out(row: SignatureRow, digest: str) -> SignatureOut:
    o, s = row.organisation, row.signature
    return SignatureOut(
        organisation=SignatoryOrganisationOut(
            id=o.id,
            name=o.name,
            country=country_name(o.country_code) if o.country_code else None,
            country_code=o.country_code,
            region=o.region,
            global_south=o.global_south,
            constituency=o.constituency,
        ),
        signed_by=SignedByOut(id=s.user_id, name=row.signed_by),
        signed_at=iso(s.signed_at) or "",
        valid=s.digest == digest,
    )


async def _forum(session: AsyncSession, forum_id: int) -> Forum:
    forum = await session.get(Forum, forum_id)
    assert forum is not None  # a statement's forum goes only with its statements
    return forum


async def _signatures_now(
    session: AsyncSession, standing: Standing, me_id: int, room: Room
) -> SignaturesOut:
    """Everything the statement's signatures panel shows, for this viewer, against the room's
    text now."""
    sid = standing.statement_id
    rows = await queries.signatures_of(session, sid)
    forum = await _forum(session, standing.forum_id)
    rights = await queries.memberships(session, me_id) if standing.may(Action.SIGN) else []
    candidates = await queries.organisations_with_signers_in_group(session, sid)
    mine = [row.signature for row in rows if row.signature.user_id == me_id]
    texts = await queries.signed_texts(session, {s.signed_text_id for s in mine})
    text, digest = room.text_and_digest()  # no await from here on: one text throughout
    coalition = coalition_of(rows, digest, forum)
    gaps = cosigning.closing_the_gap(coalition, [queries.signer_of(o) for o in candidates])
    drafting = room.state is State.DRAFTING
    return SignaturesOut(
        signatures=[signature_out(row, digest) for row in rows],
        coalition=coalition_out(coalition),
        digest=digest,
        can_sign_for=[
            OrganisationRefOut(id=o.id, name=o.name) for o, may_sign in rights if may_sign
        ]
        if drafting
        else [],
        closing_the_gap=[
            ClosingTheGapOut(
                rule=rule,
                organisations=[
                    OrganisationRefOut(id=c.organisation_id, name=c.name) for c in helpful
                ],
            )
            for rule, helpful in gaps.items()
        ],
        mine=[
            MySignatureOut(
                organisation_id=s.organisation_id,
                valid=s.digest == digest,
                signed_text=texts.get(s.signed_text_id, ""),
                text_now=text,
            )
            for s in mine
        ],
    )


def _changed(state: AppState, sid: int, has_signatures: bool, digest: str | None = None) -> None:
    """After a commit: everyone who may open the statement reloads its signatures."""
    state.events.signatures_changed(sid, has_signatures, digest)
    state.events.publish(sid, StatementSignaturesChanged(statement_id=sid))


# -- routes -------------------------------------------------------------------------------------


@require_sign_in
async def list_signatures(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    sid = statement_id(request)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
    room = await state.rooms.open(sid)
    async with state.sessions() as session:
        body = await _signatures_now(session, standing, me.user.id, room)
    return JSONResponse(body.model_dump())


def _over_limit(room: Room) -> Message:
    status, limits = room.limit_status(), room.limits
    if status.words > limits.words:
        why = f"The statement has {status.words} words; the limit is {limits.words}."
    else:
        why = (
            f"It takes {format_seconds(status.seconds)} to read; the limit is "
            f"{format_seconds(limits.seconds)}."
        )
    return Message(
        "over_limit_cannot_sign",
        f"{why} Shorten it before anyone signs.",
        {
            "words": status.words,
            "limit": limits.words,
            "seconds": status.seconds,
            "limit_seconds": limits.seconds,
        },
    )


def _what_to_sign(room: Room, seen_digest: str | None) -> tuple[str, str]:
    """The text a signature made now binds to and its digest, or why none may be made.

    Synchronous on purpose: the room's state, its count and its text are read in one step,
    so no update can fall between the checks and the text they allow."""
    if room.state is not State.DRAFTING:
        _refuse(409, _not_drafting(room.state.value))
    if room.in_step:
        _refuse(409, STEP_UNDER_WAY)
    if room.limit_status().over_limit:
        _refuse(409, _over_limit(room))
    text, digest = room.text_and_digest()
    if seen_digest is not None and seen_digest != digest:
        _refuse(409, TEXT_CHANGED)
    return text, digest


@require_sign_in
async def sign(request: Request, me: SignedIn) -> Response:
    """Sign the statement for one of one's organisations, or re-confirm a stale signature."""
    state = app_state(request)
    sid = statement_id(request)
    body = await read_json(request, SignatureIn)
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
        if not standing.may(Action.SIGN):
            _refuse(403, MAY_NOT_SIGN)
        rights = {
            o.id: (o.name, may_sign)
            for o, may_sign in await queries.memberships(session, me.user.id)
        }
    name, may_sign = rights.get(body.organisation_id, ("", False))
    if not may_sign:
        raise ApiError(
            403,
            f"You may not sign for {name}: its members sign only once a facilitator records "
            "that they speak for it."
            if name
            else "You may sign only for an organisation you belong to.",
            code="not_authorised_for_organisation",
            field="organisation_id",
            params={
                "organisation_id": body.organisation_id,
                "member": int(bool(name)),
                "name": name,
            },
        )
    if standing.state != State.DRAFTING.value:
        _refuse(409, _not_drafting(standing.state))
    room = await state.rooms.open(sid)
    text, digest = _what_to_sign(room, body.digest)
    now = datetime.now(UTC)
    # What the signature binds to is fixed: from here on the text may move on.
    async with state.sessions() as session, session.begin():
        if not await threads.hold_drafting(session, sid):
            _refuse(409, _not_drafting(State.FINAL.value))
        before = await queries.signature(session, sid, body.organisation_id, me.user.id)
        if before is not None and before.digest == digest:
            raise ApiError(
                409, say("already_signed", name=name, organisation_id=body.organisation_id)
            )
        await queries.sign(
            session,
            statement_id=sid,
            organisation_id=body.organisation_id,
            user_id=me.user.id,
            digest=digest,
            text=text,
            at=now,
        )
    _changed(state, sid, True, digest)
    async with state.sessions() as session:
        rows = await queries.signatures_of(session, sid)
        forum = await _forum(session, standing.forum_id)
    # Valid or not against the text now: an edit made since the signature makes it stale.
    now_digest = room.text_digest()
    mine = next(
        r
        for r in rows
        if r.signature.user_id == me.user.id and r.organisation.id == body.organisation_id
    )
    answer = SignatureAnswerOut(
        signature=signature_out(mine, now_digest),
        coalition=coalition_out(coalition_of(rows, now_digest, forum)),
    )
    return JSONResponse(answer.model_dump(), status_code=201)


@require_sign_in
async def withdraw(request: Request, me: SignedIn) -> Response:
    """Withdraw one's own signature for an organisation; others' are theirs to withdraw."""
    state = app_state(request)
    sid = statement_id(request)
    oid = path_id(request, "organisation_id", "organisation")
    async with state.sessions() as session:
        standing = await viewable_standing(session, sid, me.user.id)
        if await queries.signature(session, sid, oid, me.user.id) is None:
            if await queries.signers_for(session, sid, oid):
                raise ApiError(403, say("not_your_signature", organisation_id=oid))
            raise ApiError(404, say("no_signature", organisation_id=oid))
    if standing.state != State.DRAFTING.value:
        _refuse(409, _not_drafting(standing.state))
    async with state.sessions() as session, session.begin():
        if not await threads.hold_drafting(session, sid):
            _refuse(409, _not_drafting(State.FINAL.value))
        if not await queries.withdraw(session, sid, oid, me.user.id):
            raise ApiError(404, say("no_signature", organisation_id=oid))
        left = await queries.has_signatures(session, sid)
    _changed(state, sid, left)
    room = await state.rooms.open(sid)
    async with state.sessions() as session:
        body = await _signatures_now(session, standing, me.user.id, room)
    return JSONResponse(body.model_dump())
