// Comment threads, suggestions and disputes on a statement's passages, as the API serves
// them. Offsets sent here are positions in the statement's text as Yjs counts them (UTF-16
// code units), which are also the editor's positions.

import { request } from "./client";
import type { components } from "./openapi";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
type Schemas = components["schemas"];

export type Thread = Readonly<Schemas["ThreadOut"]>;
export type ThreadMessage = Readonly<Schemas["ThreadMessageOut"]>;
export type ThreadKind = Thread["kind"];
export type ThreadState = Thread["state"];
export type Outcome = NonNullable<Thread["outcome"]>;

async function thread(
  answer: Promise<Schemas["ThreadAnswerOut"]>,
): Promise<Thread> {
  return (await answer).thread;
}

export async function listThreads(statementId: number): Promise<Thread[]> {
  const answer = await request(
    "GET",
    "/api/statements/{statement_id}/threads",
    { params: { statement_id: statementId } },
  );
  return answer.threads;
}

/** A comment on the passage from `start` to `end`; with `suggestion` (other wording for
 * the passage; "" deletes it), a suggestion. */
export function startThread(
  statementId: number,
  start: number,
  end: number,
  text: string,
  suggestion: string | null,
): Promise<Thread> {
  return thread(
    request("POST", "/api/statements/{statement_id}/threads", {
      params: { statement_id: statementId },
      body:
        suggestion === null
          ? { start, end, text }
          : { start, end, text, suggestion },
    }),
  );
}

/** A dispute opened on the passage directly, for the Steering Group to decide. */
export function openDispute(
  statementId: number,
  start: number,
  end: number,
  reason: string,
  wording: string | null,
): Promise<Thread> {
  return thread(
    request("POST", "/api/statements/{statement_id}/disputes", {
      params: { statement_id: statementId },
      body:
        wording === null
          ? { start, end, reason }
          : { start, end, reason, wording },
    }),
  );
}

export function reply(threadId: number, text: string): Promise<Thread> {
  return thread(
    request("POST", "/api/threads/{thread_id}/replies", {
      params: { thread_id: threadId },
      body: { text },
    }),
  );
}

/** The steps on a thread that take no values. */
export type ThreadStep = "accept" | "decline" | "resolve" | "reopen" | "claim";

export function takeThreadStep(
  threadId: number,
  step: ThreadStep,
): Promise<Thread> {
  return thread(
    request("POST", `/api/threads/{thread_id}/${step}`, {
      params: { thread_id: threadId },
    }),
  );
}

/** Turns a comment thread the group cannot settle into a dispute. */
export function escalate(
  threadId: number,
  reason: string,
  wording: string | null,
): Promise<Thread> {
  return thread(
    request("POST", "/api/threads/{thread_id}/escalate", {
      params: { thread_id: threadId },
      body: wording === null ? { reason } : { reason, wording },
    }),
  );
}
