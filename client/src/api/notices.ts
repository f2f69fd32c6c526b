// What is new for the signed-in person: mentions of them, disputes opened or decided on
// their statements.

import { request } from "./client";
import type { components } from "./openapi";

export type Notice = Readonly<components["schemas"]["NoticeOut"]>;

export async function listNotices(): Promise<Notice[]> {
  const answer = await request("GET", "/api/me/notices");
  return answer.notices;
}

/** Marks the person's own notices seen; answers how many were unseen. */
export async function markNoticesSeen(ids: readonly number[]): Promise<number> {
  const answer = await request("POST", "/api/me/notices/seen", {
    body: { ids: [...ids] },
  });
  return answer.marked;
}

// Checked against the generated kinds below; kinds listed before the generated types hold
// them pass too.
const KNOWN_KINDS = {
  mention: "mentioned you",
  dispute_opened: "opened a dispute",
  dispute_decided: "decided a dispute",
  speaker_confirmed: "confirmed you as the speaker",
  backup_confirmed: "confirmed you as the backup speaker",
  speaker_withdrew: "withdrew as the confirmed speaker",
} as const;
const DID: Readonly<Record<Notice["kind"], string>> = KNOWN_KINDS;

/** The notice as a sentence: who did what, on which statement. */
export function noticeSentence(notice: Notice): string {
  return `${notice.by ?? "Someone"} ${DID[notice.kind]} on ${notice.statement}`;
}

/** Where the notice leads: the statement, at its thread when it has one. */
export function noticeHref(notice: Notice): string {
  const page = `/statements/${notice.statement_id}`;
  return notice.thread_id === null
    ? page
    : `${page}#thread-${notice.thread_id}`;
}
