"""A statement's reviewers (`/api/statements/{id}/reviewers/{user}`): the guiding moderators
and the facilitators ask someone to read the statement, comment and suggest, and never edit
it. Anyone with an account may review, with or without a role in the forum: reviewers are
often from outside it. Choosing them is an action (`server.actions.people`), recorded and
followed live, as for the drafting group."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from server.actions import people as people_actions
from server.actions.people import Place
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.people_answers import people_answer
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.edge.access import access_follows


@require_sign_in
async def add_reviewer(request: Request, me: SignedIn) -> Response:
    """Make a person a reviewer of the statement; the statement's people as they are now."""
    return await _place(request, me, joining=True)


@require_sign_in
async def remove_reviewer(request: Request, me: SignedIn) -> Response:
    """Take a person off the statement's reviewers; the statement's people as they are now."""
    return await _place(request, me, joining=False)


async def _place(request: Request, me: SignedIn, *, joining: bool) -> Response:
    chorus = chorus_of(request)
    sid = statement_id(request)
    person_id = path_id(request, "user_id", "person")
    change = people_actions.add_person if joining else people_actions.remove_person
    await change(chorus, me.user, sid, person_id, Place.REVIEWING, access_follows(chorus))
    return await people_answer(chorus, me, sid)
