import { describe, expect, it } from "vitest";

import type { StatementSummary } from "../api/statements";
import { applyEvent, parseEvent } from "./apply";

function statement(id: number): StatementSummary {
  return {
    id,
    title: "Statement",
    country: "Kenya",
    country_code: "KE",
    is_joint: false,
    forum_id: 1,
    forum: "HLPF 2027",
    session_id: 1,
    session: "VNR session 1",
    due_at: null,
    outstanding: true,
    editing_now: [],
    state: "drafting",
    words: 10,
    seconds: 4,
    limits: { words: 300, seconds: 120, speaking_rate: 150 },
    over_limit: false,
    language: "en",
    dir: "ltr",
    signatures: { valid: 0, organisations: 0, stale: 0 },
    coalition_met: false,
    speaker: null,
    // Cast: the generated types gain `speaker` when the contract documents are regenerated.
  } as StatementSummary;
}

describe("events", () => {
  it("parses known events and ignores anything else", () => {
    expect(parseEvent('{"type":"membership"}')).toEqual({ type: "membership" });
    expect(parseEvent('{"type":"forum","forum_id":1}')).toEqual({
      type: "forum",
      forum_id: 1,
    });
    expect(parseEvent('{"type":"nonsense"}')).toBeNull();
    expect(parseEvent("not json")).toBeNull();
    expect(parseEvent("null")).toBeNull();
  });

  it("updates the state, and a final statement is no longer outstanding", () => {
    const list = [statement(1), statement(2)];
    const next = applyEvent(list, {
      type: "statement.state",
      statement_id: 2,
      state: "final",
      by: "Sofía",
    });
    expect(next[1]?.state).toBe("final");
    expect(next[1]?.outstanding).toBe(false);
    expect(next[0]).toBe(list[0]);
  });

  it("updates the live count and who is editing", () => {
    let list: readonly StatementSummary[] = [statement(1)];
    list = applyEvent(list, {
      type: "statement.count",
      statement_id: 1,
      words: 301,
      seconds: 121,
      over_limit: true,
    });
    list = applyEvent(list, {
      type: "statement.presence",
      statement_id: 1,
      editors: ["Amina Yusuf"],
    });
    expect(list[0]).toMatchObject({
      words: 301,
      over_limit: true,
      editing_now: ["Amina Yusuf"],
    });
  });

  it("hears about a statement's people without changing the list", () => {
    const list = [statement(1)];
    const event = parseEvent('{"type":"statement.people","statement_id":1}');
    expect(event).toEqual({ type: "statement.people", statement_id: 1 });
    expect(event && applyEvent(list, event)).toBe(list);
  });

  it("hears about a statement's signatures; the list reads its counts again", () => {
    const list = [statement(1)];
    const event = parseEvent(
      '{"type":"statement.signatures","statement_id":1}',
    );
    expect(event).toEqual({ type: "statement.signatures", statement_id: 1 });
    expect(event && applyEvent(list, event)).toBe(list);
  });

  it("leaves the list alone for statements it does not hold", () => {
    const list = [statement(1)];
    expect(
      applyEvent(list, {
        type: "statement.presence",
        statement_id: 9,
        editors: [],
      }),
    ).toBe(list);
  });
});
