"""What facilitators and site administrators do with organisations: add one, and grant or
withdraw a member's right to sign for it; and the list everyone signed in reads.

Organisations belong to no forum, and neither does a signing right: it holds wherever its
holder drafts. So the right to grant one follows the person it is for: a facilitator grants
it to someone who takes part in a forum they facilitate, a site administrator to anyone with a
role somewhere, and nobody to themselves (`server.domain.organisations.signing_right_refusal`).
Each grant and withdrawal is in the audit log of every forum its holder takes part in, and the
organisation's signatories see who granted whose right, and when, in its list of members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from schemas.api import OrganisationIn
from schemas.events import StatementSignaturesChanged
from server.actions.announcing import Announcer, tells
from server.actions.recording import record
from server.actions.refusals import Refused
from server.actions.services import Services
from server.db import organisations as queries
from server.db import people, signatures, statements
from server.db.happenings import Untold
from server.db.models import Organisation, OrganisationMember, User
from server.db.people import Granted
from server.db.signatures import Member
from server.domain.happenings import SIGNER_FORUMS, Happened, What
from server.domain.messages import say
from server.domain.organisations import (
    counts_as_global_south,
    default_region,
    organisation_problems,
    signing_right_refusal,
)
from server.domain.roles import Action, Role, may


async def _manages_signers(db: AsyncSession, me: User) -> bool:
    """Whether the person records who may sign for organisations: MANAGE_SIGNERS in any of
    their roles, or as a site administrator."""
    if may(None, Action.MANAGE_SIGNERS, is_site_admin=me.is_site_admin):
        return True
    return any(may(role, Action.MANAGE_SIGNERS) for role in await queries.roles_of(db, me.id))


# -- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationsSeen:
    """Every organisation by name; the members (and who granted their right, and when) of
    those the reader may see them of: all for who records signatories, else the ones they
    may sign for."""

    organisations: list[Organisation]
    members: dict[int, list[Member]]
    granted: dict[int, dict[int, Granted]]


async def organisations_seen_by(services: Services, me: User) -> OrganisationsSeen:
    async with services.store() as db:
        rows = await queries.all_by_name(db)
        shown = (
            {o.id for o in rows}
            if await _manages_signers(db, me)
            else await queries.signs_for(db, me.id)
        )
        members = await signatures.members_of(db, shown)
        granted = {oid: await people.signing_grants(db, oid) for oid in shown}
    return OrganisationsSeen(rows, members, granted)


# -- add one ------------------------------------------------------------------------------------


async def add_organisation(services: Services, me: User, asked: OrganisationIn) -> Organisation:
    """`me`, a facilitator of some forum or a site administrator, adds an organisation.

    Refuses 403 `may_not_add_organisations`, 422 for what is wrong with it (its field named),
    409 `organisation_exists`. Nothing is recorded: an organisation belongs to no forum, and
    its creator goes on to record its signatories, which is."""
    async with services.store() as db, db.begin():
        if not me.is_site_admin and not await queries.facilitates_a_forum(db, me.id):
            raise Refused(403, say("may_not_add_organisations"))
        country = (asked.country_code or "").strip().upper() or None
        region = asked.region or default_region(country)
        problems = organisation_problems(
            name=asked.name,
            country_code=country,
            region=region,
            constituency=asked.constituency,
            constituency_other=asked.constituency_other,
        )
        if problems:
            field, message = next(iter(problems.items()))
            raise Refused(422, message, field=field)
        name = asked.name.strip()
        if await queries.named(db, name) is not None:
            raise Refused(409, say("organisation_exists", name=name), field="name")
        organisation = Organisation(
            name=name,
            country_code=country,
            region=region,
            global_south=counts_as_global_south(country, asked.says_global_south),
            constituency=asked.constituency,
            constituency_other=(asked.constituency_other or "").strip() or None
            if asked.constituency == "other"
            else None,
        )
        db.add(organisation)
        await db.flush()
    return organisation


# -- signing rights -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Signers:
    """An organisation's members after a change of who may sign for it, with who granted each
    right and when."""

    organisation_id: int
    members: list[Member]
    granted: dict[int, Granted]


async def grant_signing_right(services: Services, me: User, oid: int, uid: int) -> Signers:
    """`me` records that member `uid` may sign for organisation `oid` (they speak for it).

    Refuses 403 `may_not_manage_signers`, 404 `no_such_organisation` or `not_a_member`, and
    as `signing_right_refusal` says (403, or 422 `signer_in_no_forum`)."""
    return await _set_signing_right(services, me, oid, uid, may_sign=True)


async def withdraw_signing_right(services: Services, me: User, oid: int, uid: int) -> Signers:
    """`me` records that member `uid` may no longer sign for organisation `oid`. Signatures
    they made stay as they are; re-confirming one needs the right again. Refuses as
    `grant_signing_right`."""
    return await _set_signing_right(services, me, oid, uid, may_sign=False)


async def _set_signing_right(
    services: Services, me: User, oid: int, uid: int, *, may_sign: bool
) -> Signers:
    async with services.store() as db, db.begin():
        if not await _manages_signers(db, me):
            raise Refused(403, say("may_not_manage_signers"))
        organisation = await db.get(Organisation, oid)
        if organisation is None:
            raise Refused(404, say("no_such_organisation", id=oid))
        member = await db.get(OrganisationMember, (oid, uid))
        if member is None:
            raise Refused(
                404, say("not_a_member", user_id=uid, name=organisation.name, organisation_id=oid)
            )
        signer_forums = await people.forums_of(db, uid)
        refusal = signing_right_refusal(
            granting=may_sign,
            to_self=uid == me.id,
            is_site_admin=me.is_site_admin,
            facilitated_forums=await people.forums_of(db, me.id, Role.FACILITATOR),
            signer_forums=signer_forums,
        )
        if refusal is not None:
            raise Refused(422 if refusal.code == "signer_in_no_forum" else 403, refusal)
        if bool(member.may_sign) != may_sign:
            member.may_sign = may_sign
            # Recorded in the forums the holder takes part in; one who takes part in none
            # (giving up their own right, or a site administrator taking it) leaves no line.
            if signer_forums:
                forums = sorted(signer_forums)
                await record(
                    db,
                    Happened(
                        what=What.GRANT_SIGNING if may_sign else What.WITHDRAW_SIGNING,
                        at=datetime.now(UTC),
                        actor_id=me.id,
                        forum_id=forums[0],
                        subject_id=uid,
                        to_value=str(oid),
                        reason=organisation.name,  # so the log's sentence names it
                        # A line in each: its facilitators see who may now sign there.
                        details={SIGNER_FORUMS: ",".join(str(f) for f in forums)},
                    ),
                )
        members = (await signatures.members_of(db, [oid]))[oid]
        granted = await people.signing_grants(db, oid)
    await services.announcer.tell()
    return Signers(oid, members, granted)


@tells(What.GRANT_SIGNING, What.WITHDRAW_SIGNING)
async def _tell_signing_right(announcer: Announcer, untold: Untold) -> None:
    """The holder's statements' pages say what they may sign for: reload."""
    holder = untold.happened.subject_id
    if holder is None:
        return  # erased since
    async with announcer.store() as db:
        groups = await statements.drafting_groups_of(db, holder)
    for sid in sorted(groups):
        announcer.events.publish(sid, StatementSignaturesChanged(statement_id=sid))
