"""Organisations: listed for everyone signed in (to choose theirs), added by facilitators and
site administrators (`/api/organisations`), who also record which members may sign for each
(`/api/organisations/{id}/signers/{user_id}`). Adding one and granting or withdrawing a
signing right are actions (`server.actions.organisations`), which say who may do them.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    OrganisationIn,
    OrganisationListOut,
    OrganisationMemberOut,
    OrganisationOut,
    OrganisationSignersOut,
)
from server.actions import organisations as organisation_actions
from server.actions.organisations import Signers
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.data.regions import UN_REGIONS
from server.db import people, signatures
from server.db.models import Organisation
from server.domain.countries import country_name
from server.domain.organisations import CONSTITUENCIES, constituency_label
from server.moments import iso


def organisation_out(
    o: Organisation,
    members: list[signatures.Member] | None = None,
    granted: dict[int, people.Granted] | None = None,
) -> OrganisationOut:
    """An organisation on the wire; its `members` only for who may see them."""
    return OrganisationOut(
        id=o.id,
        name=o.name,
        country_code=o.country_code,
        country=country_name(o.country_code) if o.country_code else None,
        region=o.region,
        global_south=o.global_south,
        constituency=o.constituency,
        constituency_label=constituency_label(o.constituency, o.constituency_other),
        members=None if members is None else [_member_out(m, granted or {}) for m in members],
    )


def _member_out(
    member: signatures.Member, granted: dict[int, people.Granted]
) -> OrganisationMemberOut:
    grant = granted.get(member.id) if member.may_sign else None
    return OrganisationMemberOut(
        id=member.id,
        name=member.name,
        may_sign=member.may_sign,
        granted_by=grant.by if grant else None,
        granted_at=iso(grant.at) if grant else None,
    )


@require_sign_in
async def list_organisations(request: Request, me: SignedIn) -> Response:
    seen = await organisation_actions.organisations_seen_by(chorus_of(request), me.user)
    body = OrganisationListOut(
        organisations=[
            organisation_out(o, seen.members.get(o.id), seen.granted.get(o.id))
            for o in seen.organisations
        ],
        constituencies=dict(CONSTITUENCIES),
        regions=dict(UN_REGIONS),
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_signer(request: Request, me: SignedIn) -> Response:
    """Record that a member may sign for the organisation (they speak for it)."""
    oid, uid = _signer_path(request)
    grant = organisation_actions.grant_signing_right
    return _signers_answer(await grant(chorus_of(request), me.user, oid, uid))


@require_sign_in
async def remove_signer(request: Request, me: SignedIn) -> Response:
    """Record that a member may no longer sign for the organisation. Signatures they made
    stay as they are; re-confirming one needs the right again."""
    oid, uid = _signer_path(request)
    withdraw = organisation_actions.withdraw_signing_right
    return _signers_answer(await withdraw(chorus_of(request), me.user, oid, uid))


def _signer_path(request: Request) -> tuple[int, int]:
    return path_id(request, "organisation_id", "organisation"), path_id(
        request, "user_id", "person"
    )


def _signers_answer(signers: Signers) -> Response:
    body = OrganisationSignersOut(
        organisation_id=signers.organisation_id,
        members=[_member_out(m, signers.granted) for m in signers.members],
    )
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_organisation(request: Request, me: SignedIn) -> Response:
    body = await read_json(request, OrganisationIn)
    added = await organisation_actions.add_organisation(chorus_of(request), me.user, body)
    out = organisation_out(added, members=[])  # its creator records its signers
    return JSONResponse(out.model_dump(), status_code=201)
