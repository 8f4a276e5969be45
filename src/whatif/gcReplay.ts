/**
 * The replay behind predictGc (src/whatif/gcPredict.ts says the method and its sources): it walks the
 * calibration trace's own timeline — its cumulative allocation A(t) and live heap L(t), piecewise linear through
 * the cycle ends — and ends a predicted cycle whenever the heap has grown by runwayRatio × (goal − live).
 *
 * Work in proportion to the cycles replayed: A and L share the cycle ends, and the replay's times only grow, so the
 * segment holding the replay's time is found by walking forward from the last one (O(1) amortised). A cycle's end
 * is found by scanning forward to the first point at or above the allocation target, inverting that segment's
 * line and stepping to the neighbouring doubles until it is the smallest double t with A(t) ≥ target: the value a
 * bisection of A run to the last bit returns. Where A is not monotone (a live heap above the next end heap) the
 * first crossing is not unique, and the replay bisects instead. The cycle ends must be in time order (gcModel's
 * are the trace's cycle ends; a trace whose rounded times put them out of order is replayed over them sorted).
 */
import { nearlySortedOrder, permuted } from "../analysis/stats";
import type { GcModel } from "./gcModel";
import { cycleCpuMs, GC_CPU_LIMIT, type GcScenario, type TargetRegime, TargetRule } from "./gcTarget";

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

/** What a replay counted: cycles, their GC CPU, the peak heap, and the cycles by the rule that set them. */
export interface ReplayCount {
  count: number;
  cpuMs: number;
  peakHeapMB: number;
  /** Cycles per regime that set their target; `cpuLimited` counts cycles delayed by the GC CPU limiter. */
  regimes: Record<TargetRegime | "forced" | "cpuLimited", number>;
}

/** The curves in time order, per model curve: a sweep replays one model many times and sorts it once. */
const timeOrdered = new WeakMap<GcModel["curve"], { xs: Float64Array; ys: Float64Array; ls: Float64Array }>();

/** The model's curves with their points in time order (a stable sort; the curves as they are when already so). */
function inTimeOrder(curve: GcModel["curve"]): { xs: Float64Array; ys: Float64Array; ls: Float64Array } {
  const { endMs: xs, allocMB: ys, liveMB: ls } = curve;
  let sorted = true;
  for (let i = 1; i < xs.length && sorted; i++) sorted = xs[i - 1] <= xs[i];
  if (sorted) return { xs, ys, ls };
  const known = timeOrdered.get(curve);
  if (known) return known;
  // stable, and O(n) for points a few places out of order (cycles whose rounded ends overlap a neighbour's)
  const order = nearlySortedOrder(xs);
  const ordered = { xs: permuted(xs, order), ys: permuted(ys, order), ls: permuted(ls, order) };
  timeOrdered.set(curve, ordered);
  return ordered;
}

/**
 * Replays `scenario` over the model's timeline from its origin for its duration (see the module comment). The loop
 * is written out in one function: it runs once per predicted cycle, millions of times for a low GOGC on a long trace.
 */
