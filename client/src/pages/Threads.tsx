// The statement's comments beside its text: threads on passages (comments, suggestions,
// disputes), started from a selection in the editor; selecting a thread shows its passage,
// and putting the caret in a highlighted passage selects its thread.

import { Compartment, StateEffect } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { RefObject } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import * as Y from "yjs";

import { ApiError } from "../api/client";
import { getPeople, type Statement } from "../api/statements";
import {
  escalate,
  listThreads,
  openDispute,
  reply,
  startThread,
  takeThreadStep,
  type Outcome,
  type Thread,
  type ThreadStep,
} from "../api/threads";
import {
  passageRanges,
  passages,
  resolvePassage,
  selectPassage,
  showPassages,
  type Passage,
  type PassageRange,
} from "../editor/passages";
import type { Limits } from "../limit/status";
import { commentButton } from "../threads/comment_button";
import {
  highlightKind,
  orderThreads,
  passageNow,
  shorten,
  suggestionOverBy,
  type PassageNow,
} from "../threads/present";
import { errorMessage, useReloaded } from "./common";

// Every sentence the panel shows, in one place for the French and Spanish pages to come.
const TEXT = {
  title: "Comments",
  loading: "Loading comments…",
  none: "No comments yet.",
  hintSelect: "Select a passage in the text to comment on it.",
  selected: "Selected:",
  comment: "Comment",
  suggest: "Suggest",
  dispute: "Dispute",
  commentLabel: "Your comment",
  suggestionLabel: "Suggested wording (empty to delete the passage)",
  suggestionWhy: "Why this wording?",
  disputeReason: "What the Steering Group should decide, and why",
  disputeWording: "Proposed wording (optional)",
  send: "Send",
  sending: "Sending…",
  cancel: "Cancel",
  passageGone:
    "The passage you selected was deleted while you wrote. Select the text again.",
  mentionHint: "Type @ and a name to mention someone in the drafting group.",
  resolvedSection: (n: number) => `Resolved (${n})`,
  openCount: (n: number) => (n === 1 ? "1 open" : `${n} open`),
  kindComment: "Comment",
  kindSuggestion: "Suggestion",
  kindDispute: "Dispute",
  passageRemoved: "Passage removed",
  quoteWas: "It read:",
  replace: "Replace",
  with: "with",
  deletePassage: "Delete",
  changedSince: "The passage has changed since. It now reads:",
  overLimit: (n: number) =>
    `Accepting it would put the statement over the limit by ${n} word${n === 1 ? "" : "s"}. Shorten the text first.`,
  accepted: (by: string | null) => (by ? `Accepted by ${by}` : "Accepted"),
  declined: "Declined",
  accept: "Accept",
  decline: "Decline",
  resolve: "Resolve",
  reopen: "Reopen",
  replyLabel: "Your reply",
  replyButton: "Reply",
  escalate: "Escalate to the Steering Group",
  escalateTitle: "Ask the Steering Group to decide",
  escalateReason: "What the group could not settle, and why",
  escalateWording: "Proposed wording (optional)",
  escalateKeepsSuggestion:
    "Leave it empty to propose the wording suggested in this thread.",
  escalateSend: "Escalate",
  disputeOpen: "Waiting for the Steering Group",
  disputeClaimed: (name: string, me: boolean) =>
    me ? "Claimed by you" : `Claimed by ${name}`,
  disputeDecided: (name: string | null) =>
    name ? `Decided by ${name}` : "Decided",
  reason: "Reason:",
  proposed: "Proposed wording:",
  decision: "Decision:",
  applied: "Now reads:",
  outcome: {
    keep: "Keep the text",
    proposal: "Apply the proposed wording",
    own: "Apply the Steering Group's wording",
  } satisfies Record<Outcome, string>,
  replies: (n: number) => (n === 1 ? "1 reply" : `${n} replies`),
  show: "Show the thread",
  serverNote: "Chorus",
  offline: "You are offline. Reconnect and try again.",
} as const;

