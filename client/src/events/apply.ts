// What an event from /ws/events changes in a list of statements. Pure, so it is tested
// without a socket.

import type { StatementSummary } from "../api/statements";

export type ChorusEvent =
  | { readonly type: "hello"; readonly statement_ids: readonly number[] }
  | {
      readonly type: "statement.state";
      readonly statement_id: number;
      readonly state: StatementSummary["state"];
      readonly by: string | null;
    }
  | {
      readonly type: "statement.count";
      readonly statement_id: number;
      readonly words: number;
      readonly seconds: number;
      readonly over_limit: boolean;
    }
  | {
      readonly type: "statement.presence";
      readonly statement_id: number;
      readonly editors: readonly string[];
    }
  | { readonly type: "statement.people"; readonly statement_id: number }
  | { readonly type: "forum"; readonly forum_id: number }
  | { readonly type: "membership" };

const TYPES = new Set([
  "hello",
  "statement.state",
  "statement.count",
  "statement.presence",
  "statement.people",
  "forum",
  "membership",
]);

/** An event from its JSON text, or null for anything that is not one. */
export function parseEvent(text: string): ChorusEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === "object" &&
      value !== null &&
      "type" in value &&
      typeof value.type === "string" &&
      TYPES.has(value.type)
    ) {
      return value as ChorusEvent;
    }
  } catch {
    // not JSON: ignored
  }
  return null;
}

/** The statements after `event`; the same array when nothing changed. */
export function applyEvent(
  statements: readonly StatementSummary[],
  event: ChorusEvent,
): readonly StatementSummary[] {
  if (!("statement_id" in event)) return statements;
  const index = statements.findIndex((s) => s.id === event.statement_id);
  const current = statements[index];
  if (current === undefined) return statements;
  let next: StatementSummary;
  switch (event.type) {
    case "statement.state":
      next = {
        ...current,
        state: event.state,
        outstanding: current.outstanding && event.state === "drafting",
      };
      break;
    case "statement.count":
      next = {
        ...current,
        words: event.words,
        seconds: event.seconds,
        over_limit: event.over_limit,
      };
      break;
    case "statement.presence":
      next = { ...current, editing_now: [...event.editors] };
      break;
    case "statement.people":
      // Not part of a summary: the statement page reloads its people.
      return statements;
  }
  const copy = [...statements];
  copy[index] = next;
  return copy;
}
