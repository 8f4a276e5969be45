/**
 * A GC cost model calibrated on a gctrace, after the Go GC guide (go.dev/doc/gc-guide, "Understanding costs"):
 * memory per cycle = live heap + new heap allocated before the next cycle; CPU per cycle = a fixed cost + a
 * marginal cost per byte of live heap (+ roots) marked. Fitted by least squares on the trace's cycles:
 * - allocation rate: cumulative allocation against time (slope);
 * - live heap, stacks, globals: medians over the unforced cycles (the GC guide's steady state);
 * - fixed CPU per cycle and mark CPU per MiB: cycle CPU (as the runtime counts it) against MiB marked.
 * The model also keeps the observed allocation and live-heap curves, so predictions can replay the trace's own
 * ramp-up rather than assume a steady state from time zero (src/whatif/gcPredict.ts).
 */
import { gcCpuPerCycle } from "../analysis/gcCpu";
import { gcPhases } from "../analysis/gcPhases";
import { inferGogc } from "../analysis/heap";
import { type TraceInput, tableOf } from "../analysis/input";
import { linearFit, mean, median, orZero, sum } from "../analysis/stats";
import { booleans, numbers } from "../table/columns";
import { mainRun } from "../table/runs";

export interface CostFit {
  /** "leastSquares" when the regression was usable (slope > 0, intercept ≥ 0, R² ≥ 0.3); "ratio" when the
   *  marked heap barely varied and the costs were split instead as mean STW CPU + Σ mark CPU / Σ MiB marked;
   *  "fixed" when every cycle's marked heap printed as 0 MB (under 1 MiB: nothing to divide the mark CPU by),
   *  so the whole mean cycle CPU is the fixed cost and the per-MiB cost is 0. */
  method: "leastSquares" | "ratio" | "fixed";
  r2: number;
  n: number;
}

export interface GcModel {
  /** Cycles used (unforced, with CPU figures) and all cycles seen in the run. */
  cycles: number;
  gcCount: number;
  forcedCount: number;
  /**
   * Duration the predictions cover, from `originMs`: the option, else to the end of the last cycle.
   */
  durationSec: number;
  /**
   * Where the trace's timeline starts: 0 (program start) for a trace from gc 1; else the end of its first cycle,
   * whose live heap is the last thing known before the rest (the tail of a long-running server's log says
   * nothing about the days before it).
   */
  originMs: number;
  procs: number;
  /** The GOGC the trace ran with, inferred from its goals. */
  observedGogc: number;
  allocRateMBPerSec: number;
  allocFitR2: number;
  liveHeapMB: number;
  /** Cycles whose live heap printed as 0 MB and was taken as LIVE_UNDER_1MIB_MB (see there). */
  liveUnder1MiBCount: number;
  stacksMB: number;
  globalsMB: number;
  /** go1.18+: stacks and globals count in the goal (GC guide "Note: GOGC includes the root set only as of Go 1.18"). */
  rootsInGoal: boolean;
  fixedCostMs: number;
  markCostMsPerMB: number;
  costFit: CostFit;
  /**
   * Σ (heapEnd − previous live) / Σ (goal − previous live): the share of the goal's runway the heap
   * really grows by from one cycle's end to the next. Below 1 because the pacer triggers before the goal
   * (runtime/mgcpacer.go trigger: between 0.7 and 0.95 of the runway); above 1 on overshoot.
   */
  runwayRatio: number;
  /** Non-heap memory the runtime counts against GOMEMLIMIT (runtime/mgcpacer.go memoryLimitHeapGoal). */
  nonHeapMB: number;
  nonHeapSource: "option" | "estimate";
  /**
   * Observed curves: cycle end times (ms), cumulative allocation (MiB, from originMs) at them, live heap (MiB)
   * after them; `startLiveMB` is the live heap at originMs (0 at program start).
   */
  curve: {
    endMs: Float64Array;
    allocMB: Float64Array;
    liveMB: Float64Array;
    forcedEndMs: Float64Array;
    startLiveMB: number;
  };
  observed: { gcPerSec: number; peakHeapMB: number; gcCpuPct: number; cycleCpuMs: number };
}

export interface CalibrateOptions {
  /** Seconds the predictions cover; default: the end of the last GC cycle. */
  durationSec?: number;
  /** Non-heap memory (MiB) for GOMEMLIMIT predictions, e.g. MemStats Sys − HeapIdle − HeapAlloc of the run. */
  nonHeapMB?: number;
  /** The process run to calibrate on (see Trace.runs); default: the busiest. */
  run?: number;
}

/**
 * Default non-heap estimate when none is given: roots + 1 MiB of fixed runtime memory + 1/8 of the heap peak for
 * heap metadata and span fragmentation (runtime/malloc.go heapArenaBitmapBytes: a 1/32 pointer bitmap per arena; the rest is
 * measured in this repository's validation, docs/whatif-validation.md). An estimate, not a runtime formula.
 */
