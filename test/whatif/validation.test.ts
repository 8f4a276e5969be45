import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../analysis/load";
import { validationMarkdown, validationRows } from "./whatifValidation";

const DOC = join(REPO, "docs", "whatif-validation.md");

describe("what-if validation against real reruns (data/workload-*)", () => {
  const { rows } = validationRows();
  const row = (run: string) => {
    const r = rows.find((x) => x.run === run);
    if (r === undefined) throw new Error(`no row for ${run}`);
    return r;
  };

  it("the traces hold every cycle the runtime counted", () => {
    for (const r of rows) expect(r.actualCycles).toBe(r.numGC);
  });

  it.each(["workload-gogc50", "workload-gogc200", "workload-memlimit80"])(
    "predictions from the GOGC=100 capture land within 20 percent of the real cycle count of %s",
    (run) => {
      const r = row(run);
      expect(Math.abs(r.errorPct)).toBeLessThanOrEqual(20);
      // not in the thrashing regime the model cannot speak for
      expect(r.predicted.regimes.cpuLimited).toBeLessThan(0.1 * r.predicted.gcCount);
    },
  );

  it("the memory-limited prediction sets its targets by the limit; the GOGC ones by GOGC", () => {
    const ml = row("workload-memlimit80").predicted.regimes;
    expect(ml.memoryLimit).toBeGreaterThan(ml.gogc);
    expect(row("workload-gogc200").predicted.regimes.memoryLimit).toBe(0);
  });

  it("the calibration run replays within 10 % of itself", () => {
    expect(Math.abs(row("workload-gogc100").errorPct)).toBeLessThan(10);
  });

  it("GOMEMLIMIT=64MiB is flagged as CPU-limited thrashing, and the real run did thrash (it ran over twice as long)", () => {
    const r = row("workload-memlimit64");
    expect(r.predicted.regimes.cpuLimited).toBeGreaterThan(0);
    expect(r.predicted.gcCpuPct).toBeGreaterThan(30);
    expect(r.actualGcPct).toBeGreaterThan(30);
    expect(r.actualElapsedSec).toBeGreaterThan(2 * row("workload-gogc100").actualElapsedSec);
  });

  it("predicted GC CPU and peak heap order the runs as the real ones do", () => {
    const [g50, g100, g200] = ["workload-gogc50", "workload-gogc100", "workload-gogc200"].map(row);
    expect(g50.predicted.gcCpuPct).toBeGreaterThan(g100.predicted.gcCpuPct);
    expect(g100.predicted.gcCpuPct).toBeGreaterThan(g200.predicted.gcCpuPct);
    expect(g50.actualGcPct).toBeGreaterThan(g200.actualGcPct);
    expect(g50.predicted.peakHeapMB).toBeLessThan(g100.predicted.peakHeapMB);
    expect(g100.predicted.peakHeapMB).toBeLessThan(g200.predicted.peakHeapMB);
    expect(g50.actualPeakHeapMB).toBeLessThan(g200.actualPeakHeapMB);
    // the limit keeps the real and predicted peaks under 80 MiB
    expect(row("workload-memlimit80").actualPeakHeapMB).toBeLessThan(80);
    expect(row("workload-memlimit80").predicted.peakHeapMB).toBeLessThan(80);
  });

  it("docs/whatif-validation.md holds the figures the code computes", () => {
    const text = validationMarkdown();
    if (process.env.UPDATE_WHATIF_VALIDATION) writeFileSync(DOC, text);
    expect(readFileSync(DOC, "utf8")).toBe(text);
  });
});
