"""A group session's joint statement, started by the Steering Group from the country drafts
(one section each, as they read now), held to the same limits. Its drafting group and guides
are the drafts' own; a moderator who starts it guides it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.actions.forums import StatementsAdded
from server.actions.people import AccessChanged
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.statements import create_statement, text_now
from server.collab.documents import document_with_text
from server.db import joint as joint_queries
from server.db import statements as queries
from server.db.models import ForumSession, User
from server.domain.countries import country_name
from server.domain.happenings import Happened, What
from server.domain.joint import joint_draft
from server.domain.messages import say
from server.domain.new_statements import new_joint_statement
from server.domain.roles import Action, Role

STARTED = "Joint statement started from the country drafts."


async def _refuse_a_second(db: AsyncSession, forum_session_id: int) -> None:
    existing = await joint_queries.joint_statement_of(db, forum_session_id)
    if existing is not None:
        raise Refused(409, say("joint_statement_exists", id=existing))


async def start_joint_statement(
    services: Services,
    me: User,
    forum_session_id: int,
    access_changed: AccessChanged,
    statements_added: StatementsAdded,
) -> int:
    """`me` starts the joint statement of group session `forum_session_id`; returns its id.
    Refuses 404 `no_such_session`, 403 `may_not_start_joint_statement`, 409
    `not_a_group_session` or `joint_statement_exists` (also when another request made it
    a moment before)."""
    async with services.store() as db:
        forum_session = await db.get(ForumSession, forum_session_id)
        if forum_session is None:
            raise Refused(404, say("no_such_session", id=forum_session_id))
        fid = forum_session.forum_id
        standing = await queries.forum_standing(db, fid, me.id)
        assert standing is not None
        if not standing.may(Action.START_JOINT_STATEMENT):
            raise Refused(403, say("may_not_start_joint_statement"))
        codes = next(
            codes
            for s, codes in await queries.forum_sessions_of(db, fid)
            if s.id == forum_session_id
        )
        if len(codes) < 2:
            raise Refused(409, say("not_a_group_session"))
        await _refuse_a_second(db, forum_session_id)
        drafts = {
            s.country_code: s for s in await joint_queries.country_statements(db, forum_session_id)
        }
    sections = []
    for code in codes:
        found = drafts.get(code)
        sections.append((country_name(code), await text_now(services, found.id) if found else ""))
    text = joint_draft(sections)
    first_draft = next(iter(drafts.values()), None)
    new = new_joint_statement(
        [country_name(code) for code in codes], first_draft.language if first_draft else None, text
    )
    sources = [s.id for s in drafts.values()]
    try:
        async with services.store() as db, db.begin():
            now = datetime.now(UTC)
            joint = await create_statement(
                db,
                standing.forum,
                forum_session_id,
                new,
                document=document_with_text(text),
                by=me.id,
                at=now,
                reason=STARTED,
            )
            members, guides = await joint_queries.people_of(db, sources)
            if standing.role == Role.MODERATOR:
                guides.add(me.id)  # who starts it guides it
            await joint_queries.place_people(db, joint.id, members, guides)
            await record(
                db,
                Happened(
                    what=What.START_JOINT_STATEMENT,
                    at=now,
                    actor_id=me.id,
                    forum_id=fid,
                    statement_id=joint.id,
                    details={"from": ",".join(str(sid) for sid in sorted(sources))},
                ),
            )
            joint_id = joint.id
    except IntegrityError:
        # Another request made it between the check above and this insert: same answer.
        async with services.store() as db:
            await _refuse_a_second(db, forum_session_id)
        raise
    # Its drafting group and guides now may open it, and so may those who follow the forum.
    for user_id in sorted(members | guides):
        await access_changed(user_id, None)
    await statements_added(fid)
    await services.announcer.tell()
    return joint_id
