import { describe, expect, expectTypeOf, it } from "vitest";

import {
  fillPath,
  type Answer,
  type MethodOf,
  type OptionsArg,
  type PathParams,
} from "./contract";
import type { components } from "./openapi";

type Schemas = components["schemas"];

describe("fillPath", () => {
  it("puts each value in its placeholder, URL-encoded", () => {
    expect(
      fillPath("/api/forums/{forum_id}/people/{user_id}", {
        forum_id: 1,
        user_id: 42,
      }),
    ).toBe("/api/forums/1/people/42");
    expect(fillPath("/api/invitations/{token}", { token: "a/b c" })).toBe(
      "/api/invitations/a%2Fb%20c",
    );
    expect(fillPath("/api/statements")).toBe("/api/statements");
  });

  it("refuses a placeholder without a value", () => {
    expect(() => fillPath("/api/statements/{statement_id}", {})).toThrow(
      /statement_id/,
    );
  });
});

// Checked by tsc (`make lint`), not at run time: the route and method give the types.
describe("the contract's types", () => {
  it("answers with the route's own model", () => {
    expectTypeOf<Answer<"/api/statements", "GET">>().toEqualTypeOf<
      Schemas["StatementListOut"]
    >();
    expectTypeOf<Answer<"/api/session", "DELETE">>().toEqualTypeOf<undefined>();
    expectTypeOf<
      Answer<"/api/invitations/{token}/accept", "POST">
    >().toEqualTypeOf<Schemas["JoinedOut"] | Schemas["SessionOut"]>();
  });

  it("offers only the methods the route has", () => {
    expectTypeOf<MethodOf<"/api/session">>().toEqualTypeOf<
      "GET" | "POST" | "DELETE"
    >();
    expectTypeOf<MethodOf<"/api/forums/{forum_id}">>().toEqualTypeOf<"PATCH">();
  });

  it("asks for the placeholders and the body the route needs", () => {
    expectTypeOf<
      PathParams<"/api/forums/{forum_id}/people/{user_id}">
    >().toEqualTypeOf<
      Readonly<Record<"forum_id" | "user_id", string | number>>
    >();
    expectTypeOf<
      OptionsArg<"/api/forums/{forum_id}/people/{user_id}", "PUT">[0]
    >().toMatchTypeOf<{
      readonly params: PathParams<"/api/forums/{forum_id}/people/{user_id}">;
      readonly body: Schemas["RoleIn"];
    }>();
    // Neither placeholders nor a body: the options may be left out.
    expectTypeOf<OptionsArg<"/api/statements", "GET">>().toEqualTypeOf<
      [options?: OptionsArg<"/api/statements", "GET">[0]]
    >();
  });
});
