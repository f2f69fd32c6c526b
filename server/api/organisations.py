"""Organisations: listed for everyone signed in (to choose theirs), added by facilitators and
site administrators (`/api/organisations`)."""

from __future__ import annotations

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import OrganisationIn, OrganisationListOut, OrganisationOut
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.auth.current import SignedIn
from server.data.regions import UN_REGIONS
from server.db.models import ForumRole, Organisation
from server.domain.countries import country_name
from server.domain.organisations import (
    CONSTITUENCIES,
    constituency_label,
    counts_as_global_south,
    default_region,
    organisation_problems,
)
from server.domain.roles import Role
from server.state import app_state


def organisation_out(o: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=o.id,
        name=o.name,
        country_code=o.country_code,
        country=country_name(o.country_code) if o.country_code else None,
        region=o.region,
        global_south=o.global_south,
        constituency=o.constituency,
        constituency_label=constituency_label(o.constituency, o.constituency_other),
    )


@require_sign_in
async def list_organisations(request: Request, me: SignedIn) -> Response:
    async with app_state(request).sessions() as session:
        rows = await session.scalars(select(Organisation).order_by(Organisation.name))
        body = OrganisationListOut(
            organisations=[organisation_out(o) for o in rows],
            constituencies=dict(CONSTITUENCIES),
            regions=dict(UN_REGIONS),
        )
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_organisation(request: Request, me: SignedIn) -> Response:
    state = app_state(request)
    body = await read_json(request, OrganisationIn)
    async with state.sessions() as session, session.begin():
        facilitates = await session.scalar(
            select(ForumRole.forum_id).where(
                ForumRole.user_id == me.user.id, ForumRole.role == Role.FACILITATOR.value
            )
        )
        if facilitates is None and not me.user.is_site_admin:
            raise ApiError(
                403,
                "Facilitators and site administrators add organisations.",
                code="may_not_add_organisations",
            )
        country = (body.country_code or "").strip().upper() or None
        region = body.region or default_region(country)
        problems = organisation_problems(
            name=body.name,
            country_code=country,
            region=region,
            constituency=body.constituency,
            constituency_other=body.constituency_other,
        )
        if problems:
            field, message = next(iter(problems.items()))
            raise ApiError(422, message, field=field)
        name = body.name.strip()
        if await session.scalar(select(Organisation.id).where(Organisation.name == name)):
            raise ApiError(
                409,
                f"{name} is already listed.",
                code="organisation_exists",
                field="name",
                params={"name": name},
            )
        organisation = Organisation(
            name=name,
            country_code=country,
            region=region,
            global_south=counts_as_global_south(country, body.says_global_south),
            constituency=body.constituency,
            constituency_other=(body.constituency_other or "").strip() or None
            if body.constituency == "other"
            else None,
        )
        session.add(organisation)
        await session.flush()
        out = organisation_out(organisation)
    return JSONResponse(out.model_dump(), status_code=201)
