"""What people do about who delivers a statement: volunteer (accepting the forum's rules for
speakers), withdraw, confirm a speaker and a backup; and a facilitator writes those rules.

The volunteers' answers about the country are sealed at rest (`Services.keys`). Whoever a
change concerns gets a notice in the same transaction (a newly confirmed speaker or backup;
the Steering Group when a confirmed one withdraws); the record names who got one, so what it
tells once committed reaches exactly them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from schemas.events import ForumChanged, StatementSpeakersChanged
from server.actions.announcing import Announcer, noticed, tell_noticed, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.standing import forum_standing_toward, standing_toward
from server.db import notices
from server.db import speakers as queries
from server.db.happenings import Untold
from server.db.models import ForumSpeakerRules, GuidingModerator, User
from server.db.statements import Standing
from server.domain import speakers as rules
from server.domain.happenings import Happened, What
from server.domain.lifecycle import State
from server.domain.messages import say
from server.domain.roles import Action

# In a record's details: who got a notice from it, as "3,7".


def _not_delivered(standing: Standing) -> None:
    if standing.state == State.DELIVERED.value:
        raise Refused(409, rules.DELIVERED)


async def volunteer(
    services: Services,
    me: User,
    sid: int,
    *,
    accept_rules_version: int,
    is_national: bool | None,
    in_national_process: bool | None,
) -> None:
    """`me` volunteers to deliver statement `sid`, accepting version `accept_rules_version` of
    the forum's rules for speakers (renewing their answers if they had volunteered already).

    Refuses 404/403 as any statement action, 403 `may_not_volunteer`, 409
    `statement_delivered`, `no_speaker_rules`, or `speaker_rules_changed` (a newer version)."""
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        standing = await standing_toward(db, sid, me.id)
        if not standing.may(Action.VOLUNTEER):
            raise Refused(403, rules.MAY_NOT_VOLUNTEER)
        _not_delivered(standing)
        current = await queries.current_rules(db, standing.forum_id)
        if current is None:
            raise Refused(409, rules.NO_RULES)
        if accept_rules_version != current.version:
            raise Refused(409, rules.rules_changed(current.version), field="accept_rules_version")
        await queries.volunteer(
            db,
            services.keys,
            statement_id=sid,
            user_id=me.id,
            rules_version=current.version,
            is_national=is_national,
            in_national_process=in_national_process,
            at=now,
        )
        await record(
            db,
            Happened(
                what=What.VOLUNTEER,
                at=now,
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                to_value=str(current.version),
            ),
        )
    await services.announcer.tell()


async def withdraw_volunteering(services: Services, me: User, sid: int) -> None:
    """`me` withdraws as a volunteer for statement `sid`. A confirmed speaker (or backup) who
    withdraws empties that slot, the other stays, and the Steering Group who confirmed and
    the statement's guides get a `speaker_withdrew` notice.

    Refuses 404/403 as any statement action, 409 `statement_delivered`, 404 `not_a_volunteer`."""
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        standing = await standing_toward(db, sid, me.id)
        _not_delivered(standing)
        if not await queries.withdraw(db, sid, me.id, now):
            raise Refused(404, rules.NOT_A_VOLUNTEER)
        before = await queries.leave_slots(db, sid, me.id)
        told: set[int] = set()
        slot: str | None = None
        if before is not None:
            slot = "speaker" if before.speaker_id == me.id else "backup"
            guides = await db.scalars(
                select(GuidingModerator.user_id).where(GuidingModerator.statement_id == sid)
            )
            steering = set(guides) | ({before.confirmed_by} if before.confirmed_by else set())
            told = await notices.notify(
                db,
                user_ids=steering,
                kind="speaker_withdrew",
                statement_id=sid,
                thread_id=None,
                message_id=None,
                by_id=me.id,
                at=now,
            )
        await record(
            db,
            Happened(
                what=What.WITHDRAW_VOLUNTEERING,
                at=now,
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                from_value=slot,
                details=noticed(told),
            ),
        )
    await services.announcer.tell()


async def confirm_speakers(
    services: Services, me: User, sid: int, *, speaker_id: int, backup_id: int | None
) -> None:
    """`me` confirms the speaker of statement `sid` (and perhaps a backup) among its current
    volunteers; each newly confirmed person gets a `speaker_confirmed` or `backup_confirmed`
    notice.

    Refuses 404/403 as any statement action, 403 `may_not_confirm_speaker`, 409
    `statement_delivered`, 422 `speaker_is_backup`, 409 `not_volunteering`."""
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        standing = await standing_toward(db, sid, me.id)
        if not standing.may(Action.CONFIRM_SPEAKER):
            raise Refused(403, rules.MAY_NOT_CONFIRM)
        _not_delivered(standing)
        if backup_id is not None and backup_id == speaker_id:
            raise Refused(422, rules.SAME_SPEAKER_AND_BACKUP, field="backup_id")
        current = {row.volunteer.user_id for row in await queries.volunteers_of(db, sid)}
        for field, uid in (("speaker_id", speaker_id), ("backup_id", backup_id)):
            if uid is not None and uid not in current:
                refusal = rules.not_volunteering(uid, field.removesuffix("_id"))
                raise Refused(409, refusal, field=field)
        before = await queries.speakers(db, sid)
        was = (before.speaker_id, before.backup_id) if before else (None, None)
        await queries.confirm(db, sid, speaker_id=speaker_id, backup_id=backup_id, by=me.id, at=now)
        told: set[int] = set()
        for kind, uid, old in (
            ("speaker_confirmed", speaker_id, was[0]),
            ("backup_confirmed", backup_id, was[1]),
        ):
            if uid is not None and uid != old:
                told |= await notices.notify(
                    db,
                    user_ids=[uid],
                    kind=kind,
                    statement_id=sid,
                    thread_id=None,
                    message_id=None,
                    by_id=me.id,
                    at=now,
                )
        backup = {} if backup_id is None else {"backup_id": str(backup_id)}
        await record(
            db,
            Happened(
                what=What.CONFIRM_SPEAKERS,
                at=now,
                actor_id=me.id,
                forum_id=standing.forum_id,
                statement_id=sid,
                subject_id=speaker_id,
                details=backup | noticed(told),
            ),
        )
    await services.announcer.tell()


async def write_speaker_rules(
    services: Services, me: User, fid: int, text: str
) -> ForumSpeakerRules:
    """`me` writes forum `fid`'s rules for speakers: a new version, unless the text is the
    current one's. Volunteers accept it when they next volunteer (those who accepted an older
    one stay volunteers). Returns the current version.

    Refuses 404 `no_such_forum`, 403 `not_a_facilitator`."""
    now = datetime.now(UTC)
    async with services.store() as db, db.begin():
        standing = await forum_standing_toward(db, fid, me.id)
        if not standing.may(Action.MANAGE_FORUM):
            raise Refused(403, say("not_a_facilitator"))
        text = text.strip()
        current = await queries.current_rules(db, fid)
        written = current
        if current is None or current.text != text:
            written = await queries.write_rules(db, fid, text, by=me.id, at=now)
        assert written is not None
        # Writing the same text again changes nothing; the record says so (from = to).
        await record(
            db,
            Happened(
                what=What.WRITE_SPEAKER_RULES,
                at=now,
                actor_id=me.id,
                forum_id=fid,
                from_value=None if current is None else str(current.version),
                to_value=str(written.version),
            ),
        )
    await services.announcer.tell()
    return written


@tells(What.VOLUNTEER, What.WITHDRAW_VOLUNTEERING, What.CONFIRM_SPEAKERS)
async def _tell_speakers(announcer: Announcer, untold: Untold) -> None:
    """Everyone who follows the statement hears that its speakers changed; whoever got a
    notice hears that their notices did."""
    happened = untold.happened
    assert happened.statement_id is not None
    sid = happened.statement_id
    announcer.events.publish(sid, StatementSpeakersChanged(statement_id=sid))
    tell_noticed(announcer, happened)


@tells(What.WRITE_SPEAKER_RULES)
async def _tell_rules(announcer: Announcer, untold: Untold) -> None:
    """Everyone in the forum hears that it changed (its rules for speakers are part of it)."""
    fid = untold.happened.forum_id
    announcer.events.publish_forum(fid, ForumChanged(forum_id=fid))
