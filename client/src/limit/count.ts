// The one word-counting rule of Chorus, and its twin of server/domain/words.py.
// Both are pinned by the shared vectors in schemas/word_count_vectors.json: change them together.
//
// Rule: count the words of the *rendered* text, so Markdown syntax does not count. A word is a
// run of non-space characters holding at least one letter or digit (Unicode category L* or N*).
// Each CJK ideograph or kana counts as one word on its own; inside a run, those characters split
// the rest of the run into segments, and each segment holding a letter or digit counts once more
// ("GDP增长5%" is 4 words).

import MarkdownIt from "markdown-it";

type Token = ReturnType<MarkdownIt["parse"]>[number];

// Built once: counting runs on every change of the statement. Same configuration as the server.
const markdown = new MarkdownIt("commonmark", { html: false });

// Every character for which Python's str.isspace() is true (Unicode whitespace, including
// U+00A0, U+202F and U+3000, and the U+001C..U+001F separators), plus ZERO WIDTH SPACE (a word
// break in Thai or Khmer) and U+FEFF (a stray byte order mark is ignored). ZWJ, ZWNJ and the
// word joiner are not here: they stay inside words. JS's \s differs from str.isspace(), hence
// the explicit class. The text a signature binds to (signing/digest.ts) splits at these too.
export const SEPARATORS =
  "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";

// Ideographs and kana: a letter or digit in one of these ranges is one word on its own.
// Punctuation and marks in those blocks (U+30FB katakana middle dot, U+3099 combining voiced
// sound mark, ...) are ordinary characters.
const CJK_RANGES =
  "\\u3005\\u3007" + // ideographic iteration mark, ideographic number zero
  "\\u3040-\\u309f" + // Hiragana
  "\\u30a0-\\u30ff" + // Katakana
  "\\u31f0-\\u31ff" + // Katakana Phonetic Extensions
  "\\u3400-\\u4dbf" + // CJK Unified Ideographs Extension A
  "\\u4e00-\\u9fff" + // CJK Unified Ideographs
  "\\uf900-\\ufaff" + // CJK Compatibility Ideographs
  "\\uff66-\\uff9f" + // Halfwidth Katakana
  "\\u{20000}-\\u{2fa1f}"; // Extensions B and beyond, Compatibility Ideographs Supplement

export const CJK_WORD = `(?=[\\p{L}\\p{N}])[${CJK_RANGES}]`;
const CJK_WORDS = new RegExp(CJK_WORD, "gu");
const SEGMENT_BOUNDARY = new RegExp(`[${SEPARATORS}]|${CJK_WORD}`, "u");
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Words in already rendered text (no Markdown parsing). */
function countPlainWords(text: string): number {
  let words = text.match(CJK_WORDS)?.length ?? 0;
  for (const segment of text.split(SEGMENT_BOUNDARY)) {
    if (LETTER_OR_DIGIT.test(segment)) words += 1;
  }
  return words;
}

const BLOCK_SEPARATOR = "\n";
const BREAK = " ";

function collectInline(children: readonly Token[], parts: string[]): void {
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "code_inline":
        parts.push(child.content);
        break;
      case "softbreak":
      case "hardbreak":
        parts.push(BREAK);
        break;
      case "image":
        // An image is a word boundary; its alt text is what a reader gets.
        if (child.children) {
          parts.push(BREAK);
          collectInline(child.children, parts);
          parts.push(BREAK);
        }
        break;
      default:
        break; // emphasis, link open/close...: syntax, not text (link URLs never count)
    }
  }
}

/**
 * The text a reader sees once the Markdown is rendered, blocks separated by newlines. Link
 * destinations, image titles and code fence info strings are not part of it.
 */
export function renderedText(source: string): string {
  const parts: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === "inline") {
      if (token.children) collectInline(token.children, parts);
    } else if (token.type === "fence" || token.type === "code_block") {
      parts.push(token.content);
    }
    parts.push(BLOCK_SEPARATOR);
  }
  return parts.join("");
}

/** Words of the statement as a reader sees it once the Markdown is rendered. */
export function countWords(source: string): number {
  return countPlainWords(renderedText(source));
}
