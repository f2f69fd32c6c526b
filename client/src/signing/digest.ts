// The text a signature binds to, and its digest: the twin of server/domain/cosigning.py.
// Both are pinned by the shared vectors in schemas/signing_vectors.json: change them together.
//
// The page sends the digest of the text it shows with a signature, so the server can refuse a
// signature on a text the person did not see. A signature binds to the statement as its
// exports show it. Normalisation: the rendered text (the rendering word counting uses, so
// Markdown syntax is not part of it) with each link written `[its words]<its destination>`:
// the destination as markdown-it normalises it (the href the HTML and PDF exports carry), with
// `[` and `]` percent-encoded (the Python and JavaScript parsers differ there). A literal `\`,
// `[` or `]` of the text is backslash-escaped, so typed text never reads as a link. Each
// stretch of text between link marks is put in Unicode NFC; the whole is split into tokens at
// the separators of the word rule, joined by one space, and whitespace just inside a link's
// brackets is dropped. Images are their alt text; an image's source and a link's title are
// not part of it.

import MarkdownIt from "markdown-it";

import { SEPARATORS } from "../limit/count";

type Token = ReturnType<MarkdownIt["parse"]>[number];

// Built once; the configuration of the word count and the server (CommonMark, raw HTML off).
const markdown = new MarkdownIt("commonmark", { html: false });

const TOKEN_SEPARATORS = new RegExp(`[${SEPARATORS}]+`, "u");
const BLOCK_SEPARATOR = "\n";
const BREAK = " ";
const ESCAPED = /[\\[\]]/g;
// A link mark's bracket with whitespace on its inner side: a token that is the bare opening
// mark, and the space before a closing mark (a literal bracket is escaped, so never matches).
const SPACE_AFTER_OPEN = /(^| )\[ /g;
const SPACE_BEFORE_CLOSE = / \]</g;

/** The rendered text with its link marks, built as stretches of text between marks. */
class Marked {
  readonly parts: string[] = []; // finished stretches and marks
  private stretch: string[] = []; // the text since the last mark, not normalised yet

  text(content: string): void {
    this.stretch.push(content);
  }

  mark(mark: string): void {
    this.endStretch();
    this.parts.push(mark);
  }

  endStretch(): void {
    if (this.stretch.length === 0) return;
    const text = this.stretch.join("").normalize("NFC");
    this.parts.push(text.replace(ESCAPED, (ch) => `\\${ch}`));
    this.stretch = [];
  }
}

// The twin of count.ts's collectInline, with link marks; inside an image's alt text a link is
// text only, as the exports show it.
function collectInline(
  children: readonly Token[],
  marked: Marked,
  hrefs: string[],
  inImage = false,
): void {
  for (const child of children) {
    switch (child.type) {
      case "text":
      case "code_inline":
        marked.text(child.content);
        break;
      case "softbreak":
      case "hardbreak":
        marked.text(BREAK);
        break;
      case "image":
        if (child.children) {
          marked.text(BREAK);
          collectInline(child.children, marked, hrefs, true);
          marked.text(BREAK);
        }
        break;
      case "link_open":
        if (!inImage) {
          hrefs.push(child.attrGet("href") ?? ""); // only link_open carries it
          marked.mark("[");
        }
        break;
      case "link_close":
        if (!inImage && hrefs.length > 0) {
          const href = (hrefs.pop() ?? "")
            .replaceAll("[", "%5B")
            .replaceAll("]", "%5D");
          marked.mark(`]<${href}>`);
        }
        break;
      default:
        break; // emphasis and the like: syntax, not text
    }
  }
}

/** What a signature binds to: the rendered words with each link's destination in place,
 * NFC, tokens joined by one space. */
export function normalisedText(source: string): string {
  const marked = new Marked();
  for (const token of markdown.parse(source, {})) {
    if (token.type === "inline") {
      if (token.children) collectInline(token.children, marked, []);
    } else if (token.type === "fence" || token.type === "code_block") {
      marked.text(token.content);
    }
    marked.text(BLOCK_SEPARATOR);
  }
  marked.endStretch();
  return marked.parts
    .join("")
    .split(TOKEN_SEPARATORS)
    .filter((token) => token.length > 0)
    .join(" ")
    .replace(SPACE_AFTER_OPEN, "$1[")
    .replace(SPACE_BEFORE_CLOSE, "]<");
}

/** SHA-256 (lower-case hex) of the UTF-8 of `normalisedText(markdown)`. */
export async function textDigest(markdown: string): Promise<string> {
  const bytes = new TextEncoder().encode(normalisedText(markdown));
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(hash), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
