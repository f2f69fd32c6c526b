// "My statements": every statement the person can open, with its length.

import { useEffect, useState } from "preact/hooks";

import type { User } from "../api/session";
import { signOut } from "../api/session";
import {
  listStatements,
  STATE_LABEL,
  type StatementSummary,
} from "../api/statements";
import { formatSeconds } from "../limit/status";
import { displayName } from "../sync/presence";
import {
  errorMessage,
  Frame,
  Loading,
  useSignedInUser,
  type Loadable,
} from "./common";

export function SignOutButton() {
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

export function UserBadge({ user }: { readonly user: User }) {
  return (
    <span class="user-name">{displayName(user.name, user.organisations)}</span>
  );
}

function StatementRow({ statement }: { readonly statement: StatementSummary }) {
  const over = statement.words > statement.limits.words;
  return (
    <li
      class="statement-row"
      data-testid="statement-row"
      data-statement-id={statement.id}
    >
      <a href={`/statements/${statement.id}`} class="row-link">
        <span class="row-context">
          {statement.forum} · {statement.session}
        </span>
        <span class="row-title">
          <span class="row-country">{statement.country}</span>
          {statement.title ? (
            <span class="row-name">{statement.title}</span>
          ) : null}
        </span>
        <span class="row-meta">
          <span class={`badge state-${statement.state}`}>
            {STATE_LABEL[statement.state]}
          </span>
          <span class={over ? "row-length over" : "row-length"}>
            {`${statement.words} / ${statement.limits.words} words · ${formatSeconds(statement.seconds)} / ${formatSeconds(statement.limits.seconds)}`}
          </span>
        </span>
      </a>
    </li>
  );
}

function StatementList({
  statements,
}: {
  readonly statements: Loadable<StatementSummary[]>;
}) {
  if (statements.kind === "loading")
    return <Loading label="Loading your statements…" />;
  if (statements.kind === "error") {
    return (
      <p class="message error" role="alert">
        {statements.message}
      </p>
    );
  }
  if (statements.value.length === 0) {
    return (
      <div class="empty" data-testid="statements-empty">
        <p>You have no statements yet.</p>
        <p class="muted">
          When a coordinator adds you to a country statement, it will appear
          here.
        </p>
      </div>
    );
  }
  return (
    <ul class="statement-list" aria-label="Statements">
      {statements.value.map((statement) => (
        <StatementRow key={statement.id} statement={statement} />
      ))}
    </ul>
  );
}

export function Statements() {
  const user = useSignedInUser();
  const [statements, setStatements] = useState<Loadable<StatementSummary[]>>({
    kind: "loading",
  });

  useEffect(() => {
    if (user.kind !== "ready") return;
    let active = true;
    listStatements().then(
      (value) => {
        if (active) setStatements({ kind: "ready", value });
      },
      (error: unknown) => {
        const offline =
          "You are offline. Your statements will be listed once you reconnect.";
        if (active)
          setStatements({
            kind: "error",
            message: errorMessage(error, offline),
          });
      },
    );
    return () => {
      active = false;
    };
  }, [user.kind]);

  const actions = <SignedInActions user={user} />;

  return (
    <Frame actions={actions}>
      <h1>My statements</h1>
      {user.kind === "loading" ? (
        <Loading label="Checking your session…" />
      ) : null}
      {user.kind === "error" ? (
        <p class="message error" role="alert">
          {user.message}
        </p>
      ) : null}
      {user.kind === "ready" ? <StatementList statements={statements} /> : null}
    </Frame>
  );
}