export function replayGc(model: GcModel, scenario: GcScenario): ReplayCount {
  const { forcedEndMs, startLiveMB } = model.curve;
  const { xs, ys, ls } = inTimeOrder(model.curve);
  const n = xs.length;
  const origin = model.originMs;
  const lastEnd = n > 0 ? xs[n - 1] : 0;
  const lastAlloc = n > 0 ? ys[n - 1] : 0;
  const lastLive = ls[n - 1];
  const rate = model.allocRateMBPerSec / 1000; // MiB per ms
  /** The first index whose time is above x, walking from index h (xs ascending). */
  const upper = (h: number, x: number): number => {
    let u = h;
    while (u > 0 && xs[u - 1] > x) u--;
    while (u < n && xs[u] <= x) u++;
    return u;
  };
  /** A(x) (MiB allocated since the origin), its segment sought from index h; beyond the last point at the rate. */
  const A = (x: number, h: number): number => {
    if (n === 0 || x >= lastEnd) return lastAlloc + rate * (x - lastEnd);
    const u = upper(h, x);
    const xa = u === 0 ? origin : xs[u - 1];
    const ya = u === 0 ? 0 : ys[u - 1];
    return xs[u] > xa ? ya + ((ys[u] - ya) * (x - xa)) / (xs[u] - xa) : ys[u];
  };
  /** The first index whose time is above x, by binary search. */
  const search = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /** The bisection to the last bit of A on (from, lastEnd], for a stretch where A is not monotone. */
  const bisect = (target: number, from: number): number => {
    let lo = from;
    let hi = lastEnd;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (A(mid, search(mid)) >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };

  const rule = new TargetRule(model, scenario);
  const T = origin + model.durationSec * 1000;
  const regimes = { gogc: 0, minimumHeap: 0, memoryLimit: 0, off: 0, forced: 0, cpuLimited: 0 };
  // runtime/mgclimit.go: GC CPU ≤ ~50 % of GOMAXPROCS, so a cycle's CPU needs at least cpu/(0.5·procs) of wall time
  const limiter = GC_CPU_LIMIT * model.procs;
  let t = origin;
  let at = upper(0, t); // the segment of the replay's time: the first index whose time is above t
  let allocatedByT = A(t, at); // A at the replay's time, carried from one cycle to the next
  let live = startLiveMB;
  let goal = rule.goal(live);
  let forcedNext = 0;
  let count = 0;
  let cpuMs = 0;
  let peak = 0;
  for (;;) {
    // The cycle ends when A reaches the target: the smallest double in (t, lastEnd] with A ≥ target.
    let goalDriven = Number.POSITIVE_INFINITY;
    if (Number.isFinite(goal)) {
      const target = allocatedByT + model.runwayRatio * (goal - live);
      if (allocatedByT >= target) goalDriven = t;
      else if (target > lastAlloc)
        goalDriven = rate > 0 ? lastEnd + (target - lastAlloc) / rate : Number.POSITIVE_INFINITY;
      else if (!(t < lastEnd)) goalDriven = lastEnd;
      else {
        let k = at;
        while (ys[k] < target) k++; // ends at the latest at the last point: ys[n−1] = lastAlloc ≥ target
        const xa = k === 0 ? origin : xs[k - 1];
        const ya = k === 0 ? 0 : ys[k - 1];
        let end = ys[k] > ya ? xa + ((target - ya) * (xs[k] - xa)) / (ys[k] - ya) : xs[k];
        end = Math.min(Math.max(end, t), xs[k]);
        // A few steps settle the rounding of the inverse; more mean A is not monotone here: then bisect.
        let bail = false;
        for (let step = 0; A(end, k) < target; step++) {
          if (step === 8 || !(end < lastEnd)) {
            bail = true;
            break;
          }
          end = nextDouble(end, 1);
        }
        for (let step = 0; !bail; step++) {
          const below = nextDouble(end, -1);
          if (!(below > t) || A(below, k) < target) break;
          if (step === 8) bail = true;
          else end = below;
        }
        goalDriven = bail ? bisect(target, t) : end;
      }
    }
    const earliest = t + Math.max(0.1, cycleCpuMs(model, live) / limiter);
    let next = Math.max(goalDriven, earliest);
    let forced = false;
    while (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= t) forcedNext++;
    if (forcedNext < forcedEndMs.length && forcedEndMs[forcedNext] <= next) {
      next = forcedEndMs[forcedNext++];
      forced = true;
    }
    if (!(next <= T)) break;
    at = upper(at, next);
    const allocatedByNext = A(next, at);
    peak = Math.max(peak, live + allocatedByNext - allocatedByT);
    if (forced) regimes.forced++;
    else {
      regimes[rule.regime]++;
      if (earliest > goalDriven) regimes.cpuLimited++;
    }
    count++;
    if (n === 0 || next >= lastEnd) live = lastLive;
    else {
      // L(next), on the same segment as A(next)
      const xa = at === 0 ? origin : xs[at - 1];
      const la = at === 0 ? startLiveMB : ls[at - 1];
      live = xs[at] > xa ? la + ((ls[at] - la) * (next - xa)) / (xs[at] - xa) : ls[at];
    }
    cpuMs += cycleCpuMs(model, live);
    t = next;
    allocatedByT = allocatedByNext;
    goal = rule.goal(live);
  }
  peak = Math.max(peak, live + A(T, at) - allocatedByT);
  return { count, cpuMs, peakHeapMB: peak, regimes };
}
