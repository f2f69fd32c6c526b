// "My statements", the dashboard: every statement the person can open, by forum and
// session, with its state, length, due date and who is editing it now; kept live by
// /ws/events.

import { useEffect, useState } from "preact/hooks";

import type { User } from "../api/session";
import { signatureCount } from "../api/signatures";
import {
  listStatements,
  STATE_LABEL,
  type StatementSummary,
} from "../api/statements";
import { applyEvent } from "../events/apply";
import { listenToEvents } from "../events/feed";
import { countdown, formatDue } from "../limit/countdown";
import { formatSeconds } from "../limit/status";
import {
  errorMessage,
  Frame,
  Loading,
  Pending,
  useSignedInUser,
  type Loadable,
} from "./common";
import { NewForYou } from "./NewForYou";
import { SignedInActions } from "./SignedInActions";
import { SignatureSummary } from "./Signatures";

function DueDate({
  due,
  now,
}: {
  readonly due: string | null;
  readonly now: Date;
}) {
  if (due === null) return <span class="due">· no date yet</span>;
  const when = new Date(due);
  return (
    <span class="due" data-testid="due">
      <time dateTime={due}>{formatDue(when)}</time>
      <span class="countdown"> · {countdown(when, now)}</span>
    </span>
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
        <span class="row-title">
          <span class="row-country">{statement.country}</span>
          {statement.title ? (
            <span class="row-name">{statement.title}</span>
          ) : null}
        </span>
        <span class="row-meta">
          <span
            class={`badge state-${statement.state}`}
            data-testid="row-state"
          >
            {STATE_LABEL[statement.state]}
          </span>
          {statement.outstanding ? (
            <span class="badge outstanding">Outstanding</span>
          ) : null}
          <span class={over ? "row-length over" : "row-length"}>
            {`${statement.words} / ${statement.limits.words} words · ${formatSeconds(statement.seconds)} / ${formatSeconds(statement.limits.seconds)}`}
          </span>
          <SignatureSummary count={signatureCount(statement)} />
          {statement.editing_now.length > 0 ? (
            <span class="row-editing" data-testid="editing-now">
              Editing now: {statement.editing_now.join(", ")}
            </span>
          ) : null}
        </span>
      </a>
    </li>
  );
}

interface SessionGroup {
  readonly forum: string;
  readonly session: string;
  readonly dueAt: string | null;
  readonly statements: StatementSummary[];
}

/** Statements by forum and session, in the server's order (sessions by date). */
function bySession(statements: readonly StatementSummary[]): SessionGroup[] {
  const groups: SessionGroup[] = [];
  for (const statement of statements) {
    const last = groups[groups.length - 1];
    if (
      last &&
      last.session === statement.session &&
      last.forum === statement.forum
    ) {
      last.statements.push(statement);
    } else {
      groups.push({
        forum: statement.forum,
        session: statement.session,
        dueAt: statement.due_at,
        statements: [statement],
      });
    }
  }
  return groups;
}

function StatementList({
  statements,
}: {
  readonly statements: Loadable<readonly StatementSummary[]>;
}) {
  const now = useNow();
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
  let forum = "";
  return (
    <div class="sessions" aria-label="Statements">
      {bySession(statements.value).map((group) => {
        const forumHeading =
          group.forum !== forum ? (
            <h2 class="forum-name">{group.forum}</h2>
          ) : null;
        forum = group.forum;
        return (
          <section
            key={`${group.forum}/${group.session}`}
            class="session-group"
            data-testid="session-group"
          >
            {forumHeading}
            <h3 class="session-name">
              {group.session} <DueDate due={group.dueAt} now={now} />
            </h3>
            <ul class="statement-list">
              {group.statements.map((statement) => (
                <StatementRow key={statement.id} statement={statement} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

/** Links to the Steering Group's desk: the forum overviews, review queues and forum
 * settings this person may open. */
function OverviewLinks({ user }: { readonly user: User }) {
  const forums = user.forums.filter(
    (f) => f.can_see_overview || f.can_manage || f.can_work_review_queue,
  );
  if (forums.length === 0) return null;
  return (
    <p class="overview-links">
      {forums.map((f) => (
        <span key={f.forum_id}>
          {f.can_see_overview ? (
            <a href={`/forums/${f.forum_id}/overview`}>
              {`Overview of every ${f.forum} statement`}
            </a>
          ) : null}
          {f.can_work_review_queue ? (
            <a href={`/forums/${f.forum_id}/review-queue`}>
              {`${f.forum} review queue`}
            </a>
          ) : null}
          {f.can_manage ? (
            <a href={`/forums/${f.forum_id}/admin`}>{`Run ${f.forum}`}</a>
          ) : null}
        </span>
      ))}
    </p>
  );
}

/** The time now, refreshed every minute (for countdowns). */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function Statements() {
  const user = useSignedInUser();
  const [statements, setStatements] = useState<
    Loadable<readonly StatementSummary[]>
  >({
    kind: "loading",
  });
  // Bumped when the person's notices may have changed: "New for you" reloads them.
  const [noticesRevision, setNoticesRevision] = useState(0);

  useEffect(() => {
    if (user.kind !== "ready") return;
    let active = true;
    const load = (): void => {
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
    };
    load();
    // After a reconnection, what may have been missed: the statements and the notices.
    const reconnected = (): void => {
      load();
      setNoticesRevision((n) => n + 1);
    };
    // Live: states, counts and who is editing change under the person's eyes.
    const stop = listenToEvents((event) => {
      // Signatures: the counts and the coalition come from the server's rules.
      if (
        event.type === "membership" ||
        event.type === "forum" ||
        event.type === "statement.signatures"
      ) {
        load();
        return;
      }
      if (event.type === "notices") {
        setNoticesRevision((n) => n + 1);
        return;
      }
      setStatements((current) =>
        current.kind === "ready"
          ? { kind: "ready", value: applyEvent(current.value, event) }
          : current,
      );
    }, reconnected);
    return () => {
      active = false;
      stop();
    };
  }, [user.kind]);

  const actions = <SignedInActions user={user} />;

  return (
    <Frame actions={actions}>
      <h1>My statements</h1>
      {user.kind === "ready" ? <OverviewLinks user={user.value} /> : null}
      <Pending state={user} label="Checking your session…" />
      {user.kind === "ready" ? <NewForYou revision={noticesRevision} /> : null}
      {user.kind === "ready" ? <StatementList statements={statements} /> : null}
    </Frame>
  );
}
