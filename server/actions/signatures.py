"""What a signatory does: sign a statement for one of their organisations (or re-confirm a
stale signature), and withdraw their signature; and what the signatures panel shows them.

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

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.events import StatementSignaturesChanged
from server.actions.announcing import Announcer, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import standing_toward
from server.actions.statements import coalition_of
from server.collab.rooms import Room
from server.db import signatures as queries
from server.db import threads
from server.db.happenings import Untold
from server.db.models import Forum, Signature, User
from server.db.signatures import SignatureRow
from server.db.statements import Standing
from server.domain import cosigning
from server.domain.cosigning import Coalition, Signer
from server.domain.happenings import Happened, What
from server.domain.lifecycle import State
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.domain.words import format_seconds


def _not_drafting(state: str) -> Message:
    return say("signatures_frozen", state=state)


# -- what the panel shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class MySignature:
    """One of the viewer's signatures, with the text they signed."""

    signature: Signature
    signed_text: str


@dataclass(frozen=True)
class Panel:
    """Everything the statement's signatures panel shows one viewer, against the room's text
    now (`text`, `digest`): each signature is valid when made on that digest."""

    signatures: list[SignatureRow]
    coalition: Coalition
    text: str
    digest: str
    can_sign_for: list[tuple[int, str]]  # (organisation id, name), only while drafting
    closing_the_gap: dict[str, list[Signer]]
    mine: list[MySignature]


async def signatures_panel(services: Services, me: User, sid: int) -> Panel:
    """What the signatures panel of statement `sid` shows `me`; refused as any statement
    read (404, 403)."""
    async with services.store() as db:
        standing = await standing_toward(db, sid, me.id)
    return await _panel(services, standing, me.id)


async def _panel(services: Services, standing: Standing, me_id: int) -> Panel:
    sid = standing.statement_id
    room = await services.rooms.open(sid)
    async with services.store() as db:
        rows = await queries.signatures_of(db, sid)
        forum = await _forum(db, standing.forum_id)
        rights = await queries.memberships(db, me_id) if standing.may(Action.SIGN) else []
        candidates = await queries.organisations_with_signers_in_group(db, sid)
        mine = [row.signature for row in rows if row.signature.user_id == me_id]
        texts = await queries.signed_texts(db, {s.signed_text_id for s in mine})
    text, digest = room.text_and_digest()  # no await from here on: one text throughout
    coalition = coalition_of(rows, digest, forum)
    drafting = room.statement_state is State.DRAFTING
    return Panel(
        signatures=rows,
        coalition=coalition,
        text=text,
        digest=digest,
        can_sign_for=[(o.id, o.name) for o, may_sign in rights if may_sign] if drafting else [],
        closing_the_gap=cosigning.closing_the_gap(
            coalition, [queries.signer_of(o) for o in candidates]
        ),
        mine=[MySignature(s, texts.get(s.signed_text_id, "")) for s in mine],
    )


async def _forum(db: AsyncSession, forum_id: int) -> Forum:
    forum = await db.get(Forum, forum_id)
    assert forum is not None  # a statement's forum goes only with its statements
    return forum


