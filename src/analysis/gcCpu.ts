/**
 * GC CPU overhead from gctrace: per cycle, over time windows, and beside the runtime's own `gcPct`.
 *
 * What the runtime counts (runtime/mgc.go gcMarkTermination, go1.5 to go1.25): the two stop-the-world
 * figures are not measured CPU but wall time × work.stwprocs (GOMAXPROCS capped at the number of CPUs since
 * go1.10; before, gcprocs(): also capped at 32 and at the idle Ms + 1), so they overstate the CPU used; the mark figures (assist, dedicated+fractional
 * background, idle) are measured worker time. The printed `gcPct` is
 * int(100 × work.totaltime / totalCpu): cumulative since program start, truncated to a whole percent, with
 * totaltime = Σ (sweepTerm + assist + background + markTerm) — idle marking is left out ("it's free") — and
 * totalCpu = wall time since start × GOMAXPROCS (sched.totaltime integrates GOMAXPROCS changes).
 */
import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { gcPhases, PhaseClock } from "./gcPhases";
import { type TraceInput, tableOf } from "./input";
import { recall, remember } from "./memo";
import { median, medianInPlace, orZero } from "./stats";

/** go.dev/doc/gc-guide "Latency": the GC takes 25 % of CPU during the mark phase (gcBackgroundUtilization). */
export const BACKGROUND_UTILIZATION_PCT = 25;

export const GC_CPU_SCHEMA = [
  num("gcNum", "count", "GC cycle number"),
  num("timeMs", "ms", "cycle start (gctrace @ time)"),
  num("procs", "count", "GOMAXPROCS during the cycle"),
  num("cpuSweepTermMs", "ms", "as printed: sweep-termination STW wall time × Ps"),
  num("cpuAssistMs", "ms", "as printed: mutator assist CPU"),
  num("cpuBackgroundMs", "ms", "as printed: dedicated + fractional background mark worker CPU"),
  num("cpuIdleMs", "ms", "as printed: idle-P mark worker CPU"),
  num("cpuMarkTermMs", "ms", "as printed: mark-termination STW wall time × Ps"),
  num("stwCpuMs", "ms", "sweep-termination + mark-termination CPU (each = STW wall time × Ps)"),
  num("markCpuMs", "ms", "assist + dedicated/fractional background mark CPU (go1.5: + concurrent scan)"),
  num("idleMarkMs", "ms", "idle-P mark worker CPU (not counted in gcPct by the runtime)"),
  num("gcCpuMs", "ms", "the cycle's CPU as the runtime counts it: stwCpuMs + markCpuMs"),
  num("periodMs", "ms", "from this cycle's start to the next cycle's start (NaN for the last cycle)"),
  num(
    "gcCpuPct",
    "%",
    "gcCpuMs / (periodMs × procs): the GC's share of CPU capacity over this cycle's period",
  ),
  num(
    "assistSharePct",
    "%",
    "assist / (assist + background + idle): share of mark CPU done by mutator assists",
  ),
  num("markUtilPct", "%", "(assist + background) / (mark wall × procs): GC utilisation during mark"),
  num(
    "assistUtilPct",
    "%",
    "assist / (mark wall × procs): what the pacer adds to its assumed 25 % (gcpacertrace % CPU)",
  ),
  num("backgroundUtilPct", "%", "background / (mark wall × procs), against the 25 % background target"),
  num("stwProcs", "count", "(STW CPU)/(STW wall): the Ps the runtime multiplied the pauses by"),
  num(
    "cumulativePct",
    "%",
    "our recomputation of gcPct at the cycle's end, untruncated (NaN if the trace starts after gc 1)",
  ),
  num("gcPct", "%", "the runtime's printed gcPct (cumulative, truncated, without idle marking)"),
] as const;

/**
 * The per-cycle figures of gcCpuPerCycle, computed when asked, one cycle at a time: for analyses that read a figure
 * or two of every cycle (the MMU's mark utilisation, the headline's GC CPU share) without a dozen columns of a
 * million cycles. gcCpuPerCycle tabulates these very methods.
 */
