/**
 * The scheduler over time from schedtrace (summary lines or scheddetail headers with their P lines): runnable
 * goroutines (global + per-P queues), idle Ps, imbalance between Ps, starvation, threads.
 *
 * Meanings (runtime/proc.go schedtrace): `runqueue` is the global run queue length (sched.runqsize), the
 * bracket list / P lines' `runqsize` the local run queue of each P, `idleprocs` the Ps with nothing to run,
 * `threads` the Ms created (mcount). A sample is a snapshot taken by sysmon every N ms, not an average.
 */
import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import { schedTablesOf, schedTablesWithPerP, type TableInput, type TraceInput } from "./input";
import { linearFit, max, mean, medianStep } from "./stats";

/** The per-P rows (p, runqueue) that belong to each schedtrace row, found by line order. */
export interface PerPRows {
  /** For each schedtrace row, the index range [from, to) of its rows in the per-P table. */
  from: Int32Array;
  to: Int32Array;
  p: Float64Array;
  runqueue: Float64Array;
  /** Cumulative schedule count per P (scheddetail `schedtick`, go1.25+ summary `schedticks`), NaN if not printed. */
  schedticks: Float64Array;
}

/**
 * Attaches each per-P row to the schedtrace row printed on or just before its line: schedtraceP rows share
 * their summary line; scheddetailP rows follow their SCHED header. Both tables are in line order.
 */
export function perPRows(schedtrace: Table, perP: Table): PerPRows {
  const lines = numbers(schedtrace, "line");
  const pLines = numbers(perP, "line");
  const isDetail = perP.columns.runqsize !== undefined;
  const from = new Int32Array(schedtrace.length);
  const to = new Int32Array(schedtrace.length);
  let j = 0;
  for (let i = 0; i < schedtrace.length; i++) {
    const next = i + 1 < lines.length ? lines[i + 1] : Number.POSITIVE_INFINITY;
    while (j < pLines.length && pLines[j] < lines[i]) j++;
    from[i] = j;
    while (j < pLines.length && pLines[j] < next) j++;
    to[i] = j;
  }
  const ticks = perP.columns[isDetail ? "schedtick" : "schedticks"];
  return {
    from,
    to,
    p: numbers(perP, "p"),
    runqueue: numbers(perP, isDetail ? "runqsize" : "runqueue"),
    schedticks: ticks instanceof Float64Array ? ticks : new Float64Array(perP.length).fill(Number.NaN),
  };
}

export const SCHED_SERIES_SCHEMA = [
  num("timeMs", "ms", "sample time (SCHED <t>ms, since the first dump)"),
  num("gomaxprocs", "count", "number of Ps"),
  num("idleprocs", "count", "idle Ps"),
  num("busyprocs", "count", "gomaxprocs − idleprocs"),
  num("threads", "count", "Ms created"),
  num("runqueue", "count", "global run queue length"),
  num("localRunqueue", "count", "sum of the Ps' local run queues"),
  num("runnable", "count", "runqueue + localRunqueue: goroutines waiting for a P"),
  num("maxLocal", "count", "longest local run queue"),
  num("minLocal", "count", "shortest local run queue"),
  num("imbalance", "count", "maxLocal − minLocal"),
  num("starving", "0/1", "1 when Ps sat idle while goroutines waited (idleprocs > 0 and runnable > 0)"),
  num("schedticks", "count", "Σ per-P schedule counters (cumulative; NaN when not printed)"),
] as const;

/**
 * One row per SCHED sample. `perP` is schedtraceP for summary traces, scheddetailP for detail dumps; from a whole
 * Trace it is picked (src/analysis/input.ts schedTablesOf). Tables or their DataFrames are accepted.
 */
