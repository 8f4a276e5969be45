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
import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { gcCpuPerCycle } from "./gcCpu";
import { gcPhases } from "./gcPhases";
import { type TraceInput, tableOf } from "./input";

/** A time interval during which a fraction `loss` (0..1) of the CPU is taken from the program. */
export interface LossInterval {
  startMs: number;
  endMs: number;
  loss: number;
}

/**
 * Loss intervals as columns (no object per interval: a trace can hold a million cycles), in time order of their
 * starts.
 */
interface LossColumns {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly loss: Float64Array;
  readonly length: number;
}

/** Columns from intervals pushed in any order, sorted by start (stable: equal starts keep their order). */
class LossBuilder {
  private start: Float64Array;
  private end: Float64Array;
  private loss: Float64Array;
  private n = 0;

  /** `capacity`: the most intervals that will be pushed (more is allowed: the columns grow). */
  constructor(capacity = 1024) {
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.loss = new Float64Array(capacity);
  }

  push(startMs: number, endMs: number, loss: number): void {
    if (this.n === this.start.length) {
      const grow = (xs: Float64Array) => {
        const next = new Float64Array(Math.max(1024, 2 * xs.length));
        next.set(xs);
        return next;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.loss = grow(this.loss);
    }
    this.start[this.n] = startMs;
    this.end[this.n] = endMs;
    this.loss[this.n] = loss;
    this.n++;
  }

  finish(): LossColumns {
    const n = this.n;
    const start = this.start.subarray(0, n);
    const end = this.end.subarray(0, n);
    const loss = this.loss.subarray(0, n);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = start[i - 1] <= start[i];
    if (sorted) return { start, end, loss, length: n };
    const order = nearlySortedOrder(start);
    const pick = (xs: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = xs[order[i]];
      return out;
    };
    return { start: pick(start), end: pick(end), loss: pick(loss), length: n };
  }
}

/**
 * The stable sort order of `keys`, by insertion: O(n) for keys a few places out of order (cycles whose rounded times
 * overlap their neighbour's); a general sort once that has cost more than 16 moves per key.
 */
function nearlySortedOrder(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  let moves = 0;
  for (let i = 0; i < n; i++) {
    let j = i;
    const k = keys[i];
    while (j > 0 && keys[order[j - 1]] > k) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
    moves += i - j;
    if (moves > 16 * n) {
      const all = [...keys.keys()].sort((x, y) => keys[x] - keys[y]);
      return Uint32Array.from(all);
    }
  }
  return order;
}

/** The STW pauses of every cycle with an @ time, as columns (loss 1); `withMark`: and the mark phases between. */
function stwColumns(gctrace: Table, withMark = false): LossColumns {
  const ph = gcPhases(gctrace);
  const s = numbers(ph, "startMs");
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const e = numbers(ph, "endMs");
  // each cycle's mark phase goes between its two pauses, so the columns come out in time order
  const util = withMark ? numbers(gcCpuPerCycle(gctrace), "markUtilPct") : undefined;
  const out = new LossBuilder(ph.length * (withMark ? 3 : 2));
  for (let i = 0; i < ph.length; i++) {
    const stw = Number.isFinite(s[i]) && Number.isFinite(e[i]);
    if (stw) out.push(s[i], a[i], 1);
    if (util !== undefined && Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] > a[i]) {
      const loss = Number.isFinite(util[i]) ? Math.min(1, util[i] / 100) : 0;
      if (loss > 0) out.push(a[i], b[i], loss);
    }
    if (stw) out.push(b[i], e[i], 1);
  }
  return out.finish();
}

function toObjects(c: LossColumns): LossInterval[] {
  const out: LossInterval[] = [];
  for (let i = 0; i < c.length; i++) out.push({ startMs: c.start[i], endMs: c.end[i], loss: c.loss[i] });
  return out;
}

/**
 * The STW pauses of every cycle with an @ time, in time order (loss 1).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function stwIntervals(input: TraceInput): LossInterval[] {
  return toObjects(stwColumns(tableOf(input, "gctrace")));
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

/**
 * Cumulative lost CPU L(t) over sorted intervals, clipped so none is counted twice (rounding can make neighbours
 * overlap by a fraction of a millisecond). `at(t)` keeps a cursor: a run of increasing t costs O(1) each.
 */
class LossIntegral {
  /** The clipped segments: disjoint, in time order. */
  readonly segStart: Float64Array;
  readonly segEnd: Float64Array;
  readonly n: number;
  readonly segLoss: Float64Array;
  /** before[j]: the loss up to the start of segment j (before[n]: all of it). */
  readonly before: Float64Array;
  /** Index of the last segment starting at or before the last t asked for, + 1 (0: none). */
  private k = 0;

  constructor(c: LossColumns) {
    const start = new Float64Array(c.length);
    const end = new Float64Array(c.length);
    const loss = new Float64Array(c.length);
    let n = 0;
    for (let i = 0; i < c.length; i++) {
      const s = n > 0 ? Math.max(c.start[i], end[n - 1]) : c.start[i];
      if (c.end[i] > s) {
        start[n] = s;
        end[n] = c.end[i];
        loss[n] = c.loss[i];
        n++;
      }
    }
    this.n = n;
    this.segStart = start;
    this.segEnd = end;
    this.segLoss = loss;
    this.before = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) this.before[j + 1] = this.before[j] + loss[j] * (end[j] - start[j]);
  }

  at(t: number): number {
    const st = this.segStart;
    let k = this.k;
    if (k > 0 && st[k - 1] > t) {
      // went back: binary search for the number of segments starting at or before t
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (st[mid] <= t) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
    while (k < this.n && st[k] <= t) k++;
    this.k = k;
    if (k === 0) return 0;
    return this.before[k - 1] + this.segLoss[k - 1] * (Math.min(t, this.segEnd[k - 1]) - st[k - 1]);
  }
}

