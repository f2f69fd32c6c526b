// Running a forum (facilitators): its settings, its sessions, its people and their roles,
// and invitation links.

import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";

import { ApiError, request } from "../api/client";
import type { components } from "../api/openapi";
import { errorMessage, Frame, Loading, useSignedInUser } from "./common";
import { SignedInActions } from "./Statements";

type Schemas = components["schemas"];
type Overview = Readonly<Schemas["OverviewOut"]>;
type Forum = Readonly<Schemas["ForumOut"]>;
type Person = Readonly<Schemas["ForumPersonOut"]>;
type Role = Schemas["ForumPersonOut"]["role"];
type ForumLog = Readonly<Schemas["AuditLogOut"]>;

const ROLES: readonly Role[] = [
  "contributor",
  "moderator",
  "facilitator",
  "observer",
];

interface Problem {
  readonly message: string;
  readonly field: string | null;
}

function problemOf(caught: unknown): Problem {
  return {
    message: errorMessage(caught, "You are offline. Reconnect and try again."),
    field: caught instanceof ApiError ? caught.field : null,
  };
}

export function ForumAdmin({ forumId }: { readonly forumId: number }) {
  const user = useSignedInUser();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [people, setPeople] = useState<readonly Person[] | null>(null);
  const [history, setHistory] = useState<ForumLog | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = (): void => {
    const params = { forum_id: forumId };
    request("GET", "/api/forums/{forum_id}/overview", { params }).then(
      setOverview,
      (caught: unknown) => setError(errorMessage(caught)),
    );
    request("GET", "/api/forums/{forum_id}/people", { params }).then(
      (answer) => setPeople(answer.people),
      (caught: unknown) => setError(errorMessage(caught)),
    );
    request("GET", "/api/forums/{forum_id}/audit-log", { params }).then(
      setHistory,
      (caught: unknown) => setError(errorMessage(caught)),
    );
  };
  useEffect(() => {
    if (user.kind === "ready") reload();
  }, [forumId, user.kind]);

  return (
    <Frame actions={<SignedInActions user={user} />} wide>
      <p class="back">
        <a href="/">← My statements</a>
      </p>
      <h1>{overview ? `Run ${overview.forum.name}` : "Run the forum"}</h1>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
      {overview === null && error === null ? (
        <Loading label="Loading the forum…" />
      ) : null}
      {overview ? (
        <div class="admin">
          <Settings forum={overview.forum} onSaved={reload} />
          <Sessions forumId={forumId} overview={overview} onAdded={reload} />
          <Invite forumId={forumId} overview={overview} />
          {people ? (
            <People forumId={forumId} people={people} onChanged={reload} />
          ) : null}
          <Organisations />
          {history ? <History log={history} /> : null}
        </div>
      ) : null}
    </Frame>
  );
}

