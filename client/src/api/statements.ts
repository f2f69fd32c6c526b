// Statements as the API returns them.

import type { Limits } from "../limit/status";
import { request } from "./client";
import type { components } from "./openapi";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
type Schemas = components["schemas"];

export type StatementState = Schemas["StatementOut"]["state"];
export type ApiLimits = Readonly<Schemas["LimitsOut"]>;
export type StatementSummary = Readonly<Schemas["StatementOut"]>;
export type Statement = Readonly<Schemas["StatementDetailOut"]>;

export const STATE_LABEL: Readonly<Record<StatementState, string>> = {
  drafting: "Drafting",
  final: "Final",
  delivered: "Delivered",
};

export function toLimits(limits: ApiLimits): Limits {
  return {
    words: limits.words,
    seconds: limits.seconds,
    speakingRate: limits.speaking_rate,
  };
}

export async function listStatements(): Promise<StatementSummary[]> {
  const answer = await request("GET", "/api/statements");
  return answer.statements;
}

export function getStatement(id: number): Promise<Statement> {
  return request("GET", "/api/statements/{statement_id}", {
    params: { statement_id: id },
  });
}

export type Transition = Schemas["TransitionIn"]["transition"];
export type AuditEntry = Readonly<Schemas["AuditEntryOut"]>;
export type Person = Readonly<Schemas["PersonOut"]>;
export type StatementPeople = Readonly<Schemas["StatementPeopleOut"]>;

export const TRANSITION_LABEL: Readonly<Record<Transition, string>> = {
  finalise: "Finalise",
  reopen: "Reopen",
  deliver: "Mark delivered",
};

export async function takeStep(
  id: number,
  transition: Transition,
  reason: string | null,
): Promise<Statement> {
  const answer = await request(
    "POST",
    "/api/statements/{statement_id}/transitions",
    { params: { statement_id: id }, body: { transition, reason } },
  );
  return answer.statement;
}

export async function getAuditLog(id: number): Promise<AuditEntry[]> {
  const answer = await request(
    "GET",
    "/api/statements/{statement_id}/audit-log",
    {
      params: { statement_id: id },
    },
  );
  return answer.entries;
}

export function getPeople(id: number): Promise<StatementPeople> {
  return request("GET", "/api/statements/{statement_id}/people", {
    params: { statement_id: id },
  });
}

/** Where a person is placed on a statement: its drafting group, its guiding moderators, or
 * its reviewers. */
export type Place = "drafting-group" | "guides" | "reviewers";
/** Someone who could be placed; `role` is null for an outside reviewer (no role in the forum). */
export type Candidate =
  Readonly<Schemas["CandidateOut"]> | Readonly<Schemas["ReviewerCandidateOut"]>;

/** Put a person in (`present`) or out of a place; answers with the statement's people now. */
export function placePerson(
  id: number,
  place: Place,
  userId: number,
  present: boolean,
): Promise<StatementPeople> {
  return request(
    present ? "PUT" : "DELETE",
    `/api/statements/{statement_id}/${place}/{user_id}`,
    { params: { statement_id: id, user_id: userId } },
  );
}
