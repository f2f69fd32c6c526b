"""Signatures: `/api/statements/{id}/signatures` (read, sign or re-confirm, withdraw).
Signing and withdrawing are actions (`server.actions.signatures`); this answers with the
signatures as they are after, against the text now.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from schemas.api import (
    ClosingTheGapOut,
    CoalitionOut,
    CoalitionRuleOut,
    MySignatureOut,
    OrganisationRefOut,
    SignatoryOrganisationOut,
    SignatureAnswerOut,
    SignatureIn,
    SignatureOut,
    SignaturesOut,
    SignedByOut,
)
from server.actions import signatures as signature_actions
from server.actions.signatures import Panel
from server.api.errors import read_json
from server.api.guards import require_sign_in
from server.api.paths import path_id, statement_id
from server.auth.current import SignedIn
from server.chorus import chorus_of
from server.db.signatures import SignatureRow
from server.domain.cosigning import Coalition
from server.domain.countries import country_name
from server.moments import iso

# -- on the wire --------------------------------------------------------------------------------


def coalition_out(coalition: Coalition) -> CoalitionOut:
    return CoalitionOut(
        met=coalition.met,
        rules=[
            CoalitionRuleOut(
                rule=r.rule,
                needed=r.needed,
                have=r.have,
                met=r.met,
                required=r.required,
                message=r.message.text,
                code=r.message.code,
                params=dict(r.message.params),
                missing=list(r.missing),
            )
            for r in coalition.rules
        ],
    )


def signature_out(row: SignatureRow, digest: str) -> SignatureOut:
    o, s = row.organisation, row.signature
    return SignatureOut(
        organisation=SignatoryOrganisationOut(
            id=o.id,
            name=o.name,
            country=country_name(o.country_code) if o.country_code else None,
            country_code=o.country_code,
            region=o.region,
            global_south=o.global_south,
            constituency=o.constituency,
        ),
        signed_by=SignedByOut(id=s.user_id, name=row.signed_by),
        signed_at=iso(s.signed_at) or "",
        valid=s.digest == digest,
    )


def panel_out(panel: Panel) -> SignaturesOut:
    """The signatures panel on the wire."""
    digest = panel.digest
    return SignaturesOut(
        signatures=[signature_out(row, digest) for row in panel.signatures],
        coalition=coalition_out(panel.coalition),
        digest=digest,
        can_sign_for=[OrganisationRefOut(id=oid, name=name) for oid, name in panel.can_sign_for],
        closing_the_gap=[
            ClosingTheGapOut(
                rule=rule,
                organisations=[
                    OrganisationRefOut(id=c.organisation_id, name=c.name) for c in helpful
                ],
            )
            for rule, helpful in panel.closing_the_gap.items()
        ],
        mine=[
            MySignatureOut(
                organisation_id=m.signature.organisation_id,
                valid=m.signature.digest == digest,
                signed_text=m.signed_text,
                text_now=panel.text,
            )
            for m in panel.mine
        ],
    )


# -- routes -------------------------------------------------------------------------------------


@require_sign_in
async def list_signatures(request: Request, me: SignedIn) -> Response:
    panel = await signature_actions.signatures_panel(
        chorus_of(request), me.user, statement_id(request)
    )
    return JSONResponse(panel_out(panel).model_dump())


@require_sign_in
async def sign(request: Request, me: SignedIn) -> Response:
    """Sign the statement for one of one's organisations, or re-confirm a stale signature."""
    sid = statement_id(request)
    body = await read_json(request, SignatureIn)
    signed = await signature_actions.sign_statement(
        chorus_of(request), me.user, sid, body.organisation_id, body.digest
    )
    answer = SignatureAnswerOut(
        signature=signature_out(signed.signature, signed.digest),
        coalition=coalition_out(signed.coalition),
    )
    return JSONResponse(answer.model_dump(), status_code=201)


@require_sign_in
async def withdraw(request: Request, me: SignedIn) -> Response:
    """Withdraw one's own signature for an organisation; others' are theirs to withdraw."""
    sid = statement_id(request)
    oid = path_id(request, "organisation_id", "organisation")
    panel = await signature_actions.withdraw_signature(chorus_of(request), me.user, sid, oid)
    return JSONResponse(panel_out(panel).model_dump())