# -- sign ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    """A signature made: it and the statement's signatures, against the text now (`digest`:
    an edit made since the signature makes it stale)."""

    signature: SignatureRow
    signatures: list[SignatureRow]
    coalition: Coalition
    digest: str


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
    if room.statement_state is not State.DRAFTING:
        raise Refused(409, _not_drafting(room.statement_state.value))
    if room.in_step:
        raise Refused(409, say("statement_step_under_way"))
    if room.limit_status().over_limit:
        raise Refused(409, _over_limit(room))
    text, digest = room.text_and_digest()
    if seen_digest is not None and seen_digest != digest:
        raise Refused(409, say("text_changed"))
    return text, digest


async def sign_statement(
    services: Services, me: User, sid: int, organisation_id: int, seen_digest: str | None
) -> Signed:
    """`me` signs statement `sid` for organisation `organisation_id` on the text as it is now
    (which must be the text of `seen_digest` when given), or re-confirms their stale signature.

    Refuses 404/403 as any statement action, 403 `may_not_sign` or
    `not_authorised_for_organisation`, 409 `signatures_frozen`, `statement_step_under_way`,
    `over_limit_cannot_sign`, `text_changed` or `already_signed`."""
    async with services.store() as db:
        standing = await standing_toward(db, sid, me.id)
        if not standing.may(Action.SIGN):
            raise Refused(403, say("may_not_sign"))
        rights = {o.id: (o.name, may_sign) for o, may_sign in await queries.memberships(db, me.id)}
    name, may_sign = rights.get(organisation_id, ("", False))
    if not may_sign:
        raise Refused(
            403,
            Message(
                "not_authorised_for_organisation",
                f"You may not sign for {name}: its members sign only once a facilitator "
                "records that they speak for it."
                if name
                else "You may sign only for an organisation you belong to.",
                {"organisation_id": organisation_id, "member": int(bool(name)), "name": name},
            ),
            field="organisation_id",
        )
    if standing.state != State.DRAFTING.value:
        raise Refused(409, _not_drafting(standing.state))
    room = await services.rooms.open(sid)
    text, digest = _what_to_sign(room, seen_digest)
    now = datetime.now(UTC)
    # What the signature binds to is fixed: from here on the text may move on.
    async with services.store() as db, db.begin():
        if not await threads.hold_drafting(db, sid):
            raise Refused(409, _not_drafting(State.FINAL.value))
        before = await queries.signature(db, sid, organisation_id, me.id)
        if before is not None and before.digest == digest:
            raise Refused(409, say("already_signed", name=name, organisation_id=organisation_id))
        await queries.sign(
            db,
            statement_id=sid,
            organisation_id=organisation_id,
            user_id=me.id,
            digest=digest,
            text=text,
            at=now,
        )
        await record(
            db,
            Happened(
                what=What.SIGN,
                at=now,
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                from_value=None if before is None else before.digest,  # re-confirmed: the old
                to_value=digest,
                details={"organisation_id": str(organisation_id), "organisation": name},
            ),
        )
    services.events.signatures_changed(sid, True, digest)
    await services.announcer.tell()
    async with services.store() as db:
        rows = await queries.signatures_of(db, sid)
        forum = await _forum(db, standing.forum_id)
    now_digest = room.text_digest()
    mine = next(
        r for r in rows if r.signature.user_id == me.id and r.organisation.id == organisation_id
    )
    return Signed(mine, rows, coalition_of(rows, now_digest, forum), now_digest)


# -- withdraw -----------------------------------------------------------------------------------


async def withdraw_signature(services: Services, me: User, sid: int, organisation_id: int) -> Panel:
    """`me` withdraws their own signature for organisation `organisation_id` from statement
    `sid` (others' are theirs to withdraw); returns the panel as it is after.

    Refuses 404/403 as any statement action, 403 `not_your_signature`, 404 `no_signature`,
    409 `signatures_frozen`."""
    async with services.store() as db:
        standing = await standing_toward(db, sid, me.id)
        if await queries.signature(db, sid, organisation_id, me.id) is None:
            if await queries.signers_for(db, sid, organisation_id):
                raise Refused(403, say("not_your_signature", organisation_id=organisation_id))
            raise Refused(404, say("no_signature", organisation_id=organisation_id))
    if standing.state != State.DRAFTING.value:
        raise Refused(409, _not_drafting(standing.state))
    async with services.store() as db, db.begin():
        if not await threads.hold_drafting(db, sid):
            raise Refused(409, _not_drafting(State.FINAL.value))
        if not await queries.withdraw(db, sid, organisation_id, me.id):
            raise Refused(404, say("no_signature", organisation_id=organisation_id))
        left = await queries.has_signatures(db, sid)
        await record(
            db,
            Happened(
                what=What.WITHDRAW_SIGNATURE,
                at=datetime.now(UTC),
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                details={"organisation_id": str(organisation_id)},
            ),
        )
    services.events.signatures_changed(sid, left)
    await services.announcer.tell()
    return await _panel(services, standing, me.id)


@tells(What.SIGN, What.WITHDRAW_SIGNATURE)
async def _tell_signatures_changed(announcer: Announcer, untold: Untold) -> None:
    """Everyone who may open the statement reloads its signatures."""
    sid = untold.happened.statement_id
    assert sid is not None
    announcer.events.publish(sid, StatementSignaturesChanged(statement_id=sid))
