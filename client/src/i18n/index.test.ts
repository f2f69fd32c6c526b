import { describe, expect, it } from "vitest";

import {
  activate,
  chooseLanguage,
  followAccount,
  pickLanguage,
  sayMessage,
  sayRefusal,
  storedLanguage,
} from "./index";

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

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

describe("followAccount", () => {
  it("keeps on the account a language chosen here before signing in, once", async () => {
    const storage = new MemoryStorage();
    chooseLanguage("fr", storage);
    const kept: string[] = [];
    let reloads = 0;
    const keep = async (language: string) => kept.push(language);
    await followAccount("es", keep, () => reloads++, storage);
    expect(kept).toEqual(["fr"]);
    expect(reloads).toBe(0);
    // Told once: the next answer says French, and nothing more is sent.
    await followAccount("fr", keep, () => reloads++, storage);
    expect(kept).toEqual(["fr"]);
    expect(storedLanguage(storage)).toBe("fr");
  });

  it("keeps the choice here when the account cannot be told, and tries again", async () => {
    const storage = new MemoryStorage();
    chooseLanguage("es", storage);
    await followAccount(
      null,
      () => Promise.reject(new Error("offline")),
      () => {},
      storage,
    );
    const kept: string[] = [];
    await followAccount(
      null,
      async (l) => kept.push(l),
      () => {},
      storage,
    );
    expect(kept).toEqual(["es"]);
  });

  it("follows the account's language on another device, reloading into it", async () => {
    await activate("en");
    const storage = new MemoryStorage();
    let reloads = 0;
    await followAccount(
      "es",
      async () => {},
      () => reloads++,
      storage,
    );
    expect(storedLanguage(storage)).toBe("es");
    expect(reloads).toBe(1);
    // Nothing chosen anywhere: the browser's languages keep deciding.
    const fresh = new MemoryStorage();
    await followAccount(
      null,
      async () => {},
      () => reloads++,
      fresh,
    );
    expect(storedLanguage(fresh)).toBeNull();
    expect(reloads).toBe(1);
  });
});

describe("sayRefusal", () => {
  const reasons = [
    {
      code: "password_too_short",
      params: { min: 10, length: 4 },
      message: "At least 10 characters.",
    },
  ];
  it("keeps the server's own English sentence in English, a wrapper's included", async () => {
    await activate("en");
    expect(
      sayRefusal("weak_password", {}, "Use at least 10 characters.", reasons),
    ).toBe("Use at least 10 characters.");
  });
  it("says a wrapper as its reasons in another language, and a plain code as itself", async () => {
    await activate("es");
    const wrapped = sayRefusal("weak_password", {}, "English", reasons);
    expect(wrapped).toBe(
      sayMessage("password_too_short", { min: 10, length: 4 }, "x"),
    );
    expect(wrapped).toContain("10");
    expect(wrapped).not.toBe("English");
    expect(sayRefusal("weak_password", {}, "English", [])).toBe(
      sayMessage("weak_password", {}, "y"),
    );
  });
});
