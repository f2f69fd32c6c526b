// The difference between the text a person signed and the text now, word by word, for the
// notice "the text changed since you signed". Words are runs of non-space characters, as the
// signature's normalisation splits them, so a change the signature ignores (spacing, line
// breaks) shows no difference either.

import { diffArrays } from "diff";

import { SEPARATORS } from "../limit/count";

const WORD_SEPARATORS = new RegExp(`[${SEPARATORS}]+`, "u");

export type DiffKind = "same" | "removed" | "added";

/** A run of words that is in both texts, only in the one signed, or only in the one now. */
export interface DiffPart {
  readonly kind: DiffKind;
  /** The run's words joined by one space. */
  readonly text: string;
}

function words(text: string): string[] {
  return text.split(WORD_SEPARATORS).filter((word) => word !== "");
}

/** The runs that turn `before` into `after`: each removed run comes before the run added in
 * its place; neighbouring runs of one kind are joined. Empty when both have no words. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(words(before), words(after))) {
    const kind: DiffKind = change.added
      ? "added"
      : change.removed
        ? "removed"
        : "same";
    const text = change.value.join(" ");
    const last = parts[parts.length - 1];
    if (last && last.kind === kind)
      parts[parts.length - 1] = { kind, text: `${last.text} ${text}` };
    else parts.push({ kind, text });
  }
  return parts;
}

/** Whether the two texts differ in any word. */
export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((part) => part.kind !== "same");
}

/** `parts` with each long unchanged run cut down to `context` words on the side of each change
 * ("…" where words were left out), so a change in a long text is seen at once. A text without
 * changes is left whole. */
export function aroundChanges(
  parts: readonly DiffPart[],
  context: number,
): DiffPart[] {
  if (!hasChanges(parts)) return [...parts];
  return parts.map((part, index) => {
    if (part.kind !== "same") return part;
    const runWords = part.text.split(" ");
    const keepBefore = index > 0 ? context : 0; // words after the previous change
    const keepAfter = index < parts.length - 1 ? context : 0; // before the next one
    if (runWords.length <= keepBefore + keepAfter + 1) return part;
    const head = runWords.slice(0, keepBefore);
    const tail = keepAfter > 0 ? runWords.slice(-keepAfter) : [];
    return { kind: "same", text: [...head, "…", ...tail].join(" ") };
  });
}
