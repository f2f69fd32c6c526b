// The status line under the editor:
//   "212 / 300 words · 1:25 / 2:00 · saved"
// with "· over by N words" appended once concurrent edits push it past the limit.

import { READ_ONLY_SYNC_TEXT, SYNC_TEXT, type SyncState } from "../sync/status";
import {
  formatSeconds,
  limitStatus,
  type LimitStatus,
  type Limits,
} from "./status";

export type MeterLevel = "ok" | "near" | "over";

export function meterLevel(status: LimitStatus): MeterLevel {
  if (status.overLimit) return "over";
  if (status.nearLimit) return "near";
  return "ok";
}

export function overByText(overBy: number): string {
  return `over by ${overBy} ${overBy === 1 ? "word" : "words"}`;
}

interface StatusLineProps {
  readonly words: number;
  readonly limits: Limits;
  readonly sync: SyncState;
  /** The reader cannot write: the sync state is said without "saved". */
  readonly readOnly?: boolean;
}

export function StatusLine({
  words,
  limits,
  sync,
  readOnly = false,
}: StatusLineProps) {
  const status = limitStatus(words, limits);
  const level = meterLevel(status);
  return (
    <p
      class={`status-line status-${level}`}
      data-testid="status-line"
      data-state={level}
      data-sync={sync}
    >
      <span data-testid="status-words">{`${status.words} / ${limits.words} words`}</span>
      {" · "}
      <span data-testid="status-time">
        {`${formatSeconds(status.seconds)} / ${formatSeconds(limits.seconds)}`}
      </span>
      {" · "}
      <span data-testid="status-sync" class={`sync sync-${sync}`}>
        {(readOnly ? READ_ONLY_SYNC_TEXT : SYNC_TEXT)[sync]}
      </span>
      {status.overLimit ? (
        <>
          {" · "}
          <strong class="over-by" data-testid="status-over">
            {overByText(status.overBy)}
          </strong>
        </>
      ) : null}
    </p>
  );
}