export class CycleCpu {
  readonly length: number;
  private readonly procs: Float64Array;
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;
  private readonly c3: Float64Array;
  private readonly u1: Float64Array;
  private readonly assist: Float64Array;
  private readonly bg: Float64Array;
  private readonly idle: Float64Array;
  private readonly u2: Float64Array;
  private readonly scan: Float64Array | undefined;

  constructor(gctrace: Table) {
    this.length = gctrace.length;
    this.procs = numbers(gctrace, "procs");
    this.c1 = numbers(gctrace, "clockSweepTermMs");
    this.c2 = numbers(gctrace, "clockMarkMs");
    this.c3 = numbers(gctrace, "clockMarkTermMs");
    this.u1 = numbers(gctrace, "cpuSweepTermMs");
    this.assist = numbers(gctrace, "cpuAssistMs");
    this.bg = numbers(gctrace, "cpuBackgroundMs");
    this.idle = numbers(gctrace, "cpuIdleMs");
    this.u2 = numbers(gctrace, "cpuMarkTermMs");
    const scan = gctrace.columns.cpuScanMs;
    this.scan = scan instanceof Float64Array ? scan : undefined;
  }

  /** runtime/mgc.go gcMarkTermination: sweepTermCpu = stwprocs × (tMark − tSweepTerm), markTermCpu likewise. */
  stwCpuMs(i: number): number {
    return this.u1[i] + this.u2[i];
  }

  /** runtime/mgc.go: markCpu = assistTime + dedicatedMarkTime + fractionalMarkTime (go1.5 adds scanCpu). */
  markCpuMs(i: number): number {
    // an absent go1.5 column adds 0, as a NaN one does (orZero)
    return this.assist[i] + this.bg[i] + (this.scan === undefined ? 0 : orZero(this.scan[i]));
  }

  /** runtime/mgc.go: cycleCpu = sweepTermCpu + markCpu + markTermCpu ("idle marking ... is free"). */
  gcCpuMs(i: number): number {
    return this.stwCpuMs(i) + this.markCpuMs(i);
  }

  /** assist / (assist + background + idle): the share of mark CPU done by mutator assists. */
  assistSharePct(i: number): number {
    const markAll = this.assist[i] + this.bg[i] + this.idle[i];
    return markAll > 0 ? (100 * this.assist[i]) / markAll : Number.NaN;
  }

  /** 2015 pacer design doc / runtime/mgcpacer.go endCycle: utilisation u = GC CPU during mark / (mark wall × procs). */
  markUtilPct(i: number): number {
    const capacity = this.c2[i] * this.procs[i];
    return capacity > 0 ? (100 * (this.assist[i] + this.bg[i])) / capacity : Number.NaN;
  }

  /** runtime/mgcpacer.go endCycle: utilization = gcBackgroundUtilization + assistTime / (assistDuration × procs). */
  assistUtilPct(i: number): number {
    const capacity = this.c2[i] * this.procs[i];
    return capacity > 0 ? (100 * this.assist[i]) / capacity : Number.NaN;
  }

  backgroundUtilPct(i: number): number {
    const capacity = this.c2[i] * this.procs[i];
    return capacity > 0 ? (100 * this.bg[i]) / capacity : Number.NaN;
  }

  /** (STW CPU)/(STW wall): the Ps the runtime multiplied the pauses by. */
  stwProcs(i: number): number {
    const stwWall = this.c1[i] + this.c3[i];
    return stwWall > 0 ? this.stwCpuMs(i) / stwWall : Number.NaN;
  }
}

/** runtime/mgc.go: gc_cpu_fraction = work.totaltime / ((now − procresizetime) × gomaxprocs), in percent. */
function cumulativePct(fromStart: boolean, totalMs: number, endMs: number, procs: number): number {
  return fromStart && endMs > 0 ? (100 * totalMs) / (endMs * procs) : Number.NaN;
}

