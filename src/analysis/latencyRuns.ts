/**
 * The same load against several runs of the service (GOMAXPROCS 1 vs 2 vs more, or any other change): one row
 * per run with what the users felt (throughput and latency percentiles) next to what the scheduler showed.
 */

import { num, str } from "../table/columnSpec";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { latencySummary } from "./latency";
import { littleCheck } from "./latencyLittle";

export interface LatencyRun {
  /** How the run is named in tables and charts, e.g. "GOMAXPROCS=2". */
  readonly label: string;
  /** The run's per-request table (src/load/ loadHey). */
  readonly requests: Table;
  /** schedSeries of the run's trace, for the queue columns (NaN without it). */
  readonly series?: Table;
  /** GOMAXPROCS of the run (NaN when not given: then the trace's gomaxprocs if a series is given). */
  readonly gomaxprocs?: number;
}

export const LATENCY_RUNS_SCHEMA = [
  str("label", "the run"),
  num("gomaxprocs", "count", "Ps of the run"),
  num("requests", "count", "requests completed"),
  num("throughputPerSec", "1/s", "requests per second (hey's rps)"),
  num("meanMs", "ms", "mean latency"),
  num("p50Ms", "ms", "median latency (hey's percentile method)"),
  num("p90Ms", "ms", "90th percentile"),
  num("p99Ms", "ms", "99th percentile"),
  num("maxMs", "ms", "slowest request"),
  num("inFlight", "count", "L = λW: mean requests in flight (Little's law)"),
  num("meanRunnable", "count", "mean runnable goroutines during the load (schedtrace)"),
  num("meanRunning", "count", "mean busy Ps during the load (schedtrace)"),
  num("queueWaitMs", "ms", "runnable / λ: mean wait for a P per request (Little's law)"),
] as const;

/** One row per run, in the order given. */
export function compareLatencyRuns(runs: readonly LatencyRun[]): Table {
  const cols: Record<string, (number | string)[]> = Object.fromEntries(
    LATENCY_RUNS_SCHEMA.map((c) => [c.name, []]),
  );
  for (const run of runs) {
    const s = latencySummary(run.requests);
    const q = run.series !== undefined ? littleCheck(run.requests, run.series) : undefined;
    const procs = run.gomaxprocs ?? (run.series !== undefined ? firstProcs(run.series) : Number.NaN);
    cols.label.push(run.label);
    cols.gomaxprocs.push(procs);
    cols.requests.push(s.requests);
    cols.throughputPerSec.push(s.throughputPerSec);
    cols.meanMs.push(s.meanMs);
    cols.p50Ms.push(s.p50Ms);
    cols.p90Ms.push(s.p90Ms);
    cols.p99Ms.push(s.p99Ms);
    cols.maxMs.push(s.maxMs);
    // Little 1961: L = λW
    cols.inFlight.push((s.throughputPerSec / 1000) * s.meanMs);
    cols.meanRunnable.push(q?.meanRunnable ?? Number.NaN);
    cols.meanRunning.push(q?.meanRunning ?? Number.NaN);
    cols.queueWaitMs.push(q?.queueWaitMs ?? Number.NaN);
  }
  const columns: Record<string, Float64Array | string[]> = {};
  for (const spec of LATENCY_RUNS_SCHEMA) {
    columns[spec.name] =
      spec.name === "label" ? (cols.label as string[]) : Float64Array.from(cols[spec.name] as number[]);
  }
  return makeTable("latencyRuns", LATENCY_RUNS_SCHEMA, columns);
}

function firstProcs(series: Table): number {
  const g = series.columns.gomaxprocs;
  return g instanceof Float64Array && g.length > 0 ? g[0] : Number.NaN;
}
