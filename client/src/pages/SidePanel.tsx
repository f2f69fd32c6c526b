// The statement's side panel: where it stands (state, limit, deadline), who works on it,
// what this person may do with it, and its audit log.

import { useState } from "preact/hooks";

import { ROLE_LABEL } from "../api/roles";
import {
  getAuditLog,
  getPeople,
  placePerson,
  STATE_LABEL,
  takeStep,
  TRANSITION_LABEL,
  type AuditEntry,
  type Candidate,
  type Person,
  type Place,
  type Statement,
  type StatementPeople,
  type Transition,
} from "../api/statements";
import { countdown, formatDue } from "../limit/countdown";
import { formatSeconds } from "../limit/status";
import { errorMessage, useReloaded } from "./common";

interface SidePanelProps {
  readonly statement: Statement;
  /** Bumped whenever the statement's state or people may have changed (reload them). */
  readonly revision: number;
  readonly onChanged: (statement: Statement) => void;
}

export function SidePanel({ statement, revision, onChanged }: SidePanelProps) {
  const [people, setPeople] = useReloaded(
    () => getPeople(statement.id),
    [statement.id, revision],
  );
  const [log] = useReloaded(
    statement.can_see_audit_log ? () => getAuditLog(statement.id) : null,
    [statement.id, statement.can_see_audit_log, statement.state, revision],
  );

  return (
    <aside class="side-panel" aria-label="About this statement">
      <Standing statement={statement} />
      {statement.actions.length > 0 ? (
        <Actions statement={statement} onChanged={onChanged} />
      ) : null}
      <People
        title="Drafting group"
        statementId={statement.id}
        place="drafting-group"
        people={people?.drafting_group}
        candidates={people?.can_change_group ? people.group_candidates : null}
        onChanged={setPeople}
      />
      <People
        title="Guiding moderators"
        statementId={statement.id}
        place="guides"
        people={people?.guiding_moderators}
        candidates={people?.can_change_guides ? people.guide_candidates : null}
        onChanged={setPeople}
      />
      {people &&
      (people.reviewers.length > 0 || people.can_change_reviewers) ? (
        // Read, comment and suggest; never edit. Shown once someone reviews, or to those who
        // choose reviewers.
        <People
          title="Reviewers"
          statementId={statement.id}
          place="reviewers"
          people={people.reviewers}
          candidates={
            people.can_change_reviewers ? people.reviewer_candidates : null
          }
          onChanged={setPeople}
        />
      ) : null}
      <Exports statementId={statement.id} />
      {statement.can_see_audit_log ? <AuditLog entries={log} /> : null}
    </aside>
  );
}

// The export contract (`GET /api/statements/{id}/export.{format}`): plain links, so the
// browser downloads the file under the name the server gives it.
const EXPORTS: ReadonlyArray<readonly [string, string]> = [
  ["pdf", "PDF"],
  ["docx", "Word"],
  ["html", "HTML"],
  ["md", "Markdown"],
  ["txt", "Text"],
];

