import { describe, expect, it } from "vitest";
// mulberry32, seeded: the same cases on every run
import { rng } from "../../bench/gen-gctrace";
import { median } from "../../src";
import { medianInPlace, quantileSorted, sortedFinite } from "../../src/analysis/stats";

describe("median by selection", () => {
  it("is exactly the R-7 0.5 quantile of the sorted finite values, on random, tied, sorted and reversed inputs", () => {
    const r = rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(r() * 60);
      const kind = trial % 5;
      const xs = Array.from({ length: n }, (_, i) => {
        if (kind === 0) return r() * 100 - 50;
        if (kind === 1) return Math.floor(r() * 4); // many ties
        if (kind === 2) return i; // sorted
        if (kind === 3) return n - i; // reversed
        return r() < 0.2 ? Number.NaN : r() < 0.1 ? Number.POSITIVE_INFINITY : r(); // not finite values skipped
      });
      const want = quantileSorted(sortedFinite(xs), 0.5);
      expect(median(xs), `${kind}: ${xs.join(",")}`).toBe(want);
      // the same number selected in the array itself (its order and its non-finite values are not kept)
      expect(medianInPlace(Float64Array.from(xs)), `in place ${kind}: ${xs.join(",")}`).toBe(want);
    }
  });

  it("is NaN without finite values and leaves its input alone", () => {
    expect(median([])).toBeNaN();
    expect(median([Number.NaN, Number.POSITIVE_INFINITY])).toBeNaN();
    const xs = Float64Array.of(3, 1, 2, 5);
    expect(median(xs)).toBe(2.5);
    expect([...xs]).toEqual([3, 1, 2, 5]);
    expect(medianInPlace(Float64Array.of(Number.NaN, Number.NEGATIVE_INFINITY))).toBeNaN();
  });
});
