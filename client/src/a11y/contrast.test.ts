import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { PALETTE } from "../sync/presence";
import { contrastRatio, NON_TEXT_CONTRAST } from "./contrast";

const PAGE = "#ffffff"; // the editor's background
const STYLES = readFileSync(new URL("../styles.css", import.meta.url), "utf-8");

/** The `property` of CSS rule `selector` in styles.css. */
function declared(selector: string, property: string): string {
  const rule = new RegExp(
    `(^|\\n)${selector.replace(/\./g, "\\.")} \\{([^}]*)\\}`,
  ).exec(STYLES);
  const value = rule?.[2]
    ?.split(";")
    .map((line) => line.split(":").map((part) => part.trim()))
    .find(([name]) => name === property)?.[1];
  if (!value) throw new Error(`${selector} has no ${property}`);
  return value;
}

describe("contrastRatio", () => {
  it("measures as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});

describe("colours people must see against the page", () => {
  it.each(PALETTE)("a person's cursor %s keeps 3:1", (colour) => {
    expect(contrastRatio(colour, PAGE)).toBeGreaterThanOrEqual(
      NON_TEXT_CONTRAST,
    );
  });

  it.each(["comment", "suggestion", "dispute"])(
    "a %s passage's underline keeps 3:1 against the page and its own tint",
    (kind) => {
      const line = declared(`.cm-passage-${kind}`, "border-bottom-color");
      const tint = declared(`.cm-passage-${kind}`, "background");
      const selected = declared(
        `.cm-passage-${kind}.cm-passage-selected`,
        "background",
      );
      expect(contrastRatio(line, PAGE)).toBeGreaterThanOrEqual(
        NON_TEXT_CONTRAST,
      );
      expect(contrastRatio(line, tint)).toBeGreaterThanOrEqual(
        NON_TEXT_CONTRAST,
      );
      expect(contrastRatio(line, selected)).toBeGreaterThanOrEqual(
        NON_TEXT_CONTRAST,
      );
    },
  );
});
