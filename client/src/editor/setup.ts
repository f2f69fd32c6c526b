// The statement editor: CodeMirror 6 with Markdown, line wrapping, the shared
// Yjs text (yCollab: remote cursors with names, and a shared-aware undo), and
// the limit guard.

import { defaultKeymap } from "@codemirror/commands";
import { commonmarkLanguage, markdownKeymap } from "@codemirror/lang-markdown";
import { LanguageSupport } from "@codemirror/language";
import {
  Compartment,
  EditorState,
  Prec,
  type Extension,
} from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightSpecialChars,
  keymap,
  placeholder,
} from "@codemirror/view";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";

import type { Limits } from "../limit/status";
import { changeLimits, limitGuard } from "./limit_guard";
import { editorTheme } from "./theme";
import { docWords } from "./word_count";

export interface EditorOptions {
  readonly parent: HTMLElement;
  readonly text: Y.Text;
  readonly awareness: Awareness;
  readonly limits: Limits;
  readonly language: string;
  readonly dir: "ltr" | "rtl";
  readonly readOnly: boolean;
  /** The word count of the whole text, after every change (local or remote). */
  readonly onWords: (words: number) => void;
  /** Why the guard refused the last edit, or null once an edit is accepted. */
  readonly onLimitReason: (reason: string | null) => void;
}

export interface StatementEditor {
  readonly view: EditorView;
  words(): number;
  setReadOnly(readOnly: boolean): void;
  /** The forum's limits changed: the guard holds the next edits to these. */
  setLimits(limits: Limits): void;
  destroy(): void;
}

/**
 * CommonMark, as the word count and the server read it. Built by hand rather
 * than with markdown(), which also loads HTML, CSS and JavaScript support for
 * embedded code that statements do not need.
 */
function markdownSupport(): Extension {
  return new LanguageSupport(commonmarkLanguage, [
    Prec.high(keymap.of(markdownKeymap)),
  ]);
}

function editable(readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    placeholder(readOnly ? "No text yet." : "Write the statement here…"),
  ];
}

export function createEditor(options: EditorOptions): StatementEditor {
  const readOnly = new Compartment();
  const undoManager = new Y.UndoManager(options.text);
  const attributes = { lang: options.language, dir: options.dir };

  const state = EditorState.create({
    doc: options.text.toString(),
    extensions: [
      markdownSupport(),
      EditorView.lineWrapping,
      highlightSpecialChars(),
      drawSelection(),
      // Tab is left to the browser so keyboard users can move on from the editor.
      keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
      yCollab(options.text, options.awareness, { undoManager }),
      limitGuard(options.limits, options.onLimitReason),
      readOnly.of(editable(options.readOnly)),
      EditorView.editorAttributes.of(attributes),
      EditorView.contentAttributes.of({
        ...attributes,
        "aria-label": "Statement text (Markdown)",
        "aria-multiline": "true",
        spellcheck: "true",
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) options.onWords(docWords(update.state.doc));
      }),
      editorTheme(),
    ],
  });

  const view = new EditorView({ state, parent: options.parent });
  options.onWords(docWords(view.state.doc));

  return {
    view,
    words: () => docWords(view.state.doc),
    setReadOnly(value) {
      view.dispatch({ effects: readOnly.reconfigure(editable(value)) });
    },
    setLimits(limits) {
      view.dispatch({ effects: changeLimits.of(limits) });
    },
    destroy() {
      view.destroy();
      undoManager.destroy();
    },
  };
}
