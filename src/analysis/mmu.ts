/**
 * Minimum mutator utilisation (MMU): for a window length w, the smallest share of the CPU left to the program
 * over any window of that length (Cheng & Blelloch, PLDI 2001; the curve `go tool trace` draws,
 * internal/trace/gc.go MutatorUtilization).
 *
 * What we can reconstruct from gctrace, and the choice made:
 * - STW pauses: each cycle's sweep-termination and mark-termination intervals, from the @ time and the clock
 *   phases (src/analysis/gcPhases.ts). The @ time is truncated to 1 ms and phases rounded, so pause
 *   positions are known to about ±1 ms while their lengths are exact to print rounding. During a pause the
 *   utilisation is 0.
 * - Concurrent mark: not a pause, but dedicated/fractional workers and mutator assists take CPU from the
 *   program. `mmuPct` counts STW pauses only (the classic pause-based MMU); `mmuWithMarkPct` also charges the
 *   mark phase with the fraction (assist + background CPU)/(mark wall × Ps), spread evenly over the phase,
 *   as `go tool trace` does with its worker and assist options. Idle-P marking is not charged: it uses Ps
 *   the program left idle.
 */
import type { Table } from "../parse/types";
import { gcCpuPerCycle } from "./gcCpu";
import { gcPhases } from "./gcPhases";
import { type TraceInput, tableOf } from "./input";
import { makeTable, num, numbers } from "./tables";

/** A time interval during which a fraction `loss` (0..1) of the CPU is taken from the program. */
export interface LossInterval {
  startMs: number;
  endMs: number;
  loss: number;
}

/**
 * The STW pauses of every cycle with an @ time, in time order (loss 1).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function stwIntervals(input: TraceInput): LossInterval[] {
  const ph = gcPhases(input);
  const s = numbers(ph, "startMs");
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const e = numbers(ph, "endMs");
  const out: LossInterval[] = [];
  for (let i = 0; i < ph.length; i++) {
    if (!Number.isFinite(s[i]) || !Number.isFinite(e[i])) continue;
    out.push({ startMs: s[i], endMs: a[i], loss: 1 }, { startMs: b[i], endMs: e[i], loss: 1 });
  }
  return out.sort((x, y) => x.startMs - y.startMs);
}

/**
 * The concurrent mark phases, charged with (assist + background)/(mark wall × Ps), capped at 1.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function markIntervals(input: TraceInput): LossInterval[] {
  const gctrace = tableOf(input, "gctrace");
  const ph = gcPhases(gctrace);
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const util = numbers(gcCpuPerCycle(gctrace), "markUtilPct");
  const out: LossInterval[] = [];
  for (let i = 0; i < ph.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i]) || !(b[i] > a[i])) continue;
    const loss = Number.isFinite(util[i]) ? Math.min(1, util[i] / 100) : 0;
    if (loss > 0) out.push({ startMs: a[i], endMs: b[i], loss });
  }
  return out;
}

/** The disjoint loss segments of some intervals (sorted; overlaps clipped) with the running integral before each. */
interface LossSegments {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly loss: Float64Array;
  /** before[j]: lost CPU up to segment j's start (before[length] is the total). */
  readonly before: Float64Array;
}

function lossSegments(intervals: LossInterval[]): LossSegments {
  const sorted = [...intervals].sort((x, y) => x.startMs - y.startMs);
  // Rounding can make neighbours overlap by a fraction of a millisecond: clip so none is counted twice.
  const start: number[] = [];
  const end: number[] = [];
  const loss: number[] = [];
  for (const iv of sorted) {
    const from = start.length > 0 ? Math.max(iv.startMs, end[end.length - 1]) : iv.startMs;
    if (iv.endMs > from) {
      start.push(from);
      end.push(iv.endMs);
      loss.push(iv.loss);
    }
  }
  const before = new Float64Array(start.length + 1);
  for (let j = 0; j < start.length; j++) before[j + 1] = before[j] + loss[j] * (end[j] - start[j]);
  return {
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    loss: Float64Array.from(loss),
    before,
  };
}

