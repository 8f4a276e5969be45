import { describe, expect, it } from "vitest";
import { littleWaitMs } from "../../src/analysis/littleLaw";

describe("littleLaw", () => {
  it("littleWaitMs is L/λ", () => {
    expect(littleWaitMs(5, 1000)).toBe(5);
    expect(littleWaitMs(5, 0)).toBeNaN();
  });
});
