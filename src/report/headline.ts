/**
 * The headline figures of one trace — what `godebug-lab summary`, the report's first screen and `compareRuns` show —
 * computed on one process run: the one asked for, else each table's busiest (a `go run` trace also holds the go
 * command's runs). Every figure comes from an analysis of src/analysis/; this module only picks and names them.
 */

import { gcCpuSinceStartPct, medianAssistSharePct } from "../analysis/gcCpu";
import { PhaseClock } from "../analysis/gcPhases";
import { goroutineCounts, leakSignals } from "../analysis/goroutines";
import { inferGogc, medianCycleAllocRateMBPerSec } from "../analysis/heap";
import { type InitSummary, initSummary } from "../analysis/initSummary";
import { mmuCurve } from "../analysis/mmu";
import { pacerCycles } from "../analysis/pacer";
import { type PauseQuantiles, pauseQuantiles } from "../analysis/pauses";
import { loadPeriods } from "../analysis/queueDrain";
import { scavengerSeries } from "../analysis/scavenger";
import { type SchedSummary, schedSeries, schedSummary } from "../analysis/scheduler";
import { max, median } from "../analysis/stats";
import { booleans, numbers } from "../table/columns";
import { busiestRun, selectRun } from "../table/runs";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";

export interface GcHeadline {
  /** The process run these figures are of (see Trace.runs). */
  run: number;
  cycles: number;
  /** Cycles printed with `(forced)`: runtime.GC or debug.FreeOSMemory (runtime/mgc.go gcMarkTermination). */
  forcedCycles: number;
  /** Bare `GC forced` lines: the periodic 2-minute GC started by sysmon (runtime/proc.go forcegchelper). */
  periodicForced: number;
  /**
   * From the program's start (a trace from gc 1) or from the first cycle's start (a trace that begins later, e.g.
   * the tail of a long-running server's log) to the end of the last cycle.
   */
  durationSec: number;
  gcPerSec: number;
  procs: number;
  /** Our GC CPU share over the trace (runtime's counting: no idle marking); NaN if the trace starts after gc 1. */
  gcCpuPct: number;
  /** The last gcPct the runtime printed (cumulative, truncated). */
  runtimeGcPct: number;
  /** The stop-the-world pauses (sweep termination + mark termination) of every cycle: quantiles, max and total. */
  pauses: PauseQuantiles;
  mmu10msPct: number;
  mmu100msPct: number;
  /**
   * The largest heap at a cycle's mark end (MB = MiB, truncated by the runtime). The heap at the cycle's start is
   * never larger: the previous sweep ends before a cycle starts (runtime/mgc.go gcStart finishsweep_m), so the live
   * heap only grows until mark termination.
   */
  peakHeapMB: number;
  /** The last cycle's marked live heap and heap goal. */
  heapLiveLastMB: number;
  heapGoalLastMB: number;
  medianLiveHeapMB: number;
  medianGoalMB: number;
  inferredGogc: number;
  medianAllocRateMBPerSec: number;
  medianAssistSharePct: number;
}

export interface SchedHeadline extends SchedSummary {
  run: number;
  /** The longest global run queue and the largest sum of the per-P queues in one sample. */
  runqueueMax: number;
  localRunqueueMax: number;
  /** Samples with at least one runnable goroutine waiting. */
  samplesWithQueue: number;
  loadPeriods: number;
  /** The longest drain after a load peak (midpoint estimate) and its ± sampling bound. */
  longestDrainMs: number;
  longestDrainErrMs: number;
  undrainedPeriods: number;
}

export interface GoroutineHeadline {
  /** scheddetail dumps and the most goroutines (G lines) in one of them. */
  dumps: number;
  maxGoroutines: number;
  /** Wait-reason groups that grow steadily (leakSignals); null when the trace was read without its G rows. */
  suspectedLeaks: { group: string; slopePerSec: number; r2: number }[] | null;
}

export interface PacerHeadline {
  run: number;
  cycles: number;
  medianCpuPct: number;
  medianDeltaGoalMB: number;
}

export interface ScavengerHeadline {
  run: number;
  lines: number;
  releasedTotalMB: number;
}

export interface InitHeadline extends InitSummary {
  run: number;
}

export interface Headline {
  source: string;
  gc: GcHeadline | null;
  sched: SchedHeadline | null;
  goroutines: GoroutineHeadline | null;
  pacer: PacerHeadline | null;
  scavenger: ScavengerHeadline | null;
  init: InitHeadline | null;
}