/**
 * MMU for each window length over the time domain [fromMs, toMs]: 1 − max over window positions p of the lost
 * CPU in [p, p + w] / w. That loss is piecewise linear in p, with slope rate(p + w) − rate(p); its slope falls only
 * where the rate rises at p (p reaches the start of a clipped interval with a higher rate than just before it) or
 * falls at p + w (p + w reaches the end of one with a higher rate than just after it), so its maximum is at such a
 * position or at an end of the domain (a flat top ends at one): only those are evaluated, each kind in one pass in
 * time order (O(n) per window length).
 * NaN for a window longer than the domain.
 */
export function mmu(
  intervals: LossInterval[],
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  const b = new LossBuilder(intervals.length);
  for (const iv of intervals) b.push(iv.startMs, iv.endMs, iv.loss);
  return mmuOfColumns(b.finish(), windowsMs, fromMs, toMs);
}

function mmuOfColumns(c: LossColumns, windowsMs: readonly number[], fromMs: number, toMs: number): number[] {
  const L = new LossIntegral(c);
  const { segStart: st, segEnd: en, segLoss: loss, before, n } = L;
  // The candidate positions, once for every window length: a segment's start where the loss rate rises (p there),
  // and its end where the rate falls (p + w there), each with L at that point. Where the rate does not rise at a
  // start (a mark phase right after its sweep-termination pause), the loss in the window cannot turn from rising
  // to falling there.
  const riseAt = new Float64Array(n);
  const riseL = new Float64Array(n);
  const fallAt = new Float64Array(n);
  const fallL = new Float64Array(n);
  let rises = 0;
  let falls = 0;
  for (let i = 0; i < n; i++) {
    if (loss[i] > (i > 0 && en[i - 1] === st[i] ? loss[i - 1] : 0)) {
      riseAt[rises] = st[i];
      riseL[rises++] = before[i];
    }
    if (loss[i] > (i + 1 < n && st[i + 1] === en[i] ? loss[i + 1] : 0)) {
      fallAt[falls] = en[i];
      fallL[falls++] = before[i + 1];
    }
  }
  return windowsMs.map((w) => {
    if (!(w > 0)) throw new RangeError(`MMU window must be > 0 ms, got ${w}`);
    if (w > toMs - fromMs) return Number.NaN;
    const last = toMs - w;
    let worst = Math.max(L.at(fromMs + w) - L.at(fromMs), L.at(last + w) - L.at(last));
    // The two passes read L at growing positions, so each keeps its own cursor k: the number of segments
    // starting at or before the position (the loops are written out: this is most of a long trace's report).
    // p at a rise: L(p) is known; L(p + w) from the cursor
    let k = 0;
    for (let j = 0; j < rises; j++) {
      const p = riseAt[j];
      if (p < fromMs || p > last) continue;
      const x = p + w;
      while (k < n && st[k] <= x) k++;
      const lost =
        (k === 0 ? 0 : before[k - 1] + loss[k - 1] * (Math.min(x, en[k - 1]) - st[k - 1])) - riseL[j];
      if (lost > worst) worst = lost;
    }
    // p + w at a fall: L(p + w) is known; L(p) from the cursor
    k = 0;
    for (let j = 0; j < falls; j++) {
      const p = fallAt[j] - w;
      if (p < fromMs || p > last) continue;
      while (k < n && st[k] <= p) k++;
      const lost =
        fallL[j] - (k === 0 ? 0 : before[k - 1] + loss[k - 1] * (Math.min(p, en[k - 1]) - st[k - 1]));
      if (lost > worst) worst = lost;
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

/** MMU (pause only, with mark) per window length, per gctrace table already asked about (tables do not change). */
const MMU_CACHE = new WeakMap<Table, Map<number, [number, number]>>();

/**
 * The MMU curve of a gctrace table over [start of the first cycle, end of the last cycle]: the trace says
 * nothing about the time before its first cycle (a server traced after days of uptime starts at @86400s).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function mmuCurve(input: TraceInput, options: MmuOptions = {}): Table {
  const gctrace = tableOf(input, "gctrace");
  const windows = options.windowsMs ?? MMU_WINDOWS_MS;
  // the headline and the chart both ask for the MMU of the same table: each window length is computed once
  const known = MMU_CACHE.get(gctrace) ?? new Map<number, [number, number]>();
  MMU_CACHE.set(gctrace, known);
  const missing = windows.filter((w) => !known.has(w));
  if (missing.length > 0) {
    const stw = stwColumns(gctrace);
    let from = Number.POSITIVE_INFINITY;
    let end = 0;
    for (let i = 0; i < stw.length; i++) {
      if (stw.start[i] < from) from = stw.start[i];
      if (stw.end[i] > end) end = stw.end[i];
    }
    if (!(from <= end)) from = end;
    const pauses = mmuOfColumns(stw, missing, from, end);
    const marks = mmuOfColumns(stwColumns(gctrace, true), missing, from, end);
    for (const [k, w] of missing.entries()) known.set(w, [pauses[k], marks[k]]);
  }
  const pauseOnly = windows.map((w) => (known.get(w) as [number, number])[0]);
  const withMark = windows.map((w) => (known.get(w) as [number, number])[1]);
  return makeTable("mmu", MMU_SCHEMA, {
    windowMs: Float64Array.from(windows),
    mmuPct: Float64Array.from(pauseOnly, (u) => 100 * u),
    mmuWithMarkPct: Float64Array.from(withMark, (u) => 100 * u),
  });
}
