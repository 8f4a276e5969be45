import { describe, expect, it } from "vitest";
import { safeJson, safeLines, safeText } from "../src/safeText";
import { HOSTILE, unsafeCodes } from "./helpers/hostile";

describe("safeText", () => {
  it.each(Object.entries(HOSTILE).filter(([k]) => k !== "quotesAndBackslash"))(
    "safeText leaves no control, separator or bidi character in %s",
    (_name, text) => {
      const safe = safeText(text);
      expect(unsafeCodes(safe, false)).toEqual([]);
      expect(safe).not.toBe(text);
    },
  );

  it("safeText writes escapes a reader can decode (\\x1b, \\u2028) and keeps ordinary text, quotes and emoji", () => {
    expect(safeText(HOSTILE.ansiColour)).toBe("pkg\\x1b[31mred\\x1b[0m");
    expect(safeText(HOSTILE.lineSeparator)).toBe("evil\\u2028pkg");
    expect(safeText(HOSTILE.quotesAndBackslash)).toBe(HOSTILE.quotesAndBackslash);
    expect(safeText("net/http 😀 µs")).toBe("net/http 😀 µs");
  });

  it("safeLines keeps the line breaks of a message and escapes the rest", () => {
    expect(safeLines("a\x1b[2J\nusage: b\r")).toBe("a\\x1b[2J\nusage: b\\x0d");
  });

  it("safeJson escapes what JSON leaves raw and still parses to the same value", () => {
    const value = { pkg: `${HOSTILE.c1Csi}${HOSTILE.lineSeparator}${HOSTILE.bidiOverride}` };
    const json = safeJson(JSON.stringify(value));
    expect(unsafeCodes(json)).toEqual([]);
    expect(JSON.parse(json)).toEqual(value);
  });
});
