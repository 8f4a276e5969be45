import { describe, expect, it } from "vitest";
import { median, quantileSorted, sortedFinite } from "../../src/analysis/stats";

/** mulberry32, so the cases are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
      expect(median(xs), `${kind}: ${xs.join(",")}`).toBe(quantileSorted(sortedFinite(xs), 0.5));
    }
  });

  it("is NaN without finite values and leaves its input alone", () => {
    expect(median([])).toBeNaN();
    expect(median([Number.NaN, Number.POSITIVE_INFINITY])).toBeNaN();
    const xs = Float64Array.of(3, 1, 2, 5);
    expect(median(xs)).toBe(2.5);
    expect([...xs]).toEqual([3, 1, 2, 5]);
  });
});
