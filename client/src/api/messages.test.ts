import { describe, expect, it } from "vitest";

import { ApiError, errorFromBody, isMessage } from "./client";

describe("message codes", () => {
  it("narrows an error to its code's params", () => {
    const error = new ApiError(
      404,
      errorFromBody(404, {
        error: {
          code: "no_such_forum",
          message: "There is no forum 9.",
          params: { id: 9 },
        },
      }),
    );
    expect(isMessage(error, "no_such_forum")).toBe(true);
    expect(isMessage(error, "no_such_statement")).toBe(false);
    if (isMessage(error, "no_such_forum")) {
      const id: number | string = error.params.id;
      expect(id).toBe(9);
    }
  });

  it("reads a reason the same way", () => {
    const body = errorFromBody(409, {
      error: {
        code: "refused",
        message: "It cannot be finalised yet.",
        reasons: [
          {
            code: "disputes_open",
            message: "2 disputes are still open.",
            params: { count: 2 },
          },
        ],
      },
    });
    const [reason] = body.reasons;
    expect(
      reason && isMessage(reason, "disputes_open") && reason.params.count,
    ).toBe(2);
  });
});
