/**
 * Queue drain: the load periods of a schedtrace (samples where goroutines wait for a P) and, after each
 * peak, how long the run queues took to empty and how fast they drained.
 *
 * The sampling bound: schedtrace is a snapshot every N ms (runtime/proc.go sysmon prints when
 * now − lastSchedTrace ≥ N ms), so the queue emptied somewhere between the last busy sample and the first
 * empty one. `drainMs` is the midpoint of that interval and `drainErrMs` its half-width: the true drain time
 * is drainMs ± drainErrMs (the peak itself is also only a sample, so the true peak may be higher).
 */
import type { Table } from "../parse/types";
import { littleWaitMs } from "../whatif/queueing";
import { bool, makeTable, num, numbers } from "./tables";

export interface LoadPeriodOptions {
  /** A sample is busy when more than this many goroutines wait (global + local queues); default 0. */
  thresholdRunnable?: number;
}

export const LOAD_PERIODS_SCHEMA = [
  num("startMs", "ms", "first busy sample of the period"),
  num("peakMs", "ms", "sample with the most runnable goroutines"),
  num("peakRunnable", "count", "runnable goroutines at the peak sample"),
  num("lastBusyMs", "ms", "last busy sample"),
  num(
    "emptyMs",
    "ms",
    "first sample after the period at or below the threshold (NaN: not drained by the trace's end)",
  ),
  bool("drained", "the queues emptied before the trace ended"),
  num("drainMs", "ms", "from the peak to the queues emptying: midpoint of [lastBusyMs, emptyMs] − peakMs"),
  num("drainErrMs", "ms", "± bound on drainMs from sampling: (emptyMs − lastBusyMs)/2"),
  num(
    "drainRatePerSec",
    "goroutines/s",
    "peakRunnable / drainMs: the net rate the backlog shrank (service − arrivals)",
  ),
  num("samples", "count", "busy samples in the period"),
  num("meanRunnable", "count", "mean runnable goroutines over the period's samples (L)"),
  num(
    "throughputPerSec",
    "schedules/s",
    "Δ Σ schedtick / Δt from the period's start to its end sample (λ; NaN when not printed)",
  ),
  num("littleWaitMs", "ms", "Little's law W = L/λ: mean time a goroutine waited for a P during the period"),
] as const;

/** One row per load period of a schedSeries table (src/analysis/scheduler.ts). */
export function loadPeriods(series: Table, options: LoadPeriodOptions = {}): Table {
  const threshold = options.thresholdRunnable ?? 0;
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const ticks = numbers(series, "schedticks");
  const rows: Record<string, number[]> = {};
  for (const spec of LOAD_PERIODS_SCHEMA) rows[spec.name] = [];
  const drained: boolean[] = [];
  let i = 0;
  const n = series.length;
  while (i < n) {
    if (!(runnable[i] > threshold)) {
      i++;
      continue;
    }
    const start = i;
    let peak = i;
    let total = 0;
    while (i < n && runnable[i] > threshold) {
      if (runnable[i] > runnable[peak]) peak = i;
      total += runnable[i];
      i++;
    }
    const last = i - 1;
    const emptyMs = i < n ? time[i] : Number.NaN;
    const isDrained = i < n;
    // the queue emptied in (lastBusy, empty]: report the midpoint, ± half the interval (the sampling bound)
    const mid = isDrained ? (time[last] + emptyMs) / 2 : Number.NaN;
    const drainMs = mid - time[peak];
    const endRow = isDrained ? i : last;
    const dt = time[endRow] - time[start];
    // runtime/proc.go execute: schedtick++ per goroutine run (not when it inherits the time slice): Δticks/Δt = runs/s
    const throughput = dt > 0 ? (1000 * (ticks[endRow] - ticks[start])) / dt : Number.NaN;
    const meanRunnable = total / (last - start + 1);
    rows.startMs.push(time[start]);
    rows.peakMs.push(time[peak]);
    rows.peakRunnable.push(runnable[peak]);
    rows.lastBusyMs.push(time[last]);
    rows.emptyMs.push(emptyMs);
    drained.push(isDrained);
    rows.drainMs.push(drainMs);
    rows.drainErrMs.push(isDrained ? (emptyMs - time[last]) / 2 : Number.NaN);
    // net drain rate: the peak backlog over the time it took to clear (service − arrivals, fluid approximation)
    rows.drainRatePerSec.push(drainMs > 0 ? (1000 * runnable[peak]) / drainMs : Number.NaN);
    rows.samples.push(last - start + 1);
    rows.meanRunnable.push(meanRunnable);
    rows.throughputPerSec.push(throughput);
    // Little's law: W = L / λ
    rows.littleWaitMs.push(littleWaitMs(meanRunnable, throughput));
  }
  const columns: Record<string, Float64Array | boolean[]> = { drained };
  for (const spec of LOAD_PERIODS_SCHEMA)
    if (spec.type === "number") columns[spec.name] = Float64Array.from(rows[spec.name]);
  return makeTable("loadPeriods", LOAD_PERIODS_SCHEMA, columns);
}
