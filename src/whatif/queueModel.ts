/**
 * An M/M/c queue calibrated on a scheduler trace, for "what if the load doubles, or we add two Ps".
 * Needs the per-P schedule counters (scheddetail `schedtick`, or go1.25+ summary `schedticks`): each schedule
 * of a goroutine is one service.
 * - throughput λ = Δ Σ schedtick / Δt over the trace (runtime/proc.go execute: schedtick++ per goroutine run,
 *   except one that inherits the previous time slice, so λ slightly undercounts);
 * - utilisation U = mean busy Ps (gomaxprocs − idleprocs) over the samples;
 * - mean service time S = U / λ (the utilisation law U = λ·S, Denning & Buzen 1978);
 * - servers c = GOMAXPROCS; observed queue = mean runnable goroutines (global + local run queues).
 * Samples are snapshots every N ms, so U and the queue are sample means, not time averages.
 */
import { littleWaitMs } from "../analysis/littleLaw";
import { mean } from "../analysis/stats";
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import type { MmcInput } from "./queueing";

export interface QueueCalibration extends MmcInput {
  /** Mean busy Ps over the samples (U). */
  busyPs: number;
  /** Mean runnable goroutines over the samples (the observed L of the queue). */
  observedMeanQueue: number;
  /** Little's law on the observations: the mean wait for a P implied by L and λ, ms. */
  observedWaitMs: number;
  samples: number;
}

/** Calibrates on a schedSeries table (src/analysis/scheduler.ts); null when no schedule counters were printed. */
export function calibrateQueue(series: Table): QueueCalibration | null {
  const time = numbers(series, "timeMs");
  const ticks = numbers(series, "schedticks");
  const g = numbers(series, "gomaxprocs");
  const busy = numbers(series, "busyprocs");
  const runnable = numbers(series, "runnable");
  let first = -1;
  let last = -1;
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(ticks[i])) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0 || last === first || !(time[last] > time[first])) return null;
  // throughput: schedules per second between the first and last samples with counters
  const lambda = (1000 * (ticks[last] - ticks[first])) / (time[last] - time[first]);
  const u = mean(busy);
  if (!(lambda > 0) || !(u > 0)) return null;
  const queue = mean(runnable);
  return {
    arrivalRatePerSec: lambda,
    // utilisation law: U = λ·S → S = U/λ
    serviceTimeMs: (1000 * u) / lambda,
    servers: g[series.length - 1],
    busyPs: u,
    observedMeanQueue: queue,
    observedWaitMs: littleWaitMs(queue, lambda),
    samples: series.length,
  };
}
