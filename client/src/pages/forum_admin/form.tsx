// What the sections of the forum's administration page share: a form laid out as a grid, its
// error line, and dates entered in UTC.

import type { ComponentChildren } from "preact";

import { ApiError } from "../../api/client";
import { errorMessage } from "../common";

export interface Problem {
  readonly message: string;
  readonly field: string | null;
}

export function problemOf(caught: unknown): Problem {
  return {
    message: errorMessage(caught, "You are offline. Reconnect and try again."),
    field: caught instanceof ApiError ? caught.field : null,
  };
}

/** A form of the administration page: its fields in a grid, sent without leaving the page. */
export function AdminForm({
  onSubmit,
  children,
}: {
  readonly onSubmit: (event: Event) => Promise<void>;
  readonly children: ComponentChildren;
}) {
  return (
    <form
      class="admin-grid"
      onSubmit={(event) => {
        void onSubmit(event);
      }}
      noValidate
    >
      {children}
    </form>
  );
}

export function ErrorLine({ problem }: { readonly problem: Problem | null }) {
  return problem ? (
    <p class="message error" role="alert">
      {problem.message}
    </p>
  ) : null;
}

export function toLocalInput(iso: string | null): string {
  return iso ? iso.slice(0, 16) : "";
}

export function fromInput(value: string): string | null {
  return value ? `${value}:00Z` : null; // entered in UTC, as the agenda is
}
