import { describe, expect, it } from "vitest";

import vectors from "../../../schemas/signing_vectors.json";
import { normalisedText, textDigest } from "./digest";

interface SigningCase {
  name: string;
  markdown: string;
  normalised: string;
  digest: string;
  reason: string;
}

const cases: readonly SigningCase[] = vectors.cases;

describe("shared signing vectors", () => {
  it("are well formed", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    const names = new Set(cases.map((c) => c.name));
    expect(names.size).toBe(cases.length);
    for (const c of cases) {
      expect(Object.keys(c).sort()).toEqual([
        "digest",
        "markdown",
        "name",
        "normalised",
        "reason",
      ]);
      expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    expect(normalisedText(c.markdown), c.reason).toBe(c.normalised);
    expect(await textDigest(c.markdown), c.reason).toBe(c.digest);
  });
});
