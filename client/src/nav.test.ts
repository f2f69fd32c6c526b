import { describe, expect, it } from "vitest";

import { route, safeNext, signInUrl } from "./nav";

describe("safeNext", () => {
  it("keeps same-site paths", () => {
    expect(safeNext("/statements/12")).toBe("/statements/12");
    expect(safeNext("/?x=1")).toBe("/?x=1");
  });

  it("refuses anything that could leave the site or loop", () => {
    for (const bad of [
      null,
      undefined,
      "",
      "https://evil.example",
      "//evil.example",
      "/\\evil",
      "statements",
      "/sign-in",
      "/sign-in?next=/",
      "/a\nb",
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
  });
});

describe("signInUrl", () => {
  it("carries the page to come back to", () => {
    expect(signInUrl("/statements/7")).toBe("/sign-in?next=%2Fstatements%2F7");
    expect(signInUrl("/")).toBe("/sign-in");
  });
});

describe("route", () => {
  it("maps addresses to screens", () => {
    expect(route("/", "")).toEqual({ screen: "statements" });
    expect(route("/sign-in", "?next=%2Fstatements%2F3")).toEqual({
      screen: "sign-in",
      next: "/statements/3",
    });
    expect(route("/sign-in", "?next=https://evil.example")).toEqual({
      screen: "sign-in",
      next: "/",
    });
    expect(route("/statements/42", "")).toEqual({
      screen: "statement",
      id: 42,
    });
    expect(route("/statements/42/", "")).toEqual({
      screen: "statement",
      id: 42,
    });
    expect(route("/statements/42/speak", "")).toEqual({
      screen: "speak",
      id: 42,
    });
    expect(route("/statements/42/speak/", "")).toEqual({
      screen: "speak",
      id: 42,
    });
    expect(route("/statements/x/speak", "")).toEqual({ screen: "not-found" });
    expect(route("/statements/abc", "")).toEqual({ screen: "not-found" });
    expect(route("/forums/1/overview", "")).toEqual({
      screen: "overview",
      forumId: 1,
    });
    expect(route("/forums/x/overview", "")).toEqual({ screen: "not-found" });
    expect(route("/forums/1/review-queue", "?claimed=me")).toEqual({
      screen: "review-queue",
      forumId: 1,
    });
    expect(route("/forums/3/admin", "")).toEqual({
      screen: "admin",
      forumId: 3,
    });
    expect(route("/join/abc_DEF-123", "")).toEqual({
      screen: "join",
      token: "abc_DEF-123",
    });
    expect(route("/join/a%20b", "")).toEqual({ screen: "not-found" });
    expect(route("/elsewhere", "")).toEqual({ screen: "not-found" });
  });
});
