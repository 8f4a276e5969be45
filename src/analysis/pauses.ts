/**
 * Stop-the-world pauses from gctrace: per cycle, quantiles, histogram and ECDF.
 *
 * A cycle's pause is the sum of its two STW phases (sweep termination + mark termination; go1.3/go1.4 print a
 * fully stop-the-world collection), as the runtime adds them into MemStats.PauseNs (runtime/mgc.go:
 * work.pauseNS += now − work.pauseStart at each start-the-world). The parser's `pauseMs` column is that sum.
 */
import { bool, num } from "../table/columnSpec";
import { booleans, numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";
import { memoOf } from "./memo";
import { quantileSorted, sortedFinite } from "./stats";

export const GC_PAUSES_SCHEMA = [
  num("gcNum", "count", "GC cycle number"),
  num("timeMs", "ms", "cycle start"),
  num("sweepTermMs", "ms", "sweep-termination STW wall time"),
  num("markTermMs", "ms", "mark-termination STW wall time"),
  num("pauseMs", "ms", "total STW wall time of the cycle"),
  bool("forced", "the cycle was forced (runtime.GC, debug.FreeOSMemory)"),
] as const;

/**
 * One row per cycle with its pause.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcPauses(input: TraceInput): Table {
  const gctrace = tableOf(input, "gctrace");
  return makeTable("gcPauses", GC_PAUSES_SCHEMA, {
    gcNum: numbers(gctrace, "gcNum"),
    timeMs: numbers(gctrace, "timeMs"),
    sweepTermMs: numbers(gctrace, "clockSweepTermMs"),
    markTermMs: numbers(gctrace, "clockMarkTermMs"),
    pauseMs: numbers(gctrace, "pauseMs"),
    forced: booleans(gctrace, "forced") as boolean[],
  });
}

export interface PauseQuantiles {
  /** The quantile method, always "R-7" (Hyndman & Fan type 7, linear interpolation between closest ranks). */
  method: "R-7";
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  meanMs: number;
  totalMs: number;
}

/**
 * The finite pauses sorted, once per analysis scope for one column: the report's headline, histogram and ECDF all
 * read the same pauseMs column. Read-only for the callers below.
 */
function sortedPauses(pauseMs: ArrayLike<number>): Float64Array {
  return memoOf(pauseMs, sortedFinite, () => sortedFinite(pauseMs));
}

/** p50/p90/p99/p99.9/max of the finite pauses by the R-7 method (NaN when there are none). */
export function pauseQuantiles(pauseMs: ArrayLike<number>): PauseQuantiles {
  const s = sortedPauses(pauseMs);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i];
  return {
    method: "R-7",
    count: s.length,
    p50: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p99: quantileSorted(s, 0.99),
    p999: quantileSorted(s, 0.999),
    max: s.length > 0 ? s[s.length - 1] : Number.NaN,
    meanMs: s.length > 0 ? total / s.length : Number.NaN,
    totalMs: total,
  };
}

/** The 1-2-5 step nearest above `raw` (as d3.tickIncrement picks nice bin widths). */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

export interface HistogramOptions {
  /** Bin width; default: a 1-2-5 width giving about Sturges' number of bins, ⌈log2 n⌉ + 1. */
  binWidthMs?: number;
}

export const PAUSE_HISTOGRAM_SCHEMA = [
  num("binStartMs", "ms", "bin start (inclusive)"),
  num("binEndMs", "ms", "bin end (exclusive)"),
  num("count", "count", "pauses in the bin"),
] as const;

/** Histogram of the finite pauses in equal bins starting at 0. */
export function pauseHistogram(pauseMs: ArrayLike<number>, options: HistogramOptions = {}): Table {
  const s = sortedPauses(pauseMs);
  const top = s.length > 0 ? s[s.length - 1] : 0;
  // Sturges 1926: k = ⌈log2 n⌉ + 1 bins
  const width = options.binWidthMs ?? niceStep(top / (Math.ceil(Math.log2(Math.max(1, s.length))) + 1));
  if (!(width > 0)) throw new RangeError(`binWidthMs must be > 0, got ${width}`);
  const bins = s.length === 0 ? 0 : Math.floor(top / width) + 1;
  const start = new Float64Array(bins);
  const endMs = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    start[k] = k * width;
    endMs[k] = (k + 1) * width;
  }
  for (let i = 0; i < s.length; i++) count[Math.floor(s[i] / width)]++;
  return makeTable("pauseHistogram", PAUSE_HISTOGRAM_SCHEMA, { binStartMs: start, binEndMs: endMs, count });
}

export const PAUSE_ECDF_SCHEMA = [
  num("pauseMs", "ms", "a distinct pause length"),
  num("fraction", "fraction", "share of pauses ≤ pauseMs (empirical CDF)"),
] as const;

/** Empirical CDF: one row per distinct pause value, F(x) = #{pauses ≤ x} / n. */
export function pauseEcdf(pauseMs: ArrayLike<number>): Table {
  const s = sortedPauses(pauseMs);
  const xs: number[] = [];
  const fs: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i + 1] === s[i]) continue;
    xs.push(s[i]);
    fs.push((i + 1) / s.length);
  }
  return makeTable("pauseEcdf", PAUSE_ECDF_SCHEMA, {
    pauseMs: Float64Array.from(xs),
    fraction: Float64Array.from(fs),
  });
}
