// Generates src/api/messages.d.ts from ../schemas/messages.json: for each message code the
// server can send, the params its sentence says and the values beside it, so a page that
// knows a code reads its params typed. Run by `npm run messages`; `--stdout` prints instead.

import { readFileSync, writeFileSync } from "node:fs";

const source = new URL("../../schemas/messages.json", import.meta.url);
const target = new URL("../src/api/messages.d.ts", import.meta.url);
const { codes } = JSON.parse(readFileSync(source, "utf-8"));

const TS = { integer: "number", string: "string" };
const typeOf = (kind) =>
  (Array.isArray(kind) ? kind : [kind]).map((k) => TS[k]).join(" | ");

const lines = [
  "// Generated from schemas/messages.json by `npm run messages`; do not edit.",
  "",
  "/** Each message code the server sends, with the values its message carries. */",
  "export interface MessageValues {",
];
for (const [code, entry] of Object.entries(codes)) {
  lines.push(`  /** ${entry.template.replaceAll("*/", "* /")} */`);
  const fields = Object.entries({ ...entry.params, ...entry.context })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, kind]) => `readonly ${name}: ${typeOf(kind)};`);
  const own = fields.length ? `{ ${fields.join(" ")} }` : null;
  // A code that wraps another message also carries that message's values.
  const carried = "Readonly<Record<string, string | number>>";
  const type = entry.wraps
    ? [own, carried].filter(Boolean).join(" & ")
    : (own ?? "Record<string, never>");
  lines.push(`  ${code}: ${type};`);
}
lines.push(
  "}",
  "",
  "/** A message code the server sends. */",
  "export type MessageCode = keyof MessageValues;",
  "",
  "/** The codes that name a wider situation and carry other messages as their sentence",
  " * (the reasons): said in another language from those reasons. */",
  `export type WrappingCode = ${
    Object.entries(codes)
      .filter(([, entry]) => entry.wraps)
      .map(([code]) => JSON.stringify(code))
      .join(" | ") || "never"
  };`,
  "",
);

const text = lines.join("\n");
if (process.argv.includes("--stdout")) process.stdout.write(text);
else writeFileSync(target, text);
