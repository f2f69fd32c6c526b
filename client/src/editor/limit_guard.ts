// The limit guard: refuses a local edit that would add words past the
// statement's limit, and says why.
//
// - Only local edits are checked. Transactions carrying y-codemirror.next's
//   ySyncAnnotation come from the shared document (another person, another
//   tab, this browser's stored copy, or undo/redo) and are never refused.
// - Deleting is always allowed, as is any edit that does not add words.
// - The refusal reason is kept in `limitReasonField` and passed to `onReason`;
//   the next accepted local change clears it.
// - The limits are the forum's and may change while the editor is open: dispatch
//   `changeLimits` and the next edit is held to the new ones.

import {
  EditorState,
  StateEffect,
  StateField,
  type Extension,
  type Transaction,
} from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { ySyncAnnotation } from "y-codemirror.next";

import { refuseGrowth, type Limits } from "../limit/status";
import { docWords } from "./word_count";

/** Carried by the (empty) transaction that replaces a refused edit. */
export const limitRefused = StateEffect.define<string>();

/** The forum's limits changed: hold later edits to these. */
export const changeLimits = StateEffect.define<Limits>();

function limitsField(initial: Limits): StateField<Limits> {
  return StateField.define<Limits>({
    create: () => initial,
    update(limits, tr) {
      for (const effect of tr.effects) {
        if (effect.is(changeLimits)) return effect.value;
      }
      return limits;
    },
  });
}

/** The reason the last local edit was refused, or null. */
export const limitReasonField = StateField.define<string | null>({
  create: () => null,
  update(reason, tr) {
    for (const effect of tr.effects) {
      if (effect.is(limitRefused)) return effect.value;
    }
    if (tr.docChanged && !isRemote(tr)) return null;
    return reason;
  },
});

export function isRemote(tr: Transaction): boolean {
  return tr.annotation(ySyncAnnotation) !== undefined;
}

export function limitGuard(
  limits: Limits,
  onReason?: (reason: string | null) => void,
): Extension {
  const current = limitsField(limits);
  const filter = EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || isRemote(tr)) return tr;
    const before = docWords(tr.startState.doc);
    const after = docWords(tr.newDoc);
    if (after <= before) return tr;
    const reason = refuseGrowth(before, after, tr.startState.field(current));
    if (reason === null) return tr;
    return { effects: limitRefused.of(reason) };
  });

  const extensions: Extension[] = [current, limitReasonField, filter];
  if (onReason) {
    extensions.push(
      EditorView.updateListener.of((update) => {
        const refused = update.transactions.some((tr) =>
          tr.effects.some((effect) => effect.is(limitRefused)),
        );
        const reason = update.state.field(limitReasonField);
        if (refused || reason !== update.startState.field(limitReasonField))
          onReason(reason);
      }),
    );
  }
  return extensions;
}
