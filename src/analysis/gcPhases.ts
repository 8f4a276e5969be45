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
 * Phase boundaries of each cycle, computed when asked from the gctrace columns: what gcPhases tabulates, for
 * analyses that read each boundary once (the MMU, GC CPU, allocation rate) and need no three columns of a million
 * cycles kept. runtime/mgc.go (go1.6+) prints the clock phases as tMark−tSweepTerm, tMarkTerm−tMark,
 * tEnd−tMarkTerm, so the boundaries are cumulative sums from the @ time; go1.5's two extra concurrent phases
 * (scan, install write barrier) sit between sweep termination and mark.
 */
export class PhaseClock {
  readonly length: number;
  private readonly time: Float64Array;
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;
  private readonly c3: Float64Array;
  private readonly scan: Float64Array | undefined;
  private readonly wb: Float64Array | undefined;

  constructor(gctrace: Table) {
    this.length = gctrace.length;
    this.time = numbers(gctrace, "timeMs");
    this.c1 = numbers(gctrace, "clockSweepTermMs");
    this.c2 = numbers(gctrace, "clockMarkMs");
    this.c3 = numbers(gctrace, "clockMarkTermMs");
    const optional = (name: string) => {
      const c = gctrace.columns[name];
      return c instanceof Float64Array ? c : undefined;
    };
    this.scan = optional("clockScanMs");
    this.wb = optional("clockInstallWBMs");
  }

  /** The cycle's start: the @ time (start of sweep termination). */
  startMs(i: number): number {
    return this.time[i];
  }

  sweepTermEndMs(i: number): number {
    return this.time[i] + this.c1[i];
  }

  /** Given sweepTermEndMs(i) (a caller reading every boundary computes each once). */
  markTermStartMs(i: number, sweepTermEndMs: number): number {
    // an absent go1.5 column adds 0, as a NaN one does (orZero): still added, so −0 comes out +0 either way
    const scan = this.scan === undefined ? 0 : orZero(this.scan[i]);
    const wb = this.wb === undefined ? 0 : orZero(this.wb[i]);
    return sweepTermEndMs + scan + wb + this.c2[i];
  }

  /** Given markTermStartMs(i). */
  endMs(i: number, markTermStartMs: number): number {
    return markTermStartMs + this.c3[i];
  }

  /** The cycle's end, from its start. */
  cycleEndMs(i: number): number {
    return this.endMs(i, this.markTermStartMs(i, this.sweepTermEndMs(i)));
  }
}

/**
 * Phase boundaries per cycle (PhaseClock, tabulated). runtime/mgc.go gcMarkTermination: clock =
 * tMark−tSweepTerm + tMarkTerm−tMark + tEnd−tMarkTerm. Errors: the @ time
 * is truncated to the millisecond and each phase is rounded to two significant digits (docs/formats.md §0.1),
 * so a boundary is known to about ±1 ms. Cycles without an @ time (go1.4 and older) get NaN.
 * `input`: a Trace (its `gctrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function gcPhases(input: TraceInput): Table {
  const gctrace = tableOf(input, "gctrace");
  const known = recall<Table>(gctrace, gcPhases);
  if (known !== undefined) return known;
  const n = gctrace.length;
  const clock = new PhaseClock(gctrace);
  const sweepTermEnd = new Float64Array(n);
  const markTermStart = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = clock.sweepTermEndMs(i);
    const b = clock.markTermStartMs(i, a);
    sweepTermEnd[i] = a;
    markTermStart[i] = b;
    end[i] = clock.endMs(i, b);
  }
  const table = makeTable("gcPhases", GC_PHASES_SCHEMA, {
    gcNum: numbers(gctrace, "gcNum"),
    startMs: numbers(gctrace, "timeMs"),
    sweepTermEndMs: sweepTermEnd,
    markTermStartMs: markTermStart,
    endMs: end,
    procs: numbers(gctrace, "procs"),
  });
  return remember(gctrace, gcPhases, table);
}
