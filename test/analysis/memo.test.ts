import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gcCpuPerCycle, gcPhases, heapCycles, loadTrace } from "../../src";
import { memoOf, withAnalysisCache } from "../../src/analysis/memo";

describe("withAnalysisCache", () => {
  it("computes a table's per-cycle analyses once inside the scope, and keeps nothing after it", async () => {
    const trace = await loadTrace(join(__dirname, "..", "..", "data", "workload-gogc100.log"));
    const gc = trace.tables.gctrace;
    const outside = gcCpuPerCycle(gc);
    expect(gcCpuPerCycle(gc)).not.toBe(outside);
    const inside = withAnalysisCache(() => {
      const a = [gcPhases(gc), gcCpuPerCycle(gc), heapCycles(gc)];
      const b = [gcPhases(gc), gcCpuPerCycle(gc), heapCycles(gc)];
      for (let i = 0; i < a.length; i++) expect(b[i]).toBe(a[i]);
      // another GOGC is another analysis: not taken from the cache
      expect(heapCycles(gc, { gogc: 50 })).not.toBe(a[2]);
      return a[1];
    });
    expect(inside.columns).toEqual(outside.columns);
    expect(gcCpuPerCycle(gc)).not.toBe(inside);
  });
});

describe("memoOf: an analysis of a column, once per scope", () => {
  it("computes once for the same key inside a scope, once per call outside, and per key", () => {
    const column = new Float64Array([3, 1, 2]);
    const other = new Float64Array([3, 1, 2]);
    let runs = 0;
    const sortIt = (xs: Float64Array) => {
      runs++;
      return Float64Array.from(xs).sort();
    };
    const a = withAnalysisCache(() => [
      memoOf(column, sortIt, () => sortIt(column)),
      memoOf(column, sortIt, () => sortIt(column)),
      memoOf(other, sortIt, () => sortIt(other)),
    ]);
    expect(runs).toBe(2);
    expect(a[0]).toBe(a[1]);
    expect([...a[2]]).toEqual([1, 2, 3]);
    memoOf(column, sortIt, () => sortIt(column));
    memoOf(column, sortIt, () => sortIt(column));
    expect(runs).toBe(4);
  });
});
