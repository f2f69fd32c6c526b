// Anchored passages: the text that comment threads, suggestions and disputes are about,
// highlighted in the editor. Each passage is anchored by two Yjs relative positions (the
// server's sticky indices, base64 on the wire), resolved here against the editor's own
// Y.Doc, so a highlight follows everyone's typing without asking the server.
//
// Yjs counts Y.Text positions in UTF-16 code units, as JavaScript strings and CodeMirror do,
// and y-codemirror.next copies every change index for index: a resolved Yjs index is a
// CodeMirror position as it is.

import {
  Facet,
  type EditorState,
  RangeSet,
  StateEffect,
  StateField,
  type Extension,
  type Range,
} from "@codemirror/state";
import {
  Decoration,
  EditorView,
  ViewPlugin,
  type DecorationSet,
} from "@codemirror/view";
import * as Y from "yjs";

/** What a highlight says about its thread: a comment, a comment carrying a pending
 * suggestion, or a dispute. */
export type PassageKind = "comment" | "suggestion" | "dispute";

/** A thread's passage as the API sends it: the two relative positions in base64. */
export interface Passage {
  readonly id: number;
  readonly kind: PassageKind;
  readonly start: string;
  readonly end: string;
}

/** A passage where it is now, in editor positions (from < to). */
export interface PassageRange {
  readonly id: number;
  readonly kind: PassageKind;
  readonly from: number;
  readonly to: number;
}

/** A passage with its positions decoded. */
export interface AnchoredPassage {
  readonly id: number;
  readonly kind: PassageKind;
  readonly start: Y.RelativePosition;
  readonly end: Y.RelativePosition;
}

/** The relative position in `base64`, or null when it is not one. */
export function decodePosition(base64: string): Y.RelativePosition | null {
  try {
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    if (bytes.length === 0) return null;
    return Y.decodeRelativePosition(bytes);
  } catch {
    return null;
  }
}

