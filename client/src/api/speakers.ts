// Speakers as the API serves them: the forum's rules for speakers, the statement's
// volunteers (ranked and explained for the Steering Group), the confirmed speaker and backup,
// volunteering, withdrawing and confirming.
//
// The shapes are written out here until the generated contract types hold them; they follow
// schemas/api.py (SpeakersOut and its parts) field for field.

import { request } from "./client";
import type { MessageParams } from "./client";

export interface SpeakerRules {
  readonly version: number;
  readonly text: string;
  readonly written_at: string | null;
}

export interface PersonRef {
  readonly id: number;
  readonly name: string;
}

export interface Explanation {
  readonly code: string;
  readonly message: string;
  readonly params: MessageParams;
}

export interface Volunteer {
  readonly id: number;
  readonly name: string;
  readonly volunteered_at: string;
  readonly rules_version: number;
  readonly is_member: boolean;
  /** For the Steering Group: the place in the ranking (1 first) and why. */
  readonly position: number | null;
  readonly explanation: Explanation | null;
  /** For the Steering Group and the volunteer themself; null: not said, or not shown. */
  readonly is_national: boolean | null;
  readonly in_national_process: boolean | null;
}

export interface Speakers {
  readonly rules: SpeakerRules;
  readonly volunteers: readonly Volunteer[];
  readonly speaker: PersonRef | null;
  readonly backup: PersonRef | null;
  readonly confirmed_at: string | null;
  readonly can_volunteer: boolean;
  readonly can_confirm: boolean;
  readonly volunteering: boolean;
}

export interface VolunteerAnswers {
  readonly is_national: boolean | null;
  readonly in_national_process: boolean | null;
}

/** The error code of a volunteering that accepted rules for speakers since replaced. */
export const RULES_CHANGED = "speaker_rules_changed";

// The routes are not in the generated contract yet: the same request, untyped.
type Untyped = (
  method: "GET" | "POST" | "PUT" | "DELETE",
  route: string,
  options?: {
    readonly params?: Readonly<Record<string, string | number>>;
    readonly body?: unknown;
  },
) => Promise<unknown>;
const send = request as unknown as Untyped;

export async function getSpeakers(statementId: number): Promise<Speakers> {
  return (await send("GET", "/api/statements/{statement_id}/speakers", {
    params: { statement_id: statementId },
  })) as Speakers;
}

/** Volunteers, accepting version `rulesVersion` of the rules for speakers: refused
 * (409 speaker_rules_changed) when the facilitators have written a newer one since. */
export async function volunteer(
  statementId: number,
  rulesVersion: number,
  answers: VolunteerAnswers,
): Promise<Speakers> {
  return (await send(
    "POST",
    "/api/statements/{statement_id}/speakers/volunteer",
    {
      params: { statement_id: statementId },
      body: { accept_rules_version: rulesVersion, ...answers },
    },
  )) as Speakers;
}

export async function withdrawVolunteering(
  statementId: number,
): Promise<Speakers> {
  return (await send(
    "DELETE",
    "/api/statements/{statement_id}/speakers/volunteer",
    { params: { statement_id: statementId } },
  )) as Speakers;
}

export async function confirmSpeakers(
  statementId: number,
  speakerId: number,
  backupId: number | null,
): Promise<Speakers> {
  return (await send(
    "PUT",
    "/api/statements/{statement_id}/speakers/confirmed",
    {
      params: { statement_id: statementId },
      body: { speaker_id: speakerId, backup_id: backupId },
    },
  )) as Speakers;
}

export async function getSpeakerRules(forumId: number): Promise<SpeakerRules> {
  return (await send("GET", "/api/forums/{forum_id}/speaker-rules", {
    params: { forum_id: forumId },
  })) as SpeakerRules;
}

export async function writeSpeakerRules(
  forumId: number,
  text: string,
): Promise<SpeakerRules> {
  return (await send("PUT", "/api/forums/{forum_id}/speaker-rules", {
    params: { forum_id: forumId },
    body: { text },
  })) as SpeakerRules;
}

/** The confirmed speaker's name a statement of a list carries (`speaker`), or null. */
export function speakerName(statement: object): string | null {
  const name = (statement as { readonly speaker?: unknown }).speaker;
  return typeof name === "string" ? name : null;
}
