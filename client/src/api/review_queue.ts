// The Steering Group's review queue: a forum's open disputes, claiming one and deciding it.
// Filters travel in the page's address (so a moderator can share "unclaimed in session 2") and
// in the request, where the server applies them.

import { countdown } from "../limit/countdown";
import { request } from "./client";
import type { components } from "./openapi";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
type Schemas = components["schemas"];
/** An open dispute as the queue shows it (`due_at` null: the session has no date yet;
 * `country_code` "" for a joint statement). */
export type QueueItem = Readonly<Schemas["QueueItemOut"]>;
export type Outcome = Schemas["DecideIn"]["outcome"];

export type Claimed = "me" | "unclaimed";

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

// request() fills a route's path parameters and passes the rest of the address through, so the
// filters ride in the query string (the contract documents them as query parameters).
const getQueue = request as unknown as (
  method: "GET",
  route: string,
  options: { readonly params: { readonly forum_id: number } },
) => Promise<Schemas["ReviewQueueOut"]>;

/** The forum's open disputes that pass `filters`, in the server's queue order. */
export async function getReviewQueue(
  forumId: number,
  filters: QueueFilters,
): Promise<QueueItem[]> {
  const answer = await getQueue(
    "GET",
    `/api/forums/{forum_id}/review-queue${searchOf(filters)}`,
    { params: { forum_id: forumId } },
  );
  return answer.disputes;
}

/** Take the dispute on; rejects with 409 `already_claimed`, naming who, when someone else
 * holds it. */
export async function claimDispute(threadId: number): Promise<void> {
  await request("POST", "/api/threads/{thread_id}/claim", {
    params: { thread_id: threadId },
  });
}

/** Let go of a claim: one's own (no reason needed), or, as a facilitator of the forum,
 * someone else's with `reason`, which the thread and the audit log keep. */
export async function releaseClaim(
  threadId: number,
  reason: string | null,
): Promise<void> {
  await request("DELETE", "/api/threads/{thread_id}/claim", {
    params: { thread_id: threadId },
    body: reason === null ? {} : { reason },
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
  await request("POST", "/api/threads/{thread_id}/decide", {
    params: { thread_id: threadId },
    body:
      outcome === "own"
        ? { outcome, wording: wording ?? "", decision }
        : { outcome, decision },
  });
}
