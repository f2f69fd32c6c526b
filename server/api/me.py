"""`/api/me/personal-data`: a person's own contact details (sealed at rest) and, per field,
whether the others in their drafting groups may see it; `/api/me/interface-language`: the
language the pages speak to them, kept on their account."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    InterfaceLanguageIn,
    InterfaceLanguageOut,
    PersonalDataIn,
    PersonalDataOut,
)
from server.actions.own_data import (
    change_personal_data,
    choose_interface_language,
)
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db import people
from server.db.models import User


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
    body = await read_json(request, PersonalDataIn)
    user = await change_personal_data(chorus_of(request), me.user, body)
    return JSONResponse(_out(request, user).model_dump())


@require_sign_in
async def put_interface_language(request: Request, me: SignedIn) -> Response:
    body = await read_json(request, InterfaceLanguageIn)
    language = await choose_interface_language(chorus_of(request), me.user, body.language)
    return JSONResponse(InterfaceLanguageOut(language=language).model_dump())
