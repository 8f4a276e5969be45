/**
 * When each GC cycle's phases happened, reconstructed from a gctrace table: the cycle starts at `timeMs`
 * (the `@` value, the start of sweep termination) and the clock phases follow one another.
 */
import { num } from "../table/columnSpec";
import { numbers } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";
import { recall, remember } from "./memo";
import { orZero } from "./stats";

/** A column of the gctrace table that only some formats print (go1.5's extra phases): NaN when absent. */
export function optionalMs(gctrace: Table, name: string): Float64Array {
  const c = gctrace.columns[name];
  return c instanceof Float64Array ? c : new Float64Array(gctrace.length).fill(Number.NaN);
}

export const GC_PHASES_SCHEMA = [
  num("gcNum", "count", "GC cycle number"),
  num("startMs", "ms", "start of sweep termination (the gctrace @ time, truncated to whole ms)"),
  num("sweepTermEndMs", "ms", "end of the sweep-termination stop-the-world pause"),
  num("markTermStartMs", "ms", "start of the mark-termination stop-the-world pause"),
  num("endMs", "ms", "end of mark termination (the cycle's end; the gc line is printed then)"),
  num("procs", "count", "GOMAXPROCS during the cycle"),
] as const;

/**
 * Phase boundaries per cycle. runtime/mgc.go (go1.6+) prints the clock phases as tMark−tSweepTerm,
 * tMarkTerm−tMark, tEnd−tMarkTerm, so the boundaries are cumulative sums from the @ time; go1.5's two extra
 * concurrent phases (scan, install write barrier) sit between sweep termination and mark. Errors: the @ time
 * is truncated to the millisecond and each phase is rounded to two significant digits (docs/formats.md §0.1),
 * so a boundary is known to about ±1 ms. Cycles without an @ time (go1.4 and older) get NaN.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcPhases(input: TraceInput): Table {
  const gctrace = tableOf(input, "gctrace");
  const known = recall<Table>(gctrace, gcPhases);
  if (known !== undefined) return known;
  const n = gctrace.length;
  const time = numbers(gctrace, "timeMs");
  const c1 = numbers(gctrace, "clockSweepTermMs");
  const c2 = numbers(gctrace, "clockMarkMs");
  const c3 = numbers(gctrace, "clockMarkTermMs");
  const scan = optionalMs(gctrace, "clockScanMs");
  const wb = optionalMs(gctrace, "clockInstallWBMs");
  const sweepTermEnd = new Float64Array(n);
  const markTermStart = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // runtime/mgc.go gcMarkTermination: clock = tMark−tSweepTerm + tMarkTerm−tMark + tEnd−tMarkTerm
    sweepTermEnd[i] = time[i] + c1[i];
    markTermStart[i] = sweepTermEnd[i] + orZero(scan[i]) + orZero(wb[i]) + c2[i];
    end[i] = markTermStart[i] + c3[i];
  }
  const table = makeTable("gcPhases", GC_PHASES_SCHEMA, {
    gcNum: numbers(gctrace, "gcNum"),
    startMs: time,
    sweepTermEndMs: sweepTermEnd,
    markTermStartMs: markTermStart,
    endMs: end,
    procs: numbers(gctrace, "procs"),
  });
  return remember(gctrace, gcPhases, table);
}
