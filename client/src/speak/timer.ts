// The speaker's clock: a pure reducer over start, pause, reset and tick, and what it reads.
//
// Time is kept as timestamps (milliseconds from a monotonic clock the caller passes in), not
// as a sum of ticks, so a late or skipped tick never makes the clock drift.

export interface TimerState {
  readonly running: boolean;
  /** Time counted before the current run (ms). */
  readonly banked: number;
  /** When the current run started, or null while paused. */
  readonly since: number | null;
  /** The last moment the caller told us about. */
  readonly now: number;
}

export type TimerEvent =
  | { readonly type: "start"; readonly now: number }
  | { readonly type: "pause"; readonly now: number }
  | { readonly type: "toggle"; readonly now: number }
  | { readonly type: "reset"; readonly now: number }
  | { readonly type: "tick"; readonly now: number };

export function initialTimer(now: number): TimerState {
  return { running: false, banked: 0, since: null, now };
}

/** Time counted so far (ms), never negative. */
export function elapsedMs(state: TimerState): number {
  const run =
    state.running && state.since !== null
      ? Math.max(0, state.now - state.since)
      : 0;
  return state.banked + run;
}

export function reduceTimer(state: TimerState, event: TimerEvent): TimerState {
  const now = Math.max(state.now, event.now);
  const at = { ...state, now };
  switch (event.type) {
    case "start":
      return state.running ? at : { ...at, running: true, since: now };
    case "pause":
      return state.running
        ? { running: false, banked: elapsedMs(at), since: null, now }
        : at;
    case "toggle":
      return reduceTimer(state, {
        ...event,
        type: state.running ? "pause" : "start",
      });
    case "reset":
      return initialTimer(now);
    case "tick":
      return at;
  }
}

/** The last seconds before the limit in which the clock warns. */
export const WARNING_SECONDS = 15;

export type ClockPhase = "ready" | "running" | "warning" | "over";

export interface ClockReading {
  /** Seconds counted (fractional). */
  readonly elapsed: number;
  /** Whole seconds shown as left, counted down: the limit at first, 0 at the limit. */
  readonly remaining: number;
  /** Seconds started past the limit (0 until then). */
  readonly over: number;
  readonly phase: ClockPhase;
  /** "2:00", "0:15", "+0:07" (over time). */
  readonly shown: string;
}

/** "m:ss" for whole seconds. */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${rest.toString().padStart(2, "0")}`;
}

/** What the clock shows for `state` against a time limit of `limitSeconds`. */
export function readClock(
  state: TimerState,
  limitSeconds: number,
): ClockReading {
  const elapsed = elapsedMs(state) / 1000;
  // Counting down shows the seconds started, so the limit shows in full until one has passed.
  const remaining = Math.max(0, Math.ceil(limitSeconds - elapsed));
  const past = elapsed - limitSeconds;
  const over = past > 0 ? Math.ceil(past) : 0;
  let phase: ClockPhase;
  if (past > 0) phase = "over";
  else if (elapsed === 0 && !state.running) phase = "ready";
  else if (remaining <= WARNING_SECONDS) phase = "warning";
  else phase = "running";
  const shown =
    phase === "over" ? `+${formatSeconds(over)}` : formatSeconds(remaining);
  return { elapsed, remaining, over, phase, shown };
}

/**
 * The word the speaker should be at after `elapsedSeconds` at `wordsPerMinute`: word
 * floor(t × rate / 60), counted from 0, held on the last of `words` once the text is done.
 * Null when there is no text or no rate.
 */
export function paceWord(
  elapsedSeconds: number,
  wordsPerMinute: number,
  words: number,
): number | null {
  if (words <= 0 || wordsPerMinute <= 0) return null;
  const at = Math.floor((Math.max(0, elapsedSeconds) * wordsPerMinute) / 60);
  return Math.min(at, words - 1);
}

/** How long the text takes at the speaking rate, in whole seconds (rounded up). */
export function readingSeconds(words: number, wordsPerMinute: number): number {
  if (wordsPerMinute <= 0) return 0;
  return Math.ceil((words * 60) / wordsPerMinute);
}
