import { describe, expect, it } from "vitest";

import { countdown, formatDue } from "./countdown";

const NOW = new Date("2027-07-10T10:00:00Z");

describe("countdown", () => {
  it("says how far ahead or behind a due date is", () => {
    expect(countdown(new Date("2027-07-13T10:00:00Z"), NOW)).toBe("in 3 days");
    expect(countdown(new Date("2027-07-11T10:00:00Z"), NOW)).toBe("tomorrow");
    expect(countdown(new Date("2027-07-10T15:00:00Z"), NOW)).toBe("in 5 hours");
    expect(countdown(new Date("2027-07-10T10:20:00Z"), NOW)).toBe(
      "in 20 minutes",
    );
    expect(countdown(new Date("2027-07-10T10:00:10Z"), NOW)).toBe(
      "in 1 minute",
    );
    expect(countdown(new Date("2027-07-09T10:00:00Z"), NOW)).toBe("yesterday");
    expect(countdown(new Date("2027-07-08T09:00:00Z"), NOW)).toBe("2 days ago");
  });

  it("shows the due date in UTC", () => {
    expect(formatDue(new Date("2027-07-13T10:00:00Z"))).toBe(
      "13 July 2027 at 10:00 UTC",
    );
  });
});