export function schedSeries(input: TraceInput, perPInput?: TableInput): Table {
  const { schedtrace, perP } = schedTablesOf(input, perPInput);
  const n = schedtrace.length;
  const g = numbers(schedtrace, "gomaxprocs");
  const idle = numbers(schedtrace, "idleprocs");
  const rq = numbers(schedtrace, "runqueue");
  const local = numbers(schedtrace, "localRunqueue");
  const rows = perP !== undefined ? perPRows(schedtrace, perP) : undefined;
  const c = {
    busyprocs: new Float64Array(n),
    runnable: new Float64Array(n),
    maxLocal: new Float64Array(n).fill(Number.NaN),
    minLocal: new Float64Array(n).fill(Number.NaN),
    imbalance: new Float64Array(n).fill(Number.NaN),
    starving: new Float64Array(n),
    schedticks: new Float64Array(n).fill(Number.NaN),
  };
  for (let i = 0; i < n; i++) {
    // runtime/proc.go schedtrace: gomaxprocs Ps of which sched.npidle idle
    c.busyprocs[i] = g[i] - idle[i];
    // runtime/proc.go schedtrace: runqueue = sched.runqsize (global), the list / runqsize = each P's runq length
    c.runnable[i] = rq[i] + local[i];
    // idle Ps while goroutines wait: work the scheduler's stealing (runtime/proc.go findrunnable) has not spread
    c.starving[i] = idle[i] > 0 && c.runnable[i] > 0 ? 1 : 0;
    if (rows === undefined || rows.to[i] === rows.from[i]) continue;
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    let ticks = 0;
    for (let k = rows.from[i]; k < rows.to[i]; k++) {
      hi = Math.max(hi, rows.runqueue[k]);
      lo = Math.min(lo, rows.runqueue[k]);
      ticks += rows.schedticks[k];
    }
    c.maxLocal[i] = hi;
    c.minLocal[i] = lo;
    c.imbalance[i] = hi - lo;
    c.schedticks[i] = ticks;
  }
  return makeTable("schedSeries", SCHED_SERIES_SCHEMA, {
    timeMs: numbers(schedtrace, "timeMs"),
    gomaxprocs: g,
    idleprocs: idle,
    threads: numbers(schedtrace, "threads"),
    runqueue: rq,
    localRunqueue: local,
    ...c,
  });
}

export const PER_P_SCHEMA = [
  num("timeMs", "ms", "sample time"),
  num("p", "index", "P id"),
  num("runqueue", "count", "that P's local run queue length"),
] as const;

/** Long-form (timeMs, p, runqueue) rows for a per-P heatmap, from a whole Trace or schedtrace with its per-P table. */
export function perPRunqueue(trace: Trace): Table;
export function perPRunqueue(schedtrace: TraceInput, perP: TableInput): Table;
export function perPRunqueue(input: TraceInput, perPInput?: TableInput): Table {
  const { schedtrace, perP } = schedTablesWithPerP(input, perPInput, "perPRunqueue");
  const rows = perPRows(schedtrace, perP);
  const time = numbers(schedtrace, "timeMs");
  const t: number[] = [];
  const p: number[] = [];
  const q: number[] = [];
  for (let i = 0; i < schedtrace.length; i++) {
    for (let k = rows.from[i]; k < rows.to[i]; k++) {
      t.push(time[i]);
      p.push(rows.p[k]);
      q.push(rows.runqueue[k]);
    }
  }
  return makeTable("perPRunqueue", PER_P_SCHEMA, {
    timeMs: Float64Array.from(t),
    p: Float64Array.from(p),
    runqueue: Float64Array.from(q),
  });
}

export interface SchedSummary {
  samples: number;
  /** Median spacing of the samples: the schedtrace period as it really ran. */
  sampleIntervalMs: number;
  gomaxprocs: number;
  maxRunnable: number;
  meanRunnable: number;
  meanIdleprocs: number;
  /** Samples with idle Ps while goroutines waited, and their share. */
  starvingSamples: number;
  starvingPct: number;
  meanImbalance: number;
  threadsFirst: number;
  threadsLast: number;
  threadsMax: number;
  /** Least-squares growth of `threads`, per second. */
  threadGrowthPerSec: number;
}

/** Headline scheduler figures over a schedSeries table. */
export function schedSummary(series: Table): SchedSummary {
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const starving = numbers(series, "starving");
  const threads = numbers(series, "threads");
  let starvingSamples = 0;
  for (let i = 0; i < starving.length; i++) starvingSamples += starving[i];
  const n = series.length;
  return {
    samples: n,
    sampleIntervalMs: medianStep(time),
    gomaxprocs: n > 0 ? numbers(series, "gomaxprocs")[n - 1] : Number.NaN,
    maxRunnable: max(runnable),
    meanRunnable: mean(runnable),
    meanIdleprocs: mean(numbers(series, "idleprocs")),
    starvingSamples,
    starvingPct: n > 0 ? (100 * starvingSamples) / n : Number.NaN,
    meanImbalance: mean(numbers(series, "imbalance")),
    threadsFirst: n > 0 ? threads[0] : Number.NaN,
    threadsLast: n > 0 ? threads[n - 1] : Number.NaN,
    threadsMax: max(threads),
    // least squares: threads = a + b·t, b in threads per ms → ×1000 per second
    threadGrowthPerSec: linearFit(time, threads).slope * 1000,
  };
}
