import { describe, expect, it } from "vitest";
import {
  allocationRate,
  effectiveGogc,
  heapCycles,
  heapRegimes,
  inferGogc,
  median,
  numbers,
  strings,
} from "../../src";
import { CORPUS, data, fixture, memstats } from "./load";

describe("heap", () => {
  it.each([
    ["workload-gogc50", 50],
    ["workload-gogc100", 100],
    ["workload-gogc200", 200],
    ["gctrace-pacer-scav", 100],
  ])("effectiveGogc of %s recovers the GOGC it ran with (go1.18+ goal formula)", (name, gogc) => {
    const gc = data(`${name}.log`).tables.gctrace;
    expect(memstats(name).gogc).toBe(gogc);
    const eff = effectiveGogc(gc);
    const live = numbers(gc, "heapLiveMB");
    // where the live heap is ≥ 20 MiB, 1 MiB truncation moves the ratio by at most ~10 %
    const big = Array.from(eff).filter((_, i) => i > 0 && live[i - 1] >= 20);
    expect(big.length).toBeGreaterThan(5);
    expect(Math.abs(median(big) - gogc)).toBeLessThan(0.05 * gogc);
    expect(Math.abs(inferGogc(gc) - gogc)).toBeLessThan(0.05 * gogc);
    expect(eff[0]).toBeNaN();
  });

  it("effectiveGogc uses live × (1 + GOGC/100) for a go1.10 trace (no stacks or globals printed)", () => {
    const gc = fixture(`${CORPUS}/vogo-learning-go_go1.10_gctrace-scvg_4P.txt`).tables.gctrace;
    const eff = effectiveGogc(gc);
    const goal = numbers(gc, "heapGoalMB");
    const live = numbers(gc, "heapLiveMB");
    const i = gc.length - 1;
    expect(eff[i]).toBeCloseTo((100 * (goal[i] - live[i - 1])) / live[i - 1], 9);
    expect(median(eff)).toBeCloseTo(100, -1);
  });

  it("heapRegimes finds the memory limit capping the goal under GOMEMLIMIT=80MiB (GOGC=100)", () => {
    const gc = data("workload-memlimit80.log").tables.gctrace;
    expect(memstats("workload-memlimit80").gomemlimit).toBe(80 * 2 ** 20);
    const regimes = heapRegimes(gc, { gogc: 100 });
    const live = numbers(gc, "heapLiveMB");
    // once the live heap is ~40 MiB, GOGC=100 would give ~80+ MiB: above what the limit leaves
    const steady = regimes.filter((_, i) => i > 0 && live[i - 1] >= 35);
    expect(steady.length).toBeGreaterThan(30);
    expect(steady.every((r) => r === "memoryLimit")).toBe(true);
    expect(regimes[0]).toBe("minimumHeap");
  });

  it("heapRegimes: no memory limit without one; the first cycle runs at the 4 MiB minimum heap", () => {
    for (const name of ["workload-gogc50", "workload-gogc100", "workload-gogc200"]) {
      const regimes = heapRegimes(data(`${name}.log`).tables.gctrace);
      expect(regimes[0]).toBe("minimumHeap");
      expect(regimes.slice(1).every((r) => r === "gogc")).toBe(true);
    }
  });

  it("heapRegimes marks debug.FreeOSMemory cycles forced and a tiny web-service heap at the minimum", () => {
    const gc = data("gctrace-pacer-scav.log").tables.gctrace;
    const regimes = heapRegimes(gc);
    const forced = gc.columns.forced as boolean[];
    expect(forced.filter(Boolean).length).toBe(memstats("gctrace-pacer-scav").numForcedGC);
    expect(regimes.map((r) => r === "forced")).toEqual(forced);
    const web = data("webservice-gctrace.log").tables.gctrace;
    const goal = numbers(web, "heapGoalMB");
    const webRegimes = heapRegimes(web);
    for (let i = 0; i < web.length; i++) if (goal[i] === 4) expect(webRegimes[i]).toBe("minimumHeap");
  });

  it("heapRegimes says belowGogc, not memoryLimit, for a pre-go1.18 layout whose goal is under the formula", () => {
    const gc = fixture(`${CORPUS}/gcvis-examples_go1.5_gctrace.txt`).tables.gctrace;
    const regimes = heapRegimes(gc, { gogc: 100 });
    expect(regimes).not.toContain("memoryLimit");
    expect(regimes).toContain("belowGogc");
  });

  it("allocationRate recovers the workload's 200 MiB/s (median per cycle)", () => {
    for (const name of ["workload-gogc50", "workload-gogc100", "workload-gogc200"]) {
      const rate = allocationRate(data(`${name}.log`).tables.gctrace);
      expect(median(rate.cycleAllocRateMBPerSec)).toBeGreaterThan(180);
      expect(median(rate.cycleAllocRateMBPerSec)).toBeLessThan(220);
      expect(rate.allocMB[0]).toBeNaN();
    }
  });

  it("allocationRate: growth from the previous live heap to this start over the gap between the cycles", () => {
    const gc = data("workload-gogc100.log").tables.gctrace;
    const rate = allocationRate(gc);
    const h0 = numbers(gc, "heapStartMB");
    const h2 = numbers(gc, "heapLiveMB");
    const t = numbers(gc, "timeMs");
    const clock = ["clockSweepTermMs", "clockMarkMs", "clockMarkTermMs"].map((c) => numbers(gc, c));
    const i = 10;
    const prevEnd = t[i - 1] + clock[0][i - 1] + clock[1][i - 1] + clock[2][i - 1];
    expect(rate.allocMB[i]).toBe(h0[i] - h2[i - 1]);
    expect(rate.allocRateMBPerSec[i]).toBeCloseTo((h0[i] - h2[i - 1]) / ((t[i] - prevEnd) / 1000), 9);
  });

  it("heapCycles reports the overshoot over the goal per cycle", () => {
    const gc = data("workload-gogc100.log").tables.gctrace;
    const h = heapCycles(gc);
    const over = numbers(h, "overshootMB");
    const pct = numbers(h, "overshootPct");
    const goal = numbers(gc, "heapGoalMB");
    const end = numbers(gc, "heapEndMB");
    for (let i = 0; i < gc.length; i++) {
      expect(over[i]).toBe(end[i] - goal[i]);
      expect(pct[i]).toBeCloseTo((100 * over[i]) / goal[i], 9);
    }
    expect(strings(h, "regime").length).toBe(gc.length);
    expect(h.schema.map((c) => c.name)).toContain("effectiveGogc");
  });
});
