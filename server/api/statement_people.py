"""The people on a statement: its drafting group and guiding moderators, what each viewer sees
of them, and placing people in or out (`/api/statements/{id}/people`, `.../drafting-group/{user}`,
`.../guides/{user}`). Placing is an action (`server.actions.people`): recorded, in the audit
log and followed live by the people concerned."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from server.actions import people as people_actions
from server.actions.people import Place
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.api.people_answers import people_answer, people_out
from server.api.standing import viewable_standing
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.edge.access import access_follows


@require_sign_in
async def statement_people(request: Request, me: SignedIn) -> Response:
    """The drafting group and the guiding moderators, each showing only what this viewer may
    see of them; for those who may change them, who could be added."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    async with chorus.store() as db:
        standing = await viewable_standing(db, sid, me.user.id)
        body = await people_out(db, chorus, me.user, standing)
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_to_group(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, Place.DRAFTING_GROUP, joining=True)


@require_sign_in
async def remove_from_group(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, Place.DRAFTING_GROUP, joining=False)


@require_sign_in
async def add_guide(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, Place.GUIDING, joining=True)


@require_sign_in
async def remove_guide(request: Request, me: SignedIn) -> Response:
    return await _place(request, me, Place.GUIDING, joining=False)


async def _place(request: Request, me: SignedIn, place: Place, *, joining: bool) -> Response:
    """Put a person in (or take them out of) the drafting group or the guiding moderators;
    the answer is the statement's people as they are now."""
    chorus = chorus_of(request)
    sid = statement_id(request)
    person_id = path_id(request, "user_id", "person")
    change = people_actions.add_person if joining else people_actions.remove_person
    await change(chorus, me.user, sid, person_id, place, access_follows(chorus))
    return await people_answer(chorus, me, sid)
