// A person's role in a forum, as people call it.

import type { components } from "./openapi";

export type ForumRole = components["schemas"]["CandidateOut"]["role"];

export const ROLE_LABEL: Readonly<Record<ForumRole, string>> = {
  contributor: "contributor",
  moderator: "Steering Group member",
  facilitator: "Task Group facilitator",
  observer: "observer (read-only)",
};

/** Every role, in the order the pages offer them. */
export const ROLES: readonly ForumRole[] = [
  "contributor",
  "moderator",
  "facilitator",
  "observer",
];