/** A form of the administration page: its fields in a grid, sent without leaving the page. */
function AdminForm({
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

function ErrorLine({ problem }: { readonly problem: Problem | null }) {
  return problem ? (
    <p class="message error" role="alert">
      {problem.message}
    </p>
  ) : null;
}

function toLocalInput(iso: string | null): string {
  return iso ? iso.slice(0, 16) : "";
}

function fromInput(value: string): string | null {
  return value ? `${value}:00Z` : null; // entered in UTC, as the agenda is
}

function Settings({
  forum,
  onSaved,
}: {
  readonly forum: Forum;
  readonly onSaved: () => void;
}) {
  const [form, setForm] = useState(() => ({
    name: forum.name,
    languages: forum.languages.join(", "),
    time_zone: forum.time_zone,
    word_limit: String(forum.limits.words),
    seconds_limit: String(forum.limits.seconds),
    speaking_rate: String(forum.limits.speaking_rate),
    survey_closes_at: toLocalInput(forum.survey_closes_at),
    drafting_closes_at: toLocalInput(forum.drafting_closes_at),
    outstanding_settled_by: toLocalInput(forum.outstanding_settled_by),
    coalition_min_organisations: String(forum.coalition.min_organisations),
    coalition_min_regions: String(forum.coalition.min_regions),
    coalition_min_global_south: String(forum.coalition.min_global_south),
    coalition_min_constituencies: String(forum.coalition.min_constituencies),
  }));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const set =
    (field: keyof typeof form) =>
    (event: { currentTarget: HTMLInputElement }): void => {
      setSaved(false);
      setForm({ ...form, [field]: event.currentTarget.value });
    };

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    const number = (value: string): number => Number(value);
    try {
      await request("PATCH", "/api/forums/{forum_id}", {
        params: { forum_id: forum.id },
        body: {
          name: form.name,
          languages: form.languages
            .split(",")
            .map((code) => code.trim())
            .filter((code) => code !== ""),
          time_zone: form.time_zone,
          word_limit: number(form.word_limit),
          seconds_limit: number(form.seconds_limit),
          speaking_rate: number(form.speaking_rate),
          survey_closes_at: fromInput(form.survey_closes_at),
          drafting_closes_at: fromInput(form.drafting_closes_at),
          outstanding_settled_by: fromInput(form.outstanding_settled_by),
          coalition_min_organisations: number(form.coalition_min_organisations),
          coalition_min_regions: number(form.coalition_min_regions),
          coalition_min_global_south: number(form.coalition_min_global_south),
          coalition_min_constituencies: number(
            form.coalition_min_constituencies,
          ),
        },
      });
      setSaved(true);
      onSaved();
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  const field = (
    name: keyof typeof form,
    label: string,
    type: "text" | "number" | "datetime-local" = "text",
  ) => {
    const common = {
      value: form[name],
      onInput: set(name),
      "aria-invalid": problem?.field === name,
    };
    return (
      <label class="field">
        <span>{label}</span>
        {type === "number" ? (
          <input type="number" {...common} />
        ) : type === "datetime-local" ? (
          <input type="datetime-local" {...common} />
        ) : (
          <input type="text" {...common} />
        )}
      </label>
    );
  };

  return (
    <section class="admin-section" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form
        onSubmit={(event) => {
          void save(event);
        }}
        noValidate
      >
        <div class="admin-grid">
          {field("name", "Name")}
          {field("languages", "Languages (codes)")}
          {field("time_zone", "Time zone")}
          {field("word_limit", "Word limit", "number")}
          {field("seconds_limit", "Time limit (seconds)", "number")}
          {field("speaking_rate", "Speaking rate (words a minute)", "number")}
          {field("survey_closes_at", "Survey closes (UTC)", "datetime-local")}
          {field(
            "drafting_closes_at",
            "Drafting closes (UTC)",
            "datetime-local",
          )}
          {field(
            "outstanding_settled_by",
            "Outstanding settled by (UTC)",
            "datetime-local",
          )}
          {field(
            "coalition_min_organisations",
            "Co-signing: at least … organisations",
            "number",
          )}
          {field(
            "coalition_min_regions",
            "… from different UN regions",
            "number",
          )}
          {field(
            "coalition_min_global_south",
            "… from the global south",
            "number",
          )}
          {field(
            "coalition_min_constituencies",
            "… constituency types",
            "number",
          )}
        </div>
        {problem ? (
          <p class="message error" role="alert" data-testid="settings-error">
            {problem.message}
          </p>
        ) : null}
        <button type="submit" class="button primary inline">
          Save settings
        </button>
        {saved ? (
          <span class="muted" role="status" data-testid="settings-saved">
            {" "}
            Saved.
          </span>
        ) : null}
      </form>
    </section>
  );
}

function Sessions({
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

function Invite({
  forumId,
  overview,
}: {
  readonly forumId: number;
  readonly overview: Overview;
}) {
  const [role, setRole] = useState<Role>("contributor");
  const [statementId, setStatementId] = useState("");
  const [note, setNote] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    setLink(null);
    try {
      const made = await request("POST", "/api/forums/{forum_id}/invitations", {
        params: { forum_id: forumId },
        body: {
          role,
          statement_id: statementId ? Number(statementId) : null,
          note: note || null,
        },
      });
      setLink(`${location.origin}${made.link ?? ""}`);
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  return (
    <section class="admin-section" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <AdminForm onSubmit={create}>
        <label class="field">
          <span>Role</span>
          <select
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Drafting group</span>
          <select
            value={statementId}
            onChange={(e) => setStatementId(e.currentTarget.value)}
          >
            <option value="">None</option>
            {overview.statements.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.country}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>For (a note for you)</span>
          <input value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div>
          <button type="submit" class="button">
            Create the link
          </button>
        </div>
      </AdminForm>
      {link ? (
        <p class="message info" data-testid="invitation-link">
          Send this link; it works once, for 7 days: <code>{link}</code>
        </p>
      ) : null}
      <ErrorLine problem={problem} />
    </section>
  );
}

function People({
  forumId,
  people,
  onChanged,
}: {
  readonly forumId: number;
  readonly people: readonly Person[];
  readonly onChanged: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const change = async (person: Person, value: string): Promise<void> => {
    setProblem(null);
    const role = ROLES.find((r) => r === value) ?? null; // "": no role
    try {
      await request("PUT", "/api/forums/{forum_id}/people/{user_id}", {
        params: { forum_id: forumId, user_id: person.id },
        body: { role },
      });
      onChanged();
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  return (
    <section class="admin-section" aria-labelledby="people-title">
      <h2 id="people-title">People and roles</h2>
      <table class="overview" data-testid="forum-people">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Organisations</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} data-person={person.name}>
              <td>{person.name}</td>
              <td>{person.organisations.join(", ")}</td>
              <td>
                <a href={`mailto:${person.email}`}>{person.email}</a>
              </td>
              <td>
                <select
                  aria-label={`Role of ${person.name}`}
                  value={person.role}
                  onChange={(e) => {
                    void change(person, e.currentTarget.value);
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                  <option value="">no role</option>
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem ? (
        <p class="message error" role="alert">
          {problem}
        </p>
      ) : null}
    </section>
  );
}

type OrganisationList = Readonly<Schemas["OrganisationListOut"]>;
type Region = NonNullable<Schemas["OrganisationIn"]["region"]>;

// The UN regions the contract knows, as a record so that tsc notices a new one.
const REGIONS: Readonly<Record<Region, true>> = {
  AFR: true,
  APG: true,
  EEG: true,
  GRULAC: true,
  WEOG: true,
};

function isRegion(code: string): code is Region {
  return Object.hasOwn(REGIONS, code);
}

function Organisations() {
  const [list, setList] = useState<OrganisationList | null>(null);
  const [name, setName] = useState("");
  const [country, setCountry] = useState("");
  const [region, setRegion] = useState("");
  const [constituency, setConstituency] = useState("ngos");
  const [other, setOther] = useState("");
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = (): void => {
    request("GET", "/api/organisations").then(setList, () => setList(null));
  };
  useEffect(load, []);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    setProblem(null);
    try {
      await request("POST", "/api/organisations", {
        body: {
          name,
          country_code: country || null,
          region: isRegion(region) ? region : null,
          constituency,
          constituency_other: constituency === "other" ? other : null,
        },
      });
      setName("");
      setCountry("");
      setRegion("");
      setOther("");
      load();
    } catch (caught) {
      setProblem(problemOf(caught));
    }
  };

  if (list === null) return null;
  return (
    <section class="admin-section" aria-labelledby="organisations-title">
      <h2 id="organisations-title">Organisations</h2>
      <table class="overview" data-testid="organisations">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Country</th>
            <th scope="col">UN region</th>
            <th scope="col">Global south</th>
            <th scope="col">Constituency</th>
          </tr>
        </thead>
        <tbody>
          {list.organisations.map((o) => (
            <tr key={o.id}>
              <td>{o.name}</td>
              <td>{o.country ?? "global"}</td>
              <td>{o.region ? (list.regions[o.region] ?? o.region) : "—"}</td>
              <td>{o.global_south ? "yes" : "no"}</td>
              <td>{o.constituency_label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AdminForm onSubmit={add}>
        <label class="field">
          <span>Organisation</span>
          <input
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
            aria-invalid={problem?.field === "name"}
          />
        </label>
        <label class="field">
          <span>Country code (empty: global)</span>
          <input
            value={country}
            maxLength={2}
            onInput={(e) => setCountry(e.currentTarget.value)}
            aria-invalid={problem?.field === "country_code"}
          />
        </label>
        <label class="field">
          <span>Primary UN region</span>
          <select
            value={region}
            onChange={(e) => setRegion(e.currentTarget.value)}
          >
            <option value="">From the country</option>
            {Object.entries(list.regions).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Constituency</span>
          <select
            aria-label="Constituency"
            value={constituency}
            onChange={(e) => setConstituency(e.currentTarget.value)}
          >
            {Object.entries(list.constituencies).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {constituency === "other" ? (
          <label class="field">
            <span>Which constituency?</span>
            <input
              value={other}
              onInput={(e) => setOther(e.currentTarget.value)}
              aria-invalid={problem?.field === "constituency_other"}
            />
          </label>
        ) : null}
        <div>
          <button type="submit" class="button">
            Add the organisation
          </button>
        </div>
      </AdminForm>
      <ErrorLine problem={problem} />
    </section>
  );
}

/** The forum's history, newest first: who gave which role, who placed whom on which statement,
 * every statement's steps. */
function History({ log }: { readonly log: ForumLog }) {
  return (
    <section class="admin-section" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {log.entries.length === 0 ? (
        <p class="muted">Nothing has happened in this forum yet.</p>
      ) : (
        <ol class="audit-log forum-log" data-testid="forum-log">
          {log.entries.map((entry) => (
            <li key={entry.id}>
              {entry.statement && entry.statement_id !== null ? (
                <a
                  class="log-statement"
                  href={`/statements/${entry.statement_id}`}
                >
                  {entry.statement}
                </a>
              ) : null}
              {entry.sentence}
            </li>
          ))}
        </ol>
      )}
      {log.older_entries ? (
        <p class="muted">
          Only the latest {log.entries.length} changes are shown.
        </p>
      ) : null}
    </section>
  );
}
