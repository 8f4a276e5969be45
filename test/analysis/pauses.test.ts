import { describe, expect, it } from "vitest";
import { gcPauses, numbers, pauseEcdf, pauseHistogram, pauseQuantiles } from "../../src";
import { niceStep } from "../../src/analysis/pauses";
import { quantileSorted } from "../../src/analysis/stats";
import { data, memstats } from "./load";

/**
 * The runtime prints each phase truncated (runtime/mgc.go fmtNSAsMS: whole ms from 10 ms, else two significant
 * digits with at most three decimals, ns/1e3 and /10 integer divisions), so the true value lies in
 * [printed, printed + unit).
 */
function printUnitMs(printed: number): number {
  if (printed >= 10) return 1;
  if (printed >= 1) return 0.1;
  if (printed >= 0.1) return 0.01;
  return 0.001;
}

const WORKLOADS = [
  "workload-gogc50",
  "workload-gogc100",
  "workload-gogc200",
  "workload-memlimit80",
  "gctrace-pacer-scav",
];

describe("pauses", () => {
  it.each(WORKLOADS)(
    "gcPauses of %s match the runtime's MemStats.PauseNs within print truncation",
    (name) => {
      const p = gcPauses(data(`${name}.log`).tables.gctrace);
      const ms = memstats(name);
      const gcNum = numbers(p, "gcNum");
      const st = numbers(p, "sweepTermMs");
      const mt = numbers(p, "markTermMs");
      const pause = numbers(p, "pauseMs");
      // every cycle MemStats counted has its gc line (the workload waits for the last line before reading MemStats)
      expect(p.length).toBe(ms.numGC);
      let checked = 0;
      for (const entry of ms.pauses) {
        const i = gcNum.indexOf(entry.gc);
        expect(i).toBeGreaterThanOrEqual(0);
        const trueMs = entry.pauseNs / 1e6;
        // runtime/mgc.go: work.pauseNS = (tMark − tSweepTerm) + (tEnd − tMarkTerm), the two printed clock phases
        expect(trueMs).toBeGreaterThanOrEqual(pause[i] - 1e-9);
        expect(trueMs).toBeLessThan(pause[i] + printUnitMs(st[i]) + printUnitMs(mt[i]));
        checked++;
      }
      expect(checked).toBe(ms.pauses.length);
      expect(checked).toBeGreaterThan(10);
    },
  );

  it("pauseQuantiles uses the R-7 method on a real trace's pauses", () => {
    const pause = numbers(data("workload-gogc50.log").tables.gctrace, "pauseMs");
    const q = pauseQuantiles(pause);
    const s = Array.from(pause).sort((a, b) => a - b);
    // R-7 by hand: h = (n − 1)p, linear between s[⌊h⌋] and s[⌊h⌋ + 1]
    const r7 = (p: number) => {
      const h = (s.length - 1) * p;
      const lo = Math.floor(h);
      return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
    };
    expect(q.method).toBe("R-7");
    expect(q.count).toBe(s.length);
    expect(q.p50).toBeCloseTo(r7(0.5), 12);
    expect(q.p90).toBeCloseTo(r7(0.9), 12);
    expect(q.p99).toBeCloseTo(r7(0.99), 12);
    expect(q.p999).toBeCloseTo(r7(0.999), 12);
    expect(q.max).toBe(s[s.length - 1]);
    expect(q.p50).toBeLessThanOrEqual(q.p90);
    expect(q.p99).toBeLessThanOrEqual(q.max);
    expect(q.totalMs).toBeCloseTo(
      s.reduce((a, b) => a + b, 0),
      9,
    );
  });

  it("pauseQuantiles of no pauses are NaN with count 0", () => {
    const q = pauseQuantiles([Number.NaN]);
    expect(q.count).toBe(0);
    expect(q.p99).toBeNaN();
  });

  it("pauseHistogram puts every pause in one equal-width bin starting at 0", () => {
    const pause = numbers(data("workload-memlimit64.log").tables.gctrace, "pauseMs");
    const h = pauseHistogram(pause);
    const start = numbers(h, "binStartMs");
    const end = numbers(h, "binEndMs");
    const count = numbers(h, "count");
    const width = end[0] - start[0];
    expect(start[0]).toBe(0);
    for (let k = 0; k < h.length; k++) expect(end[k] - start[k]).toBeCloseTo(width, 12);
    expect(count.reduce((a, b) => a + b, 0)).toBe(pause.length);
    const top = Math.max(...pause);
    expect(start[h.length - 1]).toBeLessThanOrEqual(top);
    expect(end[h.length - 1]).toBeGreaterThan(top);
    // a pause lands in bin ⌊x / width⌋
    const k = Math.floor(pause[0] / width);
    expect(count[k]).toBeGreaterThan(0);
  });

  it("pauseHistogram honours binWidthMs and niceStep picks 1-2-5 widths", () => {
    const h = pauseHistogram([0.5, 1, 1.5, 2], { binWidthMs: 1 });
    expect(Array.from(numbers(h, "count"))).toEqual([1, 2, 1]);
    expect(niceStep(0.37)).toBe(0.5);
    expect(niceStep(1.2)).toBe(2);
    expect(niceStep(7)).toBe(10);
  });

  it("pauseEcdf rises to 1 over the distinct pauses, F(x) = share of pauses ≤ x", () => {
    const pause = numbers(data("workload-gogc100.log").tables.gctrace, "pauseMs");
    const e = pauseEcdf(pause);
    const x = numbers(e, "pauseMs");
    const f = numbers(e, "fraction");
    expect(f[e.length - 1]).toBe(1);
    for (let k = 1; k < e.length; k++) {
      expect(x[k]).toBeGreaterThan(x[k - 1]);
      expect(f[k]).toBeGreaterThan(f[k - 1]);
    }
    const k = Math.floor(e.length / 2);
    expect(f[k]).toBeCloseTo(Array.from(pause).filter((p) => p <= x[k]).length / pause.length, 12);
    expect(quantileSorted(x, 0)).toBe(Math.min(...pause));
  });
});
