import { describe, expect, it } from "vitest";

import { noticeHref, noticeSentence, type Notice } from "./notices";

function notice(overrides: Partial<Notice>): Notice {
  return {
    id: 1,
    kind: "mention",
    statement_id: 3,
    statement: "Statement of Kenya",
    thread_id: 7,
    by: "Sofía Ramírez",
    text: "@Amina could you look?",
    at: "2027-06-01T09:00:00+00:00",
    seen: false,
    ...overrides,
  };
}

describe("notices", () => {
  it("say who did what on which statement", () => {
    expect(noticeSentence(notice({}))).toBe(
      "Sofía Ramírez mentioned you on Statement of Kenya",
    );
    expect(noticeSentence(notice({ kind: "dispute_opened", by: null }))).toBe(
      "Someone opened a dispute on Statement of Kenya",
    );
    expect(noticeSentence(notice({ kind: "dispute_decided" }))).toBe(
      "Sofía Ramírez decided a dispute on Statement of Kenya",
    );
  });

  it("lead to the statement, at the thread when there is one", () => {
    expect(noticeHref(notice({}))).toBe("/statements/3#thread-7");
    expect(noticeHref(notice({ thread_id: null }))).toBe("/statements/3");
  });
});
