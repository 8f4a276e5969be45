/**
 * The heap per GC cycle from gctrace: start/end/live against the goal, overshoot, allocation rate, the GOGC the
 * goal implies, and which rule set the goal (the regime).
 *
 * The printed goal of cycle i is the goal that cycle ran against (runtime/mgc.go prints work.heapGoal before
 * go1.19, gcController.lastHeapGoal since), set when cycle i−1 finished from its marked (live) heap. All sizes
 * are printed as bytes >> 20, truncated to whole MiB (docs/formats.md §0.4), so small heaps are coarse.
 */
import { num, str } from "../table/columnSpec";
import { booleans, numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { PhaseClock } from "./gcPhases";
import { type TraceInput, tableOf } from "./input";
import { recall, remember } from "./memo";
import { median, medianInPlace } from "./stats";

/** runtime/mgcpacer.go defaultHeapMinimum: 4 MiB at GOGC=100, scaled by GOGC/100 (setGCPercent). */
export const HEAP_MINIMUM_MB = 4;

/**
 * Allocation between cycles: the heap in use grows from the previous cycle's marked (live) heap to this
 * cycle's start heap only by allocation (runtime/mgcpacer.go: heapLive is "retained by the most recent GC
 * plus allocated since then"), over the time from the previous cycle's end to this cycle's start.
 * `allocMB`/`allocRateMBPerSec` use that gap; the `cycle…` variants run end to end (previous end to this
 * end, adding the allocation during this cycle's mark, h1 − h0), which is steadier when cycles run
 * back to back. NaN for the first row and where the interval is empty.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function allocationRate(input: TraceInput): {
  allocMB: Float64Array;
  allocRateMBPerSec: Float64Array;
  cycleAllocMB: Float64Array;
  cycleAllocRateMBPerSec: Float64Array;
} {
  const gctrace = tableOf(input, "gctrace");
  const n = gctrace.length;
  const h0 = numbers(gctrace, "heapStartMB");
  const h2 = numbers(gctrace, "heapLiveMB");
  const clock = new PhaseClock(gctrace);
  const out = {
    allocMB: new Float64Array(n).fill(Number.NaN),
    allocRateMBPerSec: new Float64Array(n).fill(Number.NaN),
    cycleAllocMB: new Float64Array(n).fill(Number.NaN),
    cycleAllocRateMBPerSec: cycleAllocRateMBPerSec(gctrace),
  };
  const cycle = new CycleAlloc(gctrace);
  for (let i = 1; i < n; i++) {
    // runtime/mgcpacer.go heapLive: live after cycle i−1 (h2) + bytes allocated since = h0 of cycle i
    out.allocMB[i] = h0[i] - h2[i - 1];
    const gapMs = clock.startMs(i) - clock.cycleEndMs(i - 1);
    if (gapMs > 0) out.allocRateMBPerSec[i] = out.allocMB[i] / (gapMs / 1000);
    out.cycleAllocMB[i] = cycle.allocMB(i);
  }
  return out;
}

/** Allocation from the previous cycle's end to this cycle's end (allocationRate's `cycle…` figures), per cycle. */
class CycleAlloc {
  private readonly h1: Float64Array;
  private readonly h2: Float64Array;

  constructor(gctrace: Table) {
    this.h1 = numbers(gctrace, "heapEndMB");
    this.h2 = numbers(gctrace, "heapLiveMB");
  }

  /** Cycle i ≥ 1: the heap grows from the previous live heap (h2) to this cycle's end heap (h1) by allocation. */
  allocMB(i: number): number {
    return this.h1[i] - this.h2[i - 1];
  }
}

/**
 * The median over the cycles of allocationRate's `cycleAllocRateMBPerSec` (the headline's allocation rate): from
 * heapCycles when an analysis scope holds it, else from that column computed alone.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function medianCycleAllocRateMBPerSec(input: TraceInput): number {
  const gctrace = tableOf(input, "gctrace");
  const known = recall<Table>(gctrace, heapCycles);
  if (known !== undefined) return median(numbers(known, "cycleAllocRateMBPerSec"));
  return medianInPlace(cycleAllocRateMBPerSec(gctrace));
}

/**
 * allocationRate's `cycleAllocRateMBPerSec` alone (the headline's allocation rate), without its other columns.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function cycleAllocRateMBPerSec(input: TraceInput): Float64Array {
  const gctrace = tableOf(input, "gctrace");
  const n = gctrace.length;
  const clock = new PhaseClock(gctrace);
  const cycle = new CycleAlloc(gctrace);
  const out = new Float64Array(n).fill(Number.NaN);
  let previousEnd = n > 0 ? clock.cycleEndMs(0) : Number.NaN;
  for (let i = 1; i < n; i++) {
    const end = clock.cycleEndMs(i);
    const periodMs = end - previousEnd;
    if (periodMs > 0) out[i] = cycle.allocMB(i) / (periodMs / 1000);
    previousEnd = end;
  }
  return out;
}

/**
 * The GOGC each cycle's goal implies, from the previous cycle's live heap:
 * go1.18+ (stacks/globals printed): go.dev/doc/gc-guide "Target heap memory = Live heap + (Live heap +
 * GC roots) × GOGC/100" (runtime/mgcpacer.go commit: heapMarked + (heapMarked + lastStackScan +
 * globalsScan) × gcPercent/100), so GOGC = 100 × (goal − live) / (live + stacks + globals);
 * before go1.18: goal = live × (1 + GOGC/100) (runtime/mgc.go gcSetTriggerRatio), GOGC = 100 × (goal/live − 1).
 * The previous row's stacks/globals stand in for the ones the runtime used. NaN for the first row, a zero live
 * heap and forced cycles' successors are not special-cased (the goal formula does not change).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function effectiveGogc(input: TraceInput): Float64Array {
  const gctrace = tableOf(input, "gctrace");
  const n = gctrace.length;
  const goal = numbers(gctrace, "heapGoalMB");
  const live = numbers(gctrace, "heapLiveMB");
  const stacks = numbers(gctrace, "stacksMB");
  const globals = numbers(gctrace, "globalsMB");
  const out = new Float64Array(n).fill(Number.NaN);
  for (let i = 1; i < n; i++) {
    const l = live[i - 1];
    const roots = Number.isFinite(stacks[i - 1]) ? stacks[i - 1] + globals[i - 1] : Number.NaN;
    // go.dev/doc/gc-guide: goal = live + (live + roots)·GOGC/100 (go1.18+); goal = live·(1 + GOGC/100) before
    const base = Number.isFinite(roots) ? l + roots : l;
    if (base > 0) out[i] = (100 * (goal[i] - l)) / base;
  }
  return out;
}

export type HeapRegime = "gogc" | "minimumHeap" | "memoryLimit" | "belowGogc" | "forced" | "unknown";

export interface RegimeOptions {
  /** The GOGC the program ran with (a number, or "off"); default: inferred as the median effective GOGC. */
  gogc?: number | "off";
}

