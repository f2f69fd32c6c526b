"""Changes of access, followed in one place. After someone's drafting groups, guided statements
or role in a forum change, their `/ws/events` connections hear about exactly the statements
they may open now (nothing more about one they lost), their pages relist, and their open
editors write, stop writing or close. Routes call these after their change is committed.

Orchestration, not routes: it reaches the events hub, the rooms and the store through the
running app, so it lives at the app's edge, where the routes and the `/ws/events` endpoint call
it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from schemas.events import MembershipChanged
from server.chorus import Chorus
from server.collab.open_editors import reconsider_person
from server.db import people
from server.db import statements as queries
from server.domain.messages import Message
from server.events.hub import Heard


async def heard_by(chorus: Chorus, user_id: int, *, is_site_admin: bool) -> Heard:
    """The statements `user_id` may open and the forums they belong to, in one query."""
    async with chorus.store() as db:
        visible = await queries.statements_visible_to(db, user_id, is_site_admin=is_site_admin)
        if not is_site_admin:
            visible = await people.openable(db, user_id, visible)
    return Heard(
        statement_ids=frozenset(row.statement.id for row in visible),
        forum_ids=frozenset(row.forum.id for row in visible),
    )


async def follow_person(chorus: Chorus, user_id: int) -> None:
    """Give the person's `/ws/events` connections what they may open now (read once)."""

    async def read(is_site_admin: bool) -> Heard:
        return await heard_by(chorus, user_id, is_site_admin=is_site_admin)

    await chorus.events.follow(user_id, read)


async def access_changed(chorus: Chorus, user_id: int, reason: Message | None = None) -> None:
    """After what `user_id` may open or write changed: their connections to `/ws/events` hear
    about what they may open now, their pages are told to relist, and their open editors
    follow (`reason` is shown to an editor that stops writing)."""
    chorus.access_changes += 1
    await follow_person(chorus, user_id)
    chorus.events.tell_person(user_id, MembershipChanged())
    await reconsider_person(chorus.rooms, chorus.store, user_id, reason)


def access_follows(chorus: Chorus) -> Callable[[int, Message | None], Awaitable[None]]:
    """`access_changed` as a plain function, for the actions that change someone's access
    (they may not reach the running app themselves)."""

    async def follow(user_id: int, reason: Message | None) -> None:
        await access_changed(chorus, user_id, reason)

    return follow


def statements_follow(chorus: Chorus) -> Callable[[int], Awaitable[None]]:
    """`statements_added` as a plain function, for the actions that add statements."""

    async def follow(forum_id: int) -> None:
        await statements_added(chorus, forum_id)

    return follow


async def statements_added(chorus: Chorus, forum_id: int) -> None:
    """New statements in the forum: everyone listening who follows all of its statements (its
    Steering Group, facilitators and observers, and site administrators) hears about them from
    now on. Only what they hear changes here; telling their pages is the route's part."""
    async with chorus.store() as db:
        members = await people.forum_members(db, forum_id)
    whole_forum = {user.id for user, role in members if role.value in queries.FORUM_WIDE_ROLES}
    whole_forum |= chorus.events.listening_site_admins()
    for user_id in sorted(whole_forum & chorus.events.listening_people()):
        await follow_person(chorus, user_id)
