import { describe, expect, it } from "vitest";
import { calibrateGcModel, type GcModel, predictGc } from "../../src";
import { LIVE_UNDER_1MIB_MB, rollingMedian } from "../../src/whatif/gcModel";
import { cycleCpuMs, heapTarget } from "../../src/whatif/gcPredict";
import { CORPUS, data, fixture, memstats } from "../analysis/load";

const gogc100 = () => calibrateGcModel(data("workload-gogc100.log").tables.gctrace);

/** A model with round numbers for the formula checks (the curves are the calibrated ones). */
function guideModel(): GcModel {
  return { ...gogc100(), liveHeapMB: 8, stacksMB: 1, globalsMB: 1, rootsInGoal: true, nonHeapMB: 10 };
}

describe("heapTarget", () => {
  it("follows the GC guide's example: 8 MiB live + 1 MiB stacks + 1 MiB globals → 18 / 13 / 28 MiB at GOGC 100 / 50 / 200", () => {
    const m = guideModel();
    expect(heapTarget(m, { gogc: 100 }, 8)).toEqual({ heapGoalMB: 18, regime: "gogc" });
    expect(heapTarget(m, { gogc: 50 }, 8).heapGoalMB).toBe(13);
    expect(heapTarget(m, { gogc: 200 }, 8).heapGoalMB).toBe(28);
    // before go1.18 the roots did not count
    expect(heapTarget({ ...m, rootsInGoal: false }, { gogc: 100 }, 8).heapGoalMB).toBe(16);
  });

  it("never goes below the 4 MiB × GOGC/100 minimum heap", () => {
    const m = { ...guideModel(), stacksMB: 0, globalsMB: 0 };
    expect(heapTarget(m, { gogc: 100 }, 1)).toEqual({ heapGoalMB: 4, regime: "minimumHeap" });
    expect(heapTarget(m, { gogc: 50 }, 1)).toEqual({ heapGoalMB: 2, regime: "minimumHeap" });
  });

  it("is capped by the memory limit less non-heap memory and 1 MiB headroom, never below the live heap", () => {
    const m = guideModel();
    expect(heapTarget(m, { gogc: 100, memLimitMB: 25 }, 8)).toEqual({
      heapGoalMB: 14,
      regime: "memoryLimit",
    });
    expect(heapTarget(m, { gogc: 100, memLimitMB: 12 }, 8).heapGoalMB).toBe(8);
    expect(heapTarget(m, { gogc: 100, memLimitMB: 100 }, 8).regime).toBe("gogc");
    expect(heapTarget(m, { gogc: "off" }, 8)).toEqual({
      heapGoalMB: Number.POSITIVE_INFINITY,
      regime: "off",
    });
    expect(heapTarget(m, { gogc: "off", memLimitMB: 60 }, 8)).toEqual({
      heapGoalMB: 49,
      regime: "memoryLimit",
    });
  });
});

