// How the threads panel orders and describes threads. Pure, so it is tested without a page.

import type { Thread } from "../api/threads";
import type { PassageKind, PassageRange } from "../editor/passages";
import { countWords } from "../limit/count";
import { limitStatus, type Limits } from "../limit/status";

/** Whether a thread still asks for attention: an open comment or an undecided dispute. */
export function isOpen(thread: Thread): boolean {
  return thread.state === "open";
}

/** The highlight a thread's passage gets in the editor; null when it is settled (a
 * resolved comment, a decided dispute), which shows no highlight. */
export function highlightKind(thread: Thread): PassageKind | null {
  if (!isOpen(thread)) return null;
  if (thread.kind === "dispute") return "dispute";
  return thread.suggestion !== null && thread.suggestion_state === "pending"
    ? "suggestion"
    : "comment";
}

/**
 * The open threads in the order of their passages in the text (as a reader meets them;
 * those whose passage is gone last, oldest first), and the settled ones, most recently
 * started first.
 */
export function orderThreads(
  threads: readonly Thread[],
  ranges: readonly PassageRange[],
): { open: Thread[]; settled: Thread[] } {
  const where = new Map(ranges.map((r) => [r.id, r.from]));
  const place = (t: Thread): number =>
    where.get(t.id) ?? t.anchor?.start ?? Number.MAX_SAFE_INTEGER;
  const open = threads
    .filter(isOpen)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => place(a.t) - place(b.t) || a.i - b.i)
    .map(({ t }) => t);
  const settled = threads.filter((t) => !isOpen(t)).reverse();
  return { open, settled };
}

/** A thread's passage as it reads now, read from the editor when its anchors resolve there
 * (exact and live), else as the server last said. */
export interface PassageNow {
  /** The passage's text now; null when it is gone. */
  readonly text: string | null;
  /** It no longer reads as quoted when the thread began. */
  readonly changed: boolean;
  readonly from: number | null;
  readonly to: number | null;
}

export function passageNow(
  thread: Thread,
  range: PassageRange | undefined,
  doc: string | null,
): PassageNow {
  if (range !== undefined && doc !== null) {
    const text = doc.slice(range.from, range.to);
    return {
      text,
      changed: text !== thread.quote,
      from: range.from,
      to: range.to,
    };
  }
  if (thread.anchor === null) {
    return { text: null, changed: true, from: null, to: null };
  }
  return {
    text: thread.passage_now,
    changed: thread.passage_changed,
    from: thread.anchor.start,
    to: thread.anchor.end,
  };
}

/**
 * Words past the limits if the passage from `from` to `to` of `doc` read `wording`
 * instead; null when the result fits. As on the server and in the editor, a change that adds
 * no words is never held back, even on a text already over the limit.
 */
export function overByIfReplaced(
  doc: string,
  from: number,
  to: number,
  wording: string,
  limits: Limits,
): number | null {
  const after = countWords(doc.slice(0, from) + wording + doc.slice(to));
  if (after <= countWords(doc)) return null;
  const status = limitStatus(after, limits);
  return status.overLimit ? status.overBy : null;
}

/** A suggestion's words past the limit if accepted now: worked out from the editor's text
 * when the passage is there, else the server's figure. */
export function suggestionOverBy(
  thread: Thread,
  now: PassageNow,
  doc: string | null,
  limits: Limits,
): number | null {
  if (thread.suggestion === null) return null;
  if (doc !== null && now.from !== null && now.to !== null) {
    return overByIfReplaced(doc, now.from, now.to, thread.suggestion, limits);
  }
  return thread.suggestion_over_by;
}

/** At most `max` characters of `text` on one line, with an ellipsis when cut. */
export function shorten(text: string, max = 140): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  return `${line.slice(0, max - 1).trimEnd()}…`;
}
