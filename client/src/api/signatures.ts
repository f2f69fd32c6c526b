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
 * may sign (facilitators, site administrators) and to its own signatories; null for everyone
 * else. */
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

export type Organisation = Readonly<Schemas["OrganisationOut"]>;

/** Every organisation; each with its members for those who may see them (its signatories,
 * facilitators, site administrators). */
export async function listOrganisations(): Promise<readonly Organisation[]> {
  const answer = await request("GET", "/api/organisations");
  return answer.organisations;
}

/** An organisation the viewer may sign for, and the others who may sign for it too. */
export interface FellowSigners {
  readonly organisation: Named;
  readonly others: readonly OrganisationMember[];
}

/** For each organisation `userId` may sign for, the other members who may: what its
 * signatories are told about each other's rights. Organisations nobody else signs for are
 * left out. */
export function fellowSigners(
  organisations: readonly Organisation[],
  userId: number,
): FellowSigners[] {
  const found: FellowSigners[] = [];
  for (const o of organisations) {
    const members = organisationMembers(o) ?? [];
    if (!members.some((m) => m.id === userId && m.may_sign)) continue;
    const others = members.filter((m) => m.may_sign && m.id !== userId);
    if (others.length > 0)
      found.push({ organisation: { id: o.id, name: o.name }, others });
  }
  return found;
}

// A grant's day, as the other dates of the client: "7 Dec 2026".
const GRANTED_ON = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
});

/** "granted by Ingrid Halvorsen on 7 Dec 2026", or null for a member without the right or a
 * right older than the record of who grants them. */
export function grantSentence(member: OrganisationMember): string | null {
  if (!member.may_sign || member.granted_by === null) return null;
  const at = member.granted_at === null ? null : new Date(member.granted_at);
  return at === null || Number.isNaN(at.getTime())
    ? `granted by ${member.granted_by}`
    : `granted by ${member.granted_by} on ${GRANTED_ON.format(at)}`;
}
