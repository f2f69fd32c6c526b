"""Queries about co-signing: signatures and the texts they bind to, who may sign for which
organisation, and what finalising records.

Every write here runs in a transaction that holds the statement's row in drafting first
(`threads.hold_drafting`): signing, withdrawing and finalising take turns on that row, so a
signature is either there when a statement is finalised (and counted) or refused because it
is final.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import (
    DraftingGroupMember,
    FinalRecord,
    Organisation,
    OrganisationMember,
    Signature,
    SignedText,
    User,
)
from server.domain.cosigning import Signer


def signer_of(organisation: Organisation) -> Signer:
    """What the coalition rules count of an organisation."""
    return Signer(
        organisation_id=organisation.id,
        name=organisation.name,
        region=organisation.region,
        global_south=organisation.global_south,
        constituency=organisation.constituency,
    )


@dataclass(frozen=True)
class SignatureRow:
    """A signature with its organisation and the name of who signed."""

    signature: Signature
    organisation: Organisation
    signed_by: str

    @property
    def signer(self) -> Signer:
        return signer_of(self.organisation)


async def signatures_of(db: AsyncSession, statement_id: int) -> list[SignatureRow]:
    """The statement's signatures, oldest first."""
    rows = await db.execute(
        select(Signature, Organisation, User.name)
        .join(Organisation, Organisation.id == Signature.organisation_id)
        .join(User, User.id == Signature.user_id)
        .where(Signature.statement_id == statement_id)
        .order_by(Signature.signed_at, Organisation.name, User.name)
    )
    return [SignatureRow(s, o, name) for s, o, name in rows]


async def signatures_of_many(
    db: AsyncSession, statement_ids: Iterable[int]
) -> dict[int, list[tuple[Signer, str]]]:
    """For lists: each statement's signatures as (organisation, digest signed), in one
    query."""
    ids = set(statement_ids)
    if not ids:
        return {}
    rows = await db.execute(
        select(Signature.statement_id, Signature.digest, Organisation)
        .join(Organisation, Organisation.id == Signature.organisation_id)
        .where(Signature.statement_id.in_(ids))
        .order_by(Signature.statement_id, Organisation.name)
    )
    found: dict[int, list[tuple[Signer, str]]] = {}
    for sid, digest, organisation in rows:
        found.setdefault(sid, []).append((signer_of(organisation), digest))
    return found


async def statements_with_signatures(db: AsyncSession) -> set[int]:
    """Every statement that has at least one signature, valid or not."""
    return set(await db.scalars(select(Signature.statement_id).distinct()))


async def has_signatures(db: AsyncSession, statement_id: int) -> bool:
    found = await db.scalar(
        select(Signature.statement_id).where(Signature.statement_id == statement_id).limit(1)
    )
    return found is not None


async def signature(
    db: AsyncSession, statement_id: int, organisation_id: int, user_id: int
) -> Signature | None:
    return await db.get(Signature, (statement_id, organisation_id, user_id))


async def signers_for(db: AsyncSession, statement_id: int, organisation_id: int) -> list[int]:
    """Who has signed the statement for this organisation (user ids)."""
    rows = await db.scalars(
        select(Signature.user_id).where(
            Signature.statement_id == statement_id,
            Signature.organisation_id == organisation_id,
        )
    )
    return list(rows)


