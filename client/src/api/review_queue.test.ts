import { describe, expect, it } from "vitest";

import {
  filterChoices,
  filtersFromSearch,
  hasFilters,
  NO_FILTERS,
  openedAgo,
  searchOf,
  type QueueItem,
} from "./review_queue";

const KENYA: QueueItem = {
  thread_id: 1,
  statement_id: 1,
  statement: "Statement to the voluntary national review of Kenya",
  country: "Kenya",
  country_code: "KE",
  session_id: 1,
  session: "VNR session 1: Kenya",
  due_at: "2027-07-13T10:00:00+00:00",
  state: "open",
  claimed_by: null,
  claimed_by_me: false,
  claimed_at: null,
  waiting: true,
  may_release: false,
  opened_at: "2027-07-01T09:00:00+00:00",
  quote: "clean water",
  reason: "We cannot agree.",
  proposed_wording: null,
};

describe("the queue's filters in the address", () => {
  it("reads what it can and drops the rest", () => {
    expect(filtersFromSearch("?session=2&country=cl&claimed=me")).toEqual({
      session: 2,
      country: "CL",
      claimed: "me",
    });
    expect(filtersFromSearch("?session=two&country=Chile&claimed=yes")).toEqual(
      NO_FILTERS,
    );
    expect(filtersFromSearch("")).toEqual(NO_FILTERS);
  });

  it("writes only the filters that are set, and reads them back", () => {
    expect(searchOf(NO_FILTERS)).toBe("");
    const some = { session: 3, country: null, claimed: "unclaimed" } as const;
    expect(searchOf(some)).toBe("?session=3&claimed=unclaimed");
    expect(filtersFromSearch(searchOf(some))).toEqual(some);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters(some)).toBe(true);
  });
});

describe("what the filters offer", () => {
  it("lists sessions in queue order and countries by name, with counts", () => {
    const chile = {
      ...KENYA,
      thread_id: 2,
      country: "Chile",
      country_code: "CL",
      session_id: 2,
      session: "VNR session 2",
    };
    const joint = {
      ...chile,
      thread_id: 3,
      country: "Joint statement",
      country_code: "",
    };
    const kenyaAgain = { ...KENYA, thread_id: 4 };
    const choices = filterChoices([KENYA, chile, joint, kenyaAgain]);
    expect(choices.sessions).toEqual([
      { value: 1, label: "VNR session 1: Kenya", count: 2 },
      { value: 2, label: "VNR session 2", count: 2 },
    ]);
    // A joint statement has no country of its own: its session finds it.
    expect(choices.countries).toEqual([
      { value: "CL", label: "Chile", count: 1 },
      { value: "KE", label: "Kenya", count: 2 },
    ]);
  });
});

describe("how long a dispute has waited", () => {
  const now = new Date("2027-07-06T12:00:00Z");
  it("says just now within the minute, and when the server's clock is ahead", () => {
    expect(openedAgo(new Date("2027-07-06T11:59:30Z"), now)).toBe("just now");
    expect(openedAgo(new Date("2027-07-06T12:00:20Z"), now)).toBe("just now");
  });
  it("says how long ago otherwise", () => {
    expect(openedAgo(new Date("2027-07-06T09:00:00Z"), now)).toBe(
      "3 hours ago",
    );
    expect(openedAgo(new Date("2027-07-04T12:00:00Z"), now)).toBe("2 days ago");
  });
});
