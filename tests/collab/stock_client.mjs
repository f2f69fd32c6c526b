// A stock Yjs editor in Node for interoperability tests: yjs + y-websocket's WebsocketProvider
// (1.5.4, unmodified) over the `ws` package, all from client/node_modules.
//
// Usage (any working directory; run by tests/collab/test_stock_yjs.py):
//   node tests/collab/stock_client.mjs WS_BASE STATEMENT_ID COOKIE ORIGIN TEXT EXPECTED [SECONDS]
//
//   WS_BASE   the server's websocket base, e.g. ws://127.0.0.1:8000
//   TEXT      inserted at the end of the Y.Text `body` once the first sync is done
//   EXPECTED  a marker the other side will type; we wait (at most SECONDS, default 20) until
//             `body` contains it
//
// On success prints {"text": <final body>} as one JSON line and exits 0. Exits 1 on a timeout
// (or bad arguments), with what was seen on stderr.
//
// Modules are resolved from client/ (createRequire anchored at client/package.json), so no
// NODE_PATH or particular cwd is needed. The CommonJS builds are used throughout so that yjs is
// loaded once, shared by the provider and this script.

import { createRequire } from "node:module";

const require = createRequire(
  new URL("../../client/package.json", import.meta.url),
);
const Y = require("yjs");
const { WebsocketProvider } = require("y-websocket");
const WebSocket = require("ws");

const [wsBase, statementId, cookie, origin, text, expected, seconds = "20"] =
  process.argv.slice(2);
if (!wsBase || !statementId || !cookie || !origin || !text || !expected) {
  console.error(
    "usage: stock_client.mjs WS_BASE STATEMENT_ID COOKIE ORIGIN TEXT EXPECTED [SECONDS]",
  );
  process.exit(1);
}

// A browser sends the session cookie and its Origin by itself; ws needs to be told.
class BrowserLikeWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { headers: { Cookie: cookie }, origin });
  }
}

const doc = new Y.Doc();
const body = doc.getText("body");
const closes = [];
const provider = new WebsocketProvider(
  `${wsBase}/ws/statements`,
  statementId,
  doc,
  {
    WebSocketPolyfill: BrowserLikeWebSocket,
    disableBc: true,
  },
);
provider.awareness.setLocalStateField("user", { name: "stock yjs" });
provider.on("connection-close", (event) => {
  // Stock y-websocket reconnects after any close, refusals included: keep the last few.
  closes.push([event.code, event.reason]);
  closes.splice(0, closes.length - 5);
});

const deadline = setTimeout(
  () => {
    console.error(
      JSON.stringify({
        error: "timeout",
        synced: provider.synced,
        closes,
        expected,
        text: body.toString(),
      }),
    );
    process.exit(1);
  },
  Number(seconds) * 1000,
);

const synced = new Promise((resolve) => {
  const check = () => provider.synced && resolve();
  provider.on("sync", check);
  check();
});

const sawExpected = new Promise((resolve) => {
  const check = () => {
    if (body.toString().includes(expected)) {
      body.unobserve(check);
      resolve();
    }
  };
  body.observe(check);
  check();
});

await synced;
body.insert(body.length, text);
await sawExpected;
clearTimeout(deadline);
process.stdout.write(JSON.stringify({ text: body.toString() }) + "\n");
provider.destroy();
process.exit(0);
