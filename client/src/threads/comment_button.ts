// A small "Comment" button beside the selected text, where people who know Google Docs look
// for it, and its shortcut (Ctrl+Alt+M, Cmd+Option+M). The panel does the rest.

import {
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
} from "@codemirror/state";
import {
  EditorView,
  keymap,
  showTooltip,
  type Tooltip,
} from "@codemirror/view";

export interface CommentButtonOptions {
  /** The button's text. */
  readonly label: string;
  /** Start a comment on the selection (the editor's selection as it is now). */
  readonly onComment: () => void;
}

function hasText(state: EditorState): boolean {
  const { main } = state.selection;
  return !main.empty && state.sliceDoc(main.from, main.to).trim() !== "";
}

/** The button's tooltip beside the end of a selection that holds some text, else none. */
function tooltipFor(
  state: EditorState,
  options: CommentButtonOptions,
): Tooltip | null {
  if (!hasText(state)) return null;
  const { main } = state.selection;
  return {
    pos: main.head,
    above: main.head === main.from,
    arrow: false,
    create() {
      const dom = document.createElement("div");
      dom.className = "cm-comment-button";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = options.label;
      // Keep the editor's selection (and focus) while the pointer presses the button.
      button.addEventListener("mousedown", (event) => event.preventDefault());
      button.addEventListener("click", () => options.onComment());
      dom.append(button);
      return { dom };
    },
  };
}

const focusEffect = StateEffect.define<boolean>();

export function commentButton(options: CommentButtonOptions): Extension {
  // Shown only while the editor has focus: once the person is writing in the panel, the
  // button beside the text would only be in the way.
  const field = StateField.define<{
    readonly focused: boolean;
    readonly tooltip: Tooltip | null;
  }>({
    create: () => ({ focused: false, tooltip: null }),
    update(value, tr) {
      let focused = value.focused;
      for (const effect of tr.effects)
        if (effect.is(focusEffect)) focused = effect.value;
      if (focused === value.focused && !tr.docChanged && !tr.selection)
        return value;
      return {
        focused,
        tooltip: focused ? tooltipFor(tr.state, options) : null,
      };
    },
    provide: (f) => showTooltip.from(f, (value) => value.tooltip),
  });
  return [
    field,
    EditorView.focusChangeEffect.of((_state, focusing) =>
      focusEffect.of(focusing),
    ),
    keymap.of([
      {
        key: "Mod-Alt-m",
        run(view: EditorView) {
          if (!hasText(view.state)) return false;
          options.onComment();
          return true;
        },
      },
    ]),
  ];
}
