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
import { CycleCpu, gcCpuPerCycle } from "./gcCpu";
import { gcPhases, PhaseClock } from "./gcPhases";
import { type TraceInput, tableOf } from "./input";
import { type LossSegments, SegmentBuilder } from "./lossSegments";
import { type IntervalSource, streamedWorstLoss } from "./mmuStream";
import { worstLoss } from "./mmuWorst";

/** A time interval during which a fraction `loss` (0..1) of the CPU is taken from the program. */
export interface LossInterval {
  startMs: number;
  endMs: number;
  loss: number;
}

/**
 * The STW pauses of every cycle with an @ time (loss 1); `withMark`: and the mark phases between, charged with
 * (assist + background)/(mark wall × Ps), capped at 1. Cycle by cycle, each cycle's mark phase between its two
 * pauses, so they come in time order unless rounding makes cycles overlap.
 */
export class CycleIntervals implements IntervalSource {
  private readonly clock: PhaseClock;
  private readonly cpu: CycleCpu | undefined;
  private cycle = 0;
  private part = 0;
  private a = 0;
  private b = 0;
  private e = 0;
  private stw = false;
  private markLoss = 0;

  constructor(gctrace: Table, withMark: boolean) {
    this.clock = new PhaseClock(gctrace);
    this.cpu = withMark ? new CycleCpu(gctrace) : undefined;
  }

  rewind(): void {
    this.cycle = 0;
    this.part = 0;
  }

  next(iv: LossInterval): boolean {
    for (;;) {
      if (this.part === 0) {
        if (this.cycle >= this.clock.length) return false;
        const i = this.cycle;
        const s = this.clock.startMs(i);
        this.a = this.clock.sweepTermEndMs(i);
        this.b = this.clock.markTermStartMs(i, this.a);
        this.e = this.clock.endMs(i, this.b);
        this.stw = Number.isFinite(s) && Number.isFinite(this.e);
        this.markLoss = 0;
        if (this.cpu !== undefined && Number.isFinite(this.a) && Number.isFinite(this.b) && this.b > this.a) {
          const util = this.cpu.markUtilPct(i);
          this.markLoss = Number.isFinite(util) ? Math.min(1, util / 100) : 0;
        }
        this.part = 1;
        if (this.stw) return set(iv, s, this.a, 1);
      }
      if (this.part === 1) {
        this.part = 2;
        if (this.markLoss > 0) return set(iv, this.a, this.b, this.markLoss);
      }
      this.part = 0;
      this.cycle++;
      if (this.stw) return set(iv, this.b, this.e, 1);
    }
  }
}

function set(iv: LossInterval, startMs: number, endMs: number, loss: number): true {
  iv.startMs = startMs;
  iv.endMs = endMs;
  iv.loss = loss;
  return true;
}

/**
 * The STW pauses of every cycle with an @ time, in time order (loss 1).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function stwIntervals(input: TraceInput): LossInterval[] {
  const gctrace = tableOf(input, "gctrace");
  const ph = gcPhases(gctrace);
  const s = numbers(ph, "startMs");
  const a = numbers(ph, "sweepTermEndMs");
  const b = numbers(ph, "markTermStartMs");
  const e = numbers(ph, "endMs");
  const out: LossInterval[] = [];
  for (let i = 0; i < ph.length; i++) {
    if (!(Number.isFinite(s[i]) && Number.isFinite(e[i]))) continue;
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

/**
 * MMU for each window length over the time domain [fromMs, toMs]: 1 − max over window positions p of the lost
 * CPU in [p, p + w] / w (Cheng & Blelloch 2001). NaN for a window longer than the domain.
 * `intervals` may overlap and come in any order: each is clipped to start where the one before it ended.
 */
export function mmu(
  intervals: LossInterval[],
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  checkWindows(windowsMs);
  const b = new SegmentBuilder(intervals.length);
  for (const iv of intervals) b.push(iv.startMs, iv.endMs, iv.loss);
  return worstLosses(b.finish(), windowsMs, fromMs, toMs).map((lost, k) => utilisation(lost, windowsMs[k]));
}

function checkWindows(windowsMs: readonly number[]): void {
  for (const w of windowsMs) if (!(w > 0)) throw new RangeError(`MMU window must be > 0 ms, got ${w}`);
}

/** 1 − lost/w, the MMU of a window whose worst position loses `lost` (NaN stays NaN). */
function utilisation(lost: number, w: number): number {
  // differences of the running integral carry rounding noise: a window lost to a pause gives ~1e-15, not 0
  const u = 1 - lost / w;
  return u < 1e-9 ? 0 : u;
}

/** The worst loss of a window of each length over the segments (NaN for a window longer than the domain). */
function worstLosses(g: LossSegments, windowsMs: readonly number[], fromMs: number, toMs: number): number[] {
  // shortest window first: where its worst window was is where a longer one's search starts
  const order = [...windowsMs.keys()].sort((x, y) => windowsMs[x] - windowsMs[y]);
  const out = new Array<number>(windowsMs.length);
  let hint = 0;
  for (const k of order) {
    const w = windowsMs[k];
    if (w > toMs - fromMs) {
      out[k] = Number.NaN;
      continue;
    }
    const found = worstLoss(g, w, fromMs, toMs - w, hint);
    hint = found.block;
    out[k] = found.lost;
  }
  return out;
}

/**
 * The MMU of each window length over a source's intervals: read in one pass when they come in time order (the
 * usual gctrace: src/analysis/mmuStream.ts holds a window's worth of segments), else sorted into segments
 * first. The same numbers either way.
 */
function mmuOfSource(
  source: IntervalSource,
  capacity: number,
  windowsMs: readonly number[],
  fromMs: number,
  toMs: number,
): number[] {
  checkWindows(windowsMs);
  let lost = streamedWorstLoss(source, windowsMs, fromMs, toMs);
  if (lost === undefined) {
    const b = new SegmentBuilder(capacity);
    const iv: LossInterval = { startMs: 0, endMs: 0, loss: 0 };
    source.rewind();
    while (source.next(iv)) b.push(iv.startMs, iv.endMs, iv.loss);
    lost = worstLosses(b.finish(), windowsMs, fromMs, toMs);
  }
  return lost.map((x, k) => utilisation(x, windowsMs[k]));
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
    // the domain: from the first pause's start to the last one's end
    const clock = new PhaseClock(gctrace);
    let from = Number.POSITIVE_INFINITY;
    let end = 0;
    for (let i = 0; i < clock.length; i++) {
      const s = clock.startMs(i);
      const a = clock.sweepTermEndMs(i);
      const b = clock.markTermStartMs(i, a);
      const e = clock.endMs(i, b);
      if (!(Number.isFinite(s) && Number.isFinite(e))) continue;
      if (s < from) from = s;
      if (b < from) from = b;
      if (a > end) end = a;
      if (e > end) end = e;
    }
    if (!(from <= end)) from = end;
    const pauses = mmuOfSource(new CycleIntervals(gctrace, false), 2 * clock.length, missing, from, end);
    const marks = mmuOfSource(new CycleIntervals(gctrace, true), 3 * clock.length, missing, from, end);
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
