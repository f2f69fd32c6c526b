// The speaker view: the statement large, a countdown from the forum's time limit and a pace
// marker at the forum's speaking rate, for the person at the microphone. It reads the text
// from the statement's shared document (and this device's copy of it), never writes to it,
// and keeps working offline once opened.

import "../speak.css";

import type { ComponentChild } from "preact";
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from "preact/hooks";

import type { User } from "../api/session";
import { getStatement, type Statement } from "../api/statements";
import { listenToEvents } from "../events/feed";
import { goToSignIn } from "../nav";
import { buildSpeech, type Speech, type SpeechNode } from "../speak/speech";
import {
  formatSeconds,
  initialTimer,
  paceWord,
  readClock,
  readingSeconds,
  reduceTimer,
} from "../speak/timer";
import { presenceUser } from "../sync/presence";
import { openStatementSync } from "../sync/provider";
import type { SyncState } from "../sync/status";
import { Loading, useSignedInUser } from "./common";
import { useStatement } from "./statement_load";

/** Text sizes (px) the speaker steps through with A−/A+. */
const SIZES = [20, 24, 28, 32, 36, 42, 48, 56, 64, 72] as const;
const DEFAULT_SIZE = 5; // 42 px
const TICK_MS = 200;

type Contrast = "dark" | "light";

// The speaker's choices of size and contrast, kept on this device for the next time.
const SIZE_KEY = "chorus-speak-size";
const CONTRAST_KEY = "chorus-speak-contrast";

function remembered(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private browsing or storage full: the choice lasts for this visit only.
  }
}

function initialSize(): number {
  const raw = remembered(SIZE_KEY);
  const stored = raw === null || raw === "" ? NaN : Number(raw);
  return Number.isInteger(stored) && stored >= 0 && stored < SIZES.length
    ? stored
    : DEFAULT_SIZE;
}

function initialContrast(): Contrast {
  return remembered(CONTRAST_KEY) === "light" ? "light" : "dark";
}

/** The confirmed speaker's name when the statement answer carries one. */
function confirmedSpeaker(statement: Statement): string | null {
  const value: unknown = (statement as { readonly speaker?: unknown }).speaker;
  if (typeof value === "string" && value) return value;
  if (value && typeof value === "object" && "name" in value) {
    const name: unknown = value.name;
    if (typeof name === "string" && name) return name;
  }
  return null;
}

export function SpeakPage({ id }: { readonly id: number }) {
  const user = useSignedInUser();
  const statement = useStatement(id, user.kind === "ready");

  let problem: string | null = null;
  if (user.kind === "error") problem = user.message;
  else if (statement.kind === "error") problem = statement.message;

  if (problem !== null || user.kind !== "ready" || statement.kind !== "ready") {
    return (
      <main class="speak-page speak-dark" id="main">
        <p class="speak-back">
          <a href={`/statements/${id}`}>← Back to the statement</a>
        </p>
        {problem !== null ? (
          <div class="message error" role="alert" data-testid="speak-error">
            <p>{problem}</p>
          </div>
        ) : (
          <Loading label="Opening the speaker view…" />
        )}
      </main>
    );
  }
  return <SpeakerView user={user.value} statement={statement.value} />;
}

/** The statement's text from its shared document, as it changes. */
function useStatementText(
  statementId: number,
  user: User,
): {
  readonly text: string | null;
  readonly sync: SyncState;
  readonly stopped: string | null;
} {
  const [text, setText] = useState<string | null>(null);
  const [sync, setSync] = useState<SyncState>("connecting");
  const [stopped, setStopped] = useState<string | null>(null);

  useEffect(() => {
    const shared = openStatementSync(statementId, presenceUser(user));
    let localLoaded = false;
    let synced = false;
    const show = (): void => {
      // Before the first sync the document may be empty or this device's older copy: show
      // the stored copy once it is loaded, and the server's as soon as it arrives.
      const value = shared.text.toString();
      if (synced || (localLoaded && value.length > 0)) setText(value);
    };
    const onState = (state: SyncState): void => {
      setSync(state);
      if (state === "saved" || state === "saving") synced = true;
      show();
    };
    onState(shared.state());
    const offState = shared.onState(onState);
    shared.text.observe(show);
    shared.whenLocalLoaded.then(
      () => {
        localLoaded = true;
        show();
      },
      () => undefined,
    );
    const offStop = shared.onStop((action) => {
      if (action.kind === "sign-in") {
        goToSignIn();
        return;
      }
      setStopped(action.message);
    });
    return () => {
      offState();
      offStop();
      shared.text.unobserve(show);
      shared.destroy();
    };
  }, [statementId, user]);

  return { text, sync, stopped };
}

interface SpeakerViewProps {
  readonly user: User;
  readonly statement: Statement;
}

