"""Forums: the Steering Group's overview of every statement, and the facilitators' settings,
sessions and roles (`/api/forums/{id}/...`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    AuditLogOut,
    CoalitionRulesOut,
    ForumOut,
    ForumPeopleOut,
    ForumPersonOut,
    ForumSessionOut,
    ForumSettingsIn,
    LimitsOut,
    NewForumIn,
    OverviewOut,
    RoleIn,
    RoleOut,
    SessionIn,
)
from server.actions import forums as forum_actions
from server.actions import people as people_actions
from server.actions.people import managed_forum
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.api.paths import forum_id, path_id
from server.api.standing import forum_standing
from server.api.statement_answers import entry_out, names_in_rooms, statement_out
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import audit, people, signatures
from server.db import speakers as speaker_queries
from server.db import statements as queries
from server.db.models import Forum
from server.domain.countries import statement_country
from server.domain.messages import say
from server.domain.roles import Action
from server.edge.access import access_follows, statements_follow
from server.moments import iso


def forum_out(forum: Forum) -> ForumOut:
    return ForumOut(
        id=forum.id,
        name=forum.name,
        kind=forum.kind,
        languages=[code for code in forum.languages.split(",") if code],
        time_zone=forum.time_zone,
        survey_closes_at=iso(forum.survey_closes_at),
        drafting_closes_at=iso(forum.drafting_closes_at),
        outstanding_settled_by=iso(forum.outstanding_settled_by),
        limits=LimitsOut(
            words=forum.word_limit, seconds=forum.seconds_limit, speaking_rate=forum.speaking_rate
        ),
        coalition=CoalitionRulesOut(
            min_organisations=forum.coalition_min_organisations,
            min_regions=forum.coalition_min_regions,
            min_global_south=forum.coalition_min_global_south,
            min_constituencies=forum.coalition_min_constituencies,
            organisations_required=forum.coalition_organisations_required,
            regions_required=forum.coalition_regions_required,
            global_south_required=forum.coalition_global_south_required,
            constituencies_required=forum.coalition_constituencies_required,
        ),
    )


@require_sign_in
async def update_settings(request: Request, me: SignedIn) -> Response:
    """Change the forum's settings; only the fields sent change, and the whole must make sense."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    body = await read_json(request, ForumSettingsIn)
    change = body.model_dump(exclude_unset=True)
    forum = await forum_actions.change_forum_settings(chorus, me.user, fid, change)
    return JSONResponse(forum_out(forum).model_dump())


@require_sign_in
async def add_forum_session(request: Request, me: SignedIn) -> Response:
    """A session presenting one country or a group; each country gets its statement."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    body = await read_json(request, SessionIn)
    added = await forum_actions.add_forum_session(
        chorus, me.user, fid, body, statements_follow(chorus)
    )
    out = ForumSessionOut(
        id=added.forum_session.id,
        title=added.forum_session.title,
        starts_at=iso(added.forum_session.starts_at),
        countries=added.countries,
    )
    return JSONResponse(out.model_dump(), status_code=201)


@require_sign_in
async def set_role(request: Request, me: SignedIn) -> Response:
    """Give a person a role in the forum, change it, or take it away (null): an action
    (`server.actions.people.change_role`), which also takes them off the forum's drafting
    groups and guided statements when the role is taken away."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    person_id = path_id(request, "user_id", "person")
    body = await read_json(request, RoleIn)
    role = await people_actions.change_role(
        chorus, me.user, fid, person_id, body.role, access_follows(chorus)
    )
    return JSONResponse(RoleOut(role=role).model_dump())


@require_sign_in
async def overview(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    fid = forum_id(request)
    async with chorus.store() as db:
        standing = await forum_standing(db, fid, me.user.id)
        if not standing.may(Action.VIEW_OVERVIEW):
            raise ApiError(403, say("may_not_view_overview"))
        rows = await queries.statements_of_forum(db, fid)
        sessions = await queries.forum_sessions_of(db, fid)
        names = await names_in_rooms(db, chorus, rows)
        signed = await signatures.signatures_of_many(db, (r.statement.id for r in rows))
        speakers = await speaker_queries.speaker_names(db, (r.statement.id for r in rows))
    statements = [
        statement_out(
            chorus, row, names, signed.get(row.statement.id, ()), speakers.get(row.statement.id)
        )
        for row in rows
    ]
    # Outstanding first; otherwise the server's order (by session date) stands.
    statements.sort(key=lambda s: not s.outstanding)
    body = OverviewOut(
        forum=forum_out(standing.forum),
        sessions=[
            ForumSessionOut(id=s.id, title=s.title, starts_at=iso(s.starts_at), countries=codes)
            for s, codes in sessions
        ],
        statements=statements,
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def forum_people(request: Request, me: SignedIn) -> Response:
    """Everyone with a role in the forum, for its facilitators."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    async with chorus.store() as db:
        await managed_forum(db, fid, me.user.id, Action.MANAGE_PEOPLE)
        rows = await people.forum_members(db, fid)
        organisations = await people.organisations_of(db, [u.id for u, _ in rows])
    body = ForumPeopleOut(
        people=[
            ForumPersonOut(
                id=user.id,
                name=user.name,
                organisations=organisations.get(user.id, []),
                email=people.personal_data(chorus.keys, user).email,
                role=role.value,
            )
            for user, role in rows
        ]
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def create_forum(request: Request, me: SignedIn) -> Response:
    """A new forum, by a site administrator, who then invites its facilitators."""
    body = await read_json(request, NewForumIn)
    forum = await forum_actions.create_forum(chorus_of(request), me.user, body)
    return JSONResponse(forum_out(forum).model_dump(), status_code=201)


# The administration page shows the latest changes; enough for the weeks before a deadline.
FORUM_LOG_ENTRIES = 200


@require_sign_in
async def forum_audit_log(request: Request, me: SignedIn) -> Response:
    """The forum's history, newest first, for the people who run it."""
    chorus = chorus_of(request)
    fid = forum_id(request)
    async with chorus.store() as db:
        await managed_forum(db, fid, me.user.id, Action.MANAGE_PEOPLE)
        steps = await audit.forum_log(db, fid, FORUM_LOG_ENTRIES + 1)
    body = AuditLogOut(
        entries=[entry_out(step, _statement_named(step)) for step in steps[:FORUM_LOG_ENTRIES]],
        older_entries=len(steps) > FORUM_LOG_ENTRIES,
    )
    return JSONResponse(body.model_dump())


def _statement_named(step: audit.LoggedStep) -> str | None:
    """The statement an entry of the forum's log is about, by its country."""
    if step.entry.statement_id is None:
        return None
    return statement_country(step.statement_country)
