import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { max, mean, median } from "../../src";
import {
  linearFit,
  medianStep,
  min,
  nearlySortedOrder,
  permuted,
  permuteInPlace,
  quantileSorted,
  sortedFinite,
  sum,
} from "../../src/analysis/stats";

describe("stats", () => {
  it("quantileSorted uses the R-7 method (R's quantile(type = 7), NumPy's default)", () => {
    // R: quantile(c(1, 2, 3, 4), c(0, 0.25, 0.5, 0.9, 1), type = 7) → 1, 1.75, 2.5, 3.7, 4
    const x = [1, 2, 3, 4];
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted(x, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted(x, 1)).toBe(4);
    expect(quantileSorted([7], 0.99)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it("quantileSorted throws for p outside [0, 1]", () => {
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(/\[0, 1\]/);
  });

  it("sortedFinite skips NaN and infinities and sorts numerically", () => {
    expect(Array.from(sortedFinite([10, Number.NaN, 9, Number.POSITIVE_INFINITY, -1]))).toEqual([-1, 9, 10]);
  });

  it("sum, mean, median, min and max skip NaN", () => {
    const x = [3, Number.NaN, 1, 2];
    expect(sum(x)).toBe(6);
    expect(mean(x)).toBe(2);
    expect(median(x)).toBe(2);
    expect(min(x)).toBe(1);
    expect(max(x)).toBe(3);
    expect(mean([Number.NaN])).toBeNaN();
    expect(max([])).toBeNaN();
  });

  it("linearFit recovers an exact line with R² = 1 and skips NaN pairs", () => {
    const f = linearFit([0, 1, 2, 3, Number.NaN], [1, 3, 5, 7, 100]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.n).toBe(4);
  });

  it("linearFit gives R² below 1 for noisy points and NaN for a constant x", () => {
    // y = x with one point off: R² = Sxy²/(Sxx·Syy) = 4/(2·2.6667) = 0.75
    const f = linearFit([0, 1, 2], [0, 2, 2]);
    expect(f.slope).toBeCloseTo(1, 12);
    expect(f.r2).toBeCloseTo(0.75, 12);
    expect(linearFit([1, 1, 1], [1, 2, 3]).slope).toBeNaN();
  });

  it("medianStep is the median spacing of a sorted column", () => {
    expect(medianStep([0, 100, 201, 300, 1000])).toBe(100.5);
    expect(medianStep([0, 100, 201, 300])).toBe(100);
    expect(medianStep([5])).toBeNaN();
  });

  it("permuteInPlace puts columns in an order as permuted does, cycle by cycle, leaving the order as the identity", () => {
    const r = rng(4);
    for (const n of [0, 1, 2, 7, 100, 1000]) {
      const keys = Float64Array.from({ length: n }, () => Math.floor(r() * 50));
      const other = Float64Array.from({ length: n }, () => r());
      const order = nearlySortedOrder(keys);
      const want = [permuted(keys, order), permuted(other, order)];
      permuteInPlace([keys, other], order);
      expect([...keys]).toEqual([...want[0]]);
      expect([...other]).toEqual([...want[1]]);
      expect([...order]).toEqual([...order.keys()]);
    }
  });
});
