"""How a statement is answered on the wire, wherever a route answers with one: in a list, in
detail (with what this person may do with it), its signatures counted and its coalition, an
entry of its audit log. The statements, lifecycle, joint and forum routes all answer with these;
they live here so that no route module is another's helper."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.api import (
    AuditEntryOut,
    LimitsOut,
    SignatureCountOut,
    StatementDetailOut,
    StatementOut,
)
from server.chorus import Chorus
from server.db import people
from server.db.audit import LoggedStep
from server.db.statements import Standing, StatementRow
from server.domain import cosigning, words
from server.domain.cosigning import Signer
from server.domain.countries import statement_country
from server.domain.languages import is_right_to_left
from server.domain.lifecycle import State, Transition, describe_step, is_outstanding
from server.domain.roles import Action
from server.moments import as_utc, iso


def signatures_at_a_glance(
    chorus: Chorus, row: StatementRow, signed: Sequence[tuple[Signer, str]]
) -> tuple[SignatureCountOut, bool]:
    """The statement's signatures counted, and whether they meet its forum's required
    coalition rules. `signed` is each signature's (organisation, digest signed); valid are
    those on the text now: the open room's, else the digest stored with the count."""
    digest = None
    if signed:
        room = chorus.rooms.get(row.statement.id)
        digest = room.text_digest() if room else row.statement.text_digest
    valid = [signer for signer, signed_digest in signed if signed_digest == digest]
    coalition = cosigning.coalition(valid, cosigning.CoalitionRules.from_forum(row.forum))
    counts = SignatureCountOut(
        valid=len(valid), organisations=len(coalition.signers), stale=len(signed) - len(valid)
    )
    return counts, coalition.met


def statement_out(
    chorus: Chorus,
    row: StatementRow,
    names: dict[int, str] | None = None,
    signed: Sequence[tuple[Signer, str]] = (),
    speaker: str | None = None,
) -> StatementOut:
    """A statement on the wire; `names` (user id -> name) names who has it open now, `signed`
    gives its signatures (`db.signatures.signatures_of_many`; a new statement has none),
    `speaker` the name of its confirmed speaker (`db.speakers.speaker_names`)."""
    s, limits = row.statement, row.limits
    room = chorus.rooms.get(s.id)
    # An open room answers with the live count; a closed one with the count stored at unload.
    status = room.limit_status() if room else words.limit_status(s.words, limits)
    signatures, coalition_met = signatures_at_a_glance(chorus, row, signed)
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
    db: AsyncSession, chorus: Chorus, rows: list[StatementRow]
) -> dict[int, str]:
    """The names of everyone connected to the rooms of `rows`."""
    ids = {
        peer.user_id
        for row in rows
        if (room := chorus.rooms.get(row.statement.id)) is not None
        for peer in room.peers
    }
    return await people.names_of(db, ids) if ids else {}


def statement_detail(
    chorus: Chorus,
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
        **statement_out(chorus, row, names, signed, speaker).model_dump(),
        can_edit=standing.can_write,
        drafting_closes_at=iso(row.forum.drafting_closes_at),
        actions=actions,
        can_see_audit_log=standing.may(Action.VIEW_AUDIT_LOG),
    )


def entry_out(step: LoggedStep, statement: str | None = None) -> AuditEntryOut:
    """One entry on the wire; `statement` names what it is about, in the forum's log."""
    e = step.entry
    at = as_utc(e.at)
    return AuditEntryOut(
        id=e.id,
        at=iso(at),
        action=e.action,
        actor=step.actor_name,
        subject=step.subject_name,
        from_value=e.from_value,
        to_value=e.to_value,
        reason=e.reason,
        sentence=describe_step(
            e.action,
            at,
            actor_name=step.actor_name,
            from_value=e.from_value,
            to_value=e.to_value,
            subject_name=step.subject_name,
            reason=e.reason,
        ),
        statement_id=e.statement_id,
        statement=statement,
    )
