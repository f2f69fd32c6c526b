// Co-signing as the API serves it: who signed a statement for which organisation, whether
// each signature is still on the text as it is now, the forum's coalition rules against the
// valid ones, and signing, re-confirming and withdrawing.

import { request } from "./client";
import type { components } from "./openapi";
import type { StatementSummary } from "./statements";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
type Schemas = components["schemas"];

export type Named = Readonly<Schemas["OrganisationRefOut"]>;
export type Signature = Readonly<Schemas["SignatureOut"]>;
export type CoalitionRule = Readonly<Schemas["CoalitionRuleOut"]>;
export type GapClosers = Readonly<Schemas["ClosingTheGapOut"]>;
/** One of the viewer's own signatures, with the text signed and the text now. */
export type MySignature = Readonly<Schemas["MySignatureOut"]>;
export type Signatures = Readonly<Schemas["SignaturesOut"]>;
/** A member of an organisation, and whether they may sign for it. */
export type OrganisationMember = Readonly<Schemas["OrganisationMemberOut"]>;

/** The error code of a signature on a text that changed while the person read it. */
export const TEXT_CHANGED = "text_changed";

export function getSignatures(statementId: number): Promise<Signatures> {
  return request("GET", "/api/statements/{statement_id}/signatures", {
    params: { statement_id: statementId },
  });
}

/** Signs for `organisationId`, or re-confirms a stale signature: `digest` is the digest of
 * the text the person read, so the server refuses (409 text_changed) if it changed since. */
export async function sign(
  statementId: number,
  organisationId: number,
  digest: string,
): Promise<void> {
  await request("POST", "/api/statements/{statement_id}/signatures", {
    params: { statement_id: statementId },
    body: { organisation_id: organisationId, digest },
  });
}

/** Withdraws the viewer's own signature for `organisationId`. */
export async function withdraw(
  statementId: number,
  organisationId: number,
): Promise<void> {
  await request(
    "DELETE",
    "/api/statements/{statement_id}/signatures/{organisation_id}",
    {
      params: { statement_id: statementId, organisation_id: organisationId },
    },
  );
}

// The UN regional groups, as the organisations page names them.
const REGION_LABEL: Readonly<
  Record<NonNullable<Signature["organisation"]["region"]>, string>
> = {
  AFR: "African States",
  APG: "Asia-Pacific States",
  EEG: "Eastern European States",
  GRULAC: "Latin American and Caribbean States",
  WEOG: "Western European and Other States",
};

export function regionLabel(
  code: Signature["organisation"]["region"],
): string | null {
  return code === null ? null : REGION_LABEL[code];
}

/** A statement's signatures at a glance, as the statement lists give them. */
export interface SignatureCount {
  /** Valid signatures. */
  readonly valid: number;
  /** Distinct organisations among them: what the coalition rules count. */
  readonly organisations: number;
  /** Signatures on another text than the one now. */
  readonly stale: number;
  /** Every required coalition rule is met by the valid signatures. */
  readonly coalitionMet: boolean;
}

export function signatureCount(statement: StatementSummary): SignatureCount {
  return {
    ...statement.signatures,
    coalitionMet: statement.coalition_met,
  };
}

/** An organisation's members as the organisations list gives them to those who record who
 * may sign (facilitators, site administrators); null for everyone else. */
export function organisationMembers(
  organisation: Readonly<Schemas["OrganisationOut"]>,
): readonly OrganisationMember[] | null {
  return organisation.members ?? null;
}

/** Records that `userId` may (or may no longer) sign for `organisationId`; answers with the
 * organisation's members now. */
export async function setMaySign(
  organisationId: number,
  userId: number,
  maySign: boolean,
): Promise<OrganisationMember[]> {
  const answer = await request(
    maySign ? "PUT" : "DELETE",
    "/api/organisations/{organisation_id}/signers/{user_id}",
    { params: { organisation_id: organisationId, user_id: userId } },
  );
  return answer.members;
}
