"""Speakers: `/api/statements/{id}/speakers` (read, volunteer, withdraw, confirm) and the
forum's rules for speakers, `/api/forums/{id}/speaker-rules`.

The volunteers' answers about the country (national, engaged in its national process) are
sealed at rest and read only by the Steering Group, who choose, and by the volunteer. So is
the ranking that follows from them: other readers see who volunteered, in order of time.
What people do here is an action (`server.actions.speakers`); these routes answer with the
speaker section as the reader may see it after it.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    ConfirmSpeakersIn,
    MessageOut,
    PersonRefOut,
    SpeakerRulesIn,
    SpeakerRulesOut,
    SpeakersOut,
    SpeakerVolunteerOut,
    VolunteerIn,
)
from server.actions import speakers as speaker_actions
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.api.paths import forum_id, statement_id
from server.api.standing import forum_standing, viewable_standing
from server.auth.current import SignedIn
from server.chorus import Chorus, chorus_of
from server.db import speakers as queries
from server.db.models import ForumSpeakerRules
from server.db.statements import Standing
from server.domain import speakers as rules
from server.domain.lifecycle import State
from server.domain.messages import Message, say
from server.domain.roles import Action
from server.moments import iso
from server.sealing import KeyRing


def _rules_out(row: ForumSpeakerRules | None) -> SpeakerRulesOut:
    if row is None:
        return SpeakerRulesOut(version=0, text="", written_at=None)
    return SpeakerRulesOut(version=row.version, text=row.text, written_at=iso(row.written_at))


def _message_out(message: Message) -> MessageOut:
    return MessageOut(code=message.code, message=message.text, params=dict(message.params))


async def _speakers_now(
    db: AsyncSession, keys: KeyRing, standing: Standing, me_id: int
) -> SpeakersOut:
    """The speaker section as this reader may see it."""
    sid = standing.statement_id
    current = await queries.current_rules(db, standing.forum_id)
    rows = await queries.volunteers_of(db, sid)
    chosen = await queries.speakers(db, sid)
    steering = standing.may(Action.CONFIRM_SPEAKER)
    answers = {
        v.user_id: (
            queries.open_answer(keys, sid, v.user_id, "is_national", v.is_national_sealed),
            queries.open_answer(
                keys, sid, v.user_id, "in_national_process", v.in_national_process_sealed
            ),
        )
        for v in (row.volunteer for row in rows)
        if steering or v.user_id == me_id
    }
    by_id = {row.volunteer.user_id: row for row in rows}
    out: list[SpeakerVolunteerOut] = []
    if steering:
        confirmed = await queries.confirmed_constituencies(db, standing.forum_id, besides=sid)
        candidates = [
            rules.Candidate(
                user_id=row.volunteer.user_id,
                name=row.name,
                is_member=row.is_member,
                is_national=answers[row.volunteer.user_id][0],
                in_national_process=answers[row.volunteer.user_id][1],
                constituencies=row.constituencies,
                volunteered_at=row.volunteer.volunteered_at,
            )
            for row in rows
        ]
        for ranked in rules.rank_speakers(candidates, confirmed):
            uid = ranked.candidate.user_id
            out.append(
                _volunteer_out(by_id[uid], answers.get(uid), ranked.position, ranked.explanation)
            )
    else:
        out = [_volunteer_out(row, answers.get(row.volunteer.user_id)) for row in rows]
    names = await queries.names_of(db, [chosen.speaker_id, chosen.backup_id] if chosen else [])

    def person(uid: int | None) -> PersonRefOut | None:
        return None if uid is None or uid not in names else PersonRefOut(id=uid, name=names[uid])

    return SpeakersOut(
        rules=_rules_out(current),
        volunteers=out,
        speaker=person(chosen.speaker_id) if chosen else None,
        backup=person(chosen.backup_id) if chosen else None,
        confirmed_at=iso(chosen.confirmed_at) if chosen else None,
        can_volunteer=standing.may(Action.VOLUNTEER) and standing.state != State.DELIVERED.value,
        can_confirm=steering and standing.state != State.DELIVERED.value,
        volunteering=me_id in by_id,
    )


def _volunteer_out(
    row: queries.VolunteerRow,
    answers: tuple[bool | None, bool | None] | None,
    position: int | None = None,
    explanation: Message | None = None,
) -> SpeakerVolunteerOut:
    return SpeakerVolunteerOut(
        id=row.volunteer.user_id,
        name=row.name,
        volunteered_at=iso(row.volunteer.volunteered_at) or "",
        rules_version=row.volunteer.rules_version,
        is_member=row.is_member,
        position=position,
        explanation=None if explanation is None else _message_out(explanation),
        is_national=answers[0] if answers else None,
        in_national_process=answers[1] if answers else None,
    )


async def _answer(chorus: Chorus, sid: int, me_id: int, status: int = 200) -> Response:
    async with chorus.store() as db:
        standing = await viewable_standing(db, sid, me_id)
        body = await _speakers_now(db, chorus.keys, standing, me_id)
    return JSONResponse(body.model_dump(), status_code=status)


# -- routes -------------------------------------------------------------------------------------


@require_sign_in
async def list_speakers(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    return await _answer(chorus, statement_id(request), me.user.id)


@require_sign_in
async def volunteer(request: Request, me: SignedIn) -> Response:
    """Volunteer to deliver the statement, accepting the current rules for speakers."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    body = await read_json(request, VolunteerIn)
    await speaker_actions.volunteer(
        chorus,
        me.user,
        sid,
        accept_rules_version=body.accept_rules_version,
        is_national=body.is_national,
        in_national_process=body.in_national_process,
    )
    return await _answer(chorus, sid, me.user.id, 201)


@require_sign_in
async def withdraw(request: Request, me: SignedIn) -> Response:
    """Withdraw as a volunteer (`speaker_actions.withdraw_volunteering`)."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    await speaker_actions.withdraw_volunteering(chorus, me.user, sid)
    return await _answer(chorus, sid, me.user.id)


@require_sign_in
async def confirm(request: Request, me: SignedIn) -> Response:
    """Confirm the speaker (and perhaps a backup) among the current volunteers."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    body = await read_json(request, ConfirmSpeakersIn)
    await speaker_actions.confirm_speakers(
        chorus, me.user, sid, speaker_id=body.speaker_id, backup_id=body.backup_id
    )
    return await _answer(chorus, sid, me.user.id)


@require_sign_in
async def get_rules(request: Request, me: SignedIn) -> Response:
    """The forum's rules for speakers, for anyone with a role in it (and site administrators)."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    async with chorus.store() as db:
        standing = await forum_standing(db, fid, me.user.id)
        if standing.role is None and not standing.is_site_admin:
            raise ApiError(403, say("not_in_forum"))
        current = await queries.current_rules(db, fid)
    return JSONResponse(_rules_out(current).model_dump())


@require_sign_in
async def write_rules(request: Request, me: SignedIn) -> Response:
    """A new version of the forum's rules for speakers (`speaker_actions.write_speaker_rules`)."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    body = await read_json(request, SpeakerRulesIn)
    written = await speaker_actions.write_speaker_rules(chorus, me.user, fid, body.text)
    return JSONResponse(_rules_out(written).model_dump())
