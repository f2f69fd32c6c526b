"""`POST /api/sessions/{id}/joint-statement`: a group session's joint statement, started by the
Steering Group from the country drafts (one section each), held to the same limits."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.api.errors import ApiError
from server.api.guards import require_sign_in
from server.api.paths import path_id
from server.api.statement_answers import statement_detail
from server.auth.current import SignedIn
from server.collab.documents import document_with_text, text_of
from server.db import statements as queries
from server.db import update_log
from server.db.models import (
    DraftingGroupMember,
    ForumSession,
    GuidingModerator,
    Statement,
)
from server.domain.countries import country_name
from server.domain.joint import joint_draft
from server.domain.messages import say
from server.domain.new_statements import new_joint_statement
from server.domain.roles import Action, Role
from server.edge.access import access_changed, statements_added
from server.state import AppState, app_state


async def _current_text(state: AppState, statement_id: int) -> str:
    room = state.rooms.get(statement_id)
    if room is not None:
        return str(room.body)
    async with state.sessions() as session:
        stored = await update_log.load_document(session, statement_id)
    return text_of([stored.snapshot or b"", *stored.updates])


async def _refuse_a_second(session: AsyncSession, session_id: int) -> None:
    existing = await session.scalar(
        select(Statement.id).where(
            Statement.forum_session_id == session_id, Statement.is_joint.is_(True)
        )
    )
    if existing is not None:
        raise ApiError(409, say("joint_statement_exists", id=existing))


@require_sign_in
async def start(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    session_id = path_id(request, "session_id", "session")
    async with state.sessions() as session:
        forum_session = await session.get(ForumSession, session_id)
        if forum_session is None:
            raise ApiError(404, say("no_such_session", id=session_id))
        standing = await queries.forum_standing(session, forum_session.forum_id, me.user.id)
        assert standing is not None
        if not standing.may(Action.START_JOINT_STATEMENT):
            raise ApiError(403, say("may_not_start_joint_statement"))
        codes = next(
            codes
            for s, codes in await queries.sessions_of_forum(session, forum_session.forum_id)
            if s.id == session_id
        )
        if len(codes) < 2:
            raise ApiError(409, say("not_a_group_session"))
        await _refuse_a_second(session, session_id)
        country_statements = {
            s.country_code: s
            for s in await session.scalars(
                select(Statement).where(
                    Statement.forum_session_id == session_id, Statement.is_joint.is_(False)
                )
            )
        }
    drafts = []
    for code in codes:
        found = country_statements.get(code)
        text = await _current_text(state, found.id) if found else ""
        drafts.append((country_name(code), text))
    text = joint_draft(drafts)
    first_draft = next(iter(country_statements.values()), None)
    new = new_joint_statement(
        [country_name(code) for code in codes],
        first_draft.language if first_draft else None,
        text,
    )
    forum = standing.forum
    sources = [s.id for s in country_statements.values()]
    try:
        async with state.sessions() as session, session.begin():
            joint = await queries.add_statement(
                session,
                forum,
                session_id,
                new,
                document=document_with_text(text),
                created_by=me.user.id,
                at=datetime.now(UTC),
                reason="Joint statement started from the country drafts.",
            )
            members = set(
                await session.scalars(
                    select(DraftingGroupMember.user_id).where(
                        DraftingGroupMember.statement_id.in_(sources)
                    )
                )
            )
            guides = set(
                await session.scalars(
                    select(GuidingModerator.user_id).where(
                        GuidingModerator.statement_id.in_(sources)
                    )
                )
            )
            if standing.role == Role.MODERATOR:
                guides.add(me.user.id)  # who starts it guides it
            for user_id in sorted(members):
                session.add(DraftingGroupMember(statement_id=joint.id, user_id=user_id))
            for user_id in sorted(guides):
                session.add(GuidingModerator(statement_id=joint.id, user_id=user_id))
            await session.flush()
            joint_id = joint.id
    except IntegrityError:
        # Another request made it between the check above and this insert: same answer.
        async with state.sessions() as session:
            await _refuse_a_second(session, session_id)
        raise
    async with state.sessions() as session:
        row = await queries.statement(session, joint_id)
        mine = await queries.standing(session, joint_id, me.user.id)
    assert row is not None and mine is not None
    # Its drafting group and guides now may open it, and so may those who follow the forum.
    for user_id in sorted(members | guides):
        await access_changed(state, user_id)
    await statements_added(state, forum.id)
    return JSONResponse(statement_detail(state, row, mine, {}).model_dump(), status_code=201)