export interface HeadlineOptions {
  /** The process run to sum up (see Trace.runs); default: each table's busiest run. */
  run?: number;
}

/** The rows of one process run of `table`: the run asked for, else the busiest (NaN: the table is empty). */
function runOf(table: Table, run?: number): { rows: Table; run: number } {
  const picked = run ?? busiestRun(table);
  if (table.length === 0 || Number.isNaN(picked)) return { rows: table, run: picked };
  const runs = numbers(table, "run");
  let single = true;
  for (let r = 0; r < runs.length && single; r++) single = runs[r] === picked;
  return { rows: single ? table : selectRun(table, picked), run: picked };
}

function gcHeadline(trace: Trace, run?: number): GcHeadline | null {
  const { rows: gc, run: picked } = runOf(trace.tables.gctrace, run);
  const periodicForced = runOf(trace.tables.gcforced, Number.isNaN(picked) ? run : picked).rows.length;
  if (gc.length === 0) return periodicForced > 0 ? periodicOnly(picked, periodicForced) : null;
  // the figures of every cycle are read one cycle at a time: no per-cycle table of a million cycles is made
  const clock = new PhaseClock(gc);
  let fromMs = Number.NaN;
  let endMs = Number.NaN;
  for (let i = 0; i < gc.length; i++) {
    // min and max as stats.ts computes them
    const start = clock.startMs(i);
    const end = clock.cycleEndMs(i);
    if (start < fromMs || (Number.isNaN(fromMs) && Number.isFinite(start))) fromMs = start;
    if (end > endMs || (Number.isNaN(endMs) && Number.isFinite(end))) endMs = end;
  }
  // The time before a trace's first cycle is the program's only if the trace saw every cycle since start.
  if (numbers(gc, "gcNum")[0] === 1) fromMs = 0;
  const mmu = mmuCurve(gc, { windowsMs: [10, 100] });
  const mmuPct = numbers(mmu, "mmuPct");
  const durationSec = (endMs - fromMs) / 1000;
  const last = (column: string) => numbers(gc, column)[gc.length - 1];
  const forced = booleans(gc, "forced");
  let forcedCycles = 0;
  for (let i = 0; i < forced.length; i++) if (forced[i]) forcedCycles++;
  return {
    run: picked,
    cycles: gc.length,
    forcedCycles,
    periodicForced,
    durationSec,
    gcPerSec: gc.length / durationSec,
    procs: last("procs"),
    gcCpuPct: gcCpuSinceStartPct(gc),
    runtimeGcPct: last("gcPct"),
    pauses: pauseQuantiles(numbers(gc, "pauseMs")),
    mmu10msPct: mmuPct[0],
    mmu100msPct: mmuPct[1],
    peakHeapMB: max(numbers(gc, "heapEndMB")),
    heapLiveLastMB: last("heapLiveMB"),
    heapGoalLastMB: last("heapGoalMB"),
    medianLiveHeapMB: median(numbers(gc, "heapLiveMB")),
    medianGoalMB: median(numbers(gc, "heapGoalMB")),
    inferredGogc: inferGogc(gc),
    medianAllocRateMBPerSec: medianCycleAllocRateMBPerSec(gc),
    medianAssistSharePct: medianAssistSharePct(gc),
  };
}

/** A run with `GC forced` lines but no gc line (a trace cut before the cycle's own line): only the count is known. */
function periodicOnly(run: number, periodicForced: number): GcHeadline {
  const none = Number.NaN;
  return {
    run,
    cycles: 0,
    forcedCycles: 0,
    periodicForced,
    durationSec: none,
    gcPerSec: none,
    procs: none,
    gcCpuPct: none,
    runtimeGcPct: none,
    pauses: pauseQuantiles([]),
    mmu10msPct: none,
    mmu100msPct: none,
    peakHeapMB: none,
    heapLiveLastMB: none,
    heapGoalLastMB: none,
    medianLiveHeapMB: none,
    medianGoalMB: none,
    inferredGogc: none,
    medianAllocRateMBPerSec: none,
    medianAssistSharePct: none,
  };
}

/** The scheduler's series of one run: its SCHED rows with their per-P rows (none when read without detail rows). */
function schedSeriesOf(trace: Trace, sched: Table): Table {
  const detail = booleans(sched, "detail").some(Boolean);
  return schedSeries(sched, detail ? trace.tables.scheddetailP : trace.tables.schedtraceP);
}

