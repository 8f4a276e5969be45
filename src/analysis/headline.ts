/**
 * The headline figures of one trace — what the report's first screen and `compareRuns` show — computed on one
 * process run: the one asked for, else each table's busiest (a `go run` trace also holds the go command's runs).
 */

import { booleans, numbers } from "../table/columns";
import { mainRun } from "../table/runs";
import type { Trace } from "../trace/trace";
import { gcCpuPerCycle } from "./gcCpu";
import { gcPhases } from "./gcPhases";
import { goroutineCounts, leakSignals } from "./goroutines";
import { allocationRate, inferGogc } from "./heap";
import { type InitSummary, initSummary } from "./initSummary";
import { mmuCurve } from "./mmu";
import { pacerCycles } from "./pacer";
import { type PauseQuantiles, pauseQuantiles } from "./pauses";
import { loadPeriods } from "./queueDrain";
import { scavengerSeries } from "./scavenger";
import { type SchedSummary, schedSeries, schedSummary } from "./scheduler";
import { max, median, min } from "./stats";

export interface GcHeadline {
  cycles: number;
  forcedCycles: number;
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
  pauses: PauseQuantiles;
  mmu10msPct: number;
  mmu100msPct: number;
  peakHeapMB: number;
  medianLiveHeapMB: number;
  medianGoalMB: number;
  inferredGogc: number;
  medianAllocRateMBPerSec: number;
  medianAssistSharePct: number;
}

export interface SchedHeadline extends SchedSummary {
  loadPeriods: number;
  /** The longest drain after a load peak (midpoint estimate) and its ± sampling bound. */
  longestDrainMs: number;
  longestDrainErrMs: number;
  undrainedPeriods: number;
}

export interface GoroutineHeadline {
  dumps: number;
  maxGoroutines: number;
  suspectedLeaks: { group: string; slopePerSec: number; r2: number }[];
}

export interface Headline {
  source: string;
  gc: GcHeadline | null;
  sched: SchedHeadline | null;
  goroutines: GoroutineHeadline | null;
  pacer: { cycles: number; medianCpuPct: number; medianDeltaGoalMB: number } | null;
  scavenger: { lines: number; releasedTotalMB: number } | null;
  init: InitSummary | null;
}

export interface HeadlineOptions {
  /** The process run to sum up (see Trace.runs); default: each table's busiest run. */
  run?: number;
}

function gcHeadline(trace: Trace, run?: number): GcHeadline | null {
  const gc = mainRun(trace.tables.gctrace, run);
  if (gc.length === 0) return null;
  const phases = gcPhases(gc);
  const end = numbers(phases, "endMs");
  // The time before a trace's first cycle is the program's only if the trace saw every cycle since start.
  const fromMs = numbers(gc, "gcNum")[0] === 1 ? 0 : min(numbers(phases, "startMs"));
  const cpu = gcCpuPerCycle(gc);
  const cumulative = numbers(cpu, "cumulativePct");
  const gcPct = numbers(gc, "gcPct");
  const mmu = mmuCurve(gc, { windowsMs: [10, 100] });
  const mmuPct = numbers(mmu, "mmuPct");
  const durationSec = (max(end) - fromMs) / 1000;
  return {
    cycles: gc.length,
    forcedCycles: booleans(gc, "forced").filter(Boolean).length,
    durationSec,
    gcPerSec: gc.length / durationSec,
    procs: numbers(gc, "procs")[gc.length - 1],
    gcCpuPct: cumulative[gc.length - 1],
    runtimeGcPct: gcPct[gc.length - 1],
    pauses: pauseQuantiles(numbers(gc, "pauseMs")),
    mmu10msPct: mmuPct[0],
    mmu100msPct: mmuPct[1],
    peakHeapMB: max(numbers(gc, "heapEndMB")),
    medianLiveHeapMB: median(numbers(gc, "heapLiveMB")),
    medianGoalMB: median(numbers(gc, "heapGoalMB")),
    inferredGogc: inferGogc(gc),
    medianAllocRateMBPerSec: median(allocationRate(gc).cycleAllocRateMBPerSec),
    medianAssistSharePct: median(numbers(cpu, "assistSharePct")),
  };
}

