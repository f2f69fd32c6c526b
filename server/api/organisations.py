"""Organisations: listed for everyone signed in (to choose theirs), added by facilitators and
site administrators (`/api/organisations`), who also record which members may sign for each
(`/api/organisations/{id}/signers/{user_id}`).

Organisations belong to no forum, and neither does a signing right: it holds wherever its
holder drafts. So the right to grant one follows the person it is for: a facilitator grants
it to someone who takes part in a forum they facilitate, a site administrator to anyone with a
role somewhere, and nobody to themselves (`server.domain.organisations.signing_right_refusal`).
Each grant and withdrawal is in the audit log of every forum its holder takes part in, and the
organisation's signatories see who granted whose right, and when, in its list of members.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    OrganisationIn,
    OrganisationListOut,
    OrganisationMemberOut,
    OrganisationOut,
    OrganisationSignersOut,
)
from schemas.events import StatementSignaturesChanged
from server.api.errors import ApiError, read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id
from server.api.wire import iso
from server.auth.current import SignedIn
from server.data.regions import UN_REGIONS
from server.db import audit, people, signatures, statements
from server.db.models import ForumRole, Organisation, OrganisationMember
from server.domain.countries import country_name
from server.domain.messages import say
from server.domain.organisations import (
    CONSTITUENCIES,
    constituency_label,
    counts_as_global_south,
    default_region,
    organisation_problems,
    signing_right_refusal,
)
from server.domain.roles import Action, Role, may
from server.state import app_state


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


async def _manages_signers(session: AsyncSession, me: SignedIn) -> bool:
    """Whether the person records who may sign for organisations: MANAGE_SIGNERS in any of
    their roles, or as a site administrator."""
    if may(None, Action.MANAGE_SIGNERS, is_site_admin=me.user.is_site_admin):
        return True
    roles = await session.scalars(select(ForumRole.role).where(ForumRole.user_id == me.user.id))
    return any(may(Role(role), Action.MANAGE_SIGNERS) for role in set(roles))


async def _signs_for(session: AsyncSession, user_id: int) -> set[int]:
    """The organisations the person may sign for: they see who else may, and who said so."""
    rows = await session.scalars(
        select(OrganisationMember.organisation_id).where(
            OrganisationMember.user_id == user_id, OrganisationMember.may_sign.is_(True)
        )
    )
    return set(rows)


@require_sign_in
async def list_organisations(request: Request, me: SignedIn) -> Response:
    async with app_state(request).sessions() as session:
        rows = list(await session.scalars(select(Organisation).order_by(Organisation.name)))
        shown = (
            {o.id for o in rows}
            if await _manages_signers(session, me)
            else await _signs_for(session, me.user.id)
        )
        members = await signatures.members_of(session, shown)
        granted = {oid: await people.signing_grants(session, oid) for oid in shown}
        body = OrganisationListOut(
            organisations=[organisation_out(o, members.get(o.id), granted.get(o.id)) for o in rows],
            constituencies=dict(CONSTITUENCIES),
            regions=dict(UN_REGIONS),
        )
    return JSONResponse(body.model_dump())


@require_sign_in
async def add_signer(request: Request, me: SignedIn) -> Response:
    """Record that a member may sign for the organisation (they speak for it)."""
    return await _set_signer(request, me, may_sign=True)


@require_sign_in
async def remove_signer(request: Request, me: SignedIn) -> Response:
    """Record that a member may no longer sign for the organisation. Signatures they made
    stay as they are; re-confirming one needs the right again."""
    return await _set_signer(request, me, may_sign=False)


async def _set_signer(request: Request, me: SignedIn, *, may_sign: bool) -> Response:
    state = app_state(request)
    oid = path_id(request, "organisation_id", "organisation")
    uid = path_id(request, "user_id", "person")
    async with state.sessions() as session, session.begin():
        if not await _manages_signers(session, me):
            raise ApiError(403, say("may_not_manage_signers"))
        organisation = await session.get(Organisation, oid)
        if organisation is None:
            raise ApiError(404, say("no_such_organisation", id=oid))
        member = await session.get(OrganisationMember, (oid, uid))
        if member is None:
            raise ApiError(
                404, say("not_a_member", user_id=uid, name=organisation.name, organisation_id=oid)
            )
        signer_forums = await people.forums_of(session, uid)
        refusal = signing_right_refusal(
            granting=may_sign,
            to_self=uid == me.user.id,
            is_site_admin=me.user.is_site_admin,
            facilitated_forums=await people.forums_of(session, me.user.id, Role.FACILITATOR),
            signer_forums=signer_forums,
        )
        if refusal is not None:
            raise ApiError(422 if refusal.code == "signer_in_no_forum" else 403, refusal)
        if bool(member.may_sign) != may_sign:
            member.may_sign = may_sign
            now = datetime.now(UTC)
            # In each forum they take part in: its facilitators see who may now sign there.
            for fid in sorted(signer_forums):
                await audit.record(
                    session,
                    forum_id=fid,
                    actor_id=me.user.id,
                    subject_id=uid,
                    at=now,
                    action=people.SIGNING_GRANTED if may_sign else people.SIGNING_WITHDRAWN,
                    to_value=str(oid),
                    reason=organisation.name,
                )
        members = (await signatures.members_of(session, [oid]))[oid]
        granted = await people.signing_grants(session, oid)
        groups = await statements.drafting_groups_of(session, uid)
    # Their statements' pages say what they may sign for: reload.
    for sid in sorted(groups):
        state.events.publish(sid, StatementSignaturesChanged(statement_id=sid))
    body = OrganisationSignersOut(
        organisation_id=oid, members=[_member_out(m, granted) for m in members]
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
            raise ApiError(403, say("may_not_add_organisations"))
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
            raise ApiError(409, say("organisation_exists", name=name), field="name")
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
        out = organisation_out(organisation, members=[])  # its creator records its signers
    return JSONResponse(out.model_dump(), status_code=201)
