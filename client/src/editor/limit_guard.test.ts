import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { YSyncConfig, ySyncAnnotation } from "y-codemirror.next";
import * as Y from "yjs";

import { countWords } from "../limit/count";
import { refuseGrowth, type Limits } from "../limit/status";
import { changeLimits, limitGuard, limitReasonField } from "./limit_guard";

const limits: Limits = { words: 10, seconds: 60, speakingRate: 130 };

function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
}

function editorWith(
  doc: string,
  onReason?: (reason: string | null) => void,
): EditorState {
  return EditorState.create({
    doc,
    extensions: [limitGuard(limits, onReason)],
  });
}

const remote = ySyncAnnotation.of(
  new YSyncConfig(new Y.Doc().getText("body"), null),
);

describe("limit guard", () => {
  it("accepts local edits within the limit", () => {
    const state = editorWith(words(5));
    const next = state.update({
      changes: { from: state.doc.length, insert: " more words" },
    }).state;
    expect(countWords(next.doc.toString())).toBe(7);
    expect(next.field(limitReasonField)).toBeNull();
  });

  it("refuses a paste that goes past the limit and says why", () => {
    const state = editorWith(words(8));
    const paste = " " + words(5);
    const tr = state.update({
      changes: { from: state.doc.length, insert: paste },
    });
    expect(tr.docChanged).toBe(false);
    expect(tr.state.doc.toString()).toBe(words(8));
    const expected = refuseGrowth(8, 13, limits);
    expect(expected).not.toBeNull();
    expect(tr.state.field(limitReasonField)).toBe(expected);
  });

  it("holds edits to limits changed while the editor is open", () => {
    let state = editorWith(words(8));
    state = state.update({
      effects: changeLimits.of({ ...limits, words: 5 }),
    }).state;
    const tr = state.update({
      changes: { from: state.doc.length, insert: " one" },
    });
    expect(tr.docChanged).toBe(false);
    expect(tr.state.field(limitReasonField)).toBe(
      refuseGrowth(8, 9, { ...limits, words: 5 }),
    );
    // Deleting is still allowed.
    const shorter = state.update({ changes: { from: 0, to: 6 } });
    expect(shorter.docChanged).toBe(true);
  });

  it("clears the reason on the next accepted change", () => {
    let state = editorWith(words(10));
    state = state.update({
      changes: { from: state.doc.length, insert: " extra" },
    }).state;
    expect(state.field(limitReasonField)).not.toBeNull();
    state = state.update({ changes: { from: 0, to: 6 } }).state;
    expect(state.field(limitReasonField)).toBeNull();
  });

  it("always allows deleting, even when over the limit", () => {
    const state = editorWith(words(14));
    const tr = state.update({ changes: { from: 0, to: 6 } });
    expect(tr.docChanged).toBe(true);
    expect(countWords(tr.state.doc.toString())).toBe(13);
  });

  it("allows edits that do not add words when over the limit", () => {
    const state = editorWith(words(12));
    const tr = state.update({ changes: { from: 4, insert: "s" } });
    expect(tr.docChanged).toBe(true);
  });

  it("never refuses remote changes", () => {
    const state = editorWith(words(9));
    const tr = state.update({
      changes: { from: state.doc.length, insert: " " + words(6) },
      annotations: remote,
    });
    expect(tr.docChanged).toBe(true);
    expect(countWords(tr.state.doc.toString())).toBe(15);
    expect(tr.state.field(limitReasonField)).toBeNull();
  });

  it("leaves a shown reason alone when someone else edits", () => {
    let state = editorWith(words(10));
    state = state.update({
      changes: { from: state.doc.length, insert: " extra" },
    }).state;
    const reason = state.field(limitReasonField);
    state = state.update({
      changes: { from: 0, insert: "x" },
      annotations: remote,
    }).state;
    expect(state.field(limitReasonField)).toBe(reason);
  });
});