/** The editor the panel works with, once it exists. */
export interface ThreadsEditor {
  readonly view: EditorView;
  readonly text: Y.Text;
}

interface ThreadsProps {
  readonly statement: Statement;
  readonly editor: ThreadsEditor | null;
  readonly limits: Limits;
  /** Bumped whenever the statement's threads may have changed (reload them). */
  readonly revision: number;
}

type Load =
  | { readonly kind: "loading" }
  | { readonly kind: "hidden" }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "ready"; readonly threads: readonly Thread[] };

type DraftKind = "comment" | "suggestion" | "dispute";

/** A thread being written: its passage held as Yjs positions, so it stays right while
 * others type. */
interface Draft {
  readonly kind: DraftKind;
  readonly start: Y.RelativePosition;
  readonly end: Y.RelativePosition;
  readonly quote: string;
}

/** What the editor shows now, as the panel needs it. */
interface EditorNow {
  readonly doc: string;
  readonly selection: { readonly from: number; readonly to: number } | null;
  readonly ranges: readonly PassageRange[];
}

function readEditor(view: EditorView): EditorNow {
  const { main } = view.state.selection;
  return {
    doc: view.state.doc.toString(),
    selection: main.empty ? null : { from: main.from, to: main.to },
    ranges: passageRanges(view.state),
  };
}

const TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : TIME.format(date);
}

