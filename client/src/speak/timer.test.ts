import { describe, expect, it } from "vitest";

import {
  elapsedMs,
  formatSeconds,
  initialTimer,
  paceWord,
  readClock,
  readingSeconds,
  reduceTimer,
  type TimerEvent,
  type TimerState,
} from "./timer";

function run(events: readonly TimerEvent[]): TimerState {
  return events.reduce(reduceTimer, initialTimer(0));
}

describe("reduceTimer", () => {
  it("counts only while running", () => {
    const state = run([
      { type: "start", now: 1000 },
      { type: "tick", now: 4000 },
      { type: "pause", now: 5000 },
      { type: "tick", now: 60_000 },
    ]);
    expect(state.running).toBe(false);
    expect(elapsedMs(state)).toBe(4000);
  });

  it("toggles between running and paused, keeping what was counted", () => {
    const state = run([
      { type: "toggle", now: 0 },
      { type: "toggle", now: 2000 },
      { type: "toggle", now: 10_000 },
      { type: "tick", now: 11_500 },
    ]);
    expect(state.running).toBe(true);
    expect(elapsedMs(state)).toBe(3500);
  });

  it("resets to nothing counted, paused", () => {
    const state = run([
      { type: "start", now: 0 },
      { type: "tick", now: 9000 },
      { type: "reset", now: 9000 },
      { type: "tick", now: 20_000 },
    ]);
    expect(state.running).toBe(false);
    expect(elapsedMs(state)).toBe(0);
  });

  it("ignores a start while running and a pause while paused", () => {
    const state = run([
      { type: "start", now: 0 },
      { type: "start", now: 5000 },
      { type: "tick", now: 6000 },
    ]);
    expect(elapsedMs(state)).toBe(6000);
    const paused = run([{ type: "pause", now: 3000 }]);
    expect(elapsedMs(paused)).toBe(0);
  });

  it("never runs backwards when the clock it is given does", () => {
    const state = run([
      { type: "start", now: 5000 },
      { type: "tick", now: 8000 },
      { type: "tick", now: 7000 },
    ]);
    expect(elapsedMs(state)).toBe(3000);
  });
});

describe("readClock", () => {
  const at = (ms: number): TimerState =>
    run([
      { type: "start", now: 0 },
      { type: "tick", now: ms },
    ]);

  it("shows the limit before starting", () => {
    expect(readClock(initialTimer(0), 120)).toMatchObject({
      shown: "2:00",
      phase: "ready",
      remaining: 120,
      over: 0,
    });
  });

  it("counts down by the seconds started", () => {
    expect(readClock(at(0), 120).shown).toBe("2:00");
    expect(readClock(at(400), 120).shown).toBe("2:00");
    expect(readClock(at(1000), 120).shown).toBe("1:59");
    expect(readClock(at(61_000), 120)).toMatchObject({
      shown: "0:59",
      phase: "running",
    });
  });

  it("warns in the last 15 seconds", () => {
    expect(readClock(at(104_999), 120).phase).toBe("running");
    expect(readClock(at(105_000), 120)).toMatchObject({
      shown: "0:15",
      phase: "warning",
    });
    expect(readClock(at(120_000), 120)).toMatchObject({
      shown: "0:00",
      phase: "warning",
    });
  });

  it("counts up past the limit", () => {
    expect(readClock(at(120_200), 120)).toMatchObject({
      shown: "+0:01",
      phase: "over",
      over: 1,
      remaining: 0,
    });
    expect(readClock(at(185_000), 120).shown).toBe("+1:05");
  });

  it("stays paused in its phase", () => {
    const paused = reduceTimer(at(30_000), { type: "pause", now: 30_000 });
    expect(readClock(paused, 120)).toMatchObject({
      shown: "1:30",
      phase: "running",
    });
  });
});

describe("formatSeconds", () => {
  it("writes minutes and two-digit seconds", () => {
    expect(formatSeconds(0)).toBe("0:00");
    expect(formatSeconds(9)).toBe("0:09");
    expect(formatSeconds(125)).toBe("2:05");
    expect(formatSeconds(-3)).toBe("0:00");
  });
});

describe("paceWord", () => {
  it("is word floor(t × rate / 60)", () => {
    expect(paceWord(0, 150, 300)).toBe(0);
    expect(paceWord(0.39, 150, 300)).toBe(0);
    expect(paceWord(0.4, 150, 300)).toBe(1);
    expect(paceWord(10, 150, 300)).toBe(25);
    expect(paceWord(60, 130, 300)).toBe(130);
  });

  it("holds on the last word once the text is done", () => {
    expect(paceWord(120, 150, 106)).toBe(105);
  });

  it("is nothing without words or a rate", () => {
    expect(paceWord(5, 150, 0)).toBeNull();
    expect(paceWord(5, 0, 10)).toBeNull();
  });
});

describe("readingSeconds", () => {
  it("rounds up to the second", () => {
    expect(readingSeconds(106, 150)).toBe(43);
    expect(readingSeconds(300, 150)).toBe(120);
    expect(readingSeconds(5, 0)).toBe(0);
  });
});
