import { describe, expect, it } from "vitest";

import vectors from "../../../schemas/word_count_vectors.json";
import { countWords } from "./count";

interface WordCountCase {
  name: string;
  text: string;
  words: number;
  reason: string;
}

const cases: readonly WordCountCase[] = vectors.cases;

describe("shared word count vectors", () => {
  it("are well formed", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const names = new Set(cases.map((c) => c.name));
    expect(names.size).toBe(cases.length);
    for (const c of cases) {
      expect(Object.keys(c).sort()).toEqual([
        "name",
        "reason",
        "text",
        "words",
      ]);
      expect(Number.isInteger(c.words)).toBe(true);
      expect(c.reason.length).toBeGreaterThan(0);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(countWords(c.text), c.reason).toBe(c.words);
  });
});
