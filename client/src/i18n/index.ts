// The interface's language: which one a person reads (their choice, else their browser's
// preferred languages, else English), its catalogues loaded and activated, and the server's
// messages said in it from their code and params.
//
// Lingui (ICU MessageFormat, CLDR plurals, gettext PO catalogues compiled at build time):
// each language's catalogues are a chunk of their own, loaded when it is chosen.

import { i18n, type Messages } from "@lingui/core";

import type { WrappingCode } from "../api/messages";

export const LANGUAGES = ["en", "fr", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language by its own name, as a picker lists them (data, never translated). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: "English",
  fr: "Français",
  es: "Español",
};

const CATALOGUES: Readonly<
  Record<Language, () => Promise<{ messages: Messages }>>
> = {
  en: () => import("../locales/en/codes.po"),
  fr: () => import("../locales/fr/codes.po"),
  es: () => import("../locales/es/codes.po"),
};

// Written right to left: the interface mirrors for these (none of ours yet; a statement
// keeps its own direction whatever the interface's).
const RIGHT_TO_LEFT = new Set(["ar", "fa", "he", "ur"]);

const STORED = "chorus.language";
// Set when a language was chosen here and is not yet kept on the person's account (chosen on
// the sign-in page, or while the account could not be reached).
const UNSAVED = "chorus.language.unsaved";

type Kept = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function browserStorage(): Kept | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage refused (a private window): the browser's languages decide
  }
}

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The language to show: `chosen` when it is one we have, else the first of the browser's
 * `preferred` languages we have (by its primary subtag: fr-CA is fr), else English. */
export function pickLanguage(
  chosen: string | null,
  preferred: readonly string[],
): Language {
  if (chosen !== null && isLanguage(chosen)) return chosen;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0] ?? "";
    if (isLanguage(primary)) return primary;
  }
  return "en";
}

/** The language this browser was told to use, if any. */
export function storedLanguage(
  storage: Kept | null = browserStorage(),
): string | null {
  return storage?.getItem(STORED) ?? null;
}

/** The language in use now. */
export function currentLanguage(): Language {
  return isLanguage(i18n.locale) ? i18n.locale : "en";
}

/** Load `language`'s catalogues and make it the interface's: its messages, and the page's
 * `<html lang dir>` (`root`). */
export async function activate(
  language: Language,
  root: HTMLElement | null = globalThis.document?.documentElement ?? null,
): Promise<void> {
  const { messages } = await CATALOGUES[language]();
  i18n.loadAndActivate({ locale: language, messages });
  if (root !== null) {
    root.lang = language;
    root.dir = RIGHT_TO_LEFT.has(language) ? "rtl" : "ltr";
  }
}

/** A person chose `language`: kept in this browser, and on their account at the next answer
 * that says who is signed in (`followAccount`); the caller reloads the page into it. */
export function chooseLanguage(
  language: Language,
  storage: Kept | null = browserStorage(),
): void {
  storage?.setItem(STORED, language);
  storage?.setItem(UNSAVED, "1");
}

/** Follow the language kept on the signed-in person's account (`account`; null: never
 * chosen). A choice made here and not yet kept is kept on the account (`keep`); otherwise the
 * account's decides, and the page reloads into it (`reload`) when another one is shown. */
export async function followAccount(
  account: string | null,
  keep: (language: Language) => Promise<unknown>,
  reload: () => void,
  storage: Kept | null = browserStorage(),
): Promise<void> {
  const chosen = storedLanguage(storage);
  if (
    storage?.getItem(UNSAVED) === "1" &&
    chosen !== null &&
    isLanguage(chosen)
  ) {
    if (chosen !== account) {
      try {
        await keep(chosen);
      } catch {
        return; // kept here still; the account is told at the next answer
      }
    }
    storage.removeItem(UNSAVED);
    return;
  }
  if (account === null || !isLanguage(account)) return;
  storage?.setItem(STORED, account);
  if (account !== currentLanguage()) reload();
}

/** The codes whose sentence is made of other messages (their reasons); checked complete
 * against the generated catalogue types. */
const WRAPPING = [
  "invalid_body",
  "invitation_unusable",
  "refused",
  "too_many_attempts",
  "weak_password",
] as const satisfies readonly WrappingCode[];
const wrappingListed: [
  Exclude<WrappingCode, (typeof WRAPPING)[number]>,
] extends [never]
  ? true
  : never = true;
void wrappingListed;
const WRAPS: ReadonlySet<string> = new Set(WRAPPING);

type Params = Readonly<Record<string, string | number>>;

/** A server message in the interface's language, from its `code` and `params`. In English,
 * the server's own sentence (`english`), which is the catalogue's said with these values and
 * for a code that wraps others their sentence; elsewhere the catalogue's, or the server's
 * English for a code the catalogue does not have (a newer server). */
export function sayMessage(
  code: string,
  params: Params,
  english: string,
): string {
  if (currentLanguage() === "en" || i18n.messages[code] === undefined)
    return english;
  return i18n._(code, params);
}

/** A refusal in the interface's language: a code that wraps other messages is said as those
 * (each in the interface's language), as the server's English says them. */
export function sayRefusal(
  code: string,
  params: Params,
  english: string,
  reasons: readonly { code: string; params: Params; message: string }[],
): string {
  if (currentLanguage() !== "en" && WRAPS.has(code) && reasons.length > 0) {
    return reasons
      .map((r) => sayMessage(r.code, r.params, r.message))
      .join(" ");
  }
  return sayMessage(code, params, english);
}
