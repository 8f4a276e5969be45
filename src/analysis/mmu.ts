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

/** Loss intervals as columns (the same fields as LossInterval), so a long trace needs no object per interval. */
interface LossColumns {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly loss: Float64Array;
}

function columnsOf(intervals: readonly LossInterval[]): LossColumns {
  return {
    start: Float64Array.from(intervals, (iv) => iv.startMs),
    end: Float64Array.from(intervals, (iv) => iv.endMs),
    loss: Float64Array.from(intervals, (iv) => iv.loss),
  };
}

/**
 * The STW pauses of every cycle with an @ time, in time order (loss 1).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function stwIntervals(input: TraceInput): LossInterval[] {
  return intervalsOf(stwColumns(input)).sort((x, y) => x.startMs - y.startMs);
}

/**
 * The concurrent mark phases, charged with (assist + background)/(mark wall × Ps), capped at 1.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function markIntervals(input: TraceInput): LossInterval[] {
  return intervalsOf(markColumns(input));
}

/** stwIntervals as columns, in cycle order (each cycle's sweep termination, then its mark termination). */
function stwColumns(input: TraceInput): LossColumns {
  const ph = gcPhases(input);
  const s = numbers(ph, "startMs");
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const e = numbers(ph, "endMs");
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < ph.length; i++) {
    if (!Number.isFinite(s[i]) || !Number.isFinite(e[i])) continue;
    start.push(s[i], b[i]);
    end.push(a[i], e[i]);
  }
  return {
    start: Float64Array.from(start),
    end: Float64Array.from(end),
    loss: new Float64Array(start.length).fill(1),
  };
}

/** markIntervals as columns. */
function markColumns(input: TraceInput): LossColumns {
  const gctrace = tableOf(input, "gctrace");
  const ph = gcPhases(gctrace);
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const util = numbers(gcCpuPerCycle(gctrace), "markUtilPct");
  const start: number[] = [];
  const end: number[] = [];
  const loss: number[] = [];
  for (let i = 0; i < ph.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i]) || !(b[i] > a[i])) continue;
    const l = Number.isFinite(util[i]) ? Math.min(1, util[i] / 100) : 0;
    if (l > 0) {
      start.push(a[i]);
      end.push(b[i]);
      loss.push(l);
    }
  }
  return { start: Float64Array.from(start), end: Float64Array.from(end), loss: Float64Array.from(loss) };
}

function intervalsOf(cols: LossColumns): LossInterval[] {
  return Array.from(cols.start, (startMs, i) => ({ startMs, endMs: cols.end[i], loss: cols.loss[i] }));
}

function concatColumns(x: LossColumns, y: LossColumns): LossColumns {
  const join = (p: Float64Array, q: Float64Array) => {
    const out = new Float64Array(p.length + q.length);
    out.set(p);
    out.set(q, p.length);
    return out;
  };
  return { start: join(x.start, y.start), end: join(x.end, y.end), loss: join(x.loss, y.loss) };
}

/** The disjoint loss segments of some intervals (sorted; overlaps clipped) with the running integral before each. */
interface LossSegments {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly loss: Float64Array;
  /** before[j]: lost CPU up to segment j's start (before[length] is the total). */
  readonly before: Float64Array;
}

/** The order that sorts `keys` ascending, ties in input order (a stable sort: near-sorted input costs ~O(n)). */
function stableOrder(keys: Float64Array): ArrayLike<number> {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if (keys[i] < keys[i - 1]) sorted = false;
  const order = Array.from({ length: keys.length }, (_, i) => i);
  return sorted ? order : order.sort((x, y) => keys[x] - keys[y]);
}

function lossSegments(cols: LossColumns): LossSegments {
  const order = stableOrder(cols.start);
  const n = order.length;
  // Rounding can make neighbours overlap by a fraction of a millisecond: clip so none is counted twice.
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const loss = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const from = m > 0 ? Math.max(cols.start[i], end[m - 1]) : cols.start[i];
    if (cols.end[i] > from) {
      start[m] = from;
      end[m] = cols.end[i];
      loss[m] = cols.loss[i];
      m++;
    }
  }
  const before = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) before[j + 1] = before[j] + loss[j] * (end[j] - start[j]);
  return { start: start.slice(0, m), end: end.slice(0, m), loss: loss.slice(0, m), before };
}

/** L(t), the lost CPU up to t, given j: the number of segments starting at or before t. */
function lostBy(segs: LossSegments, j: number, t: number): number {
  if (j === 0) return 0;
  const k = j - 1;
  return segs.before[k] + segs.loss[k] * (Math.min(t, segs.end[k]) - segs.start[k]);
}

