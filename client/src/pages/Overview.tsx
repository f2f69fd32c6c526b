// The Steering Group overview: every statement of a forum by state, outstanding first,
// filtered by session and country; kept live by /ws/events.

import { useEffect, useMemo, useState } from "preact/hooks";

import { ApiError, request } from "../api/client";
import { signatureCount } from "../api/signatures";
import { speakerName } from "../api/speakers";
import type { components } from "../api/openapi";
import { STATE_LABEL, type StatementSummary } from "../api/statements";
import { applyEvent } from "../events/apply";
import { listenToEvents } from "../events/feed";
import { countdown, formatDue } from "../limit/countdown";
import { formatSeconds } from "../limit/status";
import { goToSignIn } from "../nav";
import {
  errorMessage,
  Frame,
  Pending,
  useSignedInUser,
  type Loadable,
} from "./common";
import { SignedInActions } from "./SignedInActions";
import { SignatureSummary } from "./Signatures";

type OverviewAnswer = Readonly<components["schemas"]["OverviewOut"]>;

interface Overview {
  readonly answer: OverviewAnswer;
  readonly statements: readonly StatementSummary[];
}

function getOverview(forumId: number): Promise<OverviewAnswer> {
  return request("GET", "/api/forums/{forum_id}/overview", {
    params: { forum_id: forumId },
  });
}

export function Overview({ forumId }: { readonly forumId: number }) {
  const user = useSignedInUser();
  const [overview, setOverview] = useState<Loadable<Overview>>({
    kind: "loading",
  });
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [country, setCountry] = useState("");

  useEffect(() => {
    if (user.kind !== "ready") return;
    let active = true;
    const load = (): void => {
      getOverview(forumId).then(
        (answer) => {
          if (active)
            setOverview({
              kind: "ready",
              value: { answer, statements: answer.statements },
            });
        },
        (error: unknown) => {
          if (!active) return;
          if (error instanceof ApiError && error.status === 401) {
            goToSignIn();
            return;
          }
          setOverview({
            kind: "error",
            message: errorMessage(
              error,
              "You are offline. The overview will load once you reconnect.",
            ),
          });
        },
      );
    };
    load();
    const stop = listenToEvents((event) => {
      if (event.type === "membership") return;
      // Outstanding and the order change with the state; signature counts and the coalition
      // come from the server's rules.
      if (
        event.type === "statement.state" ||
        event.type === "forum" ||
        event.type === "statement.signatures" ||
        (event.type as string) === "statement.speakers"
      ) {
        load();
        return;
      }
      setOverview((current) =>
        current.kind === "ready"
          ? {
              kind: "ready",
              value: {
                ...current.value,
                statements: applyEvent(current.value.statements, event),
              },
            }
          : current,
      );
    }, load);
    return () => {
      active = false;
      stop();
    };
  }, [forumId, user.kind]);

  const title =
    overview.kind === "ready"
      ? `${overview.value.answer.forum.name}: overview`
      : "Overview";
  useEffect(() => {
    document.title = `${title} · Chorus`;
  }, [title]);

  return (
    <Frame actions={<SignedInActions user={user} />} wide>
      <p class="back">
        <a href="/">← My statements</a>
        {user.kind === "ready" &&
        user.value.forums.some(
          (f) => f.forum_id === forumId && f.can_work_review_queue,
        ) ? (
          <a href={`/forums/${forumId}/review-queue`} class="back-second">
            Review queue of disputes
          </a>
        ) : null}
      </p>
      <h1>{title}</h1>
      <Pending state={overview} label="Loading the forum's statements…" />
      {overview.kind === "ready" ? (
        <OverviewBody
          overview={overview.value}
          sessionId={sessionId}
          country={country}
          onSession={setSessionId}
          onCountry={setCountry}
        />
      ) : null}
    </Frame>
  );
}

interface BodyProps {
  readonly overview: Overview;
  readonly sessionId: number | null;
  readonly country: string;
  readonly onSession: (id: number | null) => void;
  readonly onCountry: (country: string) => void;
}

function OverviewBody({
  overview,
  sessionId,
  country,
  onSession,
  onCountry,
}: BodyProps) {
  const { answer, statements } = overview;
  const countries = useMemo(
    () =>
      [...new Set(statements.map((s) => s.country))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [statements],
  );
  const shown = statements.filter(
    (s) =>
      (sessionId === null || s.session_id === sessionId) &&
      (country === "" || s.country === country),
  );
  const outstanding = shown.filter((s) => s.outstanding).length;
  const closes = answer.forum.drafting_closes_at;
  return (
    <>
      <p class="muted" data-testid="overview-summary">
        {`${shown.length} statement${shown.length === 1 ? "" : "s"}`}
        {outstanding > 0 ? `, ${outstanding} outstanding` : ""}
        {closes
          ? ` · drafting closes ${formatDue(new Date(closes))} (${countdown(new Date(closes), new Date())})`
          : ""}
      </p>
      <div class="filters">
        <label>
          Session{" "}
          <select
            value={sessionId === null ? "" : String(sessionId)}
            onChange={(e) =>
              onSession(
                e.currentTarget.value === ""
                  ? null
                  : Number(e.currentTarget.value),
              )
            }
          >
            <option value="">All sessions</option>
            {answer.sessions.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Country{" "}
          <select
            value={country}
            onChange={(e) => onCountry(e.currentTarget.value)}
          >
            <option value="">All countries</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table class="overview" data-testid="overview">
        <thead>
          <tr>
            <th scope="col">Statement</th>
            <th scope="col">Session</th>
            <th scope="col">State</th>
            <th scope="col">Length</th>
            <th scope="col">Signatures</th>
            <th scope="col">Speaker</th>
            <th scope="col">Due</th>
            <th scope="col">Editing now</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.id} data-testid="overview-row" data-statement-id={s.id}>
              <td>
                <a href={`/statements/${s.id}`}>{s.country}</a>
              </td>
              <td>{s.session}</td>
              <td>
                <span class={`badge state-${s.state}`}>
                  {STATE_LABEL[s.state]}
                </span>
                {s.outstanding ? (
                  <span class="badge outstanding">Outstanding</span>
                ) : null}
              </td>
              <td class={s.over_limit ? "over" : undefined}>
                {`${s.words} / ${s.limits.words} · ${formatSeconds(s.seconds)}`}
              </td>
              <td data-testid="overview-signatures">
                <SignatureSummary count={signatureCount(s)} />
              </td>
              <td data-testid="overview-speaker">
                {speakerName(s) ?? <span class="muted">—</span>}
              </td>
              <td>
                {s.due_at ? countdown(new Date(s.due_at), new Date()) : "—"}
              </td>
              <td>{s.editing_now.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 ? (
        <p class="muted">No statement matches these filters.</p>
      ) : null}
    </>
  );
}
