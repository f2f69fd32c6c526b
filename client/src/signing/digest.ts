// The text a signature binds to, and its digest: the twin of server/domain/cosigning.py.
// Both are pinned by the shared vectors in schemas/signing_vectors.json: change them together.
//
// The page sends the digest of the text it shows with a signature, so the server can refuse a
// signature on a text the person did not see. Normalisation: the rendered text (the rendering
// word counting uses, so Markdown syntax is not part of it), Unicode NFC, split into tokens at
// the separators of the word rule, the tokens joined by one space.

import { renderedText, SEPARATORS } from "../limit/count";

const TOKEN_SEPARATORS = new RegExp(`[${SEPARATORS}]+`, "u");

/** The words a signature binds to: the rendered text's tokens, NFC, joined by one space. */
export function normalisedText(markdown: string): string {
  return renderedText(markdown)
    .normalize("NFC")
    .split(TOKEN_SEPARATORS)
    .filter((token) => token.length > 0)
    .join(" ");
}

/** SHA-256 (lower-case hex) of the UTF-8 of `normalisedText(markdown)`. */
export async function textDigest(markdown: string): Promise<string> {
  const bytes = new TextEncoder().encode(normalisedText(markdown));
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(hash), (byte) =>
    byte.toString(16).padStart(2, "0"),
  ).join("");
}