/**
 * MMU for each window length over the time domain [fromMs, toMs]: 1 − max over window positions p of the lost
 * CPU in [p, p + w] / w. The lost CPU f(p) = L(p + w) − L(p) is piecewise linear in p and its slope is the loss
 * rate at p + w minus the one at p; the slope drops, so a local maximum can be, only where p + w leaves a loss
 * segment or p enters one. So only two families of positions are evaluated, besides the domain's two ends: segment
 * starts, and segment ends minus w. The segments are disjoint and sorted, so both families ascend and the segment
 * holding each window end is found by searching forward: O(segments) per window after one sort by start.
 * NaN for a window longer than the domain.
 */
export function mmu(
  intervals: LossInterval[],
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  return mmuOfColumns(columnsOf(intervals), windowsMs, fromMs, toMs);
}

/** The number of segments starting at or before t (binary search). */
function startedAt(starts: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mmuOfColumns(
  cols: LossColumns,
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  return mmuOfSegments(lossSegments(cols), windowsMs, fromMs, toMs);
}

function mmuOfSegments(
  segs: LossSegments,
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  return windowsMs.map((w) => {
    if (!(w > 0)) throw new RangeError(`MMU window must be > 0 ms, got ${w}`);
    if (w > toMs - fromMs) return Number.NaN;
    const L = (t: number) => lostBy(segs, startedAt(segs.start, t), t);
    let worst = Math.max(L(fromMs + w) - L(fromMs), L(toMs) - L(toMs - w));
    // lostBy and a forward search written out below (the loop runs 2 × segments × windows times)
    const { start: st, end: en, loss: ls, before: bf } = segs;
    const n = st.length;
    const lastP = toMs - w;
    for (let family = 0; family < 2; family++) {
      const edges = family === 0 ? st : en;
      const shift = family === 0 ? 0 : w;
      // positions clamped into [fromMs, toMs − w]: still ascending, so both searches only move forward
      let a = 0;
      let b = 0;
      for (let k = 0; k < n; k++) {
        const p = Math.min(Math.max(edges[k] - shift, fromMs), lastP);
        const q = p + w;
        while (a < n && st[a] <= p) a++;
        while (b < n && st[b] <= q) b++;
        const lostByQ = b === 0 ? 0 : bf[b - 1] + ls[b - 1] * (Math.min(q, en[b - 1]) - st[b - 1]);
        const lostByP = a === 0 ? 0 : bf[a - 1] + ls[a - 1] * (Math.min(p, en[a - 1]) - st[a - 1]);
        const lost = lostByQ - lostByP;
        if (lost > worst) worst = lost;
      }
      if (1 - worst / w < 1e-9) break; // already a window with no CPU left (reported as 0 below): nothing is lower
    }
    // differences of the running integral carry rounding noise: a window lost to a pause gives ~1e-15, not 0
    const u = 1 - worst / w;
    return u < 1e-9 ? 0 : u;
  });
}

interface PreparedLosses {
  stw: LossSegments;
  withMark: LossSegments;
  fromMs: number;
  toMs: number;
}

/**
 * The loss segments of a gctrace table, kept per table (a report asks for the headline's two windows and then the
 * chart's ten): building them (phases, sort, clipping) costs more than reading a window off them.
 */
const preparedCache = new WeakMap<Table, { length: number; prepared: PreparedLosses }>();

function preparedLosses(gctrace: Table): PreparedLosses {
  const hit = preparedCache.get(gctrace);
  if (hit !== undefined && hit.length === gctrace.length) return hit.prepared;
  const stw = stwColumns(gctrace);
  let from = Number.POSITIVE_INFINITY;
  let end = 0;
  for (let i = 0; i < stw.start.length; i++) {
    if (stw.start[i] < from) from = stw.start[i];
    if (stw.end[i] > end) end = stw.end[i];
  }
  if (!(from <= end)) from = end;
  const prepared = {
    stw: lossSegments(stw),
    withMark: lossSegments(concatColumns(stw, markColumns(gctrace))),
    fromMs: from,
    toMs: end,
  };
  preparedCache.set(gctrace, { length: gctrace.length, prepared });
  return prepared;
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
  const prepared = preparedLosses(gctrace);
  const pauseOnly = mmuOfSegments(prepared.stw, windows, prepared.fromMs, prepared.toMs);
  const withMark = mmuOfSegments(prepared.withMark, windows, prepared.fromMs, prepared.toMs);
  return makeTable("mmu", MMU_SCHEMA, {
    windowMs: Float64Array.from(windows),
    mmuPct: Float64Array.from(pauseOnly, (u) => 100 * u),
    mmuWithMarkPct: Float64Array.from(withMark, (u) => 100 * u),
  });
}
