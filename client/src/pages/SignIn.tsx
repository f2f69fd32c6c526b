// Sign in with email and password, then go to `next` (or the statement list).

import { useEffect, useRef, useState } from "preact/hooks";

import { ApiError } from "../api/client";
import { currentUser, signIn } from "../api/session";
import { safeNext } from "../nav";
import { errorMessage, Frame } from "./common";

export function SignIn({ next }: { readonly next: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{
    message: string;
    field: string | null;
  } | null>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  // Already signed in (say, from another tab): go straight on.
  useEffect(() => {
    let active = true;
    currentUser().then(
      () => {
        if (active) location.replace(safeNext(next));
      },
      () => undefined,
    );
    emailInput.current?.focus();
    return () => {
      active = false;
    };
  }, [next]);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (email.trim() === "" || password === "") {
      const field = email.trim() === "" ? "email" : "password";
      setError({ message: "Enter your email and password.", field });
      (field === "email" ? emailInput : passwordInput).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      location.assign(safeNext(next));
    } catch (caught) {
      const field = caught instanceof ApiError ? caught.field : null;
      setError({ message: errorMessage(caught), field });
      setBusy(false);
      (field === "email" ? emailInput : passwordInput).current?.focus();
    }
  };

  const invalid = (name: string): boolean =>
    error !== null &&
    (error.field === name || (error.field === null && name === "password"));

  return (
    <Frame>
      <section class="card sign-in" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in</h1>
        <p class="lead">
          Write your organisation's statements together with the coalition.
        </p>
        <form
          onSubmit={(event) => {
            void submit(event);
          }}
          noValidate
          aria-busy={busy}
        >
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              ref={emailInput}
              type="email"
              name="email"
              autocomplete="username"
              inputMode="email"
              required
              value={email}
              onInput={(event) => setEmail(event.currentTarget.value)}
              aria-invalid={invalid("email")}
              aria-describedby={error ? "sign-in-error" : undefined}
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              ref={passwordInput}
              type="password"
              name="password"
              autocomplete="current-password"
              required
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
              aria-invalid={invalid("password")}
              aria-describedby={error ? "sign-in-error" : undefined}
            />
          </div>
          {error ? (
            <p
              id="sign-in-error"
              class="message error"
              role="alert"
              data-testid="sign-in-error"
            >
              {error.message}
            </p>
          ) : null}
          <button class="button primary" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </section>
    </Frame>
  );
}
