// Pieces shared by the screens: the signed-in check and the page frame.

import type { ComponentChildren } from "preact";
import { useEffect, useState, type Inputs } from "preact/hooks";

import { ApiError, NETWORK_ERROR_CODE } from "../api/client";
import { currentUser, type User } from "../api/session";
import {
  chooseLanguage,
  currentLanguage,
  LANGUAGE_NAMES,
  LANGUAGES,
} from "../i18n";
import { goToSignIn } from "../nav";

export type Loadable<T> =
  | { readonly kind: "loading" }
  | { readonly kind: "ready"; readonly value: T }
  | { readonly kind: "error"; readonly message: string };

const OFFLINE_TEXT =
  "You are offline and this page has not been opened on this device before. Reconnect and try again.";

export function errorMessage(
  error: unknown,
  offlineText: string = OFFLINE_TEXT,
): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR_CODE) return offlineText;
    return error.message;
  }
  return "Something went wrong. Please reload the page.";
}

/** The signed-in person; sends everyone else to the sign-in page. */
export function useSignedInUser(): Loadable<User> {
  const [state, setState] = useState<Loadable<User>>({ kind: "loading" });
  useEffect(() => {
    let active = true;
    currentUser().then(
      (user) => {
        if (active) setState({ kind: "ready", value: user });
      },
      (error: unknown) => {
        if (!active) return;
        if (error instanceof ApiError && error.status === 401) {
          goToSignIn();
          return;
        }
        setState({ kind: "error", message: errorMessage(error) });
      },
    );
    return () => {
      active = false;
    };
  }, []);
  return state;
}

interface FrameProps {
  readonly children: ComponentChildren;
  readonly actions?: ComponentChildren;
  readonly wide?: boolean;
}

/** Header with the product name, then the screen. */
export function Frame({ children, actions, wide }: FrameProps) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <div class={wide ? "bar wide" : "bar"}>
          <a class="brand" href="/">
            Chorus
          </a>
          {actions ? <div class="header-actions">{actions}</div> : null}
          <LanguagePicker />
        </div>
      </header>
      <main id="main" class={wide ? "page wide" : "page"} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The interface's language, on every page (the sign-in page included). A choice is kept in
 * this browser and the page reloads in it. */
export function LanguagePicker() {
  const current = currentLanguage();
  return (
    <label class="language-picker">
      {/* Said in all three, so whoever cannot read the current one still finds it. */}
      <span class="sr-only">Language · Langue · Idioma</span>
      <select
        value={current}
        onChange={(event) => {
          const chosen = (event.currentTarget as HTMLSelectElement).value;
          const language = LANGUAGES.find((l) => l === chosen);
          if (language && language !== current) {
            chooseLanguage(language);
            location.reload();
          }
        }}
      >
        {LANGUAGES.map((language) => (
          <option value={language} lang={language} key={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Loading({ label }: { readonly label: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

interface TextFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly type?: "text" | "email" | "password";
  readonly autocomplete?: string;
  readonly invalid?: boolean;
  /** A line under the field that says what is expected. */
  readonly hint?: string;
}

/** A labelled text input of a form, marked invalid when the server named it. */
export function TextField({
  id,
  label,
  value,
  onValue,
  type = "text",
  autocomplete,
  invalid = false,
  hint,
}: TextFieldProps) {
  const common = {
    id,
    autocomplete,
    value,
    onInput: (e: { currentTarget: HTMLInputElement }) =>
      onValue(e.currentTarget.value),
    "aria-invalid": invalid,
    "aria-describedby": hint ? `${id}-hint` : undefined,
  };
  // Preact types each kind of input apart, so the type is written out.
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {type === "password" ? (
        <input type="password" {...common} />
      ) : type === "email" ? (
        <input type="email" {...common} />
      ) : (
        <input type="text" {...common} />
      )}
      {hint ? (
        <p id={`${id}-hint`} class="muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** What a page shows while `state` is not ready: the loading line, or the error. Nothing once
 * it is ready (the page shows the value itself). */
export function Pending<T>({
  state,
  label,
  testId,
}: {
  readonly state: Loadable<T>;
  readonly label: string;
  readonly testId?: string;
}) {
  if (state.kind === "loading") return <Loading label={label} />;
  if (state.kind === "error")
    return (
      <p class="message error" role="alert" data-testid={testId}>
        {state.message}
      </p>
    );
  return null;
}

/** A value loaded by `load` and loaded again whenever `inputs` change (`load` null: nothing to
 * load). A failed load keeps what was shown; an answer that arrives after the inputs changed
 * is dropped. The setter lets the page show a newer value it already has. */
export function useReloaded<T>(
  load: (() => Promise<T>) | null,
  inputs: Inputs,
): [T | null, (value: T) => void] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (load === null) return;
    let active = true;
    load().then(
      (loaded) => {
        if (active) setValue(loaded);
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, inputs);
  return [value, setValue];
}
