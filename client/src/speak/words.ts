// Where the words are in rendered text, by the one word rule of limit/count.ts, so the pace
// marker walks exactly the words the counter counts.

import { CJK_WORD, SEPARATORS } from "../limit/count";

const SEPARATOR = new RegExp(`^[${SEPARATORS}]$`, "u");
const CJK = new RegExp(`^${CJK_WORD}$`, "u");
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** A word's place in a string: [start, end) in UTF-16 code units. */
export interface WordRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The words of already rendered text, in order: runs of non-separators holding a letter or
 * digit, each CJK ideograph or kana a word of its own that also splits its run. As many as
 * limit/count.ts counts for the same text.
 */
export function wordRanges(text: string): WordRange[] {
  const ranges: WordRange[] = [];
  let runStart = -1;
  let runHasLetter = false;
  const closeRun = (end: number): void => {
    if (runStart >= 0 && runHasLetter) ranges.push({ start: runStart, end });
    runStart = -1;
    runHasLetter = false;
  };
  let offset = 0;
  for (const char of text) {
    const next = offset + char.length;
    if (SEPARATOR.test(char)) {
      closeRun(offset);
    } else if (CJK.test(char)) {
      closeRun(offset);
      ranges.push({ start: offset, end: next });
    } else {
      if (runStart < 0) runStart = offset;
      if (LETTER_OR_DIGIT.test(char)) runHasLetter = true;
    }
    offset = next;
  }
  closeRun(offset);
  return ranges;
}
