import { describe, expect, it } from "vitest";
import { formatDuration, parseGoDuration } from "../../src";
import { parseTraceTime } from "../../src/window/duration";

describe("parseGoDuration (Go's time.ParseDuration)", () => {
  it.each([
    ["90s", 90_000],
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1.5h", 5_400_000],
    ["2h45m30.5s", 9_930_500],
    ["300ms", 300],
    ["1500us", 1.5],
    ["1500µs", 1.5],
    ["2000000ns", 2],
    [".5s", 500],
    ["1.s", 1000],
    ["0", 0],
    ["+5s", 5000],
    ["-5s", -5000],
  ])("%s is %d ms", (text, ms) => expect(parseGoDuration(text)).toBeCloseTo(ms, 9));

  it.each(["", "5", "1.5", "s", ".s", "5x", "5 s", "1h 30m", "5sm", "--5s", "5s-"])("refuses %j", (text) => {
    expect(() => parseGoDuration(text)).toThrow(RangeError);
  });

  it("says a bare number lacks its unit", () => {
    expect(() => parseGoDuration("90")).toThrow(/missing unit/);
  });
});

describe("parseTraceTime (the command line's --from / --to)", () => {
  it("takes a bare number as seconds", () => {
    expect(parseTraceTime("90")).toBe(90_000);
    expect(parseTraceTime("1.25")).toBe(1250);
    expect(parseTraceTime(".5")).toBe(500);
  });
  it("takes Go durations", () => expect(parseTraceTime("1h30m")).toBe(5_400_000));
  it("refuses negative times and junk", () => {
    expect(() => parseTraceTime("-5s")).toThrow(/negative/);
    expect(() => parseTraceTime("-5")).toThrow(RangeError);
    expect(() => parseTraceTime("ten")).toThrow(RangeError);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [250, "250ms"],
    [1500, "1.5s"],
    [90_000, "1m30s"],
    [600_000, "10m"],
    [5_400_000, "1h30m"],
    [3_600_000, "1h"],
  ])("%d ms is %s", (ms, text) => expect(formatDuration(ms)).toBe(text));

  it("round-trips through parseGoDuration", () => {
    for (const ms of [1, 999, 1000, 61_234, 3_599_999, 7_322_500]) {
      expect(parseGoDuration(formatDuration(ms))).toBeCloseTo(ms, 6);
    }
  });
});
