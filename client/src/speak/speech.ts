// The statement's Markdown as a tree the speaker view draws, every word numbered.
//
// Built from markdown-it's tokens (HTML off, as everywhere in Chorus) into a small set of
// known elements: nothing typed in the statement can become markup, an attribute or a link.
// Words are found in the same rendered text the counter counts (see limit/count.ts), so word
// n here is word n of the count and of the pace.

import MarkdownIt from "markdown-it";

import { wordRanges } from "./words";

type Token = ReturnType<MarkdownIt["parse"]>[number];

const markdown = new MarkdownIt("commonmark", { html: false });

export type SpeechTag =
  | "p"
  | "h1"
  | "h2"
  | "h3"
  | "h4"
  | "h5"
  | "h6"
  | "ul"
  | "ol"
  | "li"
  | "blockquote"
  | "em"
  | "strong"
  | "code"
  | "pre"
  | "hr"
  | "span";

export type SpeechNode =
  | {
      readonly kind: "element";
      readonly tag: SpeechTag;
      readonly children: SpeechNode[];
    }
  /** Text; `word` is the number of the word it is (part of), or null between words. */
  | {
      readonly kind: "text";
      readonly text: string;
      readonly word: number | null;
    }
  | { readonly kind: "break" };

export interface Speech {
  readonly blocks: SpeechNode[];
  /** How many words: the same number limit/count.ts counts. */
  readonly words: number;
}

const OPENING: Readonly<Record<string, SpeechTag>> = {
  paragraph_open: "p",
  bullet_list_open: "ul",
  ordered_list_open: "ol",
  list_item_open: "li",
  blockquote_open: "blockquote",
  em_open: "em",
  strong_open: "strong",
  // A link reads as its text: the speaker view never follows addresses.
  link_open: "span",
};

const HEADINGS: ReadonlySet<string> = new Set([
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
]);

interface Leaf {
  readonly node: { kind: "text"; text: string; word: number | null };
  readonly parent: SpeechNode[];
  readonly start: number;
}

/** Builds the tree and the flat text the words are counted in, side by side. */
class Builder {
  readonly root: SpeechNode[] = [];
  private readonly stack: SpeechNode[][] = [this.root];
  private flat = "";
  private readonly leaves: Leaf[] = [];

  private get current(): SpeechNode[] {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  open(tag: SpeechTag): void {
    const children: SpeechNode[] = [];
    this.current.push({ kind: "element", tag, children });
    this.stack.push(children);
  }

  close(): void {
    if (this.stack.length > 1) this.stack.pop();
  }

  /** A boundary the counter also sees (block ends, line breaks). */
  gap(separator: string): void {
    this.flat += separator;
  }

  text(text: string): void {
    const within = this.current;
    if (!text) return;
    const node = { kind: "text" as const, text, word: null };
    within.push(node);
    this.leaves.push({ node, parent: within, start: this.flat.length });
    this.flat += text;
  }

  lineBreak(hard: boolean): void {
    this.current.push(
      hard ? { kind: "break" } : { kind: "text", text: " ", word: null },
    );
    this.flat += " ";
  }

  /** Numbers the words and splits each text at word edges. */
  finish(): Speech {
    const ranges = wordRanges(this.flat);
    let r = 0;
    for (const leaf of this.leaves) {
      const { text } = leaf.node;
      const start = leaf.start;
      const end = start + text.length;
      const pieces: { text: string; word: number | null }[] = [];
      let at = start;
      while (r < ranges.length && (ranges[r]?.end ?? 0) <= start) r += 1;
      let i = r;
      while (i < ranges.length) {
        const range = ranges[i];
        if (!range || range.start >= end) break;
        const from = Math.max(range.start, start);
        const to = Math.min(range.end, end);
        if (from > at)
          pieces.push({
            text: text.slice(at - start, from - start),
            word: null,
          });
        pieces.push({ text: text.slice(from - start, to - start), word: i });
        at = to;
        if (range.end > end) break; // the word goes on in the next text
        i += 1;
      }
      r = i;
      if (at < end) pieces.push({ text: text.slice(at - start), word: null });
      const index = leaf.parent.indexOf(leaf.node);
      leaf.parent.splice(
        index,
        1,
        ...pieces.map((p) => ({ kind: "text" as const, ...p })),
      );
    }
    return { blocks: this.root, words: ranges.length };
  }
}

function inline(children: readonly Token[], into: Builder): void {
  for (const child of children) {
    const tag = OPENING[child.type];
    if (tag) {
      into.open(tag);
      continue;
    }
    switch (child.type) {
      case "em_close":
      case "strong_close":
      case "link_close":
        into.close();
        break;
      case "text":
        into.text(child.content);
        break;
      case "code_inline":
        into.open("code");
        into.text(child.content);
        into.close();
        break;
      case "softbreak":
        into.lineBreak(false);
        break;
      case "hardbreak":
        into.lineBreak(true);
        break;
      case "image":
        // Its alt text is what a reader gets, set apart as the counter sets it apart.
        into.gap(" ");
        into.open("span");
        if (child.children) inline(child.children, into);
        into.close();
        into.gap(" ");
        break;
      default:
        break;
    }
  }
}

/** The statement's Markdown as the speaker view draws it. */
export function buildSpeech(source: string): Speech {
  const into = new Builder();
  for (const token of markdown.parse(source, {})) {
    const tag = OPENING[token.type];
    if (tag === "p" && token.hidden) {
      // A tight list's paragraph: its text goes straight into the item.
    } else if (tag) {
      into.open(tag);
    } else if (token.type === "heading_open") {
      into.open(HEADINGS.has(token.tag) ? (token.tag as SpeechTag) : "p");
    } else if (token.type === "inline") {
      if (token.children) inline(token.children, into);
    } else if (token.type === "fence" || token.type === "code_block") {
      into.open("pre");
      into.text(token.content);
      into.close();
    } else if (token.type === "hr") {
      into.open("hr");
      into.close();
    } else if (
      token.nesting === -1 &&
      !(token.type === "paragraph_close" && token.hidden)
    ) {
      into.close();
    }
    into.gap("\n");
  }
  return into.finish();
}

/** The text of word `word` (for tests and labels). */
export function wordText(speech: Speech, word: number): string {
  const parts: string[] = [];
  const walk = (nodes: readonly SpeechNode[]): void => {
    for (const node of nodes) {
      if (node.kind === "text" && node.word === word) parts.push(node.text);
      else if (node.kind === "element") walk(node.children);
    }
  };
  walk(speech.blocks);
  return parts.join("");
}
