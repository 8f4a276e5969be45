import { describe, expect, it } from "vitest";
import { calibrateGcModel, type GcModel, type GcScenario, parseTrace, predictGc } from "../../src";
import { cycleCpuMs, GC_CPU_LIMIT, heapTarget } from "../../src/whatif/gcPredict";
import { data } from "../analysis/load";
import { repeatedGctrace } from "../chart/bigTraces";

/**
 * The replay as it was written first: A and L by a binary search per read, the cycle end by a bisection of A.
 * predictGc now reads its curves with cursors and inverts the crossing segment; it must find the same cycles.
 */
function referenceReplay(model: GcModel, scenario: GcScenario) {
  const { endMs, allocMB, liveMB, forcedEndMs, startLiveMB } = model.curve;
  const origin = model.originMs;
  const lastEnd = endMs[endMs.length - 1];
  const lastAlloc = allocMB[allocMB.length - 1];
  const rate = model.allocRateMBPerSec / 1000;
  const interp = (ys: Float64Array, y0: number, x: number, tail: number) => {
    if (x >= lastEnd) return tail;
    let lo = 0;
    let hi = endMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (endMs[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    const xa = lo === 0 ? origin : endMs[lo - 1];
    const ya = lo === 0 ? y0 : ys[lo - 1];
    return endMs[lo] > xa ? ya + ((ys[lo] - ya) * (x - xa)) / (endMs[lo] - xa) : ys[lo];
  };
  const A = (t: number) => interp(allocMB, 0, t, lastAlloc + rate * (t - lastEnd));
  const L = (t: number) => interp(liveMB, startLiveMB, t, liveMB[liveMB.length - 1]);
  const whenAllocated = (target: number, from: number) => {
    if (A(from) >= target) return from;
    if (target > lastAlloc)
      return rate > 0 ? lastEnd + (target - lastAlloc) / rate : Number.POSITIVE_INFINITY;
    let lo = from;
    let hi = lastEnd;
    // to the last bit: 60 halvings of the whole trace's span leave a gap of ~1e-12 ms, wider than a double's step
    // at small times; where the GC CPU limiter spaces cycles, such gaps add up to a few cycles in 100,000
    for (;;) {
      const mid = (lo + hi) / 2;
      if (mid === lo || mid === hi) break;
      if (A(mid) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const T = origin + model.durationSec * 1000;
  let t = origin;
  let live = startLiveMB;
  let target = heapTarget(model, scenario, live);
  let forcedNext = 0;
  let count = 0;
  let cpuMs = 0;
  let peak = 0;
  for (;;) {
    const goalDriven = Number.isFinite(target.heapGoalMB)
      ? whenAllocated(A(t) + model.runwayRatio * (target.heapGoalMB - live), t)
      : Number.POSITIVE_INFINITY;
    const earliest = t + Math.max(0.1, cycleCpuMs(model, live) / (GC_CPU_LIMIT * model.procs));
    let next = Math.max(goalDriven, earliest);
    while (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= t) forcedNext++;
    if (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= next) next = forcedEndMs[forcedNext++];
    if (!(next <= T)) break;
    peak = Math.max(peak, live + A(next) - A(t));
    count++;
    live = L(next);
    cpuMs += cycleCpuMs(model, live);
    t = next;
    target = heapTarget(model, scenario, live);
  }
  return { count, peak: Math.max(peak, live + A(T) - A(t)), cpuMs };
}

function nonDecreasing(model: GcModel): GcModel {
  const allocMB = model.curve.allocMB.slice();
  for (let i = 1; i < allocMB.length; i++) allocMB[i] = Math.max(allocMB[i], allocMB[i - 1]);
  return { ...model, curve: { ...model.curve, allocMB } };
}

describe("predictGc's fast replay finds the cycles the bisection found", () => {
  const models: [string, GcModel][] = [
    ["workload-gogc100.log", calibrateGcModel(data("workload-gogc100.log").tables.gctrace)],
    // 20,000 real go1.19 cycles (the capture repeated with its times shifted): ramps, plateaus and forced cycles.
    // Where a copy starts again the live heap is above the next end heap and A dips; there a bisection lands on any
    // crossing, the replay on the first, so the comparison takes A's running maximum (cumulative allocation).
    [
      "20k repeated cycles",
      nonDecreasing(calibrateGcModel(parseTrace(repeatedGctrace(20_000)).tables.gctrace)),
    ],
  ];
  for (const [name, model] of models)
    it(`${name}: every GOGC and memory limit`, () => {
      for (const gogc of [10, 25, 50, 100, 200, 400, 800] as const)
        for (const memLimitMB of [undefined, 20, 60]) {
          const ref = referenceReplay(model, { gogc, memLimitMB });
          const got = predictGc(model, { gogc, memLimitMB });
          expect(got.gcCount).toBe(ref.count);
          expect(got.peakHeapMB).toBeCloseTo(ref.peak, 8);
          expect(got.gcCpuPct).toBeCloseTo((100 * ref.cpuMs) / (model.durationSec * 1000 * model.procs), 8);
        }
    });
});
