// Co-signing as the API serves it: who signed a statement for which organisation, whether
// each signature is still on the text as it is now, the forum's coalition rules against the
// valid ones, and signing, re-confirming and withdrawing.

import { request, type MessageParams } from "./client";
import type { Method } from "./contract";

// Local copies of the wire shapes until the generated contract types hold them; they
// follow the documented contract field for field.

export interface SignatoryOrganisation {
  readonly id: number;
  readonly name: string;
  readonly country: string | null;
  /** UN regional group code (AFR, APG, EEG, GRULAC, WEOG); a global organisation names its
   * primary region. */
  readonly region: string | null;
  readonly global_south: boolean;
  readonly constituency: string;
}

export interface Named {
  readonly id: number;
  readonly name: string;
}

export interface Signature {
  readonly organisation: SignatoryOrganisation;
  readonly signed_by: Named;
  readonly signed_at: string;
  /** Signed on the text as it is now; a stale signature counts nowhere. */
  readonly valid: boolean;
}

export interface CoalitionRule {
  readonly rule: string;
  readonly needed: number;
  readonly have: number;
  readonly met: boolean;
  /** Required rules block finalising; advisory ones are only shown. */
  readonly required: boolean;
  readonly message: string;
  readonly code?: string;
  readonly params?: MessageParams;
  readonly missing?: readonly string[];
}

export interface Coalition {
  readonly met: boolean;
  readonly rules: readonly CoalitionRule[];
}

export interface GapClosers {
  readonly rule: string;
  readonly organisations: readonly Named[];
}

/** One of the viewer's own signatures, with the text signed and the text now. */
export interface MySignature {
  readonly organisation_id: number;
  readonly valid: boolean;
  readonly signed_text: string;
  readonly text_now: string;
}

export interface Signatures {
  readonly signatures: readonly Signature[];
  readonly coalition: Coalition;
  /** The digest of the statement's text now, as the server has it. */
  readonly digest: string;
  /** The organisations the viewer may sign for on this statement. */
  readonly can_sign_for: readonly Named[];
  readonly closing_the_gap: readonly GapClosers[];
  readonly mine: readonly MySignature[];
}

/** The error code of a signature on a text that changed while the person read it. */
export const TEXT_CHANGED = "text_changed";

// Until the routes are in the generated contract, `request` is called without its typed
// signature; the answers are the shapes above.
type LooseRequest = (
  method: Method,
  route: string,
  options: {
    readonly params: Readonly<Record<string, string | number>>;
    readonly body?: unknown;
  },
) => Promise<unknown>;
const looseRequest = request as unknown as LooseRequest;

export async function getSignatures(statementId: number): Promise<Signatures> {
  const answer = await looseRequest(
    "GET",
    "/api/statements/{statement_id}/signatures",
    { params: { statement_id: statementId } },
  );
  return answer as Signatures;
}

/** Signs for `organisationId`, or re-confirms a stale signature: `digest` is the digest of
 * the text the person read, so the server refuses (409 text_changed) if it changed since. */
export async function sign(
  statementId: number,
  organisationId: number,
  digest: string,
): Promise<void> {
  await looseRequest("POST", "/api/statements/{statement_id}/signatures", {
    params: { statement_id: statementId },
    body: { organisation_id: organisationId, digest },
  });
}

/** Withdraws the viewer's own signature for `organisationId`. */
export async function withdraw(
  statementId: number,
  organisationId: number,
): Promise<void> {
  await looseRequest(
    "DELETE",
    "/api/statements/{statement_id}/signatures/{organisation_id}",
    {
      params: { statement_id: statementId, organisation_id: organisationId },
    },
  );
}

// The UN regional groups, as the organisations page names them.
const REGION_LABEL: Readonly<Record<string, string>> = {
  AFR: "African States",
  APG: "Asia-Pacific States",
  EEG: "Eastern European States",
  GRULAC: "Latin American and Caribbean States",
  WEOG: "Western European and Other States",
};

export function regionLabel(code: string | null): string | null {
  if (code === null) return null;
  return REGION_LABEL[code] ?? code;
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

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null;
}

/** What a statement of a list says about its signatures; null from a server that does not
 * say (read field by field until the generated contract types hold them). */
export function signatureCount(statement: object): SignatureCount | null {
  const { signatures, coalition_met } = statement as Readonly<
    Record<string, unknown>
  >;
  if (!isRecord(signatures) || typeof coalition_met !== "boolean") return null;
  const { valid, organisations, stale } = signatures;
  if (typeof valid !== "number" || typeof organisations !== "number")
    return null;
  return {
    valid,
    organisations,
    stale: typeof stale === "number" ? stale : 0,
    coalitionMet: coalition_met,
  };
}

/** A member of an organisation, and whether they may sign for it. */
export interface OrganisationMember {
  readonly id: number;
  readonly name: string;
  /** Authorised by the organisation to speak for it: may sign statements for it. */
  readonly may_sign: boolean;
}

function memberFrom(value: unknown): OrganisationMember[] {
  if (!isRecord(value)) return [];
  const { id, name, may_sign } = value;
  if (
    typeof id !== "number" ||
    typeof name !== "string" ||
    typeof may_sign !== "boolean"
  )
    return [];
  return [{ id, name, may_sign }];
}

/** An organisation's members as the organisations list gives them to those who record who
 * may sign (facilitators, site administrators); null for everyone else. */
export function organisationMembers(
  organisation: object,
): OrganisationMember[] | null {
  const { members } = organisation as Readonly<Record<string, unknown>>;
  return Array.isArray(members) ? members.flatMap(memberFrom) : null;
}

/** Records that `userId` may (or may no longer) sign for `organisationId`; answers with the
 * organisation's members now. */
export async function setMaySign(
  organisationId: number,
  userId: number,
  maySign: boolean,
): Promise<OrganisationMember[]> {
  const answer = await looseRequest(
    maySign ? "PUT" : "DELETE",
    "/api/organisations/{organisation_id}/signers/{user_id}",
    { params: { organisation_id: organisationId, user_id: userId } },
  );
  return organisationMembers(isRecord(answer) ? answer : {}) ?? [];
}
