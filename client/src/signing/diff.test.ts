import { describe, expect, it } from "vitest";

import { hasChanges, wordDiff } from "./diff";

describe("wordDiff", () => {
  it("finds nothing between equal texts", () => {
    expect(wordDiff("We ask the State.", "We ask the State.")).toEqual([
      { kind: "same", text: "We ask the State." },
    ]);
  });

  it("ignores spacing and line breaks, as the signature does", () => {
    const parts = wordDiff("We  ask\nthe State.", " We ask the\n\nState. ");
    expect(parts).toEqual([{ kind: "same", text: "We ask the State." }]);
    expect(hasChanges(parts)).toBe(false);
  });

  it("puts a replaced word as removed, then added", () => {
    expect(wordDiff("We ask the State.", "We urge the State.")).toEqual([
      { kind: "same", text: "We" },
      { kind: "removed", text: "ask" },
      { kind: "added", text: "urge" },
      { kind: "same", text: "the State." },
    ]);
  });

  it("counts punctuation attached to a word as part of it", () => {
    expect(wordDiff("by 2030.", "by 2030!")).toEqual([
      { kind: "same", text: "by" },
      { kind: "removed", text: "2030." },
      { kind: "added", text: "2030!" },
    ]);
  });

  it("shows words added at the end and removed at the start", () => {
    expect(wordDiff("Firstly we ask", "we ask now")).toEqual([
      { kind: "removed", text: "Firstly" },
      { kind: "same", text: "we ask" },
      { kind: "added", text: "now" },
    ]);
  });

  it("handles empty texts", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("", "New text")).toEqual([
      { kind: "added", text: "New text" },
    ]);
    expect(wordDiff("Old text", " ")).toEqual([
      { kind: "removed", text: "Old text" },
    ]);
  });

  it("keeps non-Latin scripts whole", () => {
    expect(wordDiff("نطالب الدولة", "نطالب الحكومة")).toEqual([
      { kind: "same", text: "نطالب" },
      { kind: "removed", text: "الدولة" },
      { kind: "added", text: "الحكومة" },
    ]);
    expect(hasChanges(wordDiff("a", "b"))).toBe(true);
  });
});
