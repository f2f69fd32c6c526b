// The editor's look: calm prose rather than code, with quiet Markdown marks.

import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

const base = EditorView.theme({
  "&": {
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    fontSize: "1.0625rem",
    border: "1px solid var(--border)",
    borderRadius: "8px",
  },
  "&.cm-focused": {
    outline: "3px solid var(--focus)",
    outlineOffset: "2px",
  },
  ".cm-scroller": {
    fontFamily: "inherit",
    lineHeight: "1.65",
    minHeight: "16rem",
  },
  ".cm-content": {
    padding: "1rem 0",
    caretColor: "var(--text)",
  },
  ".cm-line": {
    padding: "0 1.25rem",
  },
  ".cm-placeholder": {
    color: "var(--muted)",
    fontStyle: "italic",
  },
  "&.cm-focused .cm-cursor": {
    borderLeftColor: "var(--text)",
    borderLeftWidth: "2px",
  },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection":
    {
      backgroundColor: "var(--selection)",
    },
  // Remote cursors from y-codemirror.next: keep the name label legible.
  ".cm-ySelectionInfo": {
    fontFamily: "inherit",
    fontSize: "0.75rem",
    padding: "1px 4px",
    borderRadius: "3px",
    opacity: "1",
  },
});

const markdown = HighlightStyle.define([
  { tag: tags.heading1, fontSize: "1.3em", fontWeight: "700" },
  { tag: tags.heading2, fontSize: "1.15em", fontWeight: "700" },
  {
    tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6],
    fontWeight: "700",
  },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: [tags.link, tags.url], color: "var(--link)" },
  { tag: tags.quote, color: "var(--muted)" },
  {
    tag: tags.monospace,
    fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  },
  {
    tag: [tags.processingInstruction, tags.contentSeparator],
    color: "var(--muted)",
  },
]);

export function editorTheme(): Extension {
  return [base, syntaxHighlighting(markdown)];
}