describe("calibrateGcModel", () => {
  it("fits the workload's allocation rate (200 MiB/s) and live heap (40 MiB of nodes + floating garbage)", () => {
    const m = gogc100();
    expect(m.allocRateMBPerSec).toBeGreaterThan(180);
    expect(m.allocRateMBPerSec).toBeLessThan(220);
    expect(m.allocFitR2).toBeGreaterThan(0.99);
    expect(m.liveHeapMB).toBeGreaterThanOrEqual(40);
    expect(m.liveHeapMB).toBeLessThan(50);
    expect(m.rootsInGoal).toBe(true);
    expect(m.procs).toBe(2);
    expect(m.gcCount).toBe(memstats("workload-gogc100").numGC);
    expect(m.runwayRatio).toBeGreaterThan(0.7);
    expect(m.runwayRatio).toBeLessThanOrEqual(1.05);
    expect(m.fixedCostMs).toBeGreaterThanOrEqual(0);
    expect(m.markCostMsPerMB).toBeGreaterThan(0);
    // the observed GC CPU is the runtime's own figure, up to its truncation
    const lastPct = 9; // gc 28 @5.179s 9%
    expect(m.observed.gcCpuPct).toBeGreaterThanOrEqual(lastPct - 0.5);
    expect(m.observed.gcCpuPct).toBeLessThan(lastPct + 1.5);
  });

  it("the fitted costs reproduce the trace's total GC CPU", () => {
    const m = gogc100();
    const p = predictGc(m, { gogc: 100 });
    expect(Math.abs(p.gcCpuPct - m.observed.gcCpuPct) / m.observed.gcCpuPct).toBeLessThan(0.15);
    expect(cycleCpuMs(m, 10)).toBeCloseTo(
      m.fixedCostMs + m.markCostMsPerMB * (10 + m.stacksMB + m.globalsMB),
      12,
    );
  });

  it("throws for a trace with fewer than 3 usable cycles", () => {
    const one = fixture(`${CORPUS}/DoMySon-blog_go1.13_gctrace-scvg-GCforced_12P.txt`).tables.gctrace;
    expect(() => calibrateGcModel(one)).toThrow(/at least 3 unforced gc cycles/);
  });

  it("rollingMedian drops isolated spikes and keeps a ramp; its window stays inside the array", () => {
    expect(Array.from(rollingMedian([1, 2, 3, 4, 5], 3))).toEqual([2, 2, 3, 4, 4]);
    expect(Array.from(rollingMedian([44, 44, 60, 44, 44], 3))).toEqual([44, 44, 44, 44, 44]);
    expect(Array.from(rollingMedian([7], 5))).toEqual([7]);
  });
});

describe("predictGc", () => {
  it("replays the calibration run itself: GOGC=100 predicts the observed cycle count within 10 %", () => {
    const m = gogc100();
    const p = predictGc(m, { gogc: 100 });
    expect(Math.abs(p.gcCount - m.gcCount) / m.gcCount).toBeLessThan(0.1);
    expect(p.durationSec).toBe(m.durationSec);
    expect(p.gcPerSec).toBeCloseTo(p.gcCount / p.durationSec, 12);
    expect(p.regimes.minimumHeap).toBe(1);
    expect(p.regimes.cpuLimited).toBe(0);
  });

  it("GOGC=off without a limit runs no cycle and keeps everything allocated", () => {
    const m = gogc100();
    const p = predictGc(m, { gogc: "off" });
    expect(p.gcCount).toBe(0);
    expect(p.gcCpuPct).toBe(0);
    expect(p.peakHeapMB).toBeCloseTo(m.curve.allocMB[m.curve.allocMB.length - 1], 6);
    expect(p.steadyState.gcPerSec).toBe(0);
  });

  it("GOGC=off with a memory limit collects at the limit", () => {
    const m = gogc100();
    const p = predictGc(m, { gogc: "off", memLimitMB: 120 });
    expect(p.gcCount).toBeGreaterThan(0);
    expect(p.regimes.memoryLimit).toBe(p.gcCount);
    expect(p.peakHeapMB).toBeLessThanOrEqual(120);
  });

  it("doubling GOGC roughly halves the cycles and the GC CPU (the GC guide's key takeaway)", () => {
    const m = gogc100();
    const a = predictGc(m, { gogc: 100 });
    const b = predictGc(m, { gogc: 200 });
    expect(b.gcCount / a.gcCount).toBeGreaterThan(0.4);
    expect(b.gcCount / a.gcCount).toBeLessThan(0.6);
    expect(b.peakHeapMB).toBeGreaterThan(a.peakHeapMB);
    expect(b.steadyState.gcPerSec / a.steadyState.gcPerSec).toBeCloseTo(
      (a.steadyState.heapGoalMB - m.liveHeapMB) / (b.steadyState.heapGoalMB - m.liveHeapMB),
      9,
    );
  });

  it("keeps the trace's forced cycles where they happened", () => {
    const m = calibrateGcModel(data("gctrace-pacer-scav.log").tables.gctrace);
    expect(m.forcedCount).toBe(memstats("gctrace-pacer-scav").numForcedGC);
    for (const gogc of [50, 200]) expect(predictGc(m, { gogc }).regimes.forced).toBe(m.forcedCount);
  });

  it("flags a limit below what the live heap needs as CPU-limited thrashing", () => {
    const m = gogc100();
    const p = predictGc(m, { gogc: 100, memLimitMB: m.liveHeapMB + m.nonHeapMB + 2 });
    expect(p.regimes.cpuLimited).toBeGreaterThan(p.gcCount / 2);
    // runtime/mgclimit.go: about 50 % of the CPU at most
    expect(p.gcCpuPct).toBeLessThanOrEqual(50 + 1e-9);
    expect(p.gcCpuPct).toBeGreaterThan(25);
    expect(() => predictGc(m, { gogc: -5 })).toThrow(/GOGC/);
  });
});

