// Who is here: the awareness "user" field, and reading it back from others.
//
// y-codemirror.next draws remote cursors from `user.name`, `user.color` and
// `user.colorLight`; `id` lets us show one entry per person across their tabs.

export interface PresenceUser {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly colorLight: string;
}

// Dark enough for white text on a cursor label and readable as text on white.
export const PALETTE = [
  "#1d6fb8",
  "#b3261e",
  "#1b7f4b",
  "#8a4fbf",
  "#b35c00",
  "#00796b",
  "#c2185b",
  "#4e5bb8",
  "#6d6d00",
  "#a1457a",
  "#2f7d95",
  "#7a5230",
];

export function userColor(userId: number): {
  color: string;
  colorLight: string;
} {
  const index =
    ((Math.trunc(userId) % PALETTE.length) + PALETTE.length) % PALETTE.length;
  const color = PALETTE[index] ?? "#1d6fb8";
  return { color, colorLight: `${color}33` };
}

/** "Amina Yusuf (Kenya Youth Network)", "Mei (A, B)", or just the name. */
export function displayName(
  name: string,
  organisations: readonly string[],
): string {
  const orgs = organisations.map((o) => o.trim()).filter((o) => o !== "");
  return orgs.length > 0 ? `${name} (${orgs.join(", ")})` : name;
}

export function presenceUser(user: {
  id: number;
  name: string;
  organisations: readonly string[];
}): PresenceUser {
  return {
    id: user.id,
    name: displayName(user.name, user.organisations),
    ...userColor(user.id),
  };
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Reads one remote awareness state; anything malformed is ignored. */
export function readPresence(state: unknown): PresenceUser | null {
  if (typeof state !== "object" || state === null) return null;
  const user: unknown = (state as { user?: unknown }).user;
  if (typeof user !== "object" || user === null) return null;
  const { id, name, color, colorLight } = user as Record<string, unknown>;
  if (typeof name !== "string" || name.trim() === "") return null;
  const safeColor =
    typeof color === "string" && COLOR.test(color) ? color : "#555555";
  return {
    id: typeof id === "number" ? id : -1,
    name: name.slice(0, 200),
    color: safeColor,
    colorLight: typeof colorLight === "string" ? colorLight : `${safeColor}33`,
  };
}

/**
 * Everyone else here now, one entry per person, sorted by name. `states` is
 * awareness.getStates(); the local client and the signed-in person's other
 * tabs are left out.
 */
export function othersHere(
  states: ReadonlyMap<number, unknown>,
  selfClientId: number,
  selfUserId: number,
): PresenceUser[] {
  const byPerson = new Map<string, PresenceUser>();
  for (const [clientId, state] of states) {
    if (clientId === selfClientId) continue;
    const user = readPresence(state);
    if (user === null || user.id === selfUserId) continue;
    const key = user.id >= 0 ? `id:${user.id}` : `client:${clientId}`;
    if (!byPerson.has(key)) byPerson.set(key, user);
  }
  return [...byPerson.values()].sort((a, b) => a.name.localeCompare(b.name));
}