/** L(t), the lost CPU up to t, given j: the number of segments starting at or before t. */
function lostBy(segs: LossSegments, j: number, t: number): number {
  if (j === 0) return 0;
  const k = j - 1;
  return segs.before[k] + segs.loss[k] * (Math.min(t, segs.end[k]) - segs.start[k]);
}

/** The number of segments starting at or before t, searching forward from `j` (t non-decreasing between calls). */
function startedBy(starts: Float64Array, j: number, t: number): number {
  let k = j;
  while (k < starts.length && starts[k] <= t) k++;
  return k;
}

/**
 * MMU for each window length over the time domain [fromMs, toMs]: 1 − max over window positions of the lost
 * CPU in the window / w. The lost CPU is piecewise linear in the window position, so its maximum is at a
 * position where the window's start or end meets an interval boundary: only those are evaluated. The four
 * families of such positions (interval starts and ends, each minus 0 or w) are each read in ascending order,
 * so the segment holding each end is found by searching forward: O(intervals) per window after one sort.
 * NaN for a window longer than the domain.
 */
export function mmu(
  intervals: LossInterval[],
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  const segs = lossSegments(intervals);
  const starts = Float64Array.from(intervals, (iv) => iv.startMs).sort();
  const ends = Float64Array.from(intervals, (iv) => iv.endMs).sort();
  return windowsMs.map((w) => {
    if (!(w > 0)) throw new RangeError(`MMU window must be > 0 ms, got ${w}`);
    if (w > toMs - fromMs) return Number.NaN;
    const L = (t: number) => lostBy(segs, startedBy(segs.start, 0, t), t);
    let worst = L(fromMs + w) - L(fromMs);
    for (const edges of [starts, ends]) {
      for (const shift of [0, w]) {
        // positions clamped into [fromMs, toMs − w]: still ascending, so both searches only move forward
        let a = 0;
        let b = 0;
        for (let k = 0; k < edges.length; k++) {
          const p = Math.min(Math.max(edges[k] - shift, fromMs), toMs - w);
          a = startedBy(segs.start, a, p);
          b = startedBy(segs.start, b, p + w);
          const lost = lostBy(segs, b, p + w) - lostBy(segs, a, p);
          if (lost > worst) worst = lost;
        }
      }
    }
    // differences of the running integral carry rounding noise: a window lost to a pause gives ~1e-15, not 0
    const u = 1 - worst / w;
    return u < 1e-9 ? 0 : u;
  });
}

/** Default windows: 1 ms to 1 s in 1-2-5 steps. */
export const MMU_WINDOWS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

export const MMU_SCHEMA = [
  num("windowMs", "ms", "window length"),
  num("mmuPct", "%", "minimum mutator utilisation counting STW pauses only"),
  num("mmuWithMarkPct", "%", "minimum mutator utilisation also charging mark-phase assist + background CPU"),
] as const;

export interface MmuOptions {
  windowsMs?: readonly number[];
}

/**
 * The MMU curve of a gctrace table over [start of the first cycle, end of the last cycle]: the trace says
 * nothing about the time before its first cycle (a server traced after days of uptime starts at @86400s).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function mmuCurve(input: TraceInput, options: MmuOptions = {}): Table {
  const gctrace = tableOf(input, "gctrace");
  const windows = options.windowsMs ?? MMU_WINDOWS_MS;
  const stw = stwIntervals(gctrace);
  let from = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const iv of stw) {
    if (iv.startMs < from) from = iv.startMs;
    if (iv.endMs > end) end = iv.endMs;
  }
  if (!(from <= end)) from = end;
  const pauseOnly = mmu(stw, windows, from, end);
  const withMark = mmu([...stw, ...markIntervals(gctrace)], windows, from, end);
  return makeTable("mmu", MMU_SCHEMA, {
    windowMs: Float64Array.from(windows),
    mmuPct: Float64Array.from(pauseOnly, (u) => 100 * u),
    mmuWithMarkPct: Float64Array.from(withMark, (u) => 100 * u),
  });
}
