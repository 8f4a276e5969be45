/**
 * What the users felt: request latency from a load generator's per-request table (src/load/, one row per
 * request with `timeMs`, its start on the traced process's clock, and `latencyMs`), summed up and over time on
 * the same clock as the trace's SCHED samples and GC cycles.
 *
 * Percentiles here are hey's own (requester/report.go `latencies()`, one at a time: table/heyPercentile.ts), so a
 * p99 computed from `hey -o csv` is the p99 hey printed in its summary for the same requests.
 */

import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { heyPercentile } from "../table/heyPercentile";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { TIME_STEPS_MS } from "./timeSteps";

/** The request columns the latency analyses read (the loader's table has more: phases, status, run). */
export interface RequestColumns {
  /** When each request started, ms on the traced process's clock. */
  readonly startMs: Float64Array;
  /** Its response time, ms (hey's `response-time`: from the start of the request to the end of the response). */
  readonly latencyMs: Float64Array;
}

/** The `timeMs` and `latencyMs` columns of a per-request table (throws naming the table if one is missing). */
export function requestColumns(requests: Table): RequestColumns {
  return { startMs: numbers(requests, "timeMs"), latencyMs: numbers(requests, "latencyMs") };
}

/** Request latency over a stretch of the run. */
export interface LatencySummary {
  readonly requests: number;
  /** Start of the first request and end of the last one (start + latency), ms on the trace's clock. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Completed requests per second over [fromMs, toMs]. */
  readonly throughputPerSec: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Count, throughput and hey's percentiles of the requests' latency (rows with a non-finite time or latency skipped). */
export function latencySummary(requests: Table): LatencySummary {
  const { startMs, latencyMs } = requestColumns(requests);
  return summarize(startMs, latencyMs);
}

/** latencySummary over columns (also used per class and per window). */
export function summarize(
  startMs: ArrayLike<number>,
  latencyMs: ArrayLike<number>,
  keep?: Uint8Array,
): LatencySummary {
  const kept: number[] = [];
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (let i = 0; i < latencyMs.length; i++) {
    if (keep !== undefined && keep[i] === 0) continue;
    const s = startMs[i];
    const l = latencyMs[i];
    if (!(Number.isFinite(s) && Number.isFinite(l))) continue;
    kept.push(l);
    total += l;
    if (s < from) from = s;
    if (s + l > to) to = s + l;
  }
  const sorted = Float64Array.from(kept).sort();
  const n = sorted.length;
  return {
    requests: n,
    fromMs: n > 0 ? from : Number.NaN,
    toMs: n > 0 ? to : Number.NaN,
    // throughput as hey prints it: requests / total time (hey requester/report.go finalize: rps = numRes / total)
    throughputPerSec: n > 0 && to > from ? (1000 * n) / (to - from) : Number.NaN,
    meanMs: n > 0 ? total / n : Number.NaN,
    p50Ms: heyPercentile(sorted, 0.5),
    p90Ms: heyPercentile(sorted, 0.9),
    p99Ms: heyPercentile(sorted, 0.99),
    maxMs: n > 0 ? sorted[n - 1] : Number.NaN,
  };
}

export const LATENCY_WINDOWS_SCHEMA = [
  num("startMs", "ms", "window start on the trace's clock (a multiple of the window width)"),
  num("endMs", "ms", "window end (exclusive)"),
  num("requests", "count", "requests that started in the window"),
  num("throughputPerSec", "1/s", "requests started in the window per second"),
  num("meanMs", "ms", "mean latency of those requests"),
  num("p50Ms", "ms", "their median latency (hey's percentile method)"),
  num("p99Ms", "ms", "their 99th percentile (hey's method; equals the max below 100 requests)"),
  num("maxMs", "ms", "their slowest"),
] as const;

export interface LatencyWindowOptions {
  /** Window width in ms; default: a round width giving at most `maxWindows` windows of ≥ 1,000 requests on average. */
  readonly windowMs?: number;
  /** Most windows for the default width (default 200). */
  readonly maxWindows?: number;
}

/**
 * The default window width for requests from `fromMs` to `toMs`: the smallest round width (TIME_STEPS_MS, the
 * same widths a reduced chart bins time by) giving at most `maxWindows` windows of ≥ 1,000 requests on average.
 */
export function defaultWindowMs(requests: number, fromMs: number, toMs: number, maxWindows = 200): number {
  const span = Math.max(toMs - fromMs, 1);
  for (const w of TIME_STEPS_MS) {
    const windows = Math.floor(toMs / w) - Math.floor(fromMs / w) + 1;
    // at least 1,000 requests per window on average, so a window's p99 is ten requests below its max, not the max
    if (windows <= maxWindows && requests / Math.max(windows, span / w) >= 1000) return w;
  }
  return TIME_STEPS_MS[TIME_STEPS_MS.length - 1];
}

/**
 * Latency over time: the requests cut into equal windows by their start time (on the trace's clock, so the
 * windows line up with SCHED samples and gc cycles), each with its count, rate, mean, p50, p99 and max. Windows
 * with no request are kept (requests 0, NaN figures): a gap in the load is a gap in the chart.
 */
export function latencyWindows(requests: Table, options: LatencyWindowOptions = {}): Table {
  const { startMs, latencyMs } = requestColumns(requests);
  const all = summarize(startMs, latencyMs);
  const empty = () => makeTable("latencyWindows", LATENCY_WINDOWS_SCHEMA, emptyColumns(0));
  if (all.requests === 0) return empty();
  const width = options.windowMs ?? defaultWindowMs(all.requests, all.fromMs, all.toMs, options.maxWindows);
  if (!(width > 0)) throw new RangeError(`latencyWindows: windowMs must be > 0, got ${width}`);
  let lastStart = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < startMs.length; i++) if (startMs[i] > lastStart) lastStart = startMs[i];
  const from = Math.floor(all.fromMs / width) * width;
  const count = Math.floor((lastStart - from) / width) + 1;
  const byWindow: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < startMs.length; i++) {
    if (!(Number.isFinite(startMs[i]) && Number.isFinite(latencyMs[i]))) continue;
    byWindow[Math.floor((startMs[i] - from) / width)].push(latencyMs[i]);
  }
  const c = emptyColumns(count);
  for (let k = 0; k < count; k++) {
    const sorted = Float64Array.from(byWindow[k]).sort();
    const n = sorted.length;
    let total = 0;
    for (let j = 0; j < n; j++) total += sorted[j];
    c.startMs[k] = from + k * width;
    c.endMs[k] = from + (k + 1) * width;
    c.requests[k] = n;
    c.throughputPerSec[k] = (1000 * n) / width;
    c.meanMs[k] = n > 0 ? total / n : Number.NaN;
    c.p50Ms[k] = heyPercentile(sorted, 0.5);
    c.p99Ms[k] = heyPercentile(sorted, 0.99);
    c.maxMs[k] = n > 0 ? sorted[n - 1] : Number.NaN;
  }
  return makeTable("latencyWindows", LATENCY_WINDOWS_SCHEMA, c);
}

function emptyColumns(n: number): Record<(typeof LATENCY_WINDOWS_SCHEMA)[number]["name"], Float64Array> {
  const c = {} as Record<string, Float64Array>;
  for (const spec of LATENCY_WINDOWS_SCHEMA) c[spec.name] = new Float64Array(n);
  return c;
}
