"""What site administrators and facilitators do with a forum as a whole: make one, change its
settings, add a session (each of its countries gets its statement).

Deadlines and limits show on every page of the forum, so a change of them, or a new session,
is told to everyone who follows the forum: their pages reload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from schemas.api import NewForumIn, SessionIn
from schemas.events import ForumChanged
from server.actions.announcing import Announcer, tells
from server.actions.people import managed_forum
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.actions.statements import create_statement
from server.data.regions import countries
from server.db import forums as forum_queries
from server.db.happenings import Untold
from server.db.models import Forum, ForumSession, User
from server.domain.forums import COALITION_REQUIRED, COALITION_RULES, DEADLINES, settings_problems
from server.domain.happenings import Happened, What
from server.domain.messages import say
from server.domain.new_statements import new_country_statement
from server.domain.roles import Action, may
from server.domain.words import Limits
from server.moments import as_utc

# After new statements were added to a forum (committed): those who follow all of its
# statements hear about them from now on. The app's edge does it; the route hands it in.
StatementsAdded = Callable[[int], Awaitable[None]]


async def create_forum(services: Services, me: User, asked: NewForumIn) -> Forum:
    """`me`, a site administrator, makes a forum with the usual limits and no coalition rules;
    they then invite its facilitators. Refuses 403 `not_a_site_admin`, 409 `forum_exists`."""
    if not may(None, Action.CREATE_FORUM, is_site_admin=me.is_site_admin):
        raise Refused(403, say("not_a_site_admin"))
    name = asked.name.strip()
    async with services.store() as db, db.begin():
        if await forum_queries.forum_named(db, name) is not None:
            raise Refused(409, say("forum_exists", name=name), field="name")
        forum = await forum_queries.add_forum(db, name, asked.kind)
        await record(
            db,
            Happened(
                what=What.CREATE_FORUM,
                at=datetime.now(UTC),
                actor_id=me.id,
                forum_id=forum.id,
                to_value=name,
            ),
        )
    await services.announcer.tell()
    return forum


async def change_forum_settings(
    services: Services, me: User, fid: int, change: Mapping[str, Any]
) -> Forum:
    """`me` changes the settings of forum `fid` named in `change` (the others stay); the whole
    must make sense. Refuses 404 `no_such_forum`, 403 `not_a_facilitator`, 422 with the first
    problem and its field. Open rooms count against the new limits at once."""
    async with services.store() as db, db.begin():
        forum = await managed_forum(db, fid, me.id, Action.MANAGE_FORUM)
        wanted = {**_settings_of(forum), **change}
        problems = settings_problems(wanted)
        if problems:
            field, message = next(iter(problems.items()))
            raise Refused(422, message, field=field)
        for field, value in wanted.items():
            setattr(forum, field, ",".join(value) if field == "languages" else value)
        await record(
            db,
            Happened(
                what=What.CHANGE_FORUM_SETTINGS,
                at=datetime.now(UTC),
                actor_id=me.id,
                forum_id=fid,
                details={"changed": ",".join(sorted(change))},
            ),
        )
    # Open rooms count against the new limits at once, not once they empty.
    limits = Limits(
        words=forum.word_limit, seconds=forum.seconds_limit, speaking_rate=forum.speaking_rate
    )
    services.rooms.change_limits(fid, limits)
    await services.announcer.tell()
    return forum


def _settings_of(forum: Forum) -> dict[str, Any]:
    """The forum's settings as `settings_problems` reads them."""
    return {
        "name": forum.name,
        "kind": forum.kind,
        "languages": [c for c in forum.languages.split(",") if c],
        "time_zone": forum.time_zone,
        "word_limit": forum.word_limit,
        "seconds_limit": forum.seconds_limit,
        "speaking_rate": forum.speaking_rate,
        **{
            field: None if getattr(forum, field) is None else as_utc(getattr(forum, field))
            for field in DEADLINES
        },
        **{field: getattr(forum, field) for field in COALITION_RULES},
        **{field: getattr(forum, field) for field in COALITION_REQUIRED},
    }


@dataclass(frozen=True)
class ForumSessionAdded:
    """A session added to a forum, with its countries in order."""

    forum_session: ForumSession
    countries: list[str]


async def add_forum_session(
    services: Services,
    me: User,
    fid: int,
    asked: SessionIn,
    statements_added: StatementsAdded,
) -> ForumSessionAdded:
    """`me` adds a session presenting one country or a group to forum `fid`; each country gets
    its statement. Refuses 404 `no_such_forum`, 403 `not_a_facilitator`, 422
    `countries_unknown` or `country_listed_twice`."""
    codes = [c.strip().upper() for c in asked.countries]
    async with services.store() as db, db.begin():
        forum = await managed_forum(db, fid, me.id, Action.MANAGE_FORUM)
        unknown = [c for c in codes if c not in countries()]
        if unknown:
            listed = ", ".join(unknown)
            raise Refused(422, say("countries_unknown", countries=listed), field="countries")
        if len(set(codes)) != len(codes):
            raise Refused(422, say("country_listed_twice"), field="countries")
        now = datetime.now(UTC)
        forum_session = await forum_queries.add_forum_session(
            db, fid, asked.title.strip(), asked.starts_at, codes
        )
        for code in codes:
            await create_statement(
                db,
                forum,
                forum_session.id,
                new_country_statement(forum.kind, forum.languages.split(","), code),
                document=None,
                by=me.id,
                at=now,
            )
        await record(
            db,
            Happened(
                what=What.ADD_FORUM_SESSION,
                at=now,
                actor_id=me.id,
                forum_id=fid,
                to_value=forum_session.title,
                details={"session": str(forum_session.id), "countries": ",".join(codes)},
            ),
        )
    # Those who follow the whole forum hear about its new statements, its change included.
    await statements_added(fid)
    await services.announcer.tell()
    return ForumSessionAdded(forum_session, codes)


@tells(What.CHANGE_FORUM_SETTINGS, What.ADD_FORUM_SESSION)
async def _tell_forum_changed(announcer: Announcer, untold: Untold) -> None:
    """Deadlines, limits and sessions show on every page of the forum: they reload."""
    fid = untold.happened.forum_id
    announcer.events.publish_forum(fid, ForumChanged(forum_id=fid))
