import { describe, expect, it } from "vitest";

import { activate, pickLanguage, sayMessage } from "./index";

describe("pickLanguage", () => {
  it("keeps a person's own choice over the browser's", () => {
    expect(pickLanguage("es", ["fr-FR", "en"])).toBe("es");
  });
  it("takes the first preferred language we have, by its primary subtag", () => {
    expect(pickLanguage(null, ["de-DE", "fr-CA", "es"])).toBe("fr");
    expect(pickLanguage("klingon", ["ES-mx"])).toBe("es");
  });
  it("falls back to English", () => {
    expect(pickLanguage(null, ["de", "ar"])).toBe("en");
    expect(pickLanguage(null, [])).toBe("en");
  });
});

describe("sayMessage", () => {
  it("says a server code in French and Spanish with its params and plural rules", async () => {
    await activate("fr");
    const fr = sayMessage("too_many_attempts", { seconds: 30 }, "English");
    expect(fr).toContain("30");
    expect(fr).not.toBe("English");
    await activate("es");
    const es = sayMessage("too_many_attempts", { seconds: 30 }, "English");
    expect(es).toContain("30");
    expect(es).not.toBe(fr);
  });
  it("chooses the plural form by the language's rule", async () => {
    await activate("fr");
    const one = sayMessage("cannot_finalise", { blockers: 1 }, "English");
    const two = sayMessage("cannot_finalise", { blockers: 2 }, "English");
    expect(one).toContain("1 ");
    expect(two).toContain("2 ");
    expect(one).not.toBe(two.replace("2", "1"));
  });
  it("says the server's English for a code the catalogue does not have", async () => {
    await activate("fr");
    expect(
      sayMessage("a_code_from_a_newer_server", {}, "As the server said."),
    ).toBe("As the server said.");
  });
});