export const NON_HEAP_PER_HEAP = 1 / 8;
export const NON_HEAP_FIXED_MB = 1;

/**
 * The live heap assumed for a cycle whose gctrace printed `->0 MB`: the runtime prints bytes >> 20, truncated
 * (runtime/mgc.go gcMarkTermination: `work.heap2>>20, " MB"`; docs/formats.md §0.4), so 0 means
 * somewhere in [0, 1) MiB and the midpoint is the estimate. Taking it as 0 broke the model: the goal's runway,
 * the cost per MiB marked (∞) and the replay (∞ × 0 = NaN). Printed values ≥ 1 are kept as printed (their
 * truncation is under 1 MiB, which docs/whatif-validation.md measures the model with); stacks and globals too,
 * since 0 there only drops a sub-MiB term from the goal.
 */
export const LIVE_UNDER_1MIB_MB = 0.5;

/**
 * Calibrates the model on one run of a gctrace table. Throws if there are fewer than 3 usable cycles.
 * `input`: a Trace (its `gctrace` table), that Table, or its DataFrame (src/analysis/input.ts); one run of it is used.
 */
export function calibrateGcModel(input: TraceInput, options: CalibrateOptions = {}): GcModel {
  const gctrace = mainRun(tableOf(input, "gctrace"), options.run);
  const n = gctrace.length;
  const h1 = numbers(gctrace, "heapEndMB");
  const h2Printed = numbers(gctrace, "heapLiveMB");
  const h2 = new Float64Array(n);
  let liveUnder1MiB = 0;
  for (let i = 0; i < n; i++) {
    if (h2Printed[i] === 0) liveUnder1MiB++;
    h2[i] = h2Printed[i] === 0 ? LIVE_UNDER_1MIB_MB : h2Printed[i];
  }
  const goal = numbers(gctrace, "heapGoalMB");
  const stacks = numbers(gctrace, "stacksMB");
  const globals = numbers(gctrace, "globalsMB");
  const procsCol = numbers(gctrace, "procs");
  const forced = booleans(gctrace, "forced");
  const phases = gcPhases(gctrace);
  const end = numbers(phases, "endMs");
  // A trace from gc 1 starts at program start; a later one (a log's tail) at the end of its first cycle.
  const fromStart = n === 0 || numbers(gctrace, "gcNum")[0] === 1;
  const originMs = fromStart ? 0 : end[0];
  const cpu = gcCpuPerCycle(gctrace);
  const cycleCpu = numbers(cpu, "gcCpuMs");
  const stwCpu = numbers(cpu, "stwCpuMs");
  const markCpu = numbers(cpu, "markCpuMs");

  // Cumulative allocation at each cycle end: heap growth from the previous live heap to this cycle's end heap
  // (runtime/mgcpacer.go heapLive = retained by the last GC + allocated since); the first cycle from zero at
  // program start, or, for a log's tail, nothing at its first cycle's end (the origin).
  const allocMB = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const grown = i > 0 ? h1[i] - h2[i - 1] : fromStart ? h1[0] : 0;
    allocMB[i] = (i > 0 ? allocMB[i - 1] : 0) + grown;
  }
  // go1.18+ prints stacks and globals (a median of them is finite exactly when one of them is)
  const rootsInGoal = stacks.some(Number.isFinite);
  const roots = (i: number) => (rootsInGoal ? orZero(stacks[i]) + orZero(globals[i]) : 0);

  // the cycles used, as indices (typed arrays throughout: a long trace has a million cycles)
  const usedAll = new Int32Array(n);
  let usedCount = 0;
  for (let i = 0; i < n; i++)
    if (!forced[i] && Number.isFinite(cycleCpu[i]) && Number.isFinite(end[i])) usedAll[usedCount++] = i;
  if (usedCount < 3) {
    throw new Error(
      `calibrateGcModel: need at least 3 unforced gc cycles with times and CPU figures, found ${usedCount}`,
    );
  }
  const used = usedAll.subarray(0, usedCount);
  const pick = (col: ArrayLike<number>) => {
    const out = new Float64Array(used.length);
    for (let j = 0; j < used.length; j++) out[j] = col[used[j]];
    return out;
  };

  // least squares: cumulative allocation (MiB) = a + rate · t (ms)
  const allocFit = linearFit(end, allocMB);
  const liveHeapMB = median(pick(h2));
  const marked = new Float64Array(used.length);
  for (let j = 0; j < used.length; j++) marked[j] = h2[used[j]] + roots(used[j]);
  // go.dev/doc/gc-guide: GC CPU time for cycle N = fixed cost per cycle + cost per byte × live heap found in cycle N
  const usedCpu = pick(cycleCpu);
  const fit = linearFit(marked, usedCpu);
  let fixedCostMs = fit.intercept;
  let markCostMsPerMB = fit.slope;
  let costFit: CostFit = { method: "leastSquares", r2: fit.r2, n: fit.n };
  let markedKnown = false;
  for (let j = 0; j < used.length && !markedKnown; j++)
    markedKnown = h2Printed[used[j]] !== 0 || roots(used[j]) > 0;
  if (!markedKnown) {
    // Every marked heap printed as 0 MB: its size is a guess, so no cost can be put on it; the GC guide's fixed
    // cost per cycle carries the whole mean cycle CPU (the predictions then still add up to the trace's CPU).
    fixedCostMs = mean(usedCpu);
    markCostMsPerMB = 0;
    costFit = { method: "fixed", r2: fit.r2, n: used.length };
  } else if (!(fit.slope > 0 && fit.intercept >= 0 && fit.r2 >= 0.3)) {
    // Means, not medians: a few long cycles carry much of the CPU, and the totals are what the predictions add up.
    fixedCostMs = mean(pick(stwCpu));
    markCostMsPerMB = sum(pick(markCpu)) / sum(marked);
    costFit = { method: "ratio", r2: fit.r2, n: used.length };
  }

  // Σ grown / Σ runway over the unforced cycles: the allocation-weighted share of the runway used.
  let grown = 0;
  let runway = 0;
  for (const i of used) {
    const prevLive = i > 0 ? h2[i - 1] : 0;
    if (goal[i] > prevLive) {
      grown += h1[i] - prevLive;
      runway += goal[i] - prevLive;
    }
  }
  const procs = procsCol[n - 1];
  const lastEndMs = end[n - 1];
  const durationSec = options.durationSec ?? (lastEndMs - originMs) / 1000;
  let peak = 0;
  let totalCpu = 0;
  // the cycles in the span the predictions cover: all, or those after a log tail's first
  const seen = fromStart ? n : n - 1;
  for (let i = 0; i < n; i++) {
    peak = Math.max(peak, h1[i]);
    if (fromStart || i > 0) totalCpu += orZero(cycleCpu[i]);
  }
  const stacksMB = rootsInGoal ? median(stacks) : 0;
  const globalsMB = rootsInGoal ? median(globals) : 0;
  const forcedEnd: number[] = [];
  for (let i = 0; i < n; i++) if (forced[i]) forcedEnd.push(end[i]);
  return {
    cycles: used.length,
    gcCount: n,
    forcedCount: forcedEnd.length,
    durationSec,
    originMs,
    procs,
    observedGogc: inferGogc(gctrace),
    allocRateMBPerSec: allocFit.slope * 1000,
    allocFitR2: allocFit.r2,
    liveHeapMB,
    liveUnder1MiBCount: liveUnder1MiB,
    stacksMB,
    globalsMB,
    rootsInGoal,
    fixedCostMs,
    markCostMsPerMB,
    costFit,
    runwayRatio: runway > 0 ? grown / runway : 1,
    nonHeapMB: options.nonHeapMB ?? stacksMB + globalsMB + NON_HEAP_FIXED_MB + NON_HEAP_PER_HEAP * peak,
    nonHeapSource: options.nonHeapMB !== undefined ? "option" : "estimate",
    curve: {
      endMs: Float64Array.from(end),
      allocMB,
      liveMB: rollingMedian(h2, 5),
      forcedEndMs: Float64Array.from(forcedEnd),
      startLiveMB: fromStart ? 0 : h2[0],
    },
    observed: {
      gcPerSec: seen / durationSec,
      peakHeapMB: peak,
      // as runtime/mgc.go counts gc_cpu_fraction: Σ cycle CPU / (wall × GOMAXPROCS)
      gcCpuPct: (100 * totalCpu) / (durationSec * 1000 * procs),
      cycleCpuMs: median(usedCpu),
    },
  };
}

