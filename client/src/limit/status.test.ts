import { describe, expect, it } from "vitest";

import {
  DEFAULT_LIMITS,
  estimateSeconds,
  formatSeconds,
  limitStatus,
  refuseGrowth,
  type Limits,
} from "./status";

describe("estimateSeconds", () => {
  it("rounds up", () => {
    expect(estimateSeconds(0, 150)).toBe(0);
    expect(estimateSeconds(1, 150)).toBe(1); // 0.4 s
    expect(estimateSeconds(150, 150)).toBe(60);
    expect(estimateSeconds(151, 150)).toBe(61); // 60.4 s
    expect(estimateSeconds(300, 150)).toBe(120);
    expect(estimateSeconds(301, 150)).toBe(121);
    expect(estimateSeconds(100, 130)).toBe(47); // 46.15 s
  });

  it("rejects a non-positive rate", () => {
    expect(() => estimateSeconds(10, 0)).toThrow(RangeError);
  });
});

describe("limitStatus", () => {
  it("has the default limits", () => {
    expect(DEFAULT_LIMITS).toEqual({
      words: 300,
      seconds: 120,
      speakingRate: 150,
    });
  });

  it("is calm well below the limit", () => {
    expect(limitStatus(100, DEFAULT_LIMITS)).toEqual({
      words: 100,
      seconds: 40,
      wordsLeft: 200,
      overLimit: false,
      nearLimit: false,
      overBy: 0,
    });
  });

  it("is not near at 269", () => {
    const status = limitStatus(269, DEFAULT_LIMITS);
    expect(status.nearLimit).toBe(false);
    expect(status.overLimit).toBe(false);
    expect(status.wordsLeft).toBe(31);
  });

  it("is near at 270", () => {
    const status = limitStatus(270, DEFAULT_LIMITS);
    expect(status.nearLimit).toBe(true);
    expect(status.overLimit).toBe(false);
    expect(status.wordsLeft).toBe(30);
    expect(status.seconds).toBe(108);
  });

  it("accepts exactly 300", () => {
    const status = limitStatus(300, DEFAULT_LIMITS);
    expect(status.overLimit).toBe(false);
    expect(status.nearLimit).toBe(true);
    expect(status.wordsLeft).toBe(0);
    expect(status.seconds).toBe(120);
    expect(status.overBy).toBe(0);
  });

  it("is over at 301", () => {
    const status = limitStatus(301, DEFAULT_LIMITS);
    expect(status.overLimit).toBe(true);
    expect(status.nearLimit).toBe(false);
    expect(status.wordsLeft).toBe(-1);
    expect(status.overBy).toBe(1);
    expect(status.seconds).toBe(121);
  });

  it("lets the time limit bind before the word limit", () => {
    const limits: Limits = { words: 300, seconds: 60, speakingRate: 150 }; // 150 words
    expect(limitStatus(135, limits).nearLimit).toBe(true);
    expect(limitStatus(134, limits).nearLimit).toBe(false);
    expect(limitStatus(150, limits).overLimit).toBe(false);
    const status = limitStatus(151, limits);
    expect(status.overLimit).toBe(true);
    expect(status.wordsLeft).toBe(-1);
    expect(status.overBy).toBe(1);
  });

  it("handles a rate that does not divide evenly", () => {
    const limits: Limits = { words: 300, seconds: 120, speakingRate: 130 }; // 260 words
    expect(limitStatus(260, limits).wordsLeft).toBe(0);
    expect(limitStatus(260, limits).overLimit).toBe(false);
    expect(limitStatus(261, limits).overLimit).toBe(true);
    expect(limitStatus(261, limits).overBy).toBe(1);
  });
});

describe("refuseGrowth", () => {
  it("allows shrinking and equal counts", () => {
    expect(refuseGrowth(400, 350, DEFAULT_LIMITS)).toBeNull();
    expect(refuseGrowth(310, 310, DEFAULT_LIMITS)).toBeNull();
    expect(refuseGrowth(10, 0, DEFAULT_LIMITS)).toBeNull();
  });

  it("allows growth within the limits", () => {
    expect(refuseGrowth(100, 150, DEFAULT_LIMITS)).toBeNull();
    expect(refuseGrowth(299, 300, DEFAULT_LIMITS)).toBeNull();
    expect(refuseGrowth(0, 300, DEFAULT_LIMITS)).toBeNull();
  });

  it("refuses a paste that goes over", () => {
    expect(refuseGrowth(288, 328, DEFAULT_LIMITS)).toBe(
      "This paste adds 40 words; 12 left.",
    );
    expect(refuseGrowth(299, 301, DEFAULT_LIMITS)).toBe(
      "This paste adds 2 words; 1 left.",
    );
  });

  it("refuses growth at or over the limit", () => {
    const message = "The limit is 300 words (2:00); delete words to add more.";
    expect(refuseGrowth(300, 301, DEFAULT_LIMITS)).toBe(message);
    expect(refuseGrowth(305, 306, DEFAULT_LIMITS)).toBe(message);
    expect(refuseGrowth(300, 340, DEFAULT_LIMITS)).toBe(message);
  });

  it("states the binding limit", () => {
    const limits: Limits = { words: 300, seconds: 60, speakingRate: 150 };
    expect(refuseGrowth(150, 151, limits)).toBe(
      "The limit is 150 words (1:00); delete words to add more.",
    );
    expect(refuseGrowth(140, 160, limits)).toBe(
      "This paste adds 20 words; 10 left.",
    );
  });
});

describe("formatSeconds", () => {
  it("writes m:ss", () => {
    expect(formatSeconds(0)).toBe("0:00");
    expect(formatSeconds(5)).toBe("0:05");
    expect(formatSeconds(59)).toBe("0:59");
    expect(formatSeconds(60)).toBe("1:00");
    expect(formatSeconds(85)).toBe("1:25");
    expect(formatSeconds(120)).toBe("2:00");
    expect(formatSeconds(605)).toBe("10:05");
  });
});
