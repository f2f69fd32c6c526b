// Resolve encoded relative positions the way the browser does, for the anchor tests.
//
// Usage (run by tests/collab/test_anchors.py):
//   node tests/collab/resolve_positions.mjs UPDATE POSITION...
//
//   UPDATE     a whole document as one Yjs update (base64), e.g. pycrdt's Doc.get_update()
//   POSITION   a relative position as Y.encodeRelativePosition makes it (base64)
//
// Prints {"text": <body>, "indices": [index or null, ...]} as one JSON line: each position
// decoded with Y.decodeRelativePosition and resolved in the document's `body` with
// Y.createAbsolutePositionFromRelativePosition (UTF-16 code units, as Yjs counts them).

import { createRequire } from "node:module";

const require = createRequire(
  new URL("../../client/package.json", import.meta.url),
);
const Y = require("yjs");

const [update, ...positions] = process.argv.slice(2);
if (!update) {
  console.error("usage: resolve_positions.mjs UPDATE POSITION...");
  process.exit(1);
}

const doc = new Y.Doc();
Y.applyUpdate(doc, Buffer.from(update, "base64"));
const body = doc.getText("body");
const indices = positions.map((encoded) => {
  const relative = Y.decodeRelativePosition(Buffer.from(encoded, "base64"));
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
  return absolute === null || absolute.type !== body ? null : absolute.index;
});
console.log(JSON.stringify({ text: body.toString(), indices }));
