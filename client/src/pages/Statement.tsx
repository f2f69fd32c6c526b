// One statement: header, who else is here, the shared Markdown editor, and the
// status line ("212 / 300 words · 1:25 / 2:00 · saved").

import { useEffect, useMemo, useRef, useState } from "preact/hooks";

import type { User } from "../api/session";
import {
  getStatement,
  STATE_LABEL,
  toLimits,
  type Statement,
} from "../api/statements";
import { createEditor, type StatementEditor } from "../editor/setup";
import { listenToEvents } from "../events/feed";
import { StatusLine } from "../limit/meter";
import { limitStatus } from "../limit/status";
import { goToSignIn } from "../nav";
import { othersHere, presenceUser, type PresenceUser } from "../sync/presence";
import {
  openStatementSync,
  type StatementSync,
  type StopAction,
} from "../sync/provider";
import type { SyncState } from "../sync/status";
import { Frame, Loading, useSignedInUser } from "./common";
import { SidePanel } from "./SidePanel";
import { SignedInActions } from "./SignedInActions";
import { Signatures } from "./Signatures";
import { Speakers } from "./Speakers";
import { Threads, type ThreadsEditor } from "./Threads";
import { useStatement } from "./statement_load";

function FatalMessage({ message }: { readonly message: string }) {
  return (
    <div class="message error fatal" role="alert" data-testid="statement-error">
      <p>{message}</p>
      <p>
        <a href="/">Back to my statements</a>
      </p>
    </div>
  );
}

export function StatementPage({ id }: { readonly id: number }) {
  const user = useSignedInUser();
  const statement = useStatement(id, user.kind === "ready");

  const actions = <SignedInActions user={user} />;

  let body;
  if (user.kind === "error") body = <FatalMessage message={user.message} />;
  else if (user.kind === "loading")
    body = <Loading label="Checking your session…" />;
  else if (statement.kind === "error")
    body = <FatalMessage message={statement.message} />;
  else if (statement.kind === "loading")
    body = <Loading label="Opening the statement…" />;
  else body = <Workspace user={user.value} statement={statement.value} />;

  return (
    <Frame actions={actions} wide>
      <p class="back">
        <a href="/">← My statements</a>
      </p>
      {body}
    </Frame>
  );
}

function StatementHeader({
  statement,
  canEdit,
}: {
  readonly statement: Statement;
  readonly canEdit: boolean;
}) {
  return (
    <header class="statement-header">
      <p class="context">
        {statement.forum} · {statement.session}
      </p>
      <h1 id="statement-title">
        <span class="country">{statement.country}</span>
        {statement.title ? <span class="title">{statement.title}</span> : null}
      </h1>
      <p class="meta">
        <span
          class={`badge state-${statement.state}`}
          data-testid="statement-state"
        >
          {STATE_LABEL[statement.state]}
        </span>
        <a
          class="speak-link"
          href={`/statements/${statement.id}/speak`}
          data-testid="speaker-view-link"
        >
          Speaker view
        </a>
        {canEdit ? null : (
          <span class="muted" data-testid="read-only">
            Read-only: you can follow the text but not change it.
          </span>
        )}
      </p>
    </header>
  );
}

function Presence({ others }: { readonly others: readonly PresenceUser[] }) {
  return (
    <section class="presence" aria-labelledby="presence-title">
      <h2 id="presence-title" class="presence-title">
        Here now
      </h2>
      <ul data-testid="presence" class="presence-list">
        {others.map((person) => (
          <li key={person.id} class="person" data-user-id={person.id}>
            <span
              class="dot"
              style={{ backgroundColor: person.color }}
              aria-hidden="true"
            />
            <span class="person-name" style={{ color: person.color }}>
              {person.name}
            </span>
          </li>
        ))}
      </ul>
      {others.length === 0 ? (
        <p class="presence-empty muted">Only you.</p>
      ) : null}
    </section>
  );
}

