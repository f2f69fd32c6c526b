// The server's 'writable' message: whether my edits are taken now, and why not, with the
// reason's stable code and values so a page can say it in the reader's language.

import * as decoding from "lib0/decoding";

import { messageParams, type MessageParams } from "../api/client";

export interface Writable {
  readonly canWrite: boolean;
  /** Why not, in words for the person ("… finalised this statement …"); "" when writable. */
  readonly reason: string;
  /** The reason's stable code ("finalised_by") and values, to say it in the reader's
   * language; "" and {} when writable. */
  readonly code: string;
  readonly params: MessageParams;
}

/** Reads the body of a 'writable' message (after its type). */
export function readWritable(decoder: decoding.Decoder): Writable {
  const canWrite = decoding.readVarUint(decoder) === 1;
  const reason = decoding.readVarString(decoder);
  // A server without codes stops after the English.
  if (!decoding.hasContent(decoder))
    return { canWrite, reason, code: "", params: {} };
  const code = decoding.readVarString(decoder);
  const params = paramsFromJson(decoding.readVarString(decoder));
  return { canWrite, reason, code, params };
}

function paramsFromJson(text: string): MessageParams {
  try {
    return messageParams(JSON.parse(text));
  } catch {
    return {};
  }
}