/**
 * Per-cycle GC CPU: the five printed CPU figures and what follows from them (one row per gctrace row).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcCpuPerCycle(input: TraceInput): Table {
  const gctrace = tableOf(input, "gctrace");
  const known = recall<Table>(gctrace, gcCpuPerCycle);
  if (known !== undefined) return known;
  const n = gctrace.length;
  const clock = new PhaseClock(gctrace);
  const cpu = new CycleCpu(gctrace);
  const gcNum = numbers(gctrace, "gcNum");
  const procs = numbers(gctrace, "procs");
  const cols = {
    stwCpuMs: new Float64Array(n),
    markCpuMs: new Float64Array(n),
    idleMarkMs: new Float64Array(n),
    gcCpuMs: new Float64Array(n),
    periodMs: new Float64Array(n),
    gcCpuPct: new Float64Array(n),
    assistSharePct: new Float64Array(n),
    markUtilPct: new Float64Array(n),
    assistUtilPct: new Float64Array(n),
    backgroundUtilPct: new Float64Array(n),
    stwProcs: new Float64Array(n),
    cumulativePct: new Float64Array(n),
  };
  const idle = numbers(gctrace, "cpuIdleMs");
  // The cumulative figure is only the runtime's if we saw every cycle since program start.
  const fromStart = n > 0 && gcNum[0] === 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    cols.stwCpuMs[i] = cpu.stwCpuMs(i);
    cols.markCpuMs[i] = cpu.markCpuMs(i);
    cols.idleMarkMs[i] = idle[i];
    cols.gcCpuMs[i] = cols.stwCpuMs[i] + cols.markCpuMs[i];
    cols.periodMs[i] = i + 1 < n ? clock.startMs(i + 1) - clock.startMs(i) : Number.NaN;
    cols.gcCpuPct[i] =
      cols.periodMs[i] > 0 ? (100 * cols.gcCpuMs[i]) / (cols.periodMs[i] * procs[i]) : Number.NaN;
    cols.assistSharePct[i] = cpu.assistSharePct(i);
    cols.markUtilPct[i] = cpu.markUtilPct(i);
    cols.assistUtilPct[i] = cpu.assistUtilPct(i);
    cols.backgroundUtilPct[i] = cpu.backgroundUtilPct(i);
    cols.stwProcs[i] = cpu.stwProcs(i);
    if (Number.isFinite(cols.gcCpuMs[i])) total += cols.gcCpuMs[i];
    cols.cumulativePct[i] = cumulativePct(fromStart, total, clock.cycleEndMs(i), procs[i]);
  }
  const table = makeTable("gcCpu", GC_CPU_SCHEMA, {
    gcNum,
    timeMs: numbers(gctrace, "timeMs"),
    procs,
    cpuSweepTermMs: numbers(gctrace, "cpuSweepTermMs"),
    cpuAssistMs: numbers(gctrace, "cpuAssistMs"),
    cpuBackgroundMs: numbers(gctrace, "cpuBackgroundMs"),
    cpuIdleMs: idle,
    cpuMarkTermMs: numbers(gctrace, "cpuMarkTermMs"),
    ...cols,
    gcPct: numbers(gctrace, "gcPct"),
  });
  return remember(gctrace, gcCpuPerCycle, table);
}

/**
 * Our GC CPU share since program start at the last cycle's end: gcCpuPerCycle's last `cumulativePct` (NaN if the
 * trace starts after gc 1, or holds no cycle), read from that table when an analysis scope holds it (a report's
 * charts made it), else computed cycle by cycle without it.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcCpuSinceStartPct(input: TraceInput): number {
  const gctrace = tableOf(input, "gctrace");
  const n = gctrace.length;
  if (n === 0) return Number.NaN;
  const known = recall<Table>(gctrace, gcCpuPerCycle);
  if (known !== undefined) return numbers(known, "cumulativePct")[n - 1];
  const cpu = new CycleCpu(gctrace);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = cpu.gcCpuMs(i);
    if (Number.isFinite(c)) total += c;
  }
  const fromStart = numbers(gctrace, "gcNum")[0] === 1;
  return cumulativePct(
    fromStart,
    total,
    new PhaseClock(gctrace).cycleEndMs(n - 1),
    numbers(gctrace, "procs")[n - 1],
  );
}

/**
 * The median over the cycles of the share of mark CPU done by mutator assists (gcCpuPerCycle's `assistSharePct`):
 * from that table when an analysis scope holds it, else from the figures computed for this alone.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function medianAssistSharePct(input: TraceInput): number {
  const gctrace = tableOf(input, "gctrace");
  const known = recall<Table>(gctrace, gcCpuPerCycle);
  if (known !== undefined) return median(numbers(known, "assistSharePct"));
  const cpu = new CycleCpu(gctrace);
  const share = new Float64Array(gctrace.length);
  for (let i = 0; i < share.length; i++) share[i] = cpu.assistSharePct(i);
  return medianInPlace(share);
}

export const GC_CPU_WINDOWS_SCHEMA = [
  num("startMs", "ms", "window start"),
  num("endMs", "ms", "window end (the last window ends at the end of the last cycle)"),
  num("procs", "count", "GOMAXPROCS of the last cycle that started before the window's end"),
  num("cycles", "count", "GC cycles that started in the window"),
  num("gcCpuMs", "ms", "GC CPU in the window as the runtime counts it (STW wall × Ps + assist + background)"),
  num("idleMarkMs", "ms", "idle-P mark worker CPU in the window"),
  num("gcCpuPct", "%", "gcCpuMs / (window × procs)"),
  num("gcCpuWithIdlePct", "%", "(gcCpuMs + idleMarkMs) / (window × procs)"),
  num(
    "cumulativePct",
    "%",
    "our cumulative GC CPU share since start at the window's end (NaN if trace starts after gc 1)",
  ),
  num("runtimeGcPct", "%", "the runtime's gcPct printed by the last cycle that ended by the window's end"),
] as const;

export interface GcCpuWindowOptions {
  /** Window length; default 1000 ms. Widened (×2, ×5, ×10, …) when the trace spans more than `maxWindows` of them. */
  windowMs?: number;
  /** At most this many windows, however long the trace; default GC_CPU_MAX_WINDOWS. */
  maxWindows?: number;
}

