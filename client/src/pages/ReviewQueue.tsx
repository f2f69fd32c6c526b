// The Steering Group's review queue: every open dispute of a forum, the statement due soonest
// first, then the one waiting longest; filtered by session, country and who holds it (kept in
// the address); a moderator claims a dispute and decides it here. Kept live by /ws/events;
// a half-written decision outlives reloads and filters.

import { useEffect, useRef, useState } from "preact/hooks";

import { ApiError } from "../api/client";
import {
  claimDispute,
  decideDispute,
  filterChoices,
  filtersFromSearch,
  getReviewQueue,
  hasFilters,
  NO_FILTERS,
  openedAgo,
  releaseClaim,
  searchOf,
  type Choice,
  type Outcome,
  type QueueFilters,
  type QueueItem,
} from "../api/review_queue";
import { listenToEvents } from "../events/feed";
import { countdown, formatDue } from "../limit/countdown";
import { goToSignIn } from "../nav";
import {
  errorMessage,
  Frame,
  Pending,
  useSignedInUser,
  type Loadable,
} from "./common";
import { SignedInActions } from "./SignedInActions";

interface Queue {
  /** Every open dispute of the forum: what the filters offer and the summary counts. */
  readonly all: readonly QueueItem[];
  /** Those that pass the filters, in queue order. */
  readonly shown: readonly QueueItem[];
}

// The same limit as the server's for a decision and a wording.
const MAX_TEXT = 2000;

/** A decision being written, kept by the page (by thread id) so that neither a reload nor a
 * change of filters that hides the card loses it. */
interface Draft {
  readonly outcome: Outcome | null;
  readonly wording: string;
  readonly decision: string;
}
type Drafts = Map<number, Draft>;

export function ReviewQueue({ forumId }: { readonly forumId: number }) {
  const user = useSignedInUser();
  const [filters, setFilters] = useState<QueueFilters>(() =>
    filtersFromSearch(location.search),
  );
  const [queue, setQueue] = useState<Loadable<Queue>>({ kind: "loading" });
  // A reload that fails keeps the queue on screen (and the forms in it) and says so.
  const [staleReason, setStaleReason] = useState<string | null>(null);
  const filtersNow = useRef(filters);
  filtersNow.current = filters;
  const reload = useRef<() => void>(() => undefined);
  const drafts = useRef<Drafts>(new Map());

  useEffect(() => {
    if (user.kind !== "ready") return;
    let active = true;
    let latest = 0;
    let loaded = false;
    const load = (): void => {
      const asked = ++latest;
      const wanted = filtersNow.current;
      Promise.all([
        getReviewQueue(forumId, NO_FILTERS),
        hasFilters(wanted) ? getReviewQueue(forumId, wanted) : null,
      ]).then(
        ([all, shown]) => {
          // An answer overtaken by a newer question (filters changed, another event) is dropped.
          if (!active || asked !== latest) return;
          loaded = true;
          setStaleReason(null);
          setQueue({ kind: "ready", value: { all, shown: shown ?? all } });
        },
        (error: unknown) => {
          if (!active || asked !== latest) return;
          if (error instanceof ApiError && error.status === 401) {
            goToSignIn();
            return;
          }
          const message = errorMessage(
            error,
            "You are offline. The queue will load once you reconnect.",
          );
          if (loaded) setStaleReason(message);
          else setQueue({ kind: "error", message });
        },
      );
    };
    reload.current = load;
    load();
    const stop = listenToEvents((event) => {
      // `review_queue`: a dispute was opened, claimed or decided; `forum`: the sessions'
      // dates (the due dates) changed.
      if (
        (event.type === "review_queue" || event.type === "forum") &&
        event.forum_id === forumId
      )
        load();
    }, load);
    return () => {
      active = false;
      reload.current = () => undefined;
      stop();
    };
  }, [forumId, user.kind]);

  // A change of filters: into the address (replacing it, so Back leaves the queue) and ask.
  const first = useRef(true);
  useEffect(() => {
    history.replaceState(null, "", location.pathname + searchOf(filters));
    if (first.current) {
      first.current = false;
      return;
    }
    reload.current();
  }, [filters]);

  const forum =
    user.kind === "ready"
      ? user.value.forums.find((f) => f.forum_id === forumId)
      : undefined;
  const title = forum ? `${forum.forum}: review queue` : "Review queue";
  useEffect(() => {
    document.title = `${title} · Chorus`;
  }, [title]);

  return (
    <Frame actions={<SignedInActions user={user} />} wide>
      <p class="back">
        <a href="/">← My statements</a>
        {forum?.can_see_overview ? (
          <a href={`/forums/${forumId}/overview`} class="back-second">
            Overview of every statement
          </a>
        ) : null}
      </p>
      <h1>{title}</h1>
      <Pending
        state={queue}
        label="Loading the open disputes…"
        testId="queue-error"
      />
      {staleReason ? (
        <p class="message warning" role="status">
          {`The queue may be out of date: ${staleReason}`}
        </p>
      ) : null}
      {queue.kind === "ready" ? (
        <QueueBody
          queue={queue.value}
          filters={filters}
          onFilters={setFilters}
          onChanged={() => reload.current()}
          drafts={drafts.current}
        />
      ) : null}
    </Frame>
  );
}

