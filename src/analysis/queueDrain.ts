/**
 * Queue drain: the load periods of a schedtrace (stretches where goroutines wait for a P) and, at the end of
 * each, how long the run queues took to empty and how fast they drained.
 *
 * Merging: a snapshot with empty queues does not mean the load stopped. Under a closed-loop load generator
 * (hey, wrk) the P often finishes the ready connections before the next requests arrive, so single samples —
 * or a few in a row — are empty in the middle of the load (tutorial case 1: one 6 s hey run, split into 15
 * periods at every empty sample). Busy stretches separated by less than `minGapMs` are therefore one period: a
 * period ends only when no busy sample follows its last one within minGapMs. Empty samples inside a period count in its mean (Little's L is a
 * time average over the period, zeros included).
 *
 * The drain: the period's last descent — the busy samples from the last local peak down to the last busy
 * sample — is the backlog being worked off. The queues emptied somewhere between the last busy sample and the
 * first empty one (schedtrace is a snapshot every N ms: runtime/proc.go sysmon prints when now − lastSchedTrace
 * ≥ N ms), so `drainMs` is the midpoint of that interval measured from the descent's start and `drainErrMs` its
 * half-width: the true drain time is drainMs ± drainErrMs (the samples themselves may miss a higher peak).
 */
import { bool, num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { littleWaitMs } from "./littleLaw";
import { medianStep } from "./stats";

export interface LoadPeriodOptions {
  /** A sample is busy when more than this many goroutines wait (global + local queues); default 0. */
  thresholdRunnable?: number;
  /**
   * Busy stretches whose gap (from one's last busy sample to the next one's first) is shorter than this are one
   * period. Default `defaultMinGapMs(median sampling interval)`; 0 splits at every empty sample.
   */
  minGapMs?: number;
  /** Periods shorter than this (first to last busy sample) are dropped; default 0 (keep single-sample blips). */
  minPeriodMs?: number;
}

/** Sampling intervals a gap must span before it ends a period, and the floor in ms (see defaultMinGapMs). */
export const MIN_GAP_SAMPLES = 3;
export const MIN_GAP_FLOOR_MS = 1000;

/**
 * The default `minGapMs` for a schedtrace sampled every `sampleIntervalMs`: several samples (MIN_GAP_SAMPLES, so
 * that one or two unlucky snapshots never split a load) and at least one second, because a load generator's own
 * lulls last that long on a shared machine (tutorial case 2 at schedtrace=100: 0.86 s between two busy samples
 * inside one hey run), while a separate load — a second hey run, the next batch job — is seconds apart.
 */
export function defaultMinGapMs(sampleIntervalMs: number): number {
  const samples = Number.isFinite(sampleIntervalMs) ? MIN_GAP_SAMPLES * sampleIntervalMs : 0;
  return Math.max(MIN_GAP_FLOOR_MS, samples);
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
  num("drainFromMs", "ms", "start of the final descent: the last local peak before lastBusyMs"),
  num("drainFromRunnable", "count", "runnable goroutines at drainFromMs: the backlog left to drain"),
  num(
    "drainMs",
    "ms",
    "from drainFromMs to the queues emptying: midpoint of [lastBusyMs, emptyMs] − drainFromMs",
  ),
  num("drainErrMs", "ms", "± bound on drainMs from sampling: (emptyMs − lastBusyMs)/2"),
  num(
    "drainRatePerSec",
    "goroutines/s",
    "drainFromRunnable / drainMs: the net rate the final backlog shrank (service − arrivals)",
  ),
  num("samples", "count", "samples from startMs to lastBusyMs, empty ones inside the period included"),
  num("busySamples", "count", "samples of the period above the threshold"),
  num("meanRunnable", "count", "mean runnable goroutines over the period's samples, zeros included (L)"),
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
  const minGapMs = options.minGapMs ?? defaultMinGapMs(medianStep(time));
  const minPeriodMs = options.minPeriodMs ?? 0;
  if (!(minGapMs >= 0) || !(minPeriodMs >= 0)) {
    throw new Error(`loadPeriods: minGapMs and minPeriodMs must be ≥ 0 (got ${minGapMs}, ${minPeriodMs})`);
  }
  const rows: Record<string, number[]> = {};
  for (const spec of LOAD_PERIODS_SCHEMA) rows[spec.name] = [];
  const drained: boolean[] = [];
  const n = series.length;
  const busy = (i: number) => runnable[i] > threshold;
  let i = 0;
  while (i < n) {
    if (!busy(i)) {
      i++;
      continue;
    }
    const start = i;
    let last = i;
    // extend over consecutive busy samples, and across empty stretches to a busy sample less than minGapMs on
    for (let j = i + 1; j < n; j++) {
      const gapMs = time[j] - time[last];
      if (busy(j) && (j === last + 1 || gapMs < minGapMs)) last = j;
      else if (busy(j) || gapMs >= minGapMs) break;
    }
    i = last + 1;
    if (time[last] - time[start] < minPeriodMs) continue;
    let peak = start;
    let total = 0;
    let busySamples = 0;
    for (let k = start; k <= last; k++) {
      if (runnable[k] > runnable[peak]) peak = k;
      total += runnable[k];
      if (busy(k)) busySamples++;
    }
    // the final descent: walk back from the last busy sample while the queue was at least as long before
    let from = last;
    while (from > start && busy(from - 1) && runnable[from - 1] >= runnable[from]) from--;
    const isDrained = i < n;
    const emptyMs = isDrained ? time[i] : Number.NaN;
    // the queue emptied in (lastBusy, empty]: report the midpoint, ± half the interval (the sampling bound)
    const drainMs = isDrained ? (time[last] + emptyMs) / 2 - time[from] : Number.NaN;
    const endRow = isDrained ? i : last;
    const dt = time[endRow] - time[start];
    // runtime/proc.go execute: schedtick++ per goroutine run (not when it inherits the time slice): Δticks/Δt = runs/s
    const throughput = dt > 0 ? (1000 * (ticks[endRow] - ticks[start])) / dt : Number.NaN;
    const samples = last - start + 1;
    const meanRunnable = total / samples;
    rows.startMs.push(time[start]);
    rows.peakMs.push(time[peak]);
    rows.peakRunnable.push(runnable[peak]);
    rows.lastBusyMs.push(time[last]);
    rows.emptyMs.push(emptyMs);
    drained.push(isDrained);
    rows.drainFromMs.push(time[from]);
    rows.drainFromRunnable.push(runnable[from]);
    rows.drainMs.push(drainMs);
    rows.drainErrMs.push(isDrained ? (emptyMs - time[last]) / 2 : Number.NaN);
    // net drain rate: the final backlog over the time it took to clear (service − arrivals, fluid approximation)
    rows.drainRatePerSec.push(drainMs > 0 ? (1000 * runnable[from]) / drainMs : Number.NaN);
    rows.samples.push(samples);
    rows.busySamples.push(busySamples);
    rows.meanRunnable.push(meanRunnable);
    rows.throughputPerSec.push(throughput);
    // Little 1961 (Little's law): W = L / λ
    rows.littleWaitMs.push(littleWaitMs(meanRunnable, throughput));
  }
  const columns: Record<string, Float64Array | boolean[]> = { drained };
  for (const spec of LOAD_PERIODS_SCHEMA)
    if (spec.type === "number") columns[spec.name] = Float64Array.from(rows[spec.name]);
  return makeTable("loadPeriods", LOAD_PERIODS_SCHEMA, columns);
}