async def signed_texts(db: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """The texts as they were signed, by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = await db.execute(select(SignedText.id, SignedText.text).where(SignedText.id.in_(wanted)))
    return {tid: text for tid, text in rows}


async def sign(
    db: AsyncSession,
    *,
    statement_id: int,
    organisation_id: int,
    user_id: int,
    digest: str,
    text: str,
    at: datetime,
) -> Signature:
    """Sign (or re-confirm) for the organisation: the person's one row for it now binds to
    `digest`, whose `text` is kept once per statement. The caller holds the statement's row,
    so no other signature of it is written meanwhile."""
    text_id = await db.scalar(
        select(SignedText.id).where(
            SignedText.statement_id == statement_id, SignedText.digest == digest
        )
    )
    if text_id is None:
        kept = SignedText(statement_id=statement_id, digest=digest, text=text)
        db.add(kept)
        await db.flush()
        text_id = kept.id
    row = await signature(db, statement_id, organisation_id, user_id)
    if row is None:
        row = Signature(
            statement_id=statement_id,
            organisation_id=organisation_id,
            user_id=user_id,
            signed_at=at,
            digest=digest,
            signed_text_id=text_id,
        )
        db.add(row)
    else:
        row.signed_at, row.digest, row.signed_text_id = at, digest, text_id
    await db.flush()
    return row


async def withdraw(db: AsyncSession, statement_id: int, organisation_id: int, user_id: int) -> bool:
    """Delete the person's signature for the organisation; False when there was none."""
    result = await db.execute(
        delete(Signature).where(
            Signature.statement_id == statement_id,
            Signature.organisation_id == organisation_id,
            Signature.user_id == user_id,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


# -- who may sign for which organisation ------------------------------------------------------


async def memberships(db: AsyncSession, user_id: int) -> list[tuple[Organisation, bool]]:
    """The person's organisations, by name, each with whether they may sign for it."""
    rows = await db.execute(
        select(Organisation, OrganisationMember.may_sign)
        .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .where(OrganisationMember.user_id == user_id)
        .order_by(Organisation.name)
    )
    return [(o, bool(may_sign)) for o, may_sign in rows]


async def organisations_with_signers_in_group(
    db: AsyncSession, statement_id: int
) -> list[Organisation]:
    """The organisations someone in the statement's drafting group may sign for, by name:
    the ones that could still join its co-signing group."""
    rows = await db.scalars(
        select(Organisation)
        .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .join(DraftingGroupMember, DraftingGroupMember.user_id == OrganisationMember.user_id)
        .where(DraftingGroupMember.statement_id == statement_id, OrganisationMember.may_sign)
        .distinct()
        .order_by(Organisation.name)
    )
    return list(rows)


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    may_sign: bool


async def members_of(db: AsyncSession, organisation_ids: Iterable[int]) -> dict[int, list[Member]]:
    """Each organisation's members by name, with whether they may sign for it."""
    ids = set(organisation_ids)
    if not ids:
        return {}
    rows = await db.execute(
        select(OrganisationMember.organisation_id, User.id, User.name, OrganisationMember.may_sign)
        .join(User, User.id == OrganisationMember.user_id)
        .where(OrganisationMember.organisation_id.in_(ids))
        .order_by(User.name, User.id)
    )
    found: dict[int, list[Member]] = {oid: [] for oid in ids}
    for oid, uid, name, may_sign in rows:
        found[oid].append(Member(uid, name, bool(may_sign)))
    return found


async def set_may_sign(
    db: AsyncSession, organisation_id: int, user_id: int, may_sign: bool
) -> bool:
    """Record whether the member may sign for the organisation; False when they are not a
    member of it."""
    member = await db.get(OrganisationMember, (organisation_id, user_id))
    if member is None:
        return False
    member.may_sign = may_sign
    await db.flush()
    return True


# -- finalising -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    """One valid signature as the final record keeps it."""

    organisation_id: int
    organisation: str
    user_id: int
    signed_by: str
    signed_at: str  # ISO 8601, UTC


async def record_final(
    db: AsyncSession,
    *,
    statement_id: int,
    at: datetime,
    text: str,
    digest: str,
    signatories: Sequence[Signatory],
) -> FinalRecord:
    """What the statement was when finalised: its text, digest and valid signatories."""
    record = FinalRecord(
        statement_id=statement_id,
        finalised_at=at,
        text=text,
        digest=digest,
        signatories=json.dumps(
            [
                {
                    "organisation_id": s.organisation_id,
                    "name": s.organisation,
                    "user_id": s.user_id,
                    "signed_by": s.signed_by,
                    "signed_at": s.signed_at,
                }
                for s in signatories
            ],
            ensure_ascii=False,
        ),
    )
    db.add(record)
    await db.flush()
    return record


async def final_records(db: AsyncSession, statement_id: int) -> list[FinalRecord]:
    """Every finalising of the statement, oldest first."""
    rows = await db.scalars(
        select(FinalRecord).where(FinalRecord.statement_id == statement_id).order_by(FinalRecord.id)
    )
    return list(rows)
