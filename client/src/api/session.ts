// The signed-in person: sign in, check, sign out.

import { followAccount, type Language } from "../i18n";
import { request, setCsrfToken } from "./client";
import type { components } from "./openapi";

// Generated from the server's wire models (schemas/openapi.json): `npm run openapi`.
export type User = Readonly<components["schemas"]["UserOut"]>;
type SessionAnswer = Readonly<components["schemas"]["SessionOut"]>;

/** `reload` shows the page again in the account's language; signing in leaves the page
 * anyway, and the next one opens in it. */
async function remember(
  answer: Promise<SessionAnswer>,
  reload: () => void,
): Promise<User> {
  const { user, csrf_token } = await answer;
  setCsrfToken(csrf_token);
  // Every answer that says who is signed in: their account's language is followed, or the
  // one chosen here (the sign-in page) is kept on it before the page moves on.
  await followAccount(
    user.interface_language ?? null,
    keepInterfaceLanguage,
    reload,
  );
  return user;
}

/** Keep `language` on the signed-in person's account. */
export function keepInterfaceLanguage(language: Language): Promise<unknown> {
  return request("PUT", "/api/me/interface-language", { body: { language } });
}

export function signIn(email: string, password: string): Promise<User> {
  return remember(
    request("POST", "/api/session", {
      body: { email, password },
      withoutCsrf: true,
    }),
    () => {},
  );
}

/** Rejects with ApiError status 401 when nobody is signed in. */
export function currentUser(): Promise<User> {
  return remember(request("GET", "/api/session"), () => location.reload());
}

export async function signOut(): Promise<void> {
  await request("DELETE", "/api/session");
  setCsrfToken(null);
}
