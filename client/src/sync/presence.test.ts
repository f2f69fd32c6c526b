import { describe, expect, it } from "vitest";

import {
  displayName,
  othersHere,
  presenceUser,
  readPresence,
  userColor,
} from "./presence";

describe("presence", () => {
  it("names people with their organisations", () => {
    expect(displayName("Amina Yusuf", ["Kenya Youth Network"])).toBe(
      "Amina Yusuf (Kenya Youth Network)",
    );
    expect(displayName("Mei", ["Japan NGO Network", "Rainbow Rights"])).toBe(
      "Mei (Japan NGO Network, Rainbow Rights)",
    );
    expect(displayName("Amina Yusuf", [])).toBe("Amina Yusuf");
    expect(displayName("Amina Yusuf", ["  "])).toBe("Amina Yusuf");
  });

  it("gives each person a stable colour", () => {
    expect(userColor(3)).toEqual(userColor(3));
    expect(userColor(3)).not.toEqual(userColor(4));
    expect(userColor(-1).color).toMatch(/^#[0-9a-f]{6}$/);
    expect(userColor(5).colorLight).toBe(`${userColor(5).color}33`);
    const me = presenceUser({ id: 9, name: "Ana", organisations: ["ACT"] });
    expect(me.name).toBe("Ana (ACT)");
    expect(me.color).toBe(userColor(9).color);
  });

  it("ignores malformed awareness states", () => {
    expect(readPresence(null)).toBeNull();
    expect(readPresence({})).toBeNull();
    expect(readPresence({ user: { name: "" } })).toBeNull();
    expect(
      readPresence({ user: { name: "X", color: "red;background:url(x)" } })
        ?.color,
    ).toBe("#555555");
  });

  it("lists everyone else once, without me or my other tabs", () => {
    const states = new Map<number, unknown>([
      [
        1,
        {
          user: {
            id: 10,
            name: "Me",
            color: "#111111",
            colorLight: "#11111133",
          },
        },
      ],
      [
        2,
        {
          user: {
            id: 10,
            name: "Me",
            color: "#111111",
            colorLight: "#11111133",
          },
        },
      ],
      [
        3,
        {
          user: {
            id: 20,
            name: "Zoe",
            color: "#222222",
            colorLight: "#22222233",
          },
        },
      ],
      [
        4,
        {
          user: {
            id: 20,
            name: "Zoe",
            color: "#222222",
            colorLight: "#22222233",
          },
        },
      ],
      [
        5,
        {
          user: {
            id: 30,
            name: "Ali",
            color: "#333333",
            colorLight: "#33333333",
          },
        },
      ],
      [6, {}],
    ]);
    expect(othersHere(states, 1, 10).map((person) => person.name)).toEqual([
      "Ali",
      "Zoe",
    ]);
  });
});