describe("a heap under 1 MiB (the tutorial's web service, data/webservice-gctrace.log: every cycle `3->3->0 MB`)", () => {
  const web = () => calibrateGcModel(data("webservice-gctrace.log").tables.gctrace);

  it("calibrateGcModel takes a live heap printed 0 MB as the midpoint of [0, 1) MiB and a fixed cost per cycle only", () => {
    const m = web();
    expect(m.liveUnder1MiBCount).toBe(m.gcCount);
    expect(m.liveHeapMB).toBe(LIVE_UNDER_1MIB_MB);
    expect(m.costFit.method).toBe("fixed");
    expect(m.markCostMsPerMB).toBe(0);
    // the fixed cost is the mean cycle CPU, so the costs still add up to the trace's GC CPU
    expect(m.fixedCostMs * m.cycles).toBeCloseTo(
      (m.observed.gcCpuPct / 100) * m.durationSec * 1000 * m.procs,
      6,
    );
    const { curve, costFit, ...figures } = m;
    for (const [k, v] of Object.entries({ ...figures, ...figures.observed, r2: costFit.r2 }))
      if (typeof v === "number" && k !== "r2") expect(Number.isFinite(v), k).toBe(true);
    for (const x of [...curve.allocMB, ...curve.liveMB]) expect(Number.isFinite(x)).toBe(true);
  });

  it("predictGc replays the calibration run within 20 % of its cycle count, with the 4 MiB minimum-heap goal", () => {
    const m = web();
    const p = predictGc(m, { gogc: 100 });
    expect(Math.abs(p.gcCount - m.gcCount) / m.gcCount).toBeLessThan(0.2);
    expect(p.regimes.minimumHeap).toBe(p.gcCount);
    expect(p.steadyState).toMatchObject({ heapGoalMB: 4, regime: "minimumHeap" });
    // runtime/mgcpacer.go heapMinimum: the heap stays under the 4 MiB goal, as the trace's 3 MB peaks did
    expect(p.peakHeapMB).toBeGreaterThanOrEqual(m.observed.peakHeapMB);
    expect(p.peakHeapMB).toBeLessThanOrEqual(4);
    for (const v of [p.gcPerSec, p.peakHeapMB, p.gcCpuPct, ...Object.values(p.steadyState)])
      if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
  });

  it("predictGc at GOGC=200 predicts fewer cycles, a higher peak and less GC CPU, all finite", () => {
    const m = web();
    const a = predictGc(m, { gogc: 100 });
    const b = predictGc(m, { gogc: 200 });
    expect(b.gcCount).toBeLessThan(a.gcCount);
    expect(b.gcCount).toBeGreaterThan(0);
    expect(b.peakHeapMB).toBeGreaterThan(a.peakHeapMB);
    expect(b.peakHeapMB).toBeLessThanOrEqual(8);
    expect(b.gcCpuPct).toBeLessThan(a.gcCpuPct);
    expect(b.steadyState.heapGoalMB).toBe(8);
    for (const v of [b.gcPerSec, b.peakHeapMB, b.gcCpuPct, b.steadyState.gcPerSec, b.steadyState.gcCpuPct])
      expect(Number.isFinite(v)).toBe(true);
  });

  it("predictGc refuses a model whose GC cost is not finite instead of replaying zero cycles", () => {
    const m = { ...web(), markCostMsPerMB: Number.POSITIVE_INFINITY };
    expect(() => predictGc(m, { gogc: 100 })).toThrow(/costs must be finite/);
  });
});
