import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError, errorFromBody, request, setCsrfToken } from "./client";

describe("errorFromBody", () => {
  it("reads the server's error shape", () => {
    expect(
      errorFromBody(401, {
        error: {
          code: "bad_credentials",
          message: "Wrong email or password.",
          field: null,
        },
      }),
    ).toEqual({
      code: "bad_credentials",
      message: "Wrong email or password.",
      field: null,
      params: {},
      reasons: [],
    });
  });

  it("keeps the code and values of the message and of each reason", () => {
    const body = errorFromBody(409, {
      error: {
        code: "cannot_finalise",
        message: "It cannot be finalised yet. The statement has 312 words.",
        field: null,
        params: { words: 312, title: "Kenya", odd: { nested: true } },
        reasons: [
          {
            code: "over_word_limit",
            message: "The statement has 312 words; the limit is 300.",
            params: { words: 312, limit: 300 },
          },
          { message: "no code" },
        ],
      },
    });
    expect(body.params).toEqual({ words: 312, title: "Kenya" });
    expect(body.reasons).toEqual([
      {
        code: "over_word_limit",
        message: "The statement has 312 words; the limit is 300.",
        params: { words: 312, limit: 300 },
      },
    ]);
  });

  it("falls back to a readable sentence", () => {
    expect(errorFromBody(500, "<html>").message).toMatch(
      /server had a problem/,
    );
    expect(errorFromBody(404, { error: {} }).code).toBe("http_404");
  });
});

describe("request", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  function stubFetch(response: Response) {
    const fetchMock = vi.fn<
      (input: string, init: RequestInit) => Promise<Response>
    >(() => Promise.resolve(response));
    vi.stubGlobal("fetch", fetchMock);
    return fetchMock;
  }

  it("sends JSON with the CSRF token on writes", async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    setCsrfToken("tok");
    await request("PUT", "/api/me/personal-data", {
      body: { nationality: "KE" },
    });
    const init = fetchMock.mock.calls[0]?.[1];
    expect(init?.credentials).toBe("same-origin");
    expect(init?.body).toBe('{"nationality":"KE"}');
    expect(init?.headers).toMatchObject({
      "Content-Type": "application/json",
      "X-CSRF-Token": "tok",
    });
  });

  it("fills the route's placeholders", async () => {
    const fetchMock = stubFetch(Response.json({}));
    await request("GET", "/api/invitations/{token}", {
      params: { token: "a/b" },
    });
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/invitations/a%2Fb");
  });

  it("leaves the token off reads and sign-in", async () => {
    setCsrfToken("tok");
    const fetchMock = stubFetch(Response.json({ ok: true }));
    await request("GET", "/api/statements");
    expect(fetchMock.mock.calls[0]?.[1].headers).not.toHaveProperty(
      "X-CSRF-Token",
    );
    const second = stubFetch(Response.json({ ok: true }));
    await request("POST", "/api/session", {
      body: { email: "a@example.org", password: "secret" },
      withoutCsrf: true,
    });
    expect(second.mock.calls[0]?.[1].headers).not.toHaveProperty(
      "X-CSRF-Token",
    );
  });

  it("turns an error answer into an ApiError with the server's message", async () => {
    stubFetch(
      Response.json(
        {
          error: {
            code: "bad_credentials",
            message: "Wrong email or password.",
            field: "password",
          },
        },
        { status: 401 },
      ),
    );
    const error = await request("POST", "/api/session", {
      body: { email: "a@example.org", password: "wrong" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 401,
      message: "Wrong email or password.",
      field: "password",
    });
  });

  it("reports a network failure as status 0", async () => {
    vi.stubGlobal("fetch", () =>
      Promise.reject(new TypeError("Failed to fetch")),
    );
    const error = await request("GET", "/api/statements").catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 0, code: "network" });
  });
});
