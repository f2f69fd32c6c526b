// Comment threads, suggestions and disputes on a statement's passages, as the API serves
// them. Offsets sent here are positions in the statement's text as Yjs counts them (UTF-16
// code units), which are also the editor's positions.

import { request } from "./client";

// The thread models as the shared contract describes them, until the server's wire models
// are in the generated types (then: components["schemas"]["ThreadOut"]).
export type ThreadKind = "comment" | "dispute";
export type ThreadState = "open" | "resolved" | "decided";
export type SuggestionState = "pending" | "accepted" | "declined";
export type Outcome = "keep" | "proposal" | "own";
export type MessageKind = "comment" | "reply" | "decision" | "note";

export interface ThreadMessage {
  readonly id: number;
  /** The author's display name; null for the server's own notes. */
  readonly author: string | null;
  readonly text: string;
  readonly at: string;
  readonly kind: MessageKind;
}

export interface Thread {
  readonly id: number;
  readonly statement_id: number;
  readonly kind: ThreadKind;
  readonly state: ThreadState;
  /** The passage as it was when the thread began. */
  readonly quote: string;
  /** Where the passage is now (UTF-16 offsets); null once it is gone. */
  readonly anchor: { readonly start: number; readonly end: number } | null;
  /** The anchors as base64 Yjs relative positions, for the editor to resolve live. */
  readonly position: { readonly start: string; readonly end: string };
  readonly passage_now: string | null;
  readonly passage_changed: boolean;
  readonly suggestion: string | null;
  readonly suggestion_state: SuggestionState | null;
  /** Words past the limit if the suggestion were accepted now; null when it fits. */
  readonly suggestion_over_by: number | null;
  readonly created_by: string;
  readonly created_at: string;
  readonly messages: readonly ThreadMessage[];
  readonly reason: string | null;
  readonly proposed_wording: string | null;
  readonly opened_at: string | null;
  readonly claimed_by: string | null;
  readonly decided_by: string | null;
  readonly outcome: Outcome | null;
  readonly decision: string | null;
}

// The same request() as every other call, without the route typing the generated contract
// gives (these routes are not in it yet).
const send = request as unknown as (
  method: "GET" | "POST",
  route: string,
  options: {
    readonly params: Readonly<Record<string, number>>;
    readonly body?: unknown;
  },
) => Promise<unknown>;

async function thread(answer: Promise<unknown>): Promise<Thread> {
  return ((await answer) as { thread: Thread }).thread;
}

export async function listThreads(statementId: number): Promise<Thread[]> {
  const answer = await send("GET", "/api/statements/{statement_id}/threads", {
    params: { statement_id: statementId },
  });
  return [...(answer as { threads: Thread[] }).threads];
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
    send("POST", "/api/statements/{statement_id}/threads", {
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
    send("POST", "/api/statements/{statement_id}/disputes", {
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
    send("POST", "/api/threads/{thread_id}/replies", {
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
    send("POST", `/api/threads/{thread_id}/${step}`, {
      params: { thread_id: threadId },
      body: {},
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
    send("POST", "/api/threads/{thread_id}/escalate", {
      params: { thread_id: threadId },
      body: wording === null ? { reason } : { reason, wording },
    }),
  );
}
