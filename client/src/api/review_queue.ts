// The Steering Group's review queue: a forum's open disputes, claiming one and deciding it.
// Filters travel in the page's address (so a moderator can share "unclaimed in session 2") and
// in the request, where the server applies them.

import { countdown } from "../limit/countdown";
import { request } from "./client";

// The queue's wire models as the server sends them (schemas/api.py QueueItemOut), until they
// are in the generated types (then: components["schemas"]["QueueItemOut"]).
export interface QueueItem {
  readonly thread_id: number;
  readonly statement_id: number;
  /** The statement's title. */
  readonly statement: string;
  /** The statement's country; "Joint statement" for a group session's. */
  readonly country: string;
  /** "" for a joint statement. */
  readonly country_code: string;
  readonly session_id: number;
  readonly session: string;
  /** The session's start; null while it has no date. */
  readonly due_at: string | null;
  readonly state: "open";
  readonly claimed_by: string | null;
  readonly claimed_by_me: boolean;
  readonly opened_at: string;
  readonly quote: string;
  readonly reason: string;
  readonly proposed_wording: string | null;
}

export type Claimed = "me" | "unclaimed";
export type Outcome = "keep" | "proposal" | "own";

export interface QueueFilters {
  readonly session: number | null;
  readonly country: string | null;
  readonly claimed: Claimed | null;
}

export const NO_FILTERS: QueueFilters = {
  session: null,
  country: null,
  claimed: null,
};

export function hasFilters(filters: QueueFilters): boolean {
  return (
    filters.session !== null ||
    filters.country !== null ||
    filters.claimed !== null
  );
}

/** The filters in a page address's query; what cannot be one is left out. */
export function filtersFromSearch(search: string): QueueFilters {
  const query = new URLSearchParams(search);
  const session = query.get("session") ?? "";
  const country = (query.get("country") ?? "").toUpperCase();
  const claimed = query.get("claimed");
  return {
    session: /^\d{1,12}$/.test(session) ? Number(session) : null,
    country: /^[A-Z]{2,3}$/.test(country) ? country : null,
    claimed: claimed === "me" || claimed === "unclaimed" ? claimed : null,
  };
}

/** The query for `filters`: "" without any, "?session=2&claimed=me" otherwise. */
export function searchOf(filters: QueueFilters): string {
  const query = new URLSearchParams();
  if (filters.session !== null) query.set("session", String(filters.session));
  if (filters.country !== null) query.set("country", filters.country);
  if (filters.claimed !== null) query.set("claimed", filters.claimed);
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

/** How long ago a dispute was opened: "just now" within the minute (and for a moment the
 * browser's clock has not reached yet), otherwise as `countdown` says it ("3 hours ago"). */
export function openedAgo(opened: Date, now: Date): string {
  return now.getTime() - opened.getTime() < 60_000
    ? "just now"
    : countdown(opened, now);
}

export interface Choice<T> {
  readonly value: T;
  readonly label: string;
  readonly count: number;
}

/** What the filters offer: the sessions (in queue order, so the soonest first) and the
 * countries (by name) that have open disputes, each with how many. */
export function filterChoices(disputes: readonly QueueItem[]): {
  readonly sessions: readonly Choice<number>[];
  readonly countries: readonly Choice<string>[];
} {
  const sessions = new Map<number, Choice<number>>();
  const countries = new Map<string, Choice<string>>();
  for (const d of disputes) {
    const session = sessions.get(d.session_id);
    sessions.set(d.session_id, {
      value: d.session_id,
      label: d.session,
      count: (session?.count ?? 0) + 1,
    });
    // A joint statement has no country of its own: it is found by its session.
    if (d.country_code === "") continue;
    const country = countries.get(d.country_code);
    countries.set(d.country_code, {
      value: d.country_code,
      label: d.country,
      count: (country?.count ?? 0) + 1,
    });
  }
  return {
    sessions: [...sessions.values()],
    countries: [...countries.values()].sort((a, b) =>
      a.label.localeCompare(b.label),
    ),
  };
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

/** The forum's open disputes that pass `filters`, in the server's queue order. */
export async function getReviewQueue(
  forumId: number,
  filters: QueueFilters,
): Promise<QueueItem[]> {
  const answer = await send(
    "GET",
    `/api/forums/{forum_id}/review-queue${searchOf(filters)}`,
    { params: { forum_id: forumId } },
  );
  return [...(answer as { disputes: QueueItem[] }).disputes];
}

/** Take the dispute on; rejects with 409 `already_claimed`, naming who, when someone else
 * holds it. */
export async function claimDispute(threadId: number): Promise<void> {
  await send("POST", "/api/threads/{thread_id}/claim", {
    params: { thread_id: threadId },
    body: {},
  });
}

/** Decide a dispute one holds: keep the text, apply the proposed wording, or apply
 * `wording`; `decision` is the written reasoning everyone sees. */
export async function decideDispute(
  threadId: number,
  outcome: Outcome,
  wording: string | null,
  decision: string,
): Promise<void> {
  await send("POST", "/api/threads/{thread_id}/decide", {
    params: { thread_id: threadId },
    body:
      outcome === "own"
        ? { outcome, wording: wording ?? "", decision }
        : { outcome, decision },
  });
}

/** Whether the person works the forum's review queue, from their session's forum roles
 * (read defensively until the field is in the generated types). */
export function worksReviewQueue(forum: object): boolean {
  return (
    "can_work_review_queue" in forum && forum.can_work_review_queue === true
  );
}
