// The forum's sessions, and adding one: each country it presents gets its statement.

import { useState } from "preact/hooks";

import { request } from "../../api/client";
import type { components } from "../../api/openapi";
import {
  AdminForm,
  ErrorLine,
  fromInput,
  problemOf,
  type Problem,
} from "./form";

type Overview = Readonly<components["schemas"]["OverviewOut"]>;

export function Sessions({
  forumId,
  overview,
  onAdded,
}: {
  readonly forumId: number;
  readonly overview: Overview;
  readonly onAdded: () => void;
}) {
  const [title, setTitle] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [countries, setCountries] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    try {
      await request("POST", "/api/forums/{forum_id}/sessions", {
        params: { forum_id: forumId },
        body: {
          title,
          starts_at: fromInput(startsAt),
          countries: countries
            .split(",")
            .map((c) => c.trim())
            .filter((c) => c !== ""),
        },
      });
      setTitle("");
      setStartsAt("");
      setCountries("");
      onAdded();
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  return (
    <section class="admin-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <ul class="people" data-testid="sessions">
        {overview.sessions.map((s) => (
          <li key={s.id}>
            {s.title}
            <span class="muted">
              {" "}
              · {s.countries.join(", ") || "no country"}
            </span>
          </li>
        ))}
      </ul>
      <AdminForm onSubmit={add}>
        <label class="field">
          <span>Session title</span>
          <input
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Starts (UTC)</span>
          <input
            type="datetime-local"
            value={startsAt}
            onInput={(e) => setStartsAt(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Countries (codes, in order: KE, or BR, CL, CO)</span>
          <input
            value={countries}
            onInput={(e) => setCountries(e.currentTarget.value)}
            aria-invalid={problem?.field === "countries"}
          />
        </label>
        <div>
          <button type="submit" class="button">
            Add the session
          </button>
        </div>
      </AdminForm>
      <ErrorLine problem={problem} />
    </section>
  );
}