export function Threads({ statement, editor, limits, revision }: ThreadsProps) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [selected, setSelected] = useState<number | null>(null);
  const [now, setNow] = useState<EditorNow | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const canEdit = statement.can_edit;
  // Names offered after '@': the drafting group's.
  const [people] = useReloaded(
    load.kind === "ready" ? () => getPeople(statement.id) : null,
    [statement.id, load.kind === "ready"],
  );
  const mentionable = useMemo(
    () => people?.drafting_group.map((p) => p.name) ?? [],
    [people],
  );
  const drafting = statement.state === "drafting";

  // Threads from the server: now, and again whenever `revision` moves (a change told on
  // /ws/events, a reconnection). An answer that arrives after a newer request is dropped.
  useEffect(() => {
    let active = true;
    listThreads(statement.id).then(
      (threads) => {
        if (active) setLoad({ kind: "ready", threads });
      },
      (error: unknown) => {
        if (!active) return;
        // Observers see no threads (403): no panel at all, nothing to explain. Nor does a
        // server without threads (404).
        if (
          error instanceof ApiError &&
          (error.status === 403 || error.status === 404)
        ) {
          setLoad({ kind: "hidden" });
          return;
        }
        // A failed reload keeps what was shown.
        setLoad((current) =>
          current.kind === "ready"
            ? current
            : { kind: "error", message: errorMessage(error, TEXT.offline) },
        );
      },
    );
    return () => {
      active = false;
    };
  }, [statement.id, revision]);

  // The editor's side: highlights, the caret selecting a thread, the selection to comment on.
  const onSelectRef = useRef<(id: number) => void>(() => undefined);
  const beginDraftRef = useRef<(kind: DraftKind) => void>(() => undefined);
  onSelectRef.current = (id) => {
    setSelected(id);
    const item = listRef.current?.querySelector(`[data-thread-id="${id}"]`);
    item?.scrollIntoView({ block: "nearest" });
  };
  useEffect(() => {
    if (editor === null) return;
    const { view, text } = editor;
    const compartment = new Compartment();
    view.dispatch({
      effects: StateEffect.appendConfig.of(
        compartment.of([
          passages({ text, onSelect: (id) => onSelectRef.current(id) }),
          commentButton({
            label: TEXT.comment,
            onComment: () => beginDraftRef.current("comment"),
          }),
          EditorView.updateListener.of((update) => {
            const ranges = passageRanges(update.state);
            if (
              update.docChanged ||
              update.selectionSet ||
              ranges !== passageRanges(update.startState)
            )
              setNow(readEditor(update.view));
          }),
        ]),
      ),
    });
    setNow(readEditor(view));
    return () => {
      view.dispatch({ effects: compartment.reconfigure([]) });
      setNow(null);
    };
  }, [editor]);

  const threads = load.kind === "ready" ? load.threads : null;

  // The highlights follow the open threads.
  useEffect(() => {
    if (editor === null || threads === null) return;
    const shown: Passage[] = threads.flatMap((t) => {
      const kind = highlightKind(t);
      return kind === null
        ? []
        : [{ id: t.id, kind, start: t.position.start, end: t.position.end }];
    });
    showPassages(editor.view, shown);
  }, [editor, threads]);

  useEffect(() => {
    if (editor !== null) selectPassage(editor.view, selected);
  }, [editor, selected, threads]);

  const ordered = useMemo(
    () => orderThreads(threads ?? [], now?.ranges ?? []),
    [threads, now?.ranges],
  );

  if (load.kind === "hidden") return null;

  const replaceThread = (next: Thread): void => {
    setLoad((current) => {
      if (current.kind !== "ready") return current;
      const known = current.threads.some((t) => t.id === next.id);
      return {
        kind: "ready",
        threads: known
          ? current.threads.map((t) => (t.id === next.id ? next : t))
          : [...current.threads, next],
      };
    });
  };

  const choose = (id: number): void => {
    const next = selected === id ? null : id;
    setSelected(next);
    if (editor !== null && next !== null)
      selectPassage(editor.view, next, true);
  };

  const beginDraft = (kind: DraftKind): void => {
    if (editor === null) return;
    const { from, to, empty } = editor.view.state.selection.main;
    if (empty) return;
    setDraft({
      kind,
      start: Y.createRelativePositionFromTypeIndex(editor.text, from, 0),
      end: Y.createRelativePositionFromTypeIndex(editor.text, to, -1),
      quote: editor.view.state.doc.sliceString(from, to),
    });
  };

  beginDraftRef.current = beginDraft;
  const openCount = ordered.open.length;

  return (
    <aside
      class="side-panel threads"
      aria-labelledby="threads-title"
      data-testid="threads"
    >
      <h2 id="threads-title">
        {TEXT.title}
        {openCount > 0 ? (
          <span class="threads-count"> · {TEXT.openCount(openCount)}</span>
        ) : null}
      </h2>
      {draft !== null && editor !== null ? (
        <DraftForm
          draft={draft}
          statementId={statement.id}
          text={editor.text}
          mentionable={mentionable}
          onDone={(thread) => {
            setDraft(null);
            if (thread !== null) {
              replaceThread(thread);
              setSelected(thread.id);
              // The passage now shows as the thread's highlight: put the caret after it, so
              // the selection does not offer to comment on it again.
              const { to } = editor.view.state.selection.main;
              editor.view.dispatch({ selection: { anchor: to } });
            }
            editor.view.focus();
          }}
        />
      ) : (
        <StartBar
          selection={
            now?.selection
              ? now.doc.slice(now.selection.from, now.selection.to)
              : null
          }
          canSuggest={drafting}
          canDispute={drafting && canEdit}
          onStart={beginDraft}
        />
      )}
      {load.kind === "loading" ? (
        <p class="muted" role="status">
          {TEXT.loading}
        </p>
      ) : load.kind === "error" ? (
        <p class="message error" role="alert" data-testid="threads-error">
          {load.message}
        </p>
      ) : null}
      <div ref={listRef}>
        {threads !== null && threads.length === 0 ? (
          <p class="muted">{TEXT.none}</p>
        ) : null}
        <ol class="thread-list">
          {ordered.open.map((thread) => (
            <ThreadItem
              key={thread.id}
              thread={thread}
              now={now}
              limits={limits}
              selected={selected === thread.id}
              canEdit={canEdit && drafting}
              canEscalate={canEdit && drafting}
              mentionable={mentionable}
              onChoose={choose}
              onChanged={replaceThread}
            />
          ))}
        </ol>
        {ordered.settled.length > 0 ? (
          <details class="threads-resolved" data-testid="threads-resolved">
            <summary>{TEXT.resolvedSection(ordered.settled.length)}</summary>
            <ol class="thread-list">
              {ordered.settled.map((thread) => (
                <ThreadItem
                  key={thread.id}
                  thread={thread}
                  now={now}
                  limits={limits}
                  selected={selected === thread.id}
                  canEdit={false}
                  canEscalate={false}
                  mentionable={mentionable}
                  onChoose={choose}
                  onChanged={replaceThread}
                />
              ))}
            </ol>
          </details>
        ) : null}
      </div>
    </aside>
  );
}