function schedHeadline(trace: Trace, run?: number): SchedHeadline | null {
  const sched = mainRun(trace.tables.schedtrace, run);
  if (sched.length === 0) return null;
  const detail = booleans(sched, "detail").some(Boolean);
  const series = schedSeries(sched, detail ? trace.tables.scheddetailP : trace.tables.schedtraceP);
  const periods = loadPeriods(series);
  const drain = numbers(periods, "drainMs");
  const err = numbers(periods, "drainErrMs");
  let longest = -1;
  for (let i = 0; i < drain.length; i++)
    if (Number.isFinite(drain[i]) && (longest < 0 || drain[i] > drain[longest])) longest = i;
  return {
    ...schedSummary(series),
    loadPeriods: periods.length,
    longestDrainMs: longest >= 0 ? drain[longest] : Number.NaN,
    longestDrainErrMs: longest >= 0 ? err[longest] : Number.NaN,
    undrainedPeriods: booleans(periods, "drained").filter((d) => !d).length,
  };
}

function goroutineHeadline(trace: Trace, run?: number): GoroutineHeadline | null {
  const g = mainRun(trace.tables.scheddetailG, run);
  if (g.length === 0) return null;
  const counts = goroutineCounts(g, "waitReason");
  const time = numbers(counts, "timeMs");
  const count = numbers(counts, "count");
  const perDump = new Map<number, number>();
  for (let r = 0; r < counts.length; r++) perDump.set(time[r], (perDump.get(time[r]) ?? 0) + count[r]);
  const sched = mainRun(trace.tables.schedtrace, run);
  const series = sched.length > 0 ? schedSeries(sched, trace.tables.scheddetailP) : undefined;
  const periods = series !== undefined ? loadPeriods(series) : undefined;
  const empty =
    periods !== undefined && periods.length > 0
      ? numbers(periods, "emptyMs")[periods.length - 1]
      : Number.NaN;
  const signals = leakSignals(counts, Number.isFinite(empty) ? { loadEndMs: empty } : {});
  return {
    dumps: perDump.size,
    maxGoroutines: max([...perDump.values()]),
    suspectedLeaks: signals
      .filter((s) => s.suspectedLeak)
      .map((s) => ({ group: s.group, slopePerSec: s.slopePerSec, r2: s.r2 })),
  };
}

/** Headline figures of every kind the trace holds (null for kinds it does not hold). */
export function headline(trace: Trace, options: HeadlineOptions = {}): Headline {
  const { run } = options;
  const pacerTable = mainRun(trace.tables.gcpacertrace, run);
  const pacer = pacerTable.length > 0 ? pacerCycles(pacerTable) : null;
  const scavTable = mainRun(trace.tables.scavtrace, run);
  const scav = scavTable.length > 0 ? scavengerSeries(scavTable) : null;
  const init = mainRun(trace.tables.inittrace, run);
  return {
    source: trace.source,
    gc: gcHeadline(trace, run),
    sched: schedHeadline(trace, run),
    goroutines: goroutineHeadline(trace, run),
    pacer:
      pacer !== null && pacer.length > 0
        ? {
            cycles: pacer.length,
            medianCpuPct: median(numbers(pacer, "cpuPct")),
            medianDeltaGoalMB: median(numbers(pacer, "deltaGoalMB")),
          }
        : null,
    scavenger:
      scav !== null && scav.length > 0
        ? { lines: scav.length, releasedTotalMB: numbers(scav, "releasedTotalMB")[scav.length - 1] }
        : null,
    init: init.length > 0 ? initSummary(init) : null,
  };
}