/**
 * The most windows gcCpuWindows makes by default: more than a chart can show (the chart reduction in
 * src/chart draws fewer still), few enough that a server up for months costs no more than a short run. The one
 * cap on GC CPU windows: the report's chart takes the default, and chart/gcCpuChart.ts only draws what it gets.
 */
export const GC_CPU_MAX_WINDOWS = 5000;

/**
 * The window length to use over `spanMs`: `windowMs`, or the smallest of windowMs × 2, 5, 10, 20, 50, … that
 * covers the span in at most `maxWindows` windows.
 */
export function widenedWindowMs(windowMs: number, spanMs: number, maxWindows: number): number {
  if (!(spanMs > 0) || !Number.isFinite(spanMs)) return windowMs;
  let w = windowMs;
  for (let k = 0; Math.ceil(spanMs / w) > maxWindows && Number.isFinite(w); k++)
    w = windowMs * [2, 5, 10][k % 3] * 10 ** Math.floor(k / 3);
  return w;
}

/** Adds `amount` spread evenly over [a, b] into the windows of length `w` from `origin` (all at `a` when b ≤ a). */
function spread(into: Float64Array, origin: number, w: number, a: number, b: number, amount: number): void {
  if (!Number.isFinite(amount) || amount === 0 || !Number.isFinite(a)) return;
  if (!(b > a)) {
    const k = Math.min(into.length - 1, Math.floor((a - origin) / w));
    into[k] += amount;
    return;
  }
  const rate = amount / (b - a);
  for (let k = Math.floor((a - origin) / w); k < into.length && origin + k * w < b; k++) {
    const lo = Math.max(a, origin + k * w);
    const hi = Math.min(b, origin + (k + 1) * w);
    if (hi > lo) into[k] += rate * (hi - lo);
  }
}