interface BodyProps {
  readonly queue: Queue;
  readonly filters: QueueFilters;
  readonly onFilters: (filters: QueueFilters) => void;
  readonly onChanged: () => void;
  readonly drafts: Drafts;
}

function QueueBody({
  queue,
  filters,
  onFilters,
  onChanged,
  drafts,
}: BodyProps) {
  // Re-rendered every minute, and at every reload: "opened just now" is measured from then.
  useMinutes();
  const now = new Date();
  const { all, shown } = queue;
  if (all.length === 0) {
    return (
      <div class="empty" data-testid="queue-empty">
        <p>No open disputes.</p>
        <p class="muted">
          The drafting groups are settling their wording themselves.
        </p>
      </div>
    );
  }
  const choices = filterChoices(all);
  // Waiting: nobody holds it, or its claim is over a day old.
  const waiting = all.filter((d) => d.waiting).length;
  const mine = all.filter((d) => d.claimed_by_me).length;
  return (
    <>
      <p class="muted" data-testid="queue-summary">
        {`${all.length} open dispute${all.length === 1 ? "" : "s"} · ${waiting} waiting · ${mine} claimed by you`}
      </p>
      <div class="filters">
        <label>
          Session{" "}
          <FilterSelect
            value={filters.session === null ? "" : String(filters.session)}
            every="All sessions"
            choices={choices.sessions.map((c) => ({
              ...c,
              value: String(c.value),
            }))}
            onValue={(value) =>
              onFilters({
                ...filters,
                session: value === "" ? null : Number(value),
              })
            }
          />
        </label>
        <label>
          Country{" "}
          <FilterSelect
            value={filters.country ?? ""}
            every="All countries"
            choices={choices.countries}
            onValue={(value) =>
              onFilters({ ...filters, country: value === "" ? null : value })
            }
          />
        </label>
        <label>
          Claimed{" "}
          <select
            value={filters.claimed ?? ""}
            onChange={(e) => {
              const value = e.currentTarget.value;
              onFilters({
                ...filters,
                claimed: value === "me" || value === "unclaimed" ? value : null,
              });
            }}
          >
            <option value="">By anyone or no one</option>
            <option value="me">Claimed by me</option>
            <option value="unclaimed">Unclaimed</option>
          </select>
        </label>
      </div>
      {shown.length === 0 ? (
        <div class="empty" data-testid="queue-filtered-empty">
          <p>No open dispute matches these filters.</p>
          <p>
            <button
              type="button"
              class="button quiet"
              onClick={() => onFilters(NO_FILTERS)}
            >
              Show every open dispute
            </button>
          </p>
        </div>
      ) : (
        <ol class="queue" data-testid="queue">
          {shown.map((dispute) => (
            <DisputeCard
              key={dispute.thread_id}
              dispute={dispute}
              now={now}
              onChanged={onChanged}
              drafts={drafts}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function FilterSelect({
  value,
  every,
  choices,
  onValue,
}: {
  readonly value: string;
  readonly every: string;
  readonly choices: readonly Choice<string>[];
  readonly onValue: (value: string) => void;
}) {
  // A filter from the address whose disputes are all settled still shows what it is.
  const known = value === "" || choices.some((c) => c.value === value);
  return (
    <select value={value} onChange={(e) => onValue(e.currentTarget.value)}>
      <option value="">{every}</option>
      {known ? null : <option value={value}>{`${value} (none open)`}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {`${c.label} (${c.count})`}
        </option>
      ))}
    </select>
  );
}

/** A moment as people say it ("due in 3 days", "opened 2 hours ago"), the date on hover. */
function When({ at, text }: { readonly at: string; readonly text: string }) {
  return (
    <time dateTime={at} title={formatDue(new Date(at))}>
      {text}
    </time>
  );
}

// A statement due within this long is marked: its dispute cannot wait.
const SOON_MS = 3 * 24 * 3_600_000;

function DisputeCard({
  dispute,
  now,
  onChanged,
  drafts,
}: {
  readonly dispute: QueueItem;
  readonly now: Date;
  readonly onChanged: () => void;
  readonly drafts: Drafts;
}) {
  const [claiming, setClaiming] = useState(false);
  const [claimError, setClaimError] = useState<string | null>(null);
  const due = dispute.due_at === null ? null : new Date(dispute.due_at);
  const soon = due !== null && due.getTime() - now.getTime() < SOON_MS;

  const claim = (): void => {
    setClaiming(true);
    setClaimError(null);
    claimDispute(dispute.thread_id).then(
      () => {
        setClaiming(false);
        onChanged();
      },
      (error: unknown) => {
        setClaiming(false);
        // Someone else was quicker: the server names them; the reload shows it too.
        setClaimError(errorMessage(error));
        if (error instanceof ApiError && error.status === 409) onChanged();
      },
    );
  };

  return (
    <li
      class="dispute"
      data-testid="dispute"
      data-thread-id={dispute.thread_id}
    >
      <div class="dispute-head">
        <span class="dispute-country">{dispute.country}</span>
        <a
          class="dispute-statement"
          href={`/statements/${dispute.statement_id}#thread-${dispute.thread_id}`}
        >
          {dispute.statement}
        </a>
      </div>
      <p class="dispute-meta">
        <span>{dispute.session}</span>
        {due === null || dispute.due_at === null ? (
          <span>no date yet</span>
        ) : (
          <span class={soon ? "due-soon" : undefined} data-testid="due">
            <When at={dispute.due_at} text={`due ${countdown(due, now)}`} />
          </span>
        )}
        <span>
          <When
            at={dispute.opened_at}
            text={`opened ${openedAgo(new Date(dispute.opened_at), now)}`}
          />
        </span>
      </p>
      <blockquote class="dispute-quote" data-testid="quote" dir="auto">
        {dispute.quote}
      </blockquote>
      <p class="dispute-reason">
        <strong>Reason: </strong>
        <span dir="auto">{dispute.reason}</span>
      </p>
      {dispute.proposed_wording !== null ? (
        <p class="dispute-proposal">
          <strong>Proposed wording: </strong>
          <Wording text={dispute.proposed_wording} />
        </p>
      ) : null}
      <div class="dispute-claim" data-testid="claim">
        {dispute.claimed_by === null ? (
          <>
            <span class="badge unclaimed">Unclaimed</span>
            <button
              type="button"
              class="button quiet"
              disabled={claiming}
              onClick={claim}
            >
              {claiming ? "Claiming…" : "Claim"}
            </button>
          </>
        ) : dispute.claimed_by_me ? (
          <span class="badge claimed-mine">Claimed by you</span>
        ) : (
          <span class="claimed-other">{`Claimed by ${dispute.claimed_by}`}</span>
        )}
        {dispute.claimed_by !== null && dispute.waiting ? (
          <span class="badge unclaimed" data-testid="stale-claim">
            {dispute.claimed_at === null ? (
              "Waiting"
            ) : (
              <When
                at={dispute.claimed_at}
                text={`Waiting: claimed ${countdown(new Date(dispute.claimed_at), now)}`}
              />
            )}
          </span>
        ) : null}
        {dispute.may_release ? (
          <ReleaseClaim dispute={dispute} onReleased={onChanged} />
        ) : null}
      </div>
      {claimError ? (
        <p class="message error" role="alert">
          {claimError}
        </p>
      ) : null}
      {dispute.claimed_by_me ? (
        <DecideForm dispute={dispute} onDecided={onChanged} drafts={drafts} />
      ) : null}
    </li>
  );
}

/** "Release" for the claimer; "Release (with reason)" for a facilitator letting go of someone
 * else's claim, which asks why first. */
function ReleaseClaim({
  dispute,
  onReleased,
}: {
  readonly dispute: QueueItem;
  readonly onReleased: () => void;
}) {
  const own = dispute.claimed_by_me;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = (): void => {
    if (!own && reason.trim() === "") {
      setError(
        `Say why you release ${dispute.claimed_by ?? "someone"}'s claim.`,
      );
      return;
    }
    setSending(true);
    setError(null);
    releaseClaim(dispute.thread_id, own ? null : reason.trim()).then(
      () => {
        setSending(false);
        setAsking(false);
        onReleased();
      },
      (failure: unknown) => {
        setSending(false);
        setError(errorMessage(failure));
        if (failure instanceof ApiError && failure.status === 409) onReleased();
      },
    );
  };

  if (own || !asking) {
    return (
      <>
        <button
          type="button"
          class="button quiet"
          disabled={sending}
          onClick={own ? send : () => setAsking(true)}
        >
          {own ? (sending ? "Releasing…" : "Release") : "Release (with reason)"}
        </button>
        {error ? (
          <p class="message error" role="alert">
            {error}
          </p>
        ) : null}
      </>
    );
  }
  const field = `release-reason-${dispute.thread_id}`;
  return (
    <form
      class="release"
      data-testid="release"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label
        for={field}
      >{`Why release ${dispute.claimed_by ?? "someone"}'s claim?`}</label>
      <textarea
        id={field}
        value={reason}
        maxLength={MAX_TEXT}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button type="submit" class="button" disabled={sending}>
        {sending ? "Releasing…" : "Release the claim"}
      </button>
      <button
        type="button"
        class="button quiet"
        onClick={() => setAsking(false)}
      >
        Cancel
      </button>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** A wording; an empty one takes the passage out, which says so. */
function Wording({ text }: { readonly text: string }) {
  return text === "" ? (
    <em>remove the passage</em>
  ) : (
    <span class="wording" dir="auto">
      {text}
    </span>
  );
}

function DecideForm({
  dispute,
  onDecided,
  drafts,
}: {
  readonly dispute: QueueItem;
  readonly onDecided: () => void;
  readonly drafts: Drafts;
}) {
  const id = dispute.thread_id;
  const [draft, setDraft] = useState<Draft>(
    () =>
      drafts.get(id) ?? {
        outcome: null,
        // One's own wording starts from the passage as it was quoted.
        wording: dispute.quote,
        decision: "",
      },
  );
  const { outcome, wording, decision } = draft;
  const change = (changed: Partial<Draft>): void => {
    const next = { ...draft, ...changed };
    drafts.set(id, next);
    setDraft(next);
  };
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: Event): void => {
    e.preventDefault();
    if (outcome === null) {
      setError("Choose an outcome: keep the text, or which wording to apply.");
      return;
    }
    if (decision.trim() === "") {
      setError("Write the decision: the drafting group reads why.");
      return;
    }
    setSending(true);
    setError(null);
    decideDispute(
      id,
      outcome,
      outcome === "own" ? wording : null,
      decision.trim(),
    ).then(
      () => {
        setSending(false);
        drafts.delete(id);
        onDecided();
      },
      (failure: unknown) => {
        setSending(false);
        setError(errorMessage(failure));
      },
    );
  };

  const option = (value: Outcome, label: string) => (
    <label class="outcome">
      <input
        type="radio"
        name={`outcome-${id}`}
        value={value}
        checked={outcome === value}
        onChange={() => change({ outcome: value })}
      />{" "}
      {label}
    </label>
  );

  return (
    <form class="decide" onSubmit={submit} data-testid="decide">
      <fieldset>
        <legend>Decision</legend>
        {option("keep", "Keep the text as it is")}
        {dispute.proposed_wording !== null ? (
          <>
            {option("proposal", "Apply the proposed wording")}
            <blockquote class="dispute-quote proposal">
              <Wording text={dispute.proposed_wording} />
            </blockquote>
          </>
        ) : null}
        {option("own", "Apply my own wording")}
        {outcome === "own" ? (
          <div class="field">
            <label for={`wording-${id}`}>Your wording for the passage</label>
            <textarea
              id={`wording-${id}`}
              dir="auto"
              rows={3}
              maxLength={MAX_TEXT}
              value={wording}
              onInput={(e) => change({ wording: e.currentTarget.value })}
            />
          </div>
        ) : null}
      </fieldset>
      <div class="field">
        <label for={`decision-${id}`}>Written decision</label>
        <textarea
          id={`decision-${id}`}
          dir="auto"
          rows={3}
          required
          maxLength={MAX_TEXT}
          value={decision}
          onInput={(e) => change({ decision: e.currentTarget.value })}
          aria-describedby={`decision-${id}-hint`}
        />
        <p id={`decision-${id}-hint`} class="muted">
          The thread, the statement's history and the audit log show it.
        </p>
      </div>
      {error ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" class="button primary inline" disabled={sending}>
        {sending ? "Deciding…" : "Decide"}
      </button>
    </form>
  );
}

/** Renders the component again every minute (for "due in 3 hours", "opened 5 minutes ago"). */
function useMinutes(): void {
  const [, setTicks] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTicks((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
}
