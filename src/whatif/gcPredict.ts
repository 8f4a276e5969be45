/**
 * Predicting GC cycles, peak heap and GC CPU for another GOGC / GOMEMLIMIT from a calibrated GcModel.
 *
 * The heap target follows go.dev/doc/gc-guide and runtime/mgcpacer.go:
 *   target = live + (live + roots) × GOGC/100 (roots = stacks + globals, go1.18+; live only before),
 *   at least heapMinimum = 4 MiB × GOGC/100, GOGC=off → no target,
 *   capped by the memory limit: limit − non-heap memory − 1 MiB headroom, never below the live heap.
 * Two answers:
 * - `replay` (the headline figures): walks the calibration trace's own timeline — its cumulative allocation and
 *   live-heap curves — and ends a cycle whenever the heap (live after the last cycle + allocated since) has
 *   grown by runwayRatio × (target − live), the share of the runway the trace's own cycles used (the pacer
 *   triggers before the target, mark runs on while the program allocates). This keeps the trace's ramp-up.
 * - `steadyState`: the GC guide's closed form with the fitted constants: cycles/s = allocation rate / (target −
 *   live), CPU = cycles/s × (fixed + per-MiB × (live + roots)).
 * Simplifications (written down, as the issue asks): a cycle is an instant at the end of mark, and the
 * trigger point is one calibrated ratio of the runway for every GOGC (the real pacer re-plans each cycle from
 * its cons/mark estimate); the peak heap is the heap at the end of mark; the program's allocation and live heap do not
 * depend on GOGC (fewer GC cycles do not make it allocate faster); the GC CPU limiter (runtime/mgclimit.go,
 * go1.19+: GC capped at about 50 % of GOMAXPROCS, go.dev/doc/gc-guide "Memory limit") is modelled as a minimum
 * time between cycles; non-heap memory is a constant; forced cycles happen when they happened in the trace.
 */
import { HEAP_MINIMUM_MB } from "../analysis/heap";
import type { GcModel } from "./gcModel";

/** runtime/mgcpacer.go memoryLimitHeapGoalHeadroom: 1 MiB below the limit-derived goal. */
export const MEMORY_LIMIT_HEADROOM_MB = 1;
/** runtime/mgclimit.go / go.dev/doc/gc-guide: the GC CPU limiter caps GC at about 50 % of the CPU. */
export const GC_CPU_LIMIT = 0.5;

export interface GcScenario {
  gogc: number | "off";
  /** GOMEMLIMIT in MiB; undefined = no limit. */
  memLimitMB?: number;
}

export type TargetRegime = "gogc" | "minimumHeap" | "memoryLimit" | "off";

export interface GcTarget {
  heapGoalMB: number;
  regime: TargetRegime;
}

/** The heap target after a cycle that left `liveMB` live. */
export function heapTarget(model: GcModel, scenario: GcScenario, liveMB: number): GcTarget {
  const roots = model.rootsInGoal ? model.stacksMB + model.globalsMB : 0;
  let goal = Number.POSITIVE_INFINITY;
  let regime: TargetRegime = "off";
  if (scenario.gogc !== "off") {
    const f = scenario.gogc / 100;
    // go.dev/doc/gc-guide: Target heap memory = Live heap + (Live heap + GC roots) × GOGC/100
    goal = liveMB + (liveMB + roots) * f;
    regime = "gogc";
    // runtime/mgcpacer.go commit: if gcPercentHeapGoal < heapMinimum (4 MiB × GOGC/100) use heapMinimum
    if (goal < HEAP_MINIMUM_MB * f) {
      goal = HEAP_MINIMUM_MB * f;
      regime = "minimumHeap";
    }
  }
  if (scenario.memLimitMB !== undefined) {
    // runtime/mgcpacer.go memoryLimitHeapGoal: limit − nonHeap − headroom, not below heapMarked
    const limitGoal = Math.max(scenario.memLimitMB - model.nonHeapMB - MEMORY_LIMIT_HEADROOM_MB, liveMB);
    if (limitGoal < goal) {
      goal = limitGoal;
      regime = "memoryLimit";
    }
  }
  return { heapGoalMB: goal, regime };
}

