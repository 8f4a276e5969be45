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
 * A piecewise-linear curve through (x0, y0) and the points (xs, ys) (xs ascending), beyond the last point `tail(x)`,
 * read with a cursor: the replay's times only grow, so the segment holding x is found by galloping forward from the
 * last one read (O(1) amortised, O(log distance) for a jump), not by a binary search over the whole trace.
 */
class Curve {
  private seg = 0;
  constructor(
    readonly xs: Float64Array,
    readonly ys: Float64Array,
    readonly x0: number,
    readonly y0: number,
    readonly tail: (x: number) => number,
  ) {}

  /** The first index whose x is above `x` (xs.length if none), galloping from the cursor in either direction. */
  upperOf(x: number): number {
    const xs = this.xs;
    const n = xs.length;
    let lo: number;
    let hi: number;
    const c = this.seg;
    if (c > 0 && xs[c - 1] > x) {
      // behind the cursor (a forced cycle can end before a goal-driven one looked ahead)
      hi = c - 1;
      let step = 1;
      lo = hi - 1;
      while (lo >= 0 && xs[lo] > x) {
        hi = lo;
        step *= 2;
        lo = hi - step;
      }
      lo = Math.max(lo + 1, 0);
    } else {
      lo = c;
      let step = 1;
      hi = lo;
      while (hi < n && xs[hi] <= x) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
      }
      hi = Math.min(hi, n);
    }
    // binary search in [lo, hi): xs[lo-1] <= x (or lo = 0), xs[hi] > x (or hi = n)
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    this.seg = lo;
    return lo;
  }

  at(x: number): number {
    const { xs, ys } = this;
    if (xs.length === 0 || x >= xs[xs.length - 1]) return this.tail(x);
    const lo = this.upperOf(x);
    const xa = lo === 0 ? this.x0 : xs[lo - 1];
    const ya = lo === 0 ? this.y0 : ys[lo - 1];
    const x1 = xs[lo];
    return x1 > xa ? ya + ((ys[lo] - ya) * (x - xa)) / (x1 - xa) : ys[lo];
  }
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high word of a double in U32 (0 on a big-endian machine, 1 on a little-endian one). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The next double above (dir 1) or below (dir −1) a finite x: its bit pattern's magnitude ± 1. */
function nextDouble(x: number, dir: 1 | -1): number {
  if (x === 0) return dir * Number.MIN_VALUE;
  F64[0] = x;
  const lo = 1 - HI;
  if (x > 0 === dir > 0) {
    if (U32[lo] === 0xffffffff) {
      U32[lo] = 0;
      U32[HI]++;
    } else U32[lo]++;
  } else if (U32[lo] === 0) {
    U32[lo] = 0xffffffff;
    U32[HI]--;
  } else U32[lo]--;
  return F64[0];
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
  const curveA = new Curve(endMs, allocMB, origin, 0, (x) => lastAlloc + rate * (x - lastEnd));
  const curveL = new Curve(endMs, liveMB, origin, startLiveMB, () => liveMB[liveMB.length - 1]);
  const A = (t: number) => curveA.at(t);
  const L = (t: number) => curveL.at(t);
  // Cycle ends looked up ahead of the replay get their own cursor (a forced cycle can end a step earlier).
  const ahead = new Curve(endMs, allocMB, origin, 0, (x) => lastAlloc + rate * (x - lastEnd));
  /**
   * The first time at which the cumulative allocation reaches `target`: the smallest double t in (from, lastEnd]
   * with A(t) ≥ target, which is what a bisection of A to the last bit finds where A is non-decreasing. The first
   * point at or above the target after `from` is found by a forward scan (the replay only moves forward, so the
   * scans cover the trace about once per prediction), the time by inverting that segment's line, and the last bits
   * by stepping to the neighbouring doubles while A(t) says so.
   */
  const whenAllocated = (target: number, from: number, allocatedByFrom: number): number => {
    if (allocatedByFrom >= target) return from;
    if (target > lastAlloc)
      return rate > 0 ? lastEnd + (target - lastAlloc) / rate : Number.POSITIVE_INFINITY;
    if (!(from < lastEnd)) return lastEnd;
    let k = curveA.upperOf(from);
    while (allocMB[k] < target) k++; // ends at the latest at the last point: allocMB[n−1] = lastAlloc ≥ target
    const xa = k === 0 ? origin : endMs[k - 1];
    const ya = k === 0 ? 0 : allocMB[k - 1];
    let t = allocMB[k] > ya ? xa + ((target - ya) * (endMs[k] - xa)) / (allocMB[k] - ya) : endMs[k];
    t = Math.min(Math.max(t, from), endMs[k]);
    const At = (x: number) => ahead.at(x);
    // A few steps settle the rounding of the inverse; more mean A is not monotone here (cycle ends out of order
    // after rounding, or the live heap above the next end heap): then bisect, as the first crossing is not unique.
    for (let step = 0; At(t) < target; step++) {
      if (step === 8 || !(t < lastEnd)) return bisect(target, from);
      t = nextDouble(t, 1);
    }
    for (let step = 0; ; step++) {
      const below = nextDouble(t, -1);
      if (!(below > from) || At(below) < target) break;
      if (step === 8) return bisect(target, from);
      t = below;
    }
    return t;
  };
  /** The bisection to the last bit of A on (from, lastEnd], for a stretch where A is not monotone. */
  const bisect = (target: number, from: number): number => {
    let lo = from;
    let hi = lastEnd;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (ahead.at(mid) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  // The replay walks the trace's own timeline: from program start, or from a log tail's first cycle.
  const durationMs = model.durationSec * 1000;
  const T = origin + durationMs;
  const regimes = { gogc: 0, minimumHeap: 0, memoryLimit: 0, off: 0, forced: 0, cpuLimited: 0 };
  let t = origin;
  let allocatedByT = A(t); // A at the replay's time, carried from one cycle to the next
  let live = startLiveMB;
  let target = heapTarget(model, scenario, live);
  let forcedNext = 0;
  let count = 0;
  let cpuMs = 0;
  let peak = 0;
  for (;;) {
    const goalDriven = Number.isFinite(target.heapGoalMB)
      ? whenAllocated(allocatedByT + model.runwayRatio * (target.heapGoalMB - live), t, allocatedByT)
      : Number.POSITIVE_INFINITY;
    // runtime/mgclimit.go: GC CPU ≤ ~50 % of GOMAXPROCS, so a cycle's CPU needs at least cpu/(0.5·procs) of wall time
    const earliest = t + Math.max(0.1, cycleCpuMs(model, live) / (GC_CPU_LIMIT * model.procs));
    let next = Math.max(goalDriven, earliest);
    let forced = false;
    while (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= t) forcedNext++;
    if (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= next) {
      next = forcedEndMs[forcedNext++];
      forced = true;
    }
    if (!(next <= T)) break;
    const allocatedByNext = A(next);
    const heapAtCycle = live + allocatedByNext - allocatedByT;
    peak = Math.max(peak, heapAtCycle);
    if (forced) regimes.forced++;
    else {
      regimes[target.regime]++;
      if (earliest > goalDriven) regimes.cpuLimited++;
    }
    count++;
    live = L(next);
    cpuMs += cycleCpuMs(model, live);
    t = next;
    allocatedByT = allocatedByNext;
    target = heapTarget(model, scenario, live);
  }
  peak = Math.max(peak, live + A(T) - allocatedByT);

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
