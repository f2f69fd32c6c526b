import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";

import { readWritable } from "./writable";

function body(...parts: (number | string)[]): decoding.Decoder {
  const encoder = encoding.createEncoder();
  for (const part of parts) {
    if (typeof part === "number") encoding.writeVarUint(encoder, part);
    else encoding.writeVarString(encoder, part);
  }
  return decoding.createDecoder(encoding.toUint8Array(encoder));
}

describe("readWritable", () => {
  it("reads the reason's English, code and values", () => {
    expect(
      readWritable(
        body(
          0,
          "Sofía Ramírez finalised this statement; it is read-only now.",
          "finalised_by",
          '{"name":"Sofía Ramírez"}',
        ),
      ),
    ).toEqual({
      canWrite: false,
      reason: "Sofía Ramírez finalised this statement; it is read-only now.",
      code: "finalised_by",
      params: { name: "Sofía Ramírez" },
    });
  });

  it("takes a message with the English alone, and values that are not JSON", () => {
    expect(readWritable(body(1, ""))).toEqual({
      canWrite: true,
      reason: "",
      code: "",
      params: {},
    });
    expect(
      readWritable(body(0, "Read-only.", "read_only_for_you", "{oops")),
    ).toMatchObject({ code: "read_only_for_you", params: {} });
  });
});
