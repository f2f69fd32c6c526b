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
  const answer = await request<{ statements: StatementSummary[] }>(
    "GET",
    "/api/statements",
  );
  return answer.statements;
}

export function getStatement(id: number): Promise<Statement> {
  return request<Statement>("GET", `/api/statements/${id}`);
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
  const answer = await request<Readonly<Schemas["TransitionOut"]>>(
    "POST",
    `/api/statements/${id}/transitions`,
    { body: { transition, reason } },
  );
  return answer.statement;
}

export async function getAuditLog(id: number): Promise<AuditEntry[]> {
  const answer = await request<Readonly<Schemas["AuditLogOut"]>>(
    "GET",
    `/api/statements/${id}/audit-log`,
  );
  return answer.entries;
}

export function getPeople(id: number): Promise<StatementPeople> {
  return request<StatementPeople>("GET", `/api/statements/${id}/people`);
}

/** Where a person is placed on a statement: its drafting group, or its guiding moderators. */
export type Place = "drafting-group" | "guides";
export type Candidate = Readonly<Schemas["CandidateOut"]>;

/** Put a person in (`present`) or out of a place; answers with the statement's people now. */
export function placePerson(
  id: number,
  place: Place,
  userId: number,
  present: boolean,
): Promise<StatementPeople> {
  return request<StatementPeople>(
    present ? "PUT" : "DELETE",
    `/api/statements/${id}/${place}/${userId}`,
  );
}