function schedHeadline(trace: Trace, run?: number): SchedHeadline | null {
  const { rows: sched, run: picked } = runOf(trace.tables.schedtrace, run);
  if (sched.length === 0) return null;
  const series = schedSeriesOf(trace, sched);
  const periods = loadPeriods(series);
  const drain = numbers(periods, "drainMs");
  const err = numbers(periods, "drainErrMs");
  let longest = -1;
  for (let i = 0; i < drain.length; i++)
    if (Number.isFinite(drain[i]) && (longest < 0 || drain[i] > drain[longest])) longest = i;
  const runnable = numbers(series, "runnable");
  let samplesWithQueue = 0;
  for (let i = 0; i < runnable.length; i++) if (runnable[i] > 0) samplesWithQueue++;
  return {
    run: picked,
    ...schedSummary(series),
    runqueueMax: max(numbers(series, "runqueue")),
    localRunqueueMax: max(numbers(series, "localRunqueue")),
    samplesWithQueue,
    loadPeriods: periods.length,
    longestDrainMs: longest >= 0 ? drain[longest] : Number.NaN,
    longestDrainErrMs: longest >= 0 ? err[longest] : Number.NaN,
    undrainedPeriods: booleans(periods, "drained").filter((d) => !d).length,
  };
}

/**
 * The scheddetail dumps of the SCHED run: how many and the most goroutines in one (each header's count of its G
 * lines, so a trace read without G rows has them too), and the wait-reason groups that grow (needs the G rows).
 */
function goroutineHeadline(trace: Trace, run?: number): GoroutineHeadline | null {
  const { rows: sched, run: picked } = runOf(trace.tables.schedtrace, run);
  const detail = booleans(sched, "detail");
  const goroutines = numbers(sched, "goroutines");
  let dumps = 0;
  let maxGoroutines = Number.NaN;
  for (let i = 0; i < sched.length; i++) {
    if (!detail[i]) continue;
    dumps++;
    if (!(goroutines[i] <= maxGoroutines)) maxGoroutines = goroutines[i];
  }
  if (dumps === 0) return null;
  const g = runOf(trace.tables.scheddetailG, picked).rows;
  if (g.length === 0) return { dumps, maxGoroutines, suspectedLeaks: null };
  const counts = goroutineCounts(g, "waitReason");
  // the leak must outlast the load: the queues' last emptying
  const periods = loadPeriods(schedSeriesOf(trace, sched));
  const empty = periods.length > 0 ? numbers(periods, "emptyMs")[periods.length - 1] : Number.NaN;
  const signals = leakSignals(counts, Number.isFinite(empty) ? { loadEndMs: empty } : {});
  return {
    dumps,
    maxGoroutines,
    suspectedLeaks: signals
      .filter((s) => s.suspectedLeak)
      .map((s) => ({ group: s.group, slopePerSec: s.slopePerSec, r2: s.r2 })),
  };
}

function pacerHeadline(trace: Trace, run?: number): PacerHeadline | null {
  const { rows, run: picked } = runOf(trace.tables.gcpacertrace, run);
  const pacer = rows.length > 0 ? pacerCycles(rows) : null;
  if (pacer === null || pacer.length === 0) return null;
  return {
    run: picked,
    cycles: pacer.length,
    medianCpuPct: median(numbers(pacer, "cpuPct")),
    medianDeltaGoalMB: median(numbers(pacer, "deltaGoalMB")),
  };
}

function scavengerHeadline(trace: Trace, run?: number): ScavengerHeadline | null {
  const { rows, run: picked } = runOf(trace.tables.scavtrace, run);
  const scav = rows.length > 0 ? scavengerSeries(rows) : null;
  if (scav === null || scav.length === 0) return null;
  return {
    run: picked,
    lines: scav.length,
    releasedTotalMB: numbers(scav, "releasedTotalMB")[scav.length - 1],
  };
}

/** Headline figures of every kind the trace holds (null for kinds it does not hold). */
export function headline(trace: Trace, options: HeadlineOptions = {}): Headline {
  const { run } = options;
  const init = runOf(trace.tables.inittrace, run);
  return {
    source: trace.source,
    gc: gcHeadline(trace, run),
    sched: schedHeadline(trace, run),
    goroutines: goroutineHeadline(trace, run),
    pacer: pacerHeadline(trace, run),
    scavenger: scavengerHeadline(trace, run),
    init: init.rows.length > 0 ? { run: init.run, ...initSummary(init.rows) } : null,
  };
}
