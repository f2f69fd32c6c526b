// Word counts of editor documents, memoised per immutable document.

import type { Text } from "@codemirror/state";

import { countWords } from "../limit/count";

const counts = new WeakMap<Text, number>();

export function docWords(doc: Text): number {
  let words = counts.get(doc);
  if (words === undefined) {
    words = countWords(doc.toString());
    counts.set(doc, words);
  }
  return words;
}