interface WorkspaceProps {
  readonly user: User;
  readonly statement: Statement;
}

function Workspace({ user, statement }: WorkspaceProps) {
  const host = useRef<HTMLDivElement>(null);
  const syncRef = useRef<StatementSync | null>(null);
  const editorRef = useRef<StatementEditor | null>(null);
  const [words, setWords] = useState(0);
  const [sync, setSync] = useState<SyncState>("connecting");
  const [reason, setReason] = useState<string | null>(null);
  const [others, setOthers] = useState<PresenceUser[]>([]);
  const [stopped, setStopped] = useState<StopAction | null>(null);
  const [discarding, setDiscarding] = useState(false);
  // The statement as last read: the header follows a state change made live.
  const [current, setCurrent] = useState<Statement>(statement);
  const [readOnlyReason, setReadOnlyReason] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  // Bumped when the signatures may have changed: the co-signing group reads them again.
  const [signaturesRevision, setSignaturesRevision] = useState(0);
  // Bumped when the volunteers, the confirmed speaker or the rules for speakers may have changed.
  const [speakersRevision, setSpeakersRevision] = useState(0);
  // The editor's text once it holds the statement, so a signature is on the words shown.
  const [textReady, setTextReady] = useState(false);
  // The open editor, for the comments beside it (highlights, selection).
  const [threadsEditor, setThreadsEditor] = useState<ThreadsEditor | null>(
    null,
  );
  // The forum's limits as last read: a facilitator may change them while this is open.
  const { words: wordLimit, seconds, speaking_rate } = current.limits;
  const limits = useMemo(
    () => toLimits({ words: wordLimit, seconds, speaking_rate }),
    [wordLimit, seconds, speaking_rate],
  );

  useEffect(() => {
    // Another person moved the statement (finalised, reopened): read it again.
    const refresh = (): void => {
      getStatement(statement.id).then(setCurrent, () => undefined);
      setRevision((n) => n + 1);
      // The coalition rules are the forum's, and a final statement's signatures are frozen.
      setSignaturesRevision((n) => n + 1);
      setSpeakersRevision((n) => n + 1);
    };
    return listenToEvents((event) => {
      if (
        event.type === "statement.state" &&
        event.statement_id === statement.id
      )
        refresh();
      // The forum's settings changed (its limits among them): read the statement again.
      if (event.type === "forum" && event.forum_id === statement.forum_id)
        refresh();
      // Someone joined or left, or a thread changed: the panels read their people, threads
      // and history again.
      if (
        (event.type === "statement.people" ||
          event.type === "statement.threads") &&
        event.statement_id === statement.id
      )
        setRevision((n) => n + 1);
      if (
        event.type === "statement.signatures" &&
        event.statement_id === statement.id
      )
        setSignaturesRevision((n) => n + 1);
      // Compared as a string until the generated event types hold this one.
      if (
        (event.type as string) === "statement.speakers" &&
        "statement_id" in event &&
        event.statement_id === statement.id
      )
        setSpeakersRevision((n) => n + 1);
    }, refresh);
  }, [statement.id, statement.forum_id]);

  useEffect(() => {
    document.title = `${statement.country}${statement.title ? ` — ${statement.title}` : ""} · Chorus`;
  }, [statement.country, statement.title]);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const me = presenceUser(user);
    const shared = openStatementSync(statement.id, me);
    syncRef.current = shared;
    const editor: StatementEditor = createEditor({
      parent,
      text: shared.text,
      awareness: shared.awareness,
      limits,
      language: statement.language,
      dir: statement.dir,
      readOnly: !statement.can_edit,
      onWords: setWords,
      onLimitReason: setReason,
    });
    editorRef.current = editor;
    setThreadsEditor({ view: editor.view, text: shared.text });

    setSync(shared.state());
    const offState = shared.onState(setSync);

    const updateOthers = (): void => {
      setOthers(
        othersHere(shared.awareness.getStates(), shared.doc.clientID, user.id),
      );
    };
    shared.awareness.on("change", updateOthers);
    updateOthers();

    const offWritable = shared.onWritable(({ canWrite, reason }) => {
      editor.setReadOnly(!canWrite);
      // A switch to read-only always shows a notice, with or without a reason.
      setReadOnlyReason(
        canWrite ? null : reason || "This statement is read-only for you.",
      );
      getStatement(statement.id).then(setCurrent, () => undefined);
    });

    const offStop = shared.onStop((action) => {
      if (action.kind === "sign-in") {
        goToSignIn();
        return;
      }
      editor.setReadOnly(true);
      setStopped(action);
    });

    return () => {
      offState();
      offWritable();
      offStop();
      shared.awareness.off("change", updateOthers);
      setThreadsEditor(null);
      editor.destroy();
      shared.destroy();
      syncRef.current = null;
      editorRef.current = null;
    };
    // Not on `limits`: new limits reach the open editor below, without a new connection.
  }, [
    statement.id,
    statement.language,
    statement.dir,
    statement.can_edit,
    user,
  ]);

  useEffect(() => {
    editorRef.current?.setLimits(limits);
  }, [limits]);

  // Before the first sync the editor may hold nothing, or this device's older copy.
  useEffect(() => {
    if (sync === "saved" || sync === "saving") setTextReady(true);
  }, [sync]);

  const showText = (): void => {
    host.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    editorRef.current?.view.focus();
  };

  const discard = async (): Promise<void> => {
    const shared = syncRef.current;
    if (!shared) return;
    const sure = window.confirm(
      "Discard this device's copy of the statement? Changes that were not saved on the server will be lost.",
    );
    if (!sure) return;
    setDiscarding(true);
    try {
      await shared.discardLocalCopy();
    } finally {
      location.reload();
    }
  };

  const fatal = stopped?.kind === "fatal" ? stopped.message : null;

  return (
    <article class="statement" aria-labelledby="statement-title">
      <StatementHeader statement={current} canEdit={current.can_edit} />
      {fatal !== null ? <FatalMessage message={fatal} /> : null}
      {readOnlyReason ? (
        <div class="message info" role="status" data-testid="read-only-notice">
          <p>{readOnlyReason}</p>
        </div>
      ) : null}
      {stopped?.kind === "stopped" ? (
        <div
          class="message warning"
          role="alert"
          data-testid="statement-stopped"
        >
          <p>{stopped.message}</p>
          {stopped.discardable ? (
            <button
              type="button"
              class="button"
              disabled={discarding}
              onClick={() => {
                void discard();
              }}
            >
              Discard this device's copy and reload
            </button>
          ) : null}
        </div>
      ) : null}
      <div class="with-panel">
        <div class="workspace" hidden={fatal !== null}>
          <Presence others={others} />
          <div
            class="editor"
            data-testid="editor"
            ref={host}
            lang={statement.language}
            dir={statement.dir}
          />
          <footer class="status-bar">
            <StatusLine
              words={words}
              limits={limits}
              sync={sync}
              readOnly={readOnlyReason !== null || !current.can_edit}
            />
            <p
              class="limit-reason"
              data-testid="limit-reason"
              aria-live="polite"
            >
              {reason ?? ""}
            </p>
          </footer>
        </div>
        <div class="side-column">
          <Threads
            statement={current}
            editor={threadsEditor}
            limits={limits}
            revision={revision}
          />
          <Signatures
            statement={current}
            text={textReady ? (threadsEditor?.text ?? null) : null}
            overLimit={limitStatus(words, limits).overLimit}
            revision={signaturesRevision}
            onShowText={showText}
          />
          <Speakers statementId={current.id} revision={speakersRevision} />
          <SidePanel
            statement={current}
            revision={revision}
            onChanged={(next) => {
              setCurrent(next);
              setRevision((n) => n + 1);
            }}
          />
        </div>
      </div>
    </article>
  );
}
