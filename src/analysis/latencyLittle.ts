/**
 * Latency against the scheduler's queues, and Little's law (L = λW; Little 1961) checked with measured latency.
 *
 * Three counts of "requests in the system" during the load:
 * - L = λ·W from hey's side: throughput times mean latency, the mean number of requests in flight (a closed-loop
 *   load generator like `hey -c N` keeps at most N in flight, fewer by the time each worker spends between
 *   requests);
 * - from the trace: the goroutines that want a CPU, runnable (waiting for a P) plus running (busy Ps), sampled
 *   by schedtrace;
 * - the difference: requests in flight that want no CPU in the service at that moment (on the network, in the
 *   kernel, or in hey itself).
 * The run queue alone, divided by λ, is the mean time a request waits for a P (W_q = L_q / λ) if each runnable
 * goroutine stands for one request.
 */

import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { requestColumns, summarize } from "./latency";
import { littleWaitMs } from "./littleLaw";

export interface LittleCheck {
  /** The stretch checked: the load's requests, ms on the trace's clock. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly requests: number;
  /** λ: completed requests per second. */
  readonly throughputPerSec: number;
  /** W: mean latency, ms. */
  readonly meanLatencyMs: number;
  /** L = λW: mean requests in flight. */
  readonly inFlight: number;
  /** hey's -c when given: the most requests it keeps in flight. */
  readonly concurrency: number;
  /** SCHED samples inside [fromMs, toMs]. */
  readonly samples: number;
  /** Their mean runnable goroutines (global + local run queues). */
  readonly meanRunnable: number;
  /** Their mean busy Ps (gomaxprocs − idleprocs): goroutines running. */
  readonly meanRunning: number;
  /** meanRunnable + meanRunning: goroutines wanting a CPU. */
  readonly wantingCpu: number;
  /** W_q = L_q / λ: mean wait for a P per request implied by the run queue, ms. */
  readonly queueWaitMs: number;
  /** queueWaitMs / meanLatencyMs, %. */
  readonly queueSharePct: number;
}

export interface LittleOptions {
  /** hey's -c (data/*.meta.json load.concurrency), to compare with L. */
  readonly concurrency?: number;
}

/**
 * Little's law over the load: λ and W from the requests, the queues from `series` (analysis/scheduler.ts
 * schedSeries of the same run) sampled while the requests ran.
 */
export function littleCheck(requests: Table, series: Table, options: LittleOptions = {}): LittleCheck {
  const { startMs, latencyMs } = requestColumns(requests);
  const s = summarize(startMs, latencyMs);
  const q = queueMeans(series, s.fromMs, s.toMs);
  // Little 1961: L = λW (λ per ms × W in ms)
  const inFlight = (s.throughputPerSec / 1000) * s.meanMs;
  // Little's law on the run queue alone: W_q = L_q / λ
  const queueWaitMs = littleWaitMs(q.runnable, s.throughputPerSec);
  return {
    fromMs: s.fromMs,
    toMs: s.toMs,
    requests: s.requests,
    throughputPerSec: s.throughputPerSec,
    meanLatencyMs: s.meanMs,
    inFlight,
    concurrency: options.concurrency ?? Number.NaN,
    samples: q.samples,
    meanRunnable: q.runnable,
    meanRunning: q.running,
    wantingCpu: q.runnable + q.running,
    queueWaitMs,
    queueSharePct: (100 * queueWaitMs) / s.meanMs,
  };
}

/** Mean runnable and running goroutines over the SCHED samples in [fromMs, toMs] (NaN when none). */
function queueMeans(series: Table, fromMs: number, toMs: number) {
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const busy = numbers(series, "busyprocs");
  let n = 0;
  let r = 0;
  let b = 0;
  for (let i = 0; i < time.length; i++) {
    if (!(time[i] >= fromMs && time[i] < toMs)) continue;
    n++;
    r += runnable[i];
    b += busy[i];
  }
  return { samples: n, runnable: n > 0 ? r / n : Number.NaN, running: n > 0 ? b / n : Number.NaN };
}

export const LATENCY_VS_RUNNABLE_SCHEMA = [
  num("startMs", "ms", "latency window start (analysis/latency.ts latencyWindows)"),
  num("endMs", "ms", "window end"),
  num("samples", "count", "SCHED samples in the window"),
  num("runnable", "count", "mean runnable goroutines over those samples"),
  num("running", "count", "mean busy Ps over those samples"),
  num("requests", "count", "requests started in the window"),
  num("throughputPerSec", "1/s", "their rate"),
  num("meanMs", "ms", "their mean latency"),
  num("p99Ms", "ms", "their p99 (hey's method)"),
  num("queueWaitMs", "ms", "runnable / throughput: the wait for a P per request by Little's law"),
] as const;

/**
 * Latency against the run queue, window by window: each latency window (latencyWindows) with the mean of the
 * SCHED samples that fall into it. Windows without a sample are left out (make windows at least one schedtrace
 * period wide).
 */
export function latencyVsRunnable(windows: Table, series: Table): Table {
  const ws = numbers(windows, "startMs");
  const we = numbers(windows, "endMs");
  const cols = Object.fromEntries(LATENCY_VS_RUNNABLE_SCHEMA.map((c) => [c.name, [] as number[]]));
  for (let k = 0; k < windows.length; k++) {
    const q = queueMeans(series, ws[k], we[k]);
    if (q.samples === 0) continue;
    const rate = numbers(windows, "throughputPerSec")[k];
    cols.startMs.push(ws[k]);
    cols.endMs.push(we[k]);
    cols.samples.push(q.samples);
    cols.runnable.push(q.runnable);
    cols.running.push(q.running);
    cols.requests.push(numbers(windows, "requests")[k]);
    cols.throughputPerSec.push(rate);
    cols.meanMs.push(numbers(windows, "meanMs")[k]);
    cols.p99Ms.push(numbers(windows, "p99Ms")[k]);
    // Little 1961: W_q = L_q / λ
    cols.queueWaitMs.push(littleWaitMs(q.runnable, rate));
  }
  return makeTable(
    "latencyVsRunnable",
    LATENCY_VS_RUNNABLE_SCHEMA,
    Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])),
  );
}