/**
 * GC CPU per time window, from the window holding the first cycle's start to the end of the last cycle: the
 * time axis is bounded by the data, so a server traced after months of uptime gets as many windows as one
 * traced from its start (windows stay aligned to multiples of their length since program start). Each
 * cycle's CPU is placed where it was spent: the STW figures inside their pauses, the mark figures spread
 * evenly over the concurrent mark phase (the trace gives only the per-cycle total, so an even spread is the
 * assumption). A trace longer than `maxWindows` windows gets wider windows (see widenedWindowMs).
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcCpuWindows(input: TraceInput, options: GcCpuWindowOptions = {}): Table {
  const gctrace = tableOf(input, "gctrace");
  const asked = options.windowMs ?? 1000;
  if (!(asked > 0) || !Number.isFinite(asked)) throw new RangeError(`windowMs must be > 0, got ${asked}`);
  const maxWindows = options.maxWindows ?? GC_CPU_MAX_WINDOWS;
  if (!(maxWindows >= 1)) throw new RangeError(`maxWindows must be ≥ 1, got ${maxWindows}`);
  const phases = gcPhases(gctrace);
  const start = numbers(phases, "startMs");
  const stEnd = numbers(phases, "sweepTermEndMs");
  const mtStart = numbers(phases, "markTermStartMs");
  const end = numbers(phases, "endMs");
  const procs = numbers(gctrace, "procs");
  const u1 = numbers(gctrace, "cpuSweepTermMs");
  const u2 = numbers(gctrace, "cpuMarkTermMs");
  const mark = numbers(gcCpuPerCycle(gctrace), "markCpuMs");
  const idle = numbers(gctrace, "cpuIdleMs");
  const gcPct = numbers(gctrace, "gcPct");
  const gcNum = numbers(gctrace, "gcNum");
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < end.length; i++) {
    if (Number.isFinite(start[i]) && start[i] < first) first = start[i];
    if (Number.isFinite(end[i]) && end[i] > last) last = end[i];
  }
  const any = first <= last;
  const w = any ? widenedWindowMs(asked, last - Math.floor(first / asked) * asked, maxWindows) : asked;
  const origin = any ? Math.floor(first / w) * w : 0;
  const nw = any ? Math.max(1, Math.min(maxWindows, Math.ceil((last - origin) / w))) : 0;
  const gc = new Float64Array(nw);
  const idleW = new Float64Array(nw);
  const cycles = new Float64Array(nw);
  for (let i = 0; i < gctrace.length; i++) {
    if (!Number.isFinite(start[i]) || !Number.isFinite(end[i])) continue;
    cycles[Math.min(nw - 1, Math.floor((start[i] - origin) / w))]++;
    spread(gc, origin, w, start[i], stEnd[i], u1[i]);
    spread(gc, origin, w, stEnd[i], mtStart[i], mark[i]);
    spread(gc, origin, w, mtStart[i], end[i], u2[i]);
    spread(idleW, origin, w, stEnd[i], mtStart[i], idle[i]);
  }
  const cols = {
    startMs: new Float64Array(nw),
    endMs: new Float64Array(nw),
    procs: new Float64Array(nw),
    cycles,
    gcCpuMs: gc,
    idleMarkMs: idleW,
    gcCpuPct: new Float64Array(nw),
    gcCpuWithIdlePct: new Float64Array(nw),
    cumulativePct: new Float64Array(nw),
    runtimeGcPct: new Float64Array(nw),
  };
  const fromStart = gctrace.length > 0 && gcNum[0] === 1;
  let cycle = 0; // next cycle whose start is not yet before the window end
  let ended = 0; // next cycle whose end is not yet by the window end
  let p = gctrace.length > 0 ? procs[0] : Number.NaN;
  let total = 0;
  for (let k = 0; k < nw; k++) {
    const a = origin + k * w;
    // The last window ends with the last cycle: the trace says nothing about the time after it.
    const b = k === nw - 1 ? last : Math.min(a + w, last);
    while (cycle < start.length && start[cycle] < b) p = procs[cycle++];
    while (ended < end.length && end[ended] <= b) ended++;
    total += gc[k];
    cols.startMs[k] = a;
    cols.endMs[k] = b;
    cols.procs[k] = p;
    cols.gcCpuPct[k] = (100 * gc[k]) / ((b - a) * p);
    cols.gcCpuWithIdlePct[k] = (100 * (gc[k] + idleW[k])) / ((b - a) * p);
    cols.cumulativePct[k] = fromStart ? (100 * total) / (b * p) : Number.NaN;
    cols.runtimeGcPct[k] = ended > 0 ? gcPct[ended - 1] : Number.NaN;
  }
  return makeTable("gcCpuWindows", GC_CPU_WINDOWS_SCHEMA, cols);
}