function Exports({ statementId }: { readonly statementId: number }) {
  return (
    <section class="panel-section" data-testid="panel-exports">
      <h2>Export</h2>
      <ul class="export-links">
        {EXPORTS.map(([format, label]) => (
          <li key={format}>
            <a
              href={`/api/statements/${statementId}/export.${format}`}
              download
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Standing({ statement }: { readonly statement: Statement }) {
  const now = new Date();
  const due = statement.due_at ? new Date(statement.due_at) : null;
  const closes = statement.drafting_closes_at
    ? new Date(statement.drafting_closes_at)
    : null;
  return (
    <section class="panel-section" data-testid="panel-standing">
      <h2>Where it stands</h2>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <span class={`badge state-${statement.state}`}>
            {STATE_LABEL[statement.state]}
          </span>
          {statement.outstanding ? (
            <span class="badge outstanding">Outstanding</span>
          ) : null}
        </dd>
        <dt>Limit</dt>
        <dd class={statement.over_limit ? "over" : undefined}>
          {`${statement.limits.words} words · ${formatSeconds(statement.limits.seconds)} at ${statement.limits.speaking_rate} words a minute`}
        </dd>
        <dt>Due</dt>
        <dd>
          {due ? `${formatDue(due)} (${countdown(due, now)})` : "No date yet"}
        </dd>
        {closes ? (
          <>
            <dt>Drafting closes</dt>
            <dd>{`${formatDue(closes)} (${countdown(closes, now)})`}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function Actions({
  statement,
  onChanged,
}: {
  readonly statement: Statement;
  readonly onChanged: (statement: Statement) => void;
}) {
  const [busy, setBusy] = useState<Transition | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const needsReason = statement.actions.includes("reopen");

  const act = async (step: Transition): Promise<void> => {
    setBusy(step);
    setError(null);
    try {
      const next = await takeStep(statement.id, step, reason.trim() || null);
      setReason("");
      onChanged(next);
    } catch (caught) {
      setError(
        errorMessage(caught, "You are offline. Reconnect and try again."),
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="panel-section" data-testid="panel-actions">
      <h2>Steering Group</h2>
      {needsReason ? (
        <label class="field">
          <span>Why reopen it? The drafting group sees this.</span>
          <textarea
            rows={3}
            maxLength={1000}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <div class="panel-buttons">
        {statement.actions.map((step) => (
          <button
            key={step}
            type="button"
            class={step === "finalise" ? "button" : "button quiet"}
            disabled={busy !== null}
            onClick={() => {
              void act(step);
            }}
          >
            {busy === step ? "Working…" : TRANSITION_LABEL[step]}
          </button>
        ))}
      </div>
      {error ? (
        <p class="message error" role="alert" data-testid="action-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

const PLACE_LABEL: Readonly<Record<Place, string>> = {
  "drafting-group": "member",
  guides: "guide",
  reviewers: "reviewer",
};

/** One list of people on the statement; for those who may change it (`candidates` not null),
 * a remove button on each and a way to add someone from the forum. */
function People({
  title,
  statementId,
  place,
  people,
  candidates,
  onChanged,
}: {
  readonly title: string;
  readonly statementId: number;
  readonly place: Place;
  readonly people: readonly Person[] | undefined;
  readonly candidates: readonly Candidate[] | null;
  readonly onChanged: (people: StatementPeople) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState("");

  const change = async (userId: number, present: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await placePerson(statementId, place, userId, present));
      setChosen("");
    } catch (caught) {
      setError(
        errorMessage(caught, "You are offline. Reconnect and try again."),
      );
    } finally {
      setBusy(false);
    }
  };

  const label = PLACE_LABEL[place];
  return (
    <section class="panel-section" data-testid={`people-${place}`}>
      <h2>{title}</h2>
      {people === undefined ? (
        <p class="muted">Loading…</p>
      ) : people.length === 0 ? (
        <p class="muted">Nobody yet.</p>
      ) : (
        <ul class="people">
          {people.map((person) => (
            <li key={person.id}>
              <span class="person-name">{person.name}</span>
              {person.organisations.length > 0 ? (
                <span class="muted"> · {person.organisations.join(", ")}</span>
              ) : null}
              {person.email ? (
                <a class="contact" href={`mailto:${person.email}`}>
                  {person.email}
                </a>
              ) : null}
              {candidates !== null ? (
                <button
                  type="button"
                  class="link-button"
                  disabled={busy}
                  aria-label={`Remove ${person.name}`}
                  onClick={() => {
                    void change(person.id, false);
                  }}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {candidates !== null && candidates.length > 0 ? (
        <form
          class="add-person"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void change(Number(chosen), true);
          }}
        >
          <label class="sr-only" for={`add-${place}`}>
            {`Add a ${label}`}
          </label>
          <select
            id={`add-${place}`}
            value={chosen}
            disabled={busy}
            onChange={(e) => setChosen(e.currentTarget.value)}
          >
            <option value="">{`Add a ${label}…`}</option>
            {candidates.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {`${c.name} (${c.role ? ROLE_LABEL[c.role] : "no role in the forum"}${c.organisations.length ? `, ${c.organisations.join(", ")}` : ""})`}
              </option>
            ))}
          </select>
          <button type="submit" class="button quiet" disabled={busy || !chosen}>
            {busy ? "Saving…" : "Add"}
          </button>
        </form>
      ) : null}
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function AuditLog({ entries }: { readonly entries: AuditEntry[] | null }) {
  return (
    <section class="panel-section" data-testid="audit-log">
      <h2>History</h2>
      {entries === null ? (
        <p class="muted">Loading…</p>
      ) : (
        <ol class="audit-log">
          {[...entries].reverse().map((entry) => (
            <li key={entry.id}>{entry.sentence}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
