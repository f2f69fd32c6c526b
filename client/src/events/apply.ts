// What an event from /ws/events changes in a list of statements. Pure, so it is tested
// without a socket.

import type { components } from "../api/openapi";
import type { StatementSummary } from "../api/statements";

// Generated from the server's event models (schemas/events.py, through schemas/openapi.json):
// `npm run openapi`.
export type ChorusEvent = Readonly<components["schemas"]["Event"]>;

// Every event type, as a record so that a new event the server sends fails the type check
// until it is listed here (checked below; a type listed before the generated types hold it
// passes too).
const KNOWN_TYPES = {
  hello: true,
  "statement.state": true,
  "statement.count": true,
  "statement.presence": true,
  "statement.people": true,
  forum: true,
  membership: true,
  notices: true,
  "statement.threads": true,
  "statement.signatures": true,
  "statement.speakers": true,
  review_queue: true,
} as const;
const TYPES: Readonly<Record<ChorusEvent["type"], true>> = KNOWN_TYPES;

function isEventType(type: string): type is ChorusEvent["type"] {
  return Object.hasOwn(TYPES, type);
}

/** An event from its JSON text, or null for anything that is not one. */
export function parseEvent(text: string): ChorusEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === "object" &&
      value !== null &&
      "type" in value &&
      typeof value.type === "string" &&
      isEventType(value.type)
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
    case "statement.threads":
      // Not part of a summary: the statement page reloads its people and its threads.
      return statements;
    case "statement.signatures":
      // The counts come from the server's coalition rules: the lists read them again.
      return statements;
    default:
      // statement.speakers: the lists read the speaker's name again.
      return statements;
  }
  const copy = [...statements];
  copy[index] = next;
  return copy;
}
