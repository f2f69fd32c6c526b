"""`/api/me/personal-data`: a person's own contact details (sealed at rest) and, per field,
whether the others in their drafting groups may see it."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import PersonalDataIn, PersonalDataOut
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.data.regions import countries
from server.db import people
from server.db.models import User
from server.domain.messages import say

PHONE = re.compile(r"\+?[0-9 ()./-]{4,40}")


def _out(request: Request, user: User) -> PersonalDataOut:
    data = people.personal_data(chorus_of(request).keys, user)
    return PersonalDataOut(
        email=data.email,
        nationality=data.nationality,
        phone=data.phone,
        shares_email=user.shares_email,
        shares_nationality=user.shares_nationality,
        shares_phone=user.shares_phone,
    )


@require_sign_in
async def get_personal_data(request: Request, me: SignedIn) -> Response:
    return JSONResponse(_out(request, me.user).model_dump())


@require_sign_in
async def put_personal_data(request: Request, me: SignedIn) -> Response:
    chorus = chorus_of(request)
    body = await read_json(request, PersonalDataIn)
    nationality = (body.nationality or "").strip().upper() or None
    if nationality is not None and nationality not in countries():
        raise ApiError(422, say("country_not_listed"), field="nationality")
    phone = (body.phone or "").strip() or None
    if phone is not None and not PHONE.fullmatch(phone):
        raise ApiError(422, say("phone_invalid"), field="phone")
    async with chorus.store() as db, db.begin():
        user = await db.get(User, me.user.id)
        assert user is not None
        user.nationality_sealed = (
            people.seal(chorus.keys, user.id, "nationality", nationality) if nationality else None
        )
        user.phone_sealed = people.seal(chorus.keys, user.id, "phone", phone) if phone else None
        user.shares_email = body.shares_email
        user.shares_nationality = body.shares_nationality
        user.shares_phone = body.shares_phone
        out = _out(request, user)
    return JSONResponse(out.model_dump())