/**
 * Rolling median over `width` values (centred; at the ends the window keeps its width and shifts inward). The
 * marked heap of a cycle includes what was allocated during its mark phase (allocate-black), so it jumps with
 * each cycle's mark length; the median keeps the ramp-up and drops those spikes.
 */
export function rollingMedian(values: ArrayLike<number>, width: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const w = Math.min(width, n);
  // one scratch window, its finite values insertion-sorted: the median of the window without an array per value
  const win = new Float64Array(w);
  for (let i = 0; i < n; i++) {
    const from = Math.min(Math.max(0, i - Math.floor(w / 2)), n - w);
    let m = 0;
    for (let k = from; k < from + w; k++) {
      const v = values[k];
      if (!Number.isFinite(v)) continue;
      let j = m++;
      for (; j > 0 && win[j - 1] > v; j--) win[j] = win[j - 1];
      win[j] = v;
    }
    // quantileSorted(win[0..m), 0.5) without a view per value: Hyndman & Fan 1996 type 7, h = (m − 1)/2
    const h = (m - 1) / 2;
    const lo = Math.floor(h);
    out[i] = m === 0 ? Number.NaN : lo + 1 >= m ? win[m - 1] : win[lo] + (h - lo) * (win[lo + 1] - win[lo]);
  }
  return out;
}
