/**
 * hey's summary figures — what its text output prints — as one object, whether they were read from that text
 * (heyText.ts) or computed from the CSV's rows the way hey computes them (github.com/rakyll/hey requester/report.go
 * v0.1.4: `latencies`, `histogram`, `snapshot`), so a CSV and a text summary of the same run agree.
 */
import { heyPercentileList } from "../table/heyPercentile";
import type { Table } from "../table/table";

export interface HeyPercentile {
  readonly percent: number;
  readonly latencyMs: number;
}
export interface HeyBucket {
  /** The bucket's upper mark (hey prints it with three decimals of a second, i.e. to the ms). */
  readonly markMs: number;
  readonly count: number;
}
export interface HeyPhase {
  /** hey's label: "DNS+dialup", "DNS-lookup", "req write", "resp wait", "resp read". */
  readonly phase: string;
  readonly averageMs: number;
  readonly fastestMs: number;
  readonly slowestMs: number;
}

export interface HeySummary {
  /** "text": as hey printed it; "csv": computed from the rows (as hey computes them). */
  readonly from: "text" | "csv";
  /** Requests that got a response (the status codes' total). */
  readonly responses: number;
  /** Requests that failed without a response (hey's error distribution); the CSV never lists them, so 0 there. */
  readonly errors: number;
  /** text: hey's Total (its run, first request to last); csv: first request start to last response end. */
  readonly totalSec: number;
  readonly slowestMs: number;
  readonly fastestMs: number;
  readonly averageMs: number;
  /** hey: all results (responses and errors) / totalSec. */
  readonly requestsPerSec: number;
  /** Body bytes received, and per response; NaN when not printed (hey leaves them out at 0, the CSV has none). */
  readonly totalDataBytes: number;
  readonly sizePerRequestBytes: number;
  /** hey's 10, 25, 50, 75, 90, 95, 99th percentiles; those hey did not reach (under 100 responses) are left out. */
  readonly percentiles: readonly HeyPercentile[];
  /** hey's 11 buckets from fastest to slowest. */
  readonly histogram: readonly HeyBucket[];
  readonly phases: readonly HeyPhase[];
  /** Responses per HTTP status code. */
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Failed requests per error message. */
  readonly errorDistribution: readonly { readonly count: number; readonly error: string }[];
}

export const HEY_PERCENTS = [10, 25, 50, 75, 90, 95, 99] as const;
const PHASES: readonly [string, string][] = [
  ["DNS+dialup", "dnsDialupMs"],
  ["DNS-lookup", "dnsMs"],
  ["req write", "requestWriteMs"],
  ["resp wait", "responseDelayMs"],
  ["resp read", "responseReadMs"],
];

/** hey's percentiles as it prints them (table/heyPercentile.ts: hey's rule, and how its list differs from one alone). */
export function heyPercentiles(sortedMs: Float64Array): HeyPercentile[] {
  return heyPercentileList(sortedMs, HEY_PERCENTS).map((p) => ({ percent: p.percent, latencyMs: p.value }));
}

/** hey's histogram: 10 equal buckets from fastest to slowest plus one at slowest (hey report.go `histogram`). */
export function heyHistogram(sortedMs: Float64Array): HeyBucket[] {
  const n = sortedMs.length;
  if (n === 0) return [];
  const fastest = sortedMs[0];
  const slowest = sortedMs[n - 1];
  const bc = 10;
  // hey report.go histogram: bs := (slowest − fastest)/bc; buckets[i] = fastest + bs·i; buckets[bc] = slowest
  const bs = (slowest - fastest) / bc;
  const marks = Array.from({ length: bc + 1 }, (_, i) => (i < bc ? fastest + bs * i : slowest));
  const counts = new Array<number>(bc + 1).fill(0);
  let bi = 0;
  for (let i = 0; i < n; ) {
    if (sortedMs[i] <= marks[bi]) {
      counts[bi]++;
      i++;
    } else if (bi < bc) bi++;
    else break;
  }
  return marks.map((markMs, i) => ({ markMs, count: counts[i] }));
}

function column(t: Table, name: string): Float64Array {
  return t.columns[name] as Float64Array;
}

function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

function meanOf(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return values.length > 0 ? s / values.length : Number.NaN;
}

/** hey's summary figures computed from a `requests` table (heyCsv.ts). */
export function summaryFromRequests(requests: Table): HeySummary {
  const latency = column(requests, "latencyMs");
  const lat = sorted(latency);
  const n = lat.length;
  const start = column(requests, "offsetMs");
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    first = Math.min(first, start[i]);
    last = Math.max(last, start[i] + latency[i]);
  }
  // the CSV has no Total: first request start to the last response's end (hey's own Total starts a little earlier)
  const totalSec = n > 0 ? (last - first) / 1000 : Number.NaN;
  const statusCodes: Record<string, number> = {};
  for (const s of column(requests, "status")) {
    const key = Number.isNaN(s) ? "unknown" : String(s);
    statusCodes[key] = (statusCodes[key] ?? 0) + 1;
  }
  return {
    from: "csv",
    responses: n,
    errors: 0,
    totalSec,
    slowestMs: n > 0 ? lat[n - 1] : Number.NaN,
    fastestMs: n > 0 ? lat[0] : Number.NaN,
    averageMs: meanOf(lat),
    // hey report.go finalize: rps = numRes / total
    requestsPerSec: n / totalSec,
    totalDataBytes: Number.NaN,
    sizePerRequestBytes: Number.NaN,
    percentiles: heyPercentiles(lat),
    histogram: heyHistogram(lat),
    phases: PHASES.map(([phase, name]) => {
      const v = sorted(column(requests, name));
      return {
        phase,
        averageMs: meanOf(v),
        fastestMs: v[0] ?? Number.NaN,
        slowestMs: v[n - 1] ?? Number.NaN,
      };
    }),
    statusCodes,
    errorDistribution: [],
  };
}
