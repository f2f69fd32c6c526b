import { describe, expect, it } from "vitest";

import vectors from "../../../schemas/word_count_vectors.json";
import { countWords, renderedText } from "../limit/count";
import { buildSpeech, wordText, type SpeechNode } from "./speech";
import { wordRanges } from "./words";

interface WordCountCase {
  name: string;
  text: string;
  words: number;
}

const cases: readonly WordCountCase[] = vectors.cases;

function words(source: string): string[] {
  const speech = buildSpeech(source);
  return Array.from({ length: speech.words }, (_, n) => wordText(speech, n));
}

function tags(nodes: readonly SpeechNode[]): string[] {
  return nodes.flatMap((node) =>
    node.kind === "element" ? [node.tag, ...tags(node.children)] : [],
  );
}

describe("wordRanges", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    "finds as many words as the counter in %s",
    (_name, c) => {
      expect(wordRanges(renderedText(c.text))).toHaveLength(c.words);
    },
  );

  it("splits CJK into one word per ideograph", () => {
    const text = "GDP增长5%";
    expect(wordRanges(text).map((r) => text.slice(r.start, r.end))).toEqual([
      "GDP",
      "增",
      "长",
      "5%",
    ]);
  });
});

describe("buildSpeech", () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    "numbers as many words as the counter counts in %s",
    (_name, c) => {
      const speech = buildSpeech(c.text);
      expect(speech.words).toBe(countWords(c.text));
      // Every word appears in the drawn text.
      for (let n = 0; n < speech.words; n += 1) {
        expect(wordText(speech, n).length).toBeGreaterThan(0);
      }
    },
  );

  it("keeps a word whole across emphasis", () => {
    expect(words("We **call** on States, un*fair*ly.")).toEqual([
      "We",
      "call",
      "on",
      "States,",
      "unfairly.",
    ]);
  });

  it("draws headings, lists, emphasis and quotes as known elements only", () => {
    const speech = buildSpeech(
      "# Title\n\nWe ask:\n\n- one *two*\n- three\n\n> quoted `code`",
    );
    expect(tags(speech.blocks)).toEqual([
      "h1",
      "p",
      "ul",
      "li",
      "em",
      "li",
      "blockquote",
      "p",
      "code",
    ]);
    expect(speech.words).toBe(8);
  });

  it("shows typed HTML as text, never as an element", () => {
    const speech = buildSpeech(
      '<script>alert(1)</script>\n\nHi <b onclick="x">there</b>',
    );
    expect(tags(speech.blocks)).toEqual(["p", "p"]);
    expect(words("Hi <b>there</b>")).toEqual(["Hi", "<b>there</b>"]);
  });

  it("reads a link as its text", () => {
    const speech = buildSpeech("See [the report](https://example.org/x).");
    expect(speech.words).toBe(3);
    expect(JSON.stringify(speech.blocks)).not.toContain("example.org");
  });

  it("reads an image as its alt text and keeps no address to load", () => {
    const svg = btoa('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const source = [
      "![a map of the river](http://127.0.0.1:9/x.png)",
      `![a drawing](data:image/png;base64,${svg})`,
      "![a photo][photo]",
      "",
      "[photo]: http://127.0.0.1:9/ref.png",
    ].join("\n");
    const speech = buildSpeech(source);
    expect(words(source)).toEqual(
      "a map of the river a drawing a photo".split(" "),
    );
    expect(JSON.stringify(speech.blocks)).not.toMatch(/127\.0\.0\.1|data:|png/);
    expect(tags(speech.blocks)).not.toContain("img");
  });
});
