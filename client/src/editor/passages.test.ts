import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import {
  decodePosition,
  encodePosition,
  passageAt,
  passageRanges,
  passages,
  resolvePassage,
  selectedPassage,
  selectPassageEffect,
  setPassages,
  type Passage,
  type PassageKind,
} from "./passages";

function textWith(content: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText("body");
  text.insert(0, content);
  return text;
}

/** A passage anchored as the server anchors it: the start sticks to the passage's first
 * character, the end to its last. */
function anchored(
  text: Y.Text,
  id: number,
  from: number,
  to: number,
  kind: PassageKind = "comment",
): Passage {
  return {
    id,
    kind,
    start: encodePosition(Y.createRelativePositionFromTypeIndex(text, from, 0)),
    end: encodePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
  };
}

function range(text: Y.Text, passage: Passage): [number, number] | null {
  const start = decodePosition(passage.start);
  const end = decodePosition(passage.end);
  if (start === null || end === null) throw new Error("does not decode");
  const found = resolvePassage(text, start, end);
  return found === null ? null : [found.from, found.to];
}

function stateFor(text: Y.Text): EditorState {
  return EditorState.create({
    doc: text.toString(),
    extensions: [passages({ text, onSelect: () => undefined })],
  });
}

describe("resolving a passage", () => {
  it("finds the passage where it was anchored", () => {
    const text = textWith("We ask the government to act.");
    const passage = anchored(text, 1, 3, 6);
    expect(range(text, passage)).toEqual([3, 6]);
    expect(text.toString().slice(3, 6)).toBe("ask");
  });

  it("follows typing before the passage", () => {
    const text = textWith("We ask the government to act.");
    const passage = anchored(text, 1, 3, 6);
    text.insert(0, "Today ");
    expect(range(text, passage)).toEqual([9, 12]);
  });

  it("does not widen when someone types at its edges", () => {
    const text = textWith("We ask the government to act.");
    const passage = anchored(text, 1, 3, 6);
    text.insert(6, "ed");
    text.insert(3, "all ");
    const [from, to] = range(text, passage) ?? [0, 0];
    expect(text.toString().slice(from, to)).toBe("ask");
  });

  it("grows with typing inside it", () => {
    const text = textWith("We ask the government to act.");
    const passage = anchored(text, 1, 3, 20);
    text.insert(7, "all of ");
    const [from, to] = range(text, passage) ?? [0, 0];
    expect(text.toString().slice(from, to)).toBe("ask all of the governmen");
  });

  it("is gone once its characters are deleted", () => {
    const text = textWith("We ask the government to act.");
    const passage = anchored(text, 1, 3, 7);
    text.delete(2, 6);
    expect(range(text, passage)).toBeNull();
  });

  it("counts UTF-16 units as the editor does (emoji, Arabic, Chinese)", () => {
    const content = "🌍 نطالب 政府 act";
    const text = textWith(content);
    const from = content.indexOf("نطالب");
    const to = content.indexOf("政府") + "政府".length;
    const passage = anchored(text, 1, from, to);
    text.insert(0, "😀");
    const [start, end] = range(text, passage) ?? [0, 0];
    const now = text.toString();
    expect(now.slice(start, end)).toBe("نطالب 政府");
    // CodeMirror positions are string indices, the same units.
    const state = EditorState.create({ doc: now });
    expect(state.doc.sliceString(start, end)).toBe("نطالب 政府");
  });

  it("resolves positions made in another copy of the document", () => {
    const text = textWith("We ask the government to act.");
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(text.doc ?? new Y.Doc()));
    const passage = anchored(text, 1, 3, 6);
    expect(range(copy.getText("body"), passage)).toEqual([3, 6]);
  });

  it("shows nothing for characters this copy has not received yet", () => {
    const text = textWith("We ask");
    const passage = anchored(text, 1, 3, 6);
    expect(range(new Y.Doc().getText("body"), passage)).toBeNull();
  });

  it("refuses what is not a position", () => {
    expect(decodePosition("not base64!")).toBeNull();
    expect(decodePosition("")).toBeNull();
  });
});

describe("picking the passage under the caret", () => {
  const ranges = [
    { id: 1, kind: "comment" as const, from: 0, to: 20 },
    { id: 2, kind: "suggestion" as const, from: 5, to: 9 },
  ];
  it("takes the innermost passage", () => {
    expect(passageAt(ranges, 6)?.id).toBe(2);
    expect(passageAt(ranges, 2)?.id).toBe(1);
    expect(passageAt(ranges, 9)?.id).toBe(2);
    expect(passageAt(ranges, 21)).toBeNull();
  });
});

describe("the passages field", () => {
  it("shows the passages that resolve and leaves out empty ones", () => {
    const text = textWith("We ask the government to act.");
    const gone = anchored(text, 2, 25, 28);
    text.delete(24, 4);
    const state = stateFor(text).update({
      effects: setPassages([anchored(text, 1, 3, 6, "suggestion"), gone]),
    }).state;
    expect(passageRanges(state)).toEqual([
      { id: 1, kind: "suggestion", from: 3, to: 6 },
    ]);
  });

  it("moves the highlight with an edit in the editor before Yjs has it", () => {
    const text = textWith("We ask the government to act.");
    let state = stateFor(text).update({
      effects: setPassages([anchored(text, 1, 3, 6)]),
    }).state;
    state = state.update({ changes: { from: 0, insert: "Now " } }).state;
    expect(passageRanges(state)).toEqual([
      { id: 1, kind: "comment", from: 7, to: 10 },
    ]);
    // Typing right after the passage stays outside it.
    state = state.update({ changes: { from: 10, insert: "s" } }).state;
    expect(passageRanges(state)[0]?.to).toBe(10);
    // Deleting it all drops the highlight.
    state = state.update({ changes: { from: 6, to: 11 } }).state;
    expect(passageRanges(state)).toEqual([]);
  });

  it("marks the selected thread", () => {
    const text = textWith("We ask the government to act.");
    const state = stateFor(text).update({
      effects: [setPassages([anchored(text, 1, 3, 6)]), selectPassageEffect(1)],
    }).state;
    expect(selectedPassage(state)).toBe(1);
  });
});