/** `position` in base64, as the API carries it (the inverse of decodePosition). */
export function encodePosition(position: Y.RelativePosition): string {
  let binary = "";
  for (const byte of Y.encodeRelativePosition(position)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/**
 * Where the passage between `start` and `end` lies in `text` now, as UTF-16 offsets; null
 * when it is gone (its characters deleted, so start >= end), when a position points into
 * another type, or when this document has not yet received the characters it points at.
 */
export function resolvePassage(
  text: Y.Text,
  start: Y.RelativePosition,
  end: Y.RelativePosition,
): { from: number; to: number } | null {
  const doc = text.doc;
  if (doc === null) return null;
  // Not following undone deletions: every client (and the server) resolves the same way.
  const from = Y.createAbsolutePositionFromRelativePosition(start, doc, false);
  const to = Y.createAbsolutePositionFromRelativePosition(end, doc, false);
  if (from === null || to === null) return null;
  if (from.type !== text || to.type !== text) return null;
  if (from.index >= to.index) return null;
  return { from: from.index, to: to.index };
}

function anchor(passage: Passage): AnchoredPassage | null {
  const start = decodePosition(passage.start);
  const end = decodePosition(passage.end);
  if (start === null || end === null) return null;
  return { id: passage.id, kind: passage.kind, start, end };
}

function resolveAll(
  text: Y.Text,
  anchored: readonly AnchoredPassage[],
  length: number,
): PassageRange[] {
  const ranges: PassageRange[] = [];
  for (const passage of anchored) {
    const range = resolvePassage(text, passage.start, passage.end);
    if (range === null || range.to > length) continue;
    ranges.push({ id: passage.id, kind: passage.kind, ...range });
  }
  return ranges;
}

/** The innermost passage holding `pos` (its edges included), or null. */
export function passageAt(
  ranges: readonly PassageRange[],
  pos: number,
): PassageRange | null {
  let best: PassageRange | null = null;
  for (const range of ranges) {
    if (range.from > pos || range.to < pos) continue;
    if (best === null || range.to - range.from < best.to - best.from)
      best = range;
  }
  return best;
}

interface PassagesValue {
  readonly anchored: readonly AnchoredPassage[];
  readonly ranges: readonly PassageRange[];
  readonly selected: number | null;
  readonly decorations: DecorationSet;
}

const setPassagesEffect = StateEffect.define<readonly AnchoredPassage[]>();
const selectEffect = StateEffect.define<number | null>();
const refreshEffect = StateEffect.define<null>();

function decorate(
  ranges: readonly PassageRange[],
  selected: number | null,
): DecorationSet {
  const marks: Range<Decoration>[] = ranges.map((range) =>
    Decoration.mark({
      class: `cm-passage cm-passage-${range.kind}${range.id === selected ? " cm-passage-selected" : ""}`,
      attributes: { "data-thread-id": String(range.id) },
    }).range(range.from, range.to),
  );
  return RangeSet.of(marks, true);
}

/** Each range carried through `changes` as a mark would be (typing at an edge stays
 * outside, as the anchors' stickiness says); a range that collapses is dropped. */
function mapRanges(
  ranges: readonly PassageRange[],
  map: (pos: number, assoc: number) => number,
): PassageRange[] {
  const mapped: PassageRange[] = [];
  for (const range of ranges) {
    const from = map(range.from, 1);
    const to = map(range.to, -1);
    if (from < to) mapped.push({ ...range, from, to });
  }
  return mapped;
}

/** The Y.Text the editor is bound to, for the field to resolve positions against. */
const boundText = Facet.define<Y.Text, Y.Text | null>({
  combine: (values) => values[0] ?? null,
});

const passagesField = StateField.define<PassagesValue>({
  create: () => ({
    anchored: [],
    ranges: [],
    selected: null,
    decorations: Decoration.none,
  }),
  update(value, tr) {
    let { anchored, ranges, selected } = value;
    let resolve = false;
    for (const effect of tr.effects) {
      if (effect.is(setPassagesEffect)) {
        anchored = effect.value;
        resolve = true;
      } else if (effect.is(refreshEffect)) {
        resolve = true;
      } else if (effect.is(selectEffect)) {
        selected = effect.value;
      }
    }
    const text = tr.state.facet(boundText);
    if (tr.docChanged) {
      // A local edit reaches the Y.Text only after this transaction (the sync plugin copies
      // it over), so the ranges move with the edit here and are resolved from Yjs again once
      // both agree (see the resolver below).
      ranges = mapRanges(ranges, (pos, assoc) => tr.changes.mapPos(pos, assoc));
    } else if (resolve && text !== null) {
      ranges = resolveAll(text, anchored, tr.state.doc.length);
    }
    if (
      anchored === value.anchored &&
      ranges === value.ranges &&
      selected === value.selected
    )
      return value;
    return {
      anchored,
      ranges,
      selected,
      decorations: decorate(ranges, selected),
    };
  },
  provide: (field) =>
    EditorView.decorations.from(field, (value) => value.decorations),
});

export interface PassageOptions {
  /** The statement's text, in the same Y.Doc the editor is bound to. */
  readonly text: Y.Text;
  /** A person put the caret in (or clicked) a highlighted passage: select its thread. */
  readonly onSelect: (id: number) => void;
}

/**
 * The passages extension for an editor bound to `text`: highlights (class per kind, the
 * selected one stronger), and the thread of a passage the person clicks or moves the
 * caret into handed to `onSelect`. Set the passages with `showPassages`.
 */
export function passages(options: PassageOptions): Extension {
  // After any change to the document (local, remote, or characters arriving that a
  // position points at), resolve again from Yjs once the editor and the Y.Text agree.
  const resolver = ViewPlugin.define((view) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const doc = options.text.doc;
    const schedule = (): void => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        if (options.text.length !== view.state.doc.length) return;
        view.dispatch({ effects: refreshEffect.of(null) });
      }, 0);
    };
    doc?.on("update", schedule);
    return {
      destroy() {
        doc?.off("update", schedule);
        if (timer !== null) clearTimeout(timer);
      },
    };
  });

  const select = EditorView.updateListener.of((update) => {
    if (!update.selectionSet) return;
    if (!update.transactions.some((tr) => tr.isUserEvent("select"))) return;
    const { main } = update.state.selection;
    if (!main.empty) return;
    const value = update.state.field(passagesField);
    const range = passageAt(value.ranges, main.head);
    if (range !== null && range.id !== value.selected)
      options.onSelect(range.id);
  });

  return [boundText.of(options.text), passagesField, resolver, select];
}

/** The effect that shows these passages (replacing those shown before); a passage whose
 * positions do not decode is left out. */
export function setPassages(
  list: readonly Passage[],
): StateEffect<readonly AnchoredPassage[]> {
  return setPassagesEffect.of(
    list.flatMap((p) => {
      const a = anchor(p);
      return a === null ? [] : [a];
    }),
  );
}

/** The effect that marks thread `id`'s passage as the selected one (null: none). */
export function selectPassageEffect(
  id: number | null,
): StateEffect<number | null> {
  return selectEffect.of(id);
}

/** Show these passages in `view`. */
export function showPassages(view: EditorView, list: readonly Passage[]): void {
  view.dispatch({ effects: setPassages(list) });
}

/** Where each shown passage is now. */
export function passageRanges(state: EditorState): readonly PassageRange[] {
  return state.field(passagesField, false)?.ranges ?? [];
}

/** The thread whose passage is shown selected, or null. */
export function selectedPassage(state: EditorState): number | null {
  return state.field(passagesField, false)?.selected ?? null;
}

/**
 * Mark thread `id`'s passage as the selected one (null: none). With `reveal`, also scroll
 * the passage into view (the person's own selection and caret stay where they are); answers
 * whether the passage is in the text now.
 */
export function selectPassage(
  view: EditorView,
  id: number | null,
  reveal = false,
): boolean {
  const value = view.state.field(passagesField, false);
  if (value === undefined) return false;
  const range = id === null ? undefined : value.ranges.find((r) => r.id === id);
  view.dispatch({
    effects:
      reveal && range !== undefined
        ? [
            selectEffect.of(id),
            EditorView.scrollIntoView(range.from, { y: "center" }),
          ]
        : selectEffect.of(id),
  });
  return range !== undefined;
}