/**
 * The GOGC the trace ran with, inferred as the median over the unforced cycles whose previous live heap is at
 * least 8 MiB (so MiB truncation matters little) of the GOGC each goal implies, computed from the midpoints of the
 * truncated figures (a printed x stands for [x, x + 1)). When a memory limit caps most cycles this is the limit's
 * effective GOGC, not the setting: pass the setting to heapRegimes then.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function inferGogc(input: TraceInput): number {
  const gctrace = tableOf(input, "gctrace");
  const goal = numbers(gctrace, "heapGoalMB");
  const live = numbers(gctrace, "heapLiveMB");
  const stacks = numbers(gctrace, "stacksMB");
  const globals = numbers(gctrace, "globalsMB");
  const forced = booleans(gctrace, "forced");
  const picked = new Float64Array(Math.max(0, gctrace.length - 1));
  let k = 0;
  for (let i = 1; i < gctrace.length; i++) {
    if (forced[i] || !(live[i - 1] >= 8)) continue;
    const l = live[i - 1] + 0.5;
    const roots = Number.isFinite(stacks[i - 1]) ? stacks[i - 1] + globals[i - 1] + 1 : 0;
    // go.dev/doc/gc-guide: GOGC = 100 × (goal − live) / (live + roots), on midpoints
    picked[k++] = (100 * (goal[i] + 0.5 - l)) / (l + roots);
  }
  const m = medianInPlace(k > 0 ? picked.subarray(0, k) : effectiveGogc(gctrace));
  return Number.isFinite(m) ? Math.round(m) : 100;
}

/**
 * Which rule set each cycle's goal (runtime/mgcpacer.go heapGoalInternal and commit):
 * `forced` — runtime.GC/FreeOSMemory (the goal did not trigger it);
 * `minimumHeap` — the printed goal is heapMinimum = 4 MiB × GOGC/100 and the GOGC goal (from the midpoints of
 *   the truncated figures) is not above it;
 * `memoryLimit` — the goal is below the least the GOGC formula can give with every truncated figure at its low
 *   end (memoryLimitHeapGoal won; a SetGCPercent change at run time would look the same); only for the go1.18+
 *   layout (stacks/globals printed): older runtimes have no memory limit, so such a goal is `belowGogc`;
 * `gogc` — otherwise (the sweep-distance and 64 KiB minimum-runway adjustments only raise the goal);
 * `unknown` — the first cycle, when it is not at the minimum (no previous live heap to compute from).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function heapRegimes(input: TraceInput, options: RegimeOptions = {}): HeapRegime[] {
  const gctrace = tableOf(input, "gctrace");
  const gogc = options.gogc ?? inferGogc(gctrace);
  const goal = numbers(gctrace, "heapGoalMB");
  const live = numbers(gctrace, "heapLiveMB");
  const stacks = numbers(gctrace, "stacksMB");
  const globals = numbers(gctrace, "globalsMB");
  const forced = booleans(gctrace, "forced");
  const f = gogc === "off" ? Number.POSITIVE_INFINITY : gogc / 100;
  // runtime/mgcpacer.go setGCPercent: heapMinimum = defaultHeapMinimum × GOGC/100
  const minimum = gogc === "off" ? 0 : HEAP_MINIMUM_MB * f;
  const out: HeapRegime[] = [];
  for (let i = 0; i < gctrace.length; i++) {
    if (forced[i]) {
      out.push("forced");
      continue;
    }
    // the printed goal is heapMinimum truncated; |Δ| < 1 also tolerates an inferred GOGC a few percent off
    const atMinimum = Math.abs(goal[i] - minimum) < 1;
    if (i === 0) {
      out.push(atMinimum ? "minimumHeap" : "unknown");
      continue;
    }
    const l = live[i - 1];
    const printedRoots = Number.isFinite(stacks[i - 1]);
    const roots = printedRoots ? stacks[i - 1] + globals[i - 1] : 0;
    // go.dev/doc/gc-guide: goal = live + (live + roots)·GOGC/100; lowest value and midpoint of truncated figures
    const lowest = gogc === "off" ? Number.POSITIVE_INFINITY : l + (l + roots) * f;
    const mid =
      gogc === "off" ? Number.POSITIVE_INFINITY : l + 0.5 + (l + 0.5 + roots + (printedRoots ? 1 : 0)) * f;
    if (atMinimum && mid <= minimum) out.push("minimumHeap");
    else if (goal[i] + 1 <= lowest) out.push(printedRoots ? "memoryLimit" : "belowGogc");
    else out.push("gogc");
  }
  return out;
}

export const HEAP_CYCLES_SCHEMA = [
  num("gcNum", "count", "GC cycle number"),
  num("timeMs", "ms", "cycle start"),
  num("heapStartMB", "MiB", "heap in use at the cycle's start"),
  num("heapEndMB", "MiB", "heap in use when marking finished"),
  num("heapLiveMB", "MiB", "heap marked live"),
  num("heapGoalMB", "MiB", "the goal this cycle ran against"),
  num("overshootMB", "MiB", "heapEndMB − heapGoalMB (positive: the heap passed its goal)"),
  num("overshootPct", "%", "overshoot as a share of the goal"),
  num("allocMB", "MiB", "allocated between the previous cycle's end and this one's start"),
  num("allocRateMBPerSec", "MiB/s", "allocMB over that gap"),
  num("cycleAllocMB", "MiB", "allocated from the previous cycle's end to this cycle's end"),
  num("cycleAllocRateMBPerSec", "MiB/s", "cycleAllocMB over that period"),
  num(
    "effectiveGogc",
    "%",
    "the GOGC the goal implies (go1.18+ formula with stacks and globals, older live-only)",
  ),
  str(
    "regime",
    "which rule set the goal: gogc, minimumHeap, memoryLimit, belowGogc (pre-go1.18), forced, unknown",
  ),
] as const;

/**
 * One row per cycle: the heap against its goal, allocation, effective GOGC and regime.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function heapCycles(input: TraceInput, options: RegimeOptions = {}): Table {
  const gctrace = tableOf(input, "gctrace");
  const known = options.gogc === undefined ? recall<Table>(gctrace, heapCycles) : undefined;
  if (known !== undefined) return known;
  const n = gctrace.length;
  const h1 = numbers(gctrace, "heapEndMB");
  const goal = numbers(gctrace, "heapGoalMB");
  const overshootMB = new Float64Array(n);
  const overshootPct = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    overshootMB[i] = h1[i] - goal[i];
    overshootPct[i] = goal[i] > 0 ? (100 * overshootMB[i]) / goal[i] : Number.NaN;
  }
  const table = makeTable("heapCycles", HEAP_CYCLES_SCHEMA, {
    gcNum: numbers(gctrace, "gcNum"),
    timeMs: numbers(gctrace, "timeMs"),
    heapStartMB: numbers(gctrace, "heapStartMB"),
    heapEndMB: h1,
    heapLiveMB: numbers(gctrace, "heapLiveMB"),
    heapGoalMB: goal,
    overshootMB,
    overshootPct,
    ...allocationRate(gctrace),
    effectiveGogc: effectiveGogc(gctrace),
    regime: heapRegimes(gctrace, options),
  });
  return options.gogc === undefined ? remember(gctrace, heapCycles, table) : table;
}