/** GC CPU of one cycle that marks `liveMB` (GC guide: fixed + marginal cost × live heap (+ roots)). */
export function cycleCpuMs(model: GcModel, liveMB: number): number {
  const roots = model.rootsInGoal ? model.stacksMB + model.globalsMB : 0;
  return model.fixedCostMs + model.markCostMsPerMB * (liveMB + roots);
}

export interface GcPrediction {
  gogc: number | "off";
  memLimitMB: number | null;
  durationSec: number;
  gcCount: number;
  gcPerSec: number;
  peakHeapMB: number;
  gcCpuPct: number;
  /** Cycles per regime that set their target; `cpuLimited` counts cycles delayed by the GC CPU limiter. */
  regimes: Record<TargetRegime | "forced" | "cpuLimited", number>;
  steadyState: {
    heapGoalMB: number;
    regime: TargetRegime;
    gcPerSec: number;
    gcCpuPct: number;
    peakHeapMB: number;
  };
}

/**
 * A piecewise-linear curve through (x0, y0) and the points (xs, ys) (xs non-decreasing); beyond the last point
 * `tail(x)`. Reading it at growing x (as the replay does) moves a cursor forward: O(1) per read, not a search.
 */
class Curve {
  /** The number of points with xs <= the last x read. */
  private k = 0;

  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    private readonly x0: number,
    private readonly y0: number,
    private readonly tail: (x: number) => number,
  ) {}

  /** How many points have xs <= x, from the cursor (a binary search if x went back). */
  private seek(x: number): number {
    const xs = this.xs;
    let k = this.k;
    if (k > 0 && xs[k - 1] > x) {
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (xs[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
    while (k < xs.length && xs[k] <= x) k++;
    this.k = k;
    return k;
  }

  at(x: number): number {
    const { xs, ys } = this;
    if (xs.length === 0 || x >= xs[xs.length - 1]) return this.tail(x);
    const lo = this.seek(x);
    const xa = lo === 0 ? this.x0 : xs[lo - 1];
    const ya = lo === 0 ? this.y0 : ys[lo - 1];
    const x1 = xs[lo];
    return x1 > xa ? ya + ((ys[lo] - ya) * (x - xa)) / (x1 - xa) : ys[lo];
  }

  /**
   * For a non-decreasing curve: the first x >= `from` at which it reaches `y`, when that is at or before the last
   * point (undefined otherwise). Exact on the segment where it crosses.
   */
  reach(y: number, from: number): number | undefined {
    const { xs, ys } = this;
    if (this.at(from) >= y) return from;
    let j = this.seek(from);
    while (j < xs.length && ys[j] < y) j++;
    if (j === xs.length) return undefined;
    const xa = j === 0 ? this.x0 : xs[j - 1];
    const ya = j === 0 ? this.y0 : ys[j - 1];
    const x1 = xs[j];
    const x = x1 > xa && ys[j] > ya ? xa + ((y - ya) * (x1 - xa)) / (ys[j] - ya) : x1;
    return Math.max(x, from);
  }
}

/** Predicts the scenario over the model's duration (see the module comment for the method). */
export function predictGc(model: GcModel, scenario: GcScenario): GcPrediction {
  if (scenario.gogc !== "off" && !(scenario.gogc >= 0))
    throw new RangeError(`GOGC must be ≥ 0 or "off", got ${scenario.gogc}`);
  // A NaN cost would make every cycle's earliest time NaN and end the replay at zero cycles without a word.
  if (!(Number.isFinite(model.fixedCostMs) && Number.isFinite(model.markCostMsPerMB)))
    throw new RangeError(
      `predictGc: the model's GC costs must be finite, got ${model.fixedCostMs} ms + ${model.markCostMsPerMB} ms/MiB`,
    );
  const { endMs, allocMB, liveMB, forcedEndMs, startLiveMB } = model.curve;
  const origin = model.originMs;
  const lastEnd = endMs.length > 0 ? endMs[endMs.length - 1] : 0;
  const lastAlloc = allocMB.length > 0 ? allocMB[allocMB.length - 1] : 0;
  const rate = model.allocRateMBPerSec / 1000; // MiB per ms
  const alloc = new Curve(endMs, allocMB, origin, 0, (x) => lastAlloc + rate * (x - lastEnd));
  const liveCurve = new Curve(endMs, liveMB, origin, startLiveMB, () => liveMB[liveMB.length - 1]);
  const A = (t: number) => alloc.at(t);
  const L = (t: number) => liveCurve.at(t);
  /** The first time at which the cumulative allocation reaches `target` (A is non-decreasing; A(from) = aFrom). */
  const whenAllocated = (target: number, from: number, aFrom: number): number => {
    if (aFrom >= target) return from;
    if (target > lastAlloc)
      return rate > 0 ? lastEnd + (target - lastAlloc) / rate : Number.POSITIVE_INFINITY;
    return alloc.reach(target, from) ?? lastEnd;
  };

  // The replay walks the trace's own timeline: from program start, or from a log tail's first cycle.
  const durationMs = model.durationSec * 1000;
  const T = origin + durationMs;
  const regimes = { gogc: 0, minimumHeap: 0, memoryLimit: 0, off: 0, forced: 0, cpuLimited: 0 };
  let t = origin;
  let at = A(t); // A(t), carried from one cycle to the next
  let live = startLiveMB;
  let liveCpuMs = cycleCpuMs(model, live); // the CPU of a cycle marking `live`, carried too
  let target = heapTarget(model, scenario, live);
  let forcedNext = 0;
  let count = 0;
  let cpuMs = 0;
  let peak = 0;
  for (;;) {
    const goalDriven = Number.isFinite(target.heapGoalMB)
      ? whenAllocated(at + model.runwayRatio * (target.heapGoalMB - live), t, at)
      : Number.POSITIVE_INFINITY;
    // runtime/mgclimit.go: GC CPU ≤ ~50 % of GOMAXPROCS, so a cycle's CPU needs at least cpu/(0.5·procs) of wall time
    const earliest = t + Math.max(0.1, liveCpuMs / (GC_CPU_LIMIT * model.procs));
    let next = Math.max(goalDriven, earliest);
    let forced = false;
    while (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= t) forcedNext++;
    if (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= next) {
      next = forcedEndMs[forcedNext++];
      forced = true;
    }
    if (!(next <= T)) break;
    const atNext = A(next);
    const heapAtCycle = live + atNext - at;
    peak = Math.max(peak, heapAtCycle);
    if (forced) regimes.forced++;
    else {
      regimes[target.regime]++;
      if (earliest > goalDriven) regimes.cpuLimited++;
    }
    count++;
    live = L(next);
    liveCpuMs = cycleCpuMs(model, live);
    cpuMs += liveCpuMs;
    t = next;
    at = atNext;
    target = heapTarget(model, scenario, live);
  }
  peak = Math.max(peak, live + A(T) - at);

  const ss = heapTarget(model, scenario, model.liveHeapMB);
  const runway = ss.heapGoalMB - model.liveHeapMB;
  const perCycle = cycleCpuMs(model, model.liveHeapMB);
  // go.dev/doc/gc-guide steady state: cycles/s = allocation rate / new heap per cycle, capped by the CPU limiter
  const grown = model.runwayRatio * runway;
  const ssRate = Number.isFinite(runway)
    ? Math.min(
        grown > 0 ? model.allocRateMBPerSec / grown : Number.POSITIVE_INFINITY,
        (GC_CPU_LIMIT * model.procs * 1000) / perCycle,
      )
    : 0;
  return {
    gogc: scenario.gogc,
    memLimitMB: scenario.memLimitMB ?? null,
    durationSec: model.durationSec,
    gcCount: count,
    gcPerSec: count / model.durationSec,
    peakHeapMB: peak,
    // runtime/mgc.go gc_cpu_fraction: Σ cycle CPU / (wall × GOMAXPROCS)
    gcCpuPct: (100 * cpuMs) / (durationMs * model.procs),
    regimes,
    steadyState: {
      heapGoalMB: ss.heapGoalMB,
      regime: ss.regime,
      gcPerSec: ssRate,
      gcCpuPct: (100 * ssRate * perCycle) / (1000 * model.procs),
      peakHeapMB: Number.isFinite(ss.heapGoalMB)
        ? model.liveHeapMB + model.runwayRatio * runway
        : model.liveHeapMB + model.allocRateMBPerSec * model.durationSec,
    },
  };
}
