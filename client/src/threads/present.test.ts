import { describe, expect, it } from "vitest";

import type { Thread } from "../api/threads";
import {
  highlightKind,
  orderThreads,
  overByIfReplaced,
  passageNow,
  shorten,
  suggestionOverBy,
} from "./present";

function thread(id: number, values: Partial<Thread> = {}): Thread {
  return {
    id,
    statement_id: 1,
    kind: "comment",
    state: "open",
    quote: "the government",
    anchor: { start: 7, end: 21 },
    position: { start: "", end: "" },
    passage_now: "the government",
    passage_changed: false,
    suggestion: null,
    suggestion_state: null,
    suggestion_over_by: null,
    created_by: "Ana",
    created_at: "2026-11-30T10:00:00Z",
    messages: [],
    reason: null,
    proposed_wording: null,
    opened_at: null,
    claimed_by: null,
    claimed_by_me: false,
    decided_by: null,
    outcome: null,
    decision: null,
    applied_wording: null,
    ...values,
  };
}

const limits = { words: 5, seconds: 120, speakingRate: 150 };

describe("highlights", () => {
  it("shows open threads by kind and settled ones not at all", () => {
    expect(highlightKind(thread(1))).toBe("comment");
    expect(
      highlightKind(
        thread(2, { suggestion: "x", suggestion_state: "pending" }),
      ),
    ).toBe("suggestion");
    expect(
      highlightKind(
        thread(3, { suggestion: "x", suggestion_state: "declined" }),
      ),
    ).toBe("comment");
    expect(highlightKind(thread(4, { kind: "dispute" }))).toBe("dispute");
    expect(highlightKind(thread(5, { state: "resolved" }))).toBeNull();
    expect(
      highlightKind(thread(6, { kind: "dispute", state: "decided" })),
    ).toBeNull();
  });
});

describe("ordering", () => {
  it("lists open threads as the text reads, gone passages last, settled newest first", () => {
    const threads = [
      thread(1, { anchor: { start: 30, end: 35 } }),
      thread(2, { anchor: null }),
      thread(3, { state: "resolved" }),
      thread(4, { anchor: { start: 2, end: 5 } }),
      thread(5, { state: "resolved" }),
    ];
    // The editor knows better where thread 1 is now.
    const ranges = [{ id: 1, kind: "comment" as const, from: 0, to: 1 }];
    const { open, settled } = orderThreads(threads, ranges);
    expect(open.map((t) => t.id)).toEqual([1, 4, 2]);
    expect(settled.map((t) => t.id)).toEqual([5, 3]);
  });
});

describe("the passage now", () => {
  const doc = "We ask the govern to act.";
  it("reads it from the editor when the anchors resolve there", () => {
    const range = { id: 1, kind: "comment" as const, from: 7, to: 17 };
    expect(passageNow(thread(1), range, doc)).toEqual({
      text: "the govern",
      changed: true,
      from: 7,
      to: 17,
    });
  });

  it("falls back to the server, and says when the passage is gone", () => {
    expect(passageNow(thread(1), undefined, doc).changed).toBe(false);
    expect(passageNow(thread(1, { anchor: null }), undefined, doc)).toEqual({
      text: null,
      changed: true,
      from: null,
      to: null,
    });
  });
});

describe("a suggestion against the limit", () => {
  it("counts the words the text would have", () => {
    expect(overByIfReplaced("one two three", 4, 7, "2 2 2 2", limits)).toBe(1);
    expect(overByIfReplaced("one two three", 4, 7, "2", limits)).toBeNull();
  });

  it("never holds back a change that adds no words, even over the limit", () => {
    const over = "a b c d e f g";
    expect(overByIfReplaced(over, 0, 3, "x", limits)).toBeNull();
    expect(overByIfReplaced(over, 0, 1, "x", limits)).toBeNull();
  });

  it("uses the editor's text when the passage is there, else the server's figure", () => {
    const t = thread(1, {
      suggestion: "a b c d e f",
      suggestion_state: "pending",
      suggestion_over_by: 9,
    });
    const here = { text: "x", changed: true, from: 0, to: 1 };
    expect(suggestionOverBy(t, here, "x", limits)).toBe(1);
    const gone = { text: null, changed: true, from: null, to: null };
    expect(suggestionOverBy(t, gone, "x", limits)).toBe(9);
  });
});

describe("shorten", () => {
  it("keeps short text and cuts long text with an ellipsis", () => {
    expect(shorten("a\n b")).toBe("a b");
    expect(shorten("abcdefghij", 5)).toBe("abcd…");
  });
});
