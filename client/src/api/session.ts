// The signed-in person: sign in, check, sign out.

import { request, setCsrfToken } from "./client";
import type { components } from "./openapi";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
export type User = Readonly<components["schemas"]["UserOut"]>;
type SessionAnswer = Readonly<components["schemas"]["SessionOut"]>;

async function remember(answer: Promise<SessionAnswer>): Promise<User> {
  const { user, csrf_token } = await answer;
  setCsrfToken(csrf_token);
  return user;
}

export function signIn(email: string, password: string): Promise<User> {
  return remember(
    request("POST", "/api/session", {
      body: { email, password },
      withoutCsrf: true,
    }),
  );
}

/** Rejects with ApiError status 401 when nobody is signed in. */
export function currentUser(): Promise<User> {
  return remember(request("GET", "/api/session"));
}

export async function signOut(): Promise<void> {
  await request("DELETE", "/api/session");
  setCsrfToken(null);
}
