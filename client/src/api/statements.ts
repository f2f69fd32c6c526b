// Statements as the API returns them.

import type { Limits } from "../limit/status";
import { request } from "./client";

export type StatementState = "drafting" | "final" | "delivered";

export interface ApiLimits {
  readonly words: number;
  readonly seconds: number;
  readonly speaking_rate: number;
}

export interface StatementSummary {
  readonly id: number;
  readonly title: string;
  /** The country's name. */
  readonly country: string;
  readonly country_code: string;
  readonly forum: string;
  readonly session: string;
  readonly state: StatementState;
  readonly words: number;
  readonly seconds: number;
  readonly limits: ApiLimits;
  readonly language: string;
  readonly dir: "ltr" | "rtl";
}

export interface Statement extends StatementSummary {
  readonly over_limit: boolean;
  readonly can_edit: boolean;
}

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
