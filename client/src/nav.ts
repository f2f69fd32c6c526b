// Addresses between screens. Every screen change is a full page load: main.ts
// reads the address and mounts the screen.

/** Only same-site paths are followed after signing in (no open redirect). */
export function safeNext(raw: string | null | undefined): string {
  if (
    !raw ||
    !raw.startsWith("/") ||
    raw.startsWith("//") ||
    raw.startsWith("/\\")
  )
    return "/";
  if (/[\u0000-\u001f]/.test(raw)) return "/";
  if (raw === "/sign-in" || raw.startsWith("/sign-in?")) return "/";
  return raw;
}

export function signInUrl(next: string): string {
  const target = safeNext(next);
  return target === "/"
    ? "/sign-in"
    : `/sign-in?next=${encodeURIComponent(target)}`;
}

/** Sends the person to sign in, coming back here afterwards. */
export function goToSignIn(): void {
  location.replace(signInUrl(location.pathname + location.search));
}

export type Route =
  | { readonly screen: "sign-in"; readonly next: string }
  | { readonly screen: "statements" }
  | { readonly screen: "statement"; readonly id: number }
  | { readonly screen: "speak"; readonly id: number }
  | { readonly screen: "overview"; readonly forumId: number }
  | { readonly screen: "review-queue"; readonly forumId: number }
  | { readonly screen: "admin"; readonly forumId: number }
  | { readonly screen: "join"; readonly token: string }
  | { readonly screen: "not-found" };

export function route(pathname: string, search: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/sign-in") {
    return {
      screen: "sign-in",
      next: safeNext(new URLSearchParams(search).get("next")),
    };
  }
  if (path === "/" || path === "") return { screen: "statements" };
  const match = /^\/statements\/(\d{1,15})$/.exec(path);
  if (match?.[1]) return { screen: "statement", id: Number(match[1]) };
  const speak = /^\/statements\/(\d{1,15})\/speak$/.exec(path);
  if (speak?.[1]) return { screen: "speak", id: Number(speak[1]) };
  const admin = /^\/forums\/(\d{1,15})\/admin$/.exec(path);
  if (admin?.[1]) return { screen: "admin", forumId: Number(admin[1]) };
  const join = /^\/join\/([A-Za-z0-9_-]{1,200})$/.exec(path);
  if (join?.[1]) return { screen: "join", token: join[1] };
  const overview = /^\/forums\/(\d{1,15})\/overview$/.exec(path);
  if (overview?.[1])
    return { screen: "overview", forumId: Number(overview[1]) };
  const queue = /^\/forums\/(\d{1,15})\/review-queue$/.exec(path);
  if (queue?.[1]) return { screen: "review-queue", forumId: Number(queue[1]) };
  return { screen: "not-found" };
}
