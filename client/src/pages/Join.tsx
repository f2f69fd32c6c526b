// Joining through an invitation link: what it offers, then accept it as the person signed
// in, or create an account (name, email, a password of at least 10 characters).

import { useEffect, useState } from "preact/hooks";

import { ApiError, request, setCsrfToken } from "../api/client";
import type { components } from "../api/openapi";
import { ROLE_LABEL } from "../api/roles";
import { currentUser, type User } from "../api/session";
import { formatDue } from "../limit/countdown";
import {
  errorMessage,
  Frame,
  Pending,
  TextField,
  type Loadable,
} from "./common";

type Preview = Readonly<components["schemas"]["InvitationPreviewOut"]>;

export function Join({ token }: { readonly token: string }) {
  const [preview, setPreview] = useState<Loadable<Preview>>({
    kind: "loading",
  });
  const [me, setMe] = useState<User | null>(null);

  useEffect(() => {
    request("GET", "/api/invitations/{token}", { params: { token } }).then(
      (value) => setPreview({ kind: "ready", value }),
      (error: unknown) =>
        setPreview({ kind: "error", message: errorMessage(error) }),
    );
    currentUser().then(setMe, () => setMe(null));
  }, [token]);

  return (
    <Frame>
      <section class="card sign-in" aria-labelledby="join-title">
        <h1 id="join-title">Join Chorus</h1>
        <Pending
          state={preview}
          label="Opening the invitation…"
          testId="join-error"
        />
        {preview.kind === "ready" ? (
          <>
            <p class="lead" data-testid="join-offer">
              {preview.value.invited_by ?? "The forum"} invites you to{" "}
              <strong>{preview.value.forum}</strong> as{" "}
              {ROLE_LABEL[preview.value.role]}
              {preview.value.statement
                ? `, in the drafting group of “${preview.value.statement}”`
                : ""}
              .
            </p>
            <p class="muted join-expiry">
              The link works once, until{" "}
              {formatDue(new Date(preview.value.expires_at))}.
            </p>
            {me ? (
              <AcceptAsMe token={token} me={me} />
            ) : (
              <NewAccount token={token} />
            )}
          </>
        ) : null}
      </section>
    </Frame>
  );
}

function afterJoining(): void {
  location.assign("/");
}

function AcceptAsMe({
  token,
  me,
}: {
  readonly token: string;
  readonly me: User;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class="button primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          request("POST", "/api/invitations/{token}/accept", {
            params: { token },
            body: {},
          }).then(afterJoining, (caught: unknown) => {
            setError(errorMessage(caught));
            setBusy(false);
          });
        }}
      >
        {busy ? "Joining…" : `Accept as ${me.name}`}
      </button>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

function NewAccount({ token }: { readonly token: string }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{
    message: string;
    field: string | null;
  } | null>(null);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await request("POST", "/api/invitations/{token}/accept", {
        params: { token },
        body: { name, email, password },
        withoutCsrf: true,
      });
      // A new account is signed in at once (201, a session); the contract also allows the
      // answer to a signed-in person's acceptance, which carries no token.
      if ("csrf_token" in answer) setCsrfToken(answer.csrf_token);
      afterJoining();
    } catch (caught) {
      setError({
        message: errorMessage(caught),
        field: caught instanceof ApiError ? caught.field : null,
      });
      setBusy(false);
    }
  };

  const invalid = (field: string): boolean => error?.field === field;
  return (
    <form
      onSubmit={(event) => {
        void submit(event);
      }}
      noValidate
      aria-busy={busy}
    >
      <TextField
        id="join-name"
        label="Your name"
        autocomplete="name"
        value={name}
        onValue={setName}
        invalid={invalid("name")}
      />
      <TextField
        id="join-email"
        label="Email"
        type="email"
        autocomplete="username"
        value={email}
        onValue={setEmail}
        invalid={invalid("email")}
      />
      <TextField
        id="join-password"
        label="Password"
        type="password"
        autocomplete="new-password"
        value={password}
        onValue={setPassword}
        invalid={invalid("password")}
        hint="At least 10 characters. A few words in a row make a good password."
      />
      {error ? (
        <p class="message error" role="alert" data-testid="join-error">
          {error.message}
        </p>
      ) : null}
      <button class="button primary" type="submit" disabled={busy}>
        {busy ? "Joining…" : "Create my account and join"}
      </button>
    </form>
  );
}
