import { describe, expect, it } from "vitest";

import {
  fellowSigners,
  grantSentence,
  type Organisation,
  type OrganisationMember,
} from "./signatures";

const AMINA = 1;

function member(overrides: Partial<OrganisationMember>): OrganisationMember {
  return {
    id: 2,
    name: "Wanjiru Kamau",
    may_sign: true,
    granted_by: "Ingrid Halvorsen",
    granted_at: "2026-12-07T12:00:00+00:00",
    ...overrides,
  };
}

function organisation(
  id: number,
  members: OrganisationMember[] | null,
): Organisation {
  return {
    id,
    name: `Organisation ${id}`,
    country: null,
    country_code: null,
    region: null,
    global_south: false,
    constituency: "ngos",
    constituency_label: "NGOs",
    members,
  };
}

describe("fellow signers", () => {
  it("are the others who may sign for an organisation the viewer may sign for", () => {
    const mine = organisation(10, [
      member({ id: AMINA, name: "Amina Yusuf", granted_by: null }),
      member({}),
      member({ id: 3, name: "Not yet", may_sign: false, granted_by: null }),
    ]);
    expect(fellowSigners([mine], AMINA)).toEqual([
      {
        organisation: { id: 10, name: "Organisation 10" },
        others: [member({})],
      },
    ]);
  });

  it("leave out organisations the viewer is only a member of, or alone in, or cannot see", () => {
    const memberOnly = organisation(11, [
      member({ id: AMINA, may_sign: false, granted_by: null }),
      member({}),
    ]);
    const alone = organisation(12, [member({ id: AMINA })]);
    const closed = organisation(13, null);
    expect(fellowSigners([memberOnly, alone, closed], AMINA)).toEqual([]);
  });
});

describe("a grant", () => {
  it("names who granted the right and the day", () => {
    expect(grantSentence(member({}))).toBe(
      "granted by Ingrid Halvorsen on 7 Dec 2026",
    );
    expect(grantSentence(member({ granted_at: null }))).toBe(
      "granted by Ingrid Halvorsen",
    );
  });

  it("is not told for a right older than the record, or no right", () => {
    expect(grantSentence(member({ granted_by: null }))).toBeNull();
    expect(grantSentence(member({ may_sign: false }))).toBeNull();
  });
});
