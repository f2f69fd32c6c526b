import { describe, expect, it } from "vitest";

import { aroundChanges, hasChanges, wordDiff } from "./diff";

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

describe("wordDiff splits where the signature's normalisation does", () => {
  it("breaks at a zero width space and keeps a word joiner inside the word", () => {
    expect(wordDiff("civic\u200bspace", "civic space")).toEqual([
      { kind: "same", text: "civic space" },
    ]);
    expect(wordDiff("civic\u2060space", "civic space")).toEqual([
      { kind: "removed", text: "civic\u2060space" },
      { kind: "added", text: "civic space" },
    ]);
  });
});

describe("aroundChanges", () => {
  const long = "one two three four five six seven eight nine ten";

  it("keeps a few words on each side of a change and cuts the rest", () => {
    const parts = wordDiff(`${long} old ${long}`, `${long} new ${long}`);
    expect(aroundChanges(parts, 2)).toEqual([
      { kind: "same", text: "… nine ten" },
      { kind: "removed", text: "old" },
      { kind: "added", text: "new" },
      { kind: "same", text: "one two …" },
    ]);
  });

  it("keeps context on both sides of a run between two changes", () => {
    const parts = wordDiff(`a ${long} b`, `x ${long} y`);
    expect(aroundChanges(parts, 2)[2]).toEqual({
      kind: "same",
      text: "one two … nine ten",
    });
  });

  it("leaves short runs and texts without changes alone", () => {
    const parts = wordDiff("a b c old d e", "a b c new d e");
    expect(aroundChanges(parts, 3)).toEqual(parts);
    expect(aroundChanges(wordDiff(long, long), 2)).toEqual([
      { kind: "same", text: long },
    ]);
  });
});
