import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gcCpuPerCycle, gcPhases, heapCycles, loadTrace } from "../../src";
import { withAnalysisCache } from "../../src/analysis/memo";

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
