// The header's right side on every signed-in page: who is signed in, and signing out.

import { useState } from "preact/hooks";

import { signOut, type User } from "../api/session";
import { displayName } from "../sync/presence";
import { errorMessage, type Loadable } from "./common";

function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await signOut();
      location.assign("/sign-in");
    } catch (caught) {
      setError(errorMessage(caught, "You are offline. Reconnect to sign out."));
      setBusy(false);
    }
  };
  return (
    <>
      {error ? (
        <span class="header-error" role="alert">
          {error}
        </span>
      ) : null}
      <button
        class="button quiet"
        type="button"
        disabled={busy}
        onClick={() => {
          void onClick();
        }}
      >
        {busy ? "Signing out…" : "Sign out"}
      </button>
    </>
  );
}

/** The header's right side once the session is known: who is signed in, and sign out. */
export function SignedInActions({ user }: { readonly user: Loadable<User> }) {
  if (user.kind !== "ready") return null;
  return (
    <>
      <UserBadge user={user.value} />
      <SignOutButton />
    </>
  );
}

function UserBadge({ user }: { readonly user: User }) {
  return (
    <span class="user-name">{displayName(user.name, user.organisations)}</span>
  );
}