function SpeakerView({ user, statement }: SpeakerViewProps) {
  const [current, setCurrent] = useState<Statement>(statement);
  const { text, sync, stopped } = useStatementText(statement.id, user);
  const [timer, dispatch] = useReducer(
    reduceTimer,
    performance.now(),
    initialTimer,
  );
  const [size, setSize] = useState(initialSize);
  const [contrast, setContrast] = useState<Contrast>(initialContrast);
  const textRef = useRef<HTMLDivElement>(null);
  const controlsRef = useRef<HTMLElement>(null);
  const [bar, setBar] = useState<{ top: number; height: number } | null>(null);

  // The statement finalised or reopened, its speaker confirmed, or the forum's limits
  // changed: read it again.
  useEffect(() => {
    const refresh = (): void => {
      getStatement(statement.id).then(setCurrent, () => undefined);
    };
    return listenToEvents((event) => {
      if (
        event.type === "statement.state" &&
        event.statement_id === statement.id
      )
        refresh();
      if (event.type === "forum" && event.forum_id === statement.forum_id)
        refresh();
      // A speaker confirmed or withdrawn: the name shown changes. Compared as a string until
      // the generated event types hold this one.
      if (
        (event.type as string) === "statement.speakers" &&
        "statement_id" in event &&
        event.statement_id === statement.id
      )
        refresh();
    }, refresh);
  }, [statement.id, statement.forum_id]);

  useEffect(() => {
    document.title = `Speaker view · ${statement.country}${statement.title ? ` — ${statement.title}` : ""} · Chorus`;
  }, [statement.country, statement.title]);

  useEffect(() => {
    if (!timer.running) return;
    const handle = setInterval(() => {
      dispatch({ type: "tick", now: performance.now() });
    }, TICK_MS);
    return () => clearInterval(handle);
  }, [timer.running]);

  const bigger = (): void => setSize((n) => Math.min(SIZES.length - 1, n + 1));
  const smaller = (): void => setSize((n) => Math.max(0, n - 1));
  const toggleContrast = (): void =>
    setContrast((c) => (c === "dark" ? "light" : "dark"));
  const toggle = (): void =>
    dispatch({ type: "toggle", now: performance.now() });
  const reset = (): void => dispatch({ type: "reset", now: performance.now() });

  // Kept as the change is drawn, not after the next frame: a reload straight after a key press
  // (or a page whose frames are held back) must still find the choice.
  useLayoutEffect(() => remember(SIZE_KEY, String(size)), [size]);
  useLayoutEffect(() => remember(CONTRAST_KEY, contrast), [contrast]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      switch (event.key) {
        case " ":
        case "Spacebar":
          event.preventDefault(); // no scrolling, and no click on a focused button
          if (!event.repeat) toggle();
          return;
        case "r":
        case "R":
        case "Home":
          event.preventDefault();
          reset();
          return;
        case "+":
        case "=":
          event.preventDefault();
          bigger();
          return;
        case "-":
        case "_":
          event.preventDefault();
          smaller();
          return;
        case "c":
        case "C":
          event.preventDefault();
          toggleContrast();
          return;
        default:
          return;
      }
    };
    // A focused button clicks on Space's release: the key already acted on its press.
    const onKeyUp = (event: KeyboardEvent): void => {
      if (event.key === " ") event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener("keyup", onKeyUp);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener("keyup", onKeyUp);
    };
  }, []);

  const speech = useMemo(() => buildSpeech(text ?? ""), [text]);
  const { seconds, speaking_rate: rate } = current.limits;
  const clock = readClock(timer, seconds);
  const pace = paceWord(clock.elapsed, rate, speech.words);
  const started = clock.elapsed > 0 || timer.running;

  // The bar in the margin sits at the line of the word the speaker should be at; while
  // running, the page follows it so that line stays in the upper part of the screen.
  useLayoutEffect(() => {
    const host = textRef.current;
    const word = host?.querySelector<HTMLElement>(".w.pace");
    if (!host || !word || !started) {
      setBar(null);
      return;
    }
    const box = host.getBoundingClientRect();
    const at = word.getBoundingClientRect();
    setBar({ top: at.top - box.top, height: at.height });
    // The controls stay at the top of the screen (sticky): the text shows below them.
    const visibleTop = controlsRef.current?.getBoundingClientRect().bottom ?? 0;
    const room = window.innerHeight - visibleTop;
    if (
      timer.running &&
      (at.top < visibleTop || at.bottom > visibleTop + room * 0.75)
    ) {
      window.scrollTo({
        top: window.scrollY + at.top - visibleTop - room * 0.2,
        behavior: matchMedia("(prefers-reduced-motion: reduce)").matches
          ? "instant"
          : "smooth",
      });
    }
  }, [pace, size, speech, started, timer.running]);

  const draft = current.state === "drafting";
  const speaker = confirmedSpeaker(current);
  const fontSize = SIZES[size] ?? SIZES[DEFAULT_SIZE];

  return (
    <main
      id="main"
      class={`speak-page speak-${contrast}`}
      data-testid="speaker-view"
      data-contrast={contrast}
    >
      {draft ? (
        <p class="speak-draft" data-testid="speak-draft" role="note">
          DRAFT — not final
        </p>
      ) : null}
      <header class="speak-header">
        <p class="speak-back">
          <a href={`/statements/${current.id}`}>← Back to the statement</a>
        </p>
        <p class="speak-context">
          {current.forum} · {current.session}
          {draft ? null : (
            <span class="speak-final" data-testid="speak-final">
              {current.state === "delivered" ? "DELIVERED" : "FINAL"}
            </span>
          )}
        </p>
        <h1 class="speak-title">
          <span class="country">{current.country}</span>
          {current.title ? <span class="title">{current.title}</span> : null}
        </h1>
        {speaker ? (
          <p class="speak-speaker" data-testid="speak-speaker">
            Speaker: {speaker}
          </p>
        ) : null}
      </header>

      <section
        class="speak-controls"
        aria-label="Timer and display"
        ref={controlsRef}
      >
        <div
          class={`speak-clock phase-${clock.phase}`}
          data-testid="speak-clock"
          data-phase={clock.phase}
          role="timer"
          aria-live="off"
        >
          <span class="speak-clock-time" data-testid="speak-countdown">
            {clock.shown}
          </span>
          <span class="speak-clock-label">
            {clock.phase === "over"
              ? "over time"
              : clock.phase === "warning"
                ? "last seconds"
                : `of ${formatSeconds(seconds)}`}
          </span>
        </div>
        <div class="speak-buttons">
          <button
            type="button"
            class="speak-button primary"
            onClick={toggle}
            data-testid="speak-toggle"
          >
            {timer.running ? "Pause" : started ? "Resume" : "Start"}
          </button>
          <button type="button" class="speak-button" onClick={reset}>
            Reset
          </button>
          <button
            type="button"
            class="speak-button"
            onClick={smaller}
            disabled={size === 0}
            aria-label="Smaller text"
          >
            A−
          </button>
          <button
            type="button"
            class="speak-button"
            onClick={bigger}
            disabled={size === SIZES.length - 1}
            aria-label="Larger text"
          >
            A+
          </button>
          <button
            type="button"
            class="speak-button"
            onClick={toggleContrast}
            aria-pressed={contrast === "light"}
          >
            {contrast === "dark" ? "Dark on light" : "Light on dark"}
          </button>
        </div>
        <p class="speak-legend" data-testid="speak-legend">
          <kbd>Space</kbd> start/pause · <kbd>R</kbd> reset · <kbd>+</kbd>{" "}
          <kbd>−</kbd> size · <kbd>C</kbd> contrast
        </p>
      </section>
      <p class="speak-pace-note">
        {speech.words} words · about{" "}
        {formatSeconds(readingSeconds(speech.words, rate))} at {rate} words a
        minute
        {sync === "offline" ? (
          <span class="speak-offline" data-testid="speak-offline">
            {" "}
            · offline: the text as last opened on this device
          </span>
        ) : null}
      </p>

      {stopped !== null ? (
        <div class="message warning" role="alert">
          <p>{stopped}</p>
        </div>
      ) : null}

      {text === null ? (
        <Loading
          label={
            sync === "offline"
              ? "Offline: this statement's text has not been opened on this device before."
              : "Opening the text…"
          }
        />
      ) : (
        <div class="speak-text-wrap" dir={current.dir}>
          {bar ? (
            <span
              class="speak-bar"
              aria-hidden="true"
              data-testid="speak-bar"
              style={{ top: `${bar.top}px`, height: `${bar.height}px` }}
            />
          ) : null}
          <div
            class="speak-text"
            ref={textRef}
            data-testid="speak-text"
            lang={current.language}
            dir={current.dir}
            data-pace={pace ?? ""}
            style={{ fontSize: `${fontSize}px` }}
          >
            {draw(speech, started ? pace : null)}
          </div>
        </div>
      )}
    </main>
  );
}

/** The statement's tree as elements, each word a span marked as said, or where to be. */
function draw(speech: Speech, pace: number | null): ComponentChild[] {
  const nodes = (list: readonly SpeechNode[]): ComponentChild[] =>
    list.map((node) => {
      if (node.kind === "break") return <br />;
      if (node.kind === "text") {
        if (node.word === null) return node.text;
        const where =
          pace === null
            ? ""
            : node.word < pace
              ? " said"
              : node.word === pace
                ? " pace"
                : "";
        return (
          <span class={`w${where}`} data-word={node.word}>
            {node.text}
          </span>
        );
      }
      const Tag = node.tag;
      if (Tag === "hr") return <hr />;
      return <Tag>{nodes(node.children)}</Tag>;
    });
  return nodes(speech.blocks);
}
