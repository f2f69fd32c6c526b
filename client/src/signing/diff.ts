// The difference between the text a person signed and the text now, word by word, for the
// notice "the text changed since you signed". Words are runs of non-space characters, as the
// signature's normalisation splits them, so a change the signature ignores (spacing, line
// breaks) shows no difference either.

import { diffArrays } from "diff";

export type DiffKind = "same" | "removed" | "added";

/** A run of words that is in both texts, only in the one signed, or only in the one now. */
export interface DiffPart {
  readonly kind: DiffKind;
  /** The run's words joined by one space. */
  readonly text: string;
}

function words(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== "");
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
