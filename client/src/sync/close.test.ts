import { describe, expect, it } from "vitest";

import { closeAction } from "./close";

describe("closeAction", () => {
  it("sends the person to sign in on 4401", () => {
    expect(closeAction(4401)).toEqual({ kind: "sign-in" });
  });

  it("stops with a message on 4403 and 4404", () => {
    expect(closeAction(4403).kind).toBe("fatal");
    expect(closeAction(4404).kind).toBe("fatal");
  });

  it("stops sending when the server refuses what this device holds", () => {
    for (const code of [4409, 1009, 4413, 1007]) {
      const action = closeAction(code);
      expect(action.kind).toBe("stopped");
      if (action.kind === "stopped") expect(action.discardable).toBe(true);
    }
  });

  it("waits before coming back after throttling", () => {
    expect(closeAction(4429)).toEqual({ kind: "retry", delayMs: 5000 });
    expect(closeAction(1013)).toEqual({ kind: "retry", delayMs: 3000 });
  });

  it("reconnects silently otherwise", () => {
    for (const code of [1000, 1001, 1006, 1011]) {
      expect(closeAction(code)).toEqual({ kind: "retry", delayMs: 0 });
    }
  });
});