function StartBar({
  selection,
  canSuggest,
  canDispute,
  onStart,
}: {
  readonly selection: string | null;
  readonly canSuggest: boolean;
  readonly canDispute: boolean;
  readonly onStart: (kind: DraftKind) => void;
}) {
  if (selection === null || selection.trim() === "")
    return <p class="muted threads-hint">{TEXT.hintSelect}</p>;
  return (
    <div class="thread-start" data-testid="thread-start">
      <p class="thread-start-quote">
        <span class="muted">{TEXT.selected} </span>
        <q>{shorten(selection, 80)}</q>
      </p>
      <div class="panel-buttons">
        <button
          type="button"
          class="button quiet"
          onClick={() => onStart("comment")}
        >
          {TEXT.comment}
        </button>
        {canSuggest ? (
          <button
            type="button"
            class="button quiet"
            onClick={() => onStart("suggestion")}
          >
            {TEXT.suggest}
          </button>
        ) : null}
        {canDispute ? (
          <button
            type="button"
            class="button quiet"
            onClick={() => onStart("dispute")}
          >
            {TEXT.dispute}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Runs `action`, keeping "sending" and the server's refusal for the form to show. */
function useSending(): {
  readonly busy: string | null;
  readonly error: string | null;
  run: <T>(name: string, action: () => Promise<T>) => Promise<T | null>;
} {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async <T,>(
    name: string,
    action: () => Promise<T>,
  ): Promise<T | null> => {
    setBusy(name);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(errorMessage(caught, TEXT.offline));
      return null;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

function DraftForm({
  draft,
  statementId,
  text,
  mentionable,
  onDone,
}: {
  readonly draft: Draft;
  readonly statementId: number;
  readonly text: Y.Text;
  readonly mentionable: readonly string[];
  readonly onDone: (thread: Thread | null) => void;
}) {
  const [comment, setComment] = useState("");
  const [wording, setWording] = useState(
    draft.kind === "suggestion" ? draft.quote : "",
  );
  const { busy, error, run } = useSending();
  const [gone, setGone] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (): Promise<void> => {
    // Where the passage is now: others may have typed while this was written.
    const range = resolvePassage(text, draft.start, draft.end);
    if (range === null) {
      setGone(true);
      return;
    }
    setGone(false);
    const thread = await run("send", () =>
      draft.kind === "dispute"
        ? openDispute(
            statementId,
            range.from,
            range.to,
            comment.trim(),
            wording.trim() === "" ? null : wording,
          )
        : startThread(
            statementId,
            range.from,
            range.to,
            comment.trim(),
            draft.kind === "suggestion" ? wording : null,
          ),
    );
    if (thread !== null) onDone(thread);
  };

  // Every thread begins with a sentence from its author, a suggestion's "why" included.
  const ready = comment.trim() !== "";
  const id = `draft-${draft.kind}`;
  return (
    <form
      class="thread-form"
      data-testid="thread-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && busy === null) void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onDone(null);
      }}
    >
      <p class="thread-start-quote">
        <q>{shorten(draft.quote, 120)}</q>
      </p>
      {draft.kind === "suggestion" ? (
        <label class="field" for={`${id}-wording`}>
          <span>{TEXT.suggestionLabel}</span>
          <textarea
            id={`${id}-wording`}
            ref={first}
            rows={3}
            maxLength={2000}
            value={wording}
            onInput={(e) => setWording(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <MentionField
        id={`${id}-text`}
        label={
          draft.kind === "dispute"
            ? TEXT.disputeReason
            : draft.kind === "suggestion"
              ? TEXT.suggestionWhy
              : TEXT.commentLabel
        }
        value={comment}
        onValue={setComment}
        mentionable={draft.kind === "dispute" ? [] : mentionable}
        inputRef={draft.kind === "suggestion" ? undefined : first}
      />
      {draft.kind === "dispute" ? (
        <label class="field" for={`${id}-wording`}>
          <span>{TEXT.disputeWording}</span>
          <textarea
            id={`${id}-wording`}
            rows={3}
            maxLength={2000}
            value={wording}
            onInput={(e) => setWording(e.currentTarget.value)}
          />
        </label>
      ) : null}
      <div class="panel-buttons">
        <button
          type="submit"
          class="button quiet send"
          disabled={!ready || busy !== null}
        >
          {busy !== null ? TEXT.sending : TEXT.send}
        </button>
        <button type="button" class="button quiet" onClick={() => onDone(null)}>
          {TEXT.cancel}
        </button>
      </div>
      {gone ? (
        <p class="message error" role="alert">
          {TEXT.passageGone}
        </p>
      ) : null}
      {error !== null ? (
        <p class="message error" role="alert" data-testid="thread-form-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The name being typed after '@' at the caret, or null. */
function mentionAt(value: string, caret: number): string | null {
  const before = value.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1] ?? ""))) return null;
  const typed = before.slice(at + 1);
  if (typed.length > 40 || /[\n@]/.test(typed)) return null;
  return typed;
}

/** A textarea that offers the drafting group's names after '@' (plain text otherwise). */
function MentionField({
  id,
  label,
  value,
  onValue,
  mentionable,
  inputRef,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
  readonly mentionable: readonly string[];
  readonly inputRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  const [typed, setTyped] = useState<string | null>(null);
  const own = useRef<HTMLTextAreaElement>(null);
  const ref = inputRef ?? own;
  const matches =
    typed === null
      ? []
      : mentionable
          .filter((name) => name.toLowerCase().startsWith(typed.toLowerCase()))
          .slice(0, 5);

  const pick = (name: string): void => {
    const area = ref.current;
    if (area === null || typed === null) return;
    const caret = area.selectionStart;
    const start = caret - typed.length;
    const next = `${value.slice(0, start)}${name} ${value.slice(caret)}`;
    onValue(next);
    setTyped(null);
    const place = start + name.length + 1;
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(place, place);
    });
  };

  return (
    <div class="field mention-field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        rows={3}
        maxLength={2000}
        value={value}
        aria-describedby={mentionable.length > 0 ? `${id}-hint` : undefined}
        onInput={(e) => {
          onValue(e.currentTarget.value);
          setTyped(
            mentionAt(e.currentTarget.value, e.currentTarget.selectionStart),
          );
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape" && matches.length > 0) {
            e.stopPropagation();
            setTyped(null);
          }
        }}
      />
      {mentionable.length > 0 ? (
        <p id={`${id}-hint`} class="muted sr-only">
          {TEXT.mentionHint}
        </p>
      ) : null}
      {matches.length > 0 ? (
        <ul class="mention-list" aria-label="Mention">
          {matches.map((name) => (
            <li key={name}>
              <button
                type="button"
                class="link-button"
                onClick={() => pick(name)}
              >
                @{name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

interface ThreadItemProps {
  readonly thread: Thread;
  readonly now: EditorNow | null;
  readonly limits: Limits;
  readonly selected: boolean;
  readonly canEdit: boolean;
  readonly canEscalate: boolean;
  readonly mentionable: readonly string[];
  readonly onChoose: (id: number) => void;
  readonly onChanged: (thread: Thread) => void;
}

function kindLabel(thread: Thread): string {
  if (thread.kind === "dispute") return TEXT.kindDispute;
  return thread.suggestion !== null ? TEXT.kindSuggestion : TEXT.kindComment;
}

function ThreadItem({
  thread,
  now,
  limits,
  selected,
  canEdit,
  canEscalate,
  mentionable,
  onChoose,
  onChanged,
}: ThreadItemProps) {
  const range = now?.ranges.find((r) => r.id === thread.id);
  const passage = passageNow(thread, range, now?.doc ?? null);
  const first = thread.messages[0];
  const rest = thread.messages.slice(1);
  const kind =
    thread.kind === "dispute"
      ? "dispute"
      : thread.suggestion !== null
        ? "suggestion"
        : "comment";
  return (
    <li
      class={`thread thread-${kind}${selected ? " selected" : ""}${thread.state !== "open" ? " settled" : ""}`}
      data-thread-id={thread.id}
      data-testid="thread"
    >
      <button
        type="button"
        class="thread-open"
        aria-expanded={selected}
        onClick={() => onChoose(thread.id)}
      >
        <span class="thread-kind">{kindLabel(thread)}</span>
        {passage.text === null ? (
          <span class="thread-quote removed">
            <span class="removed-label">{TEXT.passageRemoved}</span>{" "}
            <q>{shorten(thread.quote)}</q>
          </span>
        ) : (
          <q class="thread-quote">{shorten(thread.quote)}</q>
        )}
      </button>
      {thread.kind === "dispute" ? <DisputeState thread={thread} /> : null}
      {thread.kind === "comment" && thread.suggestion !== null ? (
        <Suggestion
          thread={thread}
          passage={passage}
          now={now}
          limits={limits}
        />
      ) : null}
      {first !== undefined ? <Message message={first} /> : null}
      {selected ? (
        rest.map((m) => <Message key={m.id} message={m} />)
      ) : rest.length > 0 ? (
        <p class="muted thread-more">{TEXT.replies(rest.length)}</p>
      ) : null}
      {selected ? (
        <ThreadActions
          thread={thread}
          passage={passage}
          now={now}
          limits={limits}
          canEdit={canEdit}
          canEscalate={canEscalate}
          mentionable={mentionable}
          onChanged={onChanged}
        />
      ) : null}
    </li>
  );
}

function Message({
  message,
}: {
  readonly message: Thread["messages"][number];
}) {
  return (
    <div class={`thread-message message-${message.kind}`}>
      <p class="thread-meta">
        <span class="person-name">{message.author ?? TEXT.serverNote}</span>{" "}
        <time class="muted" dateTime={message.at}>
          {formatTime(message.at)}
        </time>
      </p>
      <p class="thread-text">{message.text}</p>
    </div>
  );
}

function DisputeState({ thread }: { readonly thread: Thread }) {
  const status =
    thread.state === "decided"
      ? TEXT.disputeDecided(thread.decided_by)
      : thread.claimed_by !== null
        ? TEXT.disputeClaimed(thread.claimed_by, thread.claimed_by_me)
        : TEXT.disputeOpen;
  return (
    <div class="dispute-state" data-testid="dispute-state">
      <p>
        <span class={`badge dispute-${thread.state}`}>{status}</span>
      </p>
      {thread.reason ? (
        <p>
          <span class="muted">{TEXT.reason}</span> {thread.reason}
        </p>
      ) : null}
      {thread.proposed_wording ? (
        <p class="proposed">
          <span class="muted">{TEXT.proposed}</span>{" "}
          <ins>{thread.proposed_wording}</ins>
        </p>
      ) : null}
      {thread.state === "decided" && thread.outcome !== null ? (
        <p>
          <span class="muted">{TEXT.decision}</span>{" "}
          <strong>{TEXT.outcome[thread.outcome]}</strong>
          {thread.decision ? ` — ${thread.decision}` : null}
        </p>
      ) : null}
      {thread.state === "decided" &&
      thread.outcome !== "keep" &&
      thread.applied_wording !== null ? (
        <p class="proposed">
          <span class="muted">{TEXT.applied}</span>{" "}
          <ins>{thread.applied_wording}</ins>
        </p>
      ) : null}
    </div>
  );
}

function Suggestion({
  thread,
  passage,
  now,
  limits,
}: {
  readonly thread: Thread;
  readonly passage: PassageNow;
  readonly now: EditorNow | null;
  readonly limits: Limits;
}) {
  const wording = thread.suggestion ?? "";
  const pending = thread.suggestion_state === "pending";
  const overBy = pending
    ? suggestionOverBy(thread, passage, now?.doc ?? null, limits)
    : null;
  return (
    <div class="suggestion" data-testid="suggestion">
      <p class="suggestion-diff">
        {wording === "" ? (
          <>
            {TEXT.deletePassage} <del>{thread.quote}</del>
          </>
        ) : (
          <>
            {TEXT.replace} <del>{thread.quote}</del> {TEXT.with}{" "}
            <ins>{wording}</ins>
          </>
        )}
      </p>
      {pending && passage.changed && passage.text !== null ? (
        <p class="suggestion-changed" data-testid="passage-changed">
          {TEXT.changedSince} <q>{passage.text}</q>
        </p>
      ) : null}
      {overBy !== null ? (
        <p class="suggestion-over" data-testid="suggestion-over">
          {TEXT.overLimit(overBy)}
        </p>
      ) : null}
      {thread.suggestion_state === "accepted" ? (
        <p class="badge suggestion-accepted">{TEXT.accepted(null)}</p>
      ) : thread.suggestion_state === "declined" ? (
        <p class="badge suggestion-declined">{TEXT.declined}</p>
      ) : null}
    </div>
  );
}

function ThreadActions({
  thread,
  passage,
  now,
  limits,
  canEdit,
  canEscalate,
  mentionable,
  onChanged,
}: {
  readonly thread: Thread;
  readonly passage: PassageNow;
  readonly now: EditorNow | null;
  readonly limits: Limits;
  readonly canEdit: boolean;
  readonly canEscalate: boolean;
  readonly mentionable: readonly string[];
  readonly onChanged: (thread: Thread) => void;
}) {
  const [answer, setAnswer] = useState("");
  const [escalating, setEscalating] = useState(false);
  const { busy, error, run } = useSending();

  const step = async (name: ThreadStep): Promise<void> => {
    const next = await run(name, () => takeThreadStep(thread.id, name));
    if (next !== null) onChanged(next);
  };
  const send = async (): Promise<void> => {
    const next = await run("reply", () => reply(thread.id, answer.trim()));
    if (next !== null) {
      setAnswer("");
      onChanged(next);
    }
  };

  // Once a dispute, the Steering Group decides the wording: no accepting it here.
  const pending =
    thread.kind === "comment" &&
    thread.suggestion !== null &&
    thread.suggestion_state === "pending";
  const overBy = pending
    ? suggestionOverBy(thread, passage, now?.doc ?? null, limits)
    : null;
  const isComment = thread.kind === "comment";
  // A comment thread is resolved or reopened from the same place, whichever it is now.
  const toggle =
    !isComment || (thread.state !== "open" && thread.state !== "resolved")
      ? null
      : thread.state === "open"
        ? "resolve"
        : "reopen";
  const id = `thread-${thread.id}`;

  return (
    <div class="thread-actions">
      {pending && canEdit && thread.state === "open" ? (
        <div class="panel-buttons">
          <button
            type="button"
            class="button quiet accept"
            disabled={busy !== null || overBy !== null || passage.text === null}
            aria-describedby={overBy !== null ? `${id}-over` : undefined}
            onClick={() => {
              void step("accept");
            }}
          >
            {busy === "accept" ? TEXT.sending : TEXT.accept}
          </button>
          <button
            type="button"
            class="button quiet"
            disabled={busy !== null}
            onClick={() => {
              void step("decline");
            }}
          >
            {busy === "decline" ? TEXT.sending : TEXT.decline}
          </button>
          {overBy !== null ? (
            <span id={`${id}-over`} class="sr-only">
              {TEXT.overLimit(overBy)}
            </span>
          ) : null}
        </div>
      ) : null}
      <form
        class="thread-reply"
        onSubmit={(e) => {
          e.preventDefault();
          if (answer.trim() !== "" && busy === null) void send();
        }}
      >
        <MentionField
          id={`${id}-reply`}
          label={TEXT.replyLabel}
          value={answer}
          onValue={setAnswer}
          mentionable={mentionable}
        />
        <div class="panel-buttons">
          <button
            type="submit"
            class="button quiet"
            disabled={answer.trim() === "" || busy !== null}
          >
            {busy === "reply" ? TEXT.sending : TEXT.replyButton}
          </button>
          {toggle !== null ? (
            <button
              type="button"
              class="button quiet"
              disabled={busy !== null}
              onClick={() => {
                void step(toggle);
              }}
            >
              {busy === toggle ? TEXT.sending : TEXT[toggle]}
            </button>
          ) : null}
        </div>
      </form>
      {isComment && thread.state === "open" && canEscalate ? (
        escalating ? (
          <Escalate
            thread={thread}
            onDone={(next) => {
              setEscalating(false);
              if (next !== null) onChanged(next);
            }}
          />
        ) : (
          <button
            type="button"
            class="link-button escalate"
            onClick={() => setEscalating(true)}
          >
            {TEXT.escalate}
          </button>
        )
      ) : null}
      {error !== null ? (
        <p class="message error" role="alert" data-testid="thread-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Escalate({
  thread,
  onDone,
}: {
  readonly thread: Thread;
  readonly onDone: (thread: Thread | null) => void;
}) {
  const [reason, setReason] = useState("");
  const [wording, setWording] = useState("");
  const { busy, error, run } = useSending();
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const id = `escalate-${thread.id}`;

  const submit = async (): Promise<void> => {
    const next = await run("escalate", () =>
      escalate(
        thread.id,
        reason.trim(),
        wording.trim() === "" ? null : wording,
      ),
    );
    if (next !== null) onDone(next);
  };

  return (
    <form
      class="thread-form escalate-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim() !== "" && busy === null) void submit();
      }}
    >
      <h3 id={`${id}-title`}>{TEXT.escalateTitle}</h3>
      <label class="field" for={`${id}-reason`}>
        <span>{TEXT.escalateReason}</span>
        <textarea
          id={`${id}-reason`}
          ref={first}
          rows={3}
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <label class="field" for={`${id}-wording`}>
        <span>{TEXT.escalateWording}</span>
        {thread.suggestion !== null ? (
          <span class="muted hint">{TEXT.escalateKeepsSuggestion}</span>
        ) : null}
        <textarea
          id={`${id}-wording`}
          rows={2}
          maxLength={2000}
          value={wording}
          onInput={(e) => setWording(e.currentTarget.value)}
        />
      </label>
      <div class="panel-buttons">
        <button
          type="submit"
          class="button quiet"
          disabled={reason.trim() === "" || busy !== null}
        >
          {busy !== null ? TEXT.sending : TEXT.escalateSend}
        </button>
        <button type="button" class="button quiet" onClick={() => onDone(null)}>
          {TEXT.cancel}
        </button>
      </div>
      {error !== null ? (
        <p class="message error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
