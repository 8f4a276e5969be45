/**
 * Two runs side by side (case 1 vs case 2, GOGC 100 vs 200): the headline figures both traces have, with the
 * difference b − a and the relative change.
 */
import { num, str } from "../table/columnSpec";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import type { Headline } from "./headline";

interface Figure {
  name: string;
  unit: string;
  get: (h: Headline) => number | undefined;
}

/** The figures compared, in report order. */
export const COMPARED_FIGURES: readonly Figure[] = [
  { name: "gc cycles", unit: "count", get: (h) => h.gc?.cycles },
  { name: "gc cycles per second", unit: "1/s", get: (h) => h.gc?.gcPerSec },
  { name: "gc CPU", unit: "%", get: (h) => h.gc?.gcCpuPct },
  { name: "runtime gcPct (last)", unit: "%", get: (h) => h.gc?.runtimeGcPct },
  { name: "pause p50", unit: "ms", get: (h) => h.gc?.pauses.p50 },
  { name: "pause p99", unit: "ms", get: (h) => h.gc?.pauses.p99 },
  { name: "pause max", unit: "ms", get: (h) => h.gc?.pauses.max },
  { name: "MMU 10 ms", unit: "%", get: (h) => h.gc?.mmu10msPct },
  { name: "peak heap", unit: "MiB", get: (h) => h.gc?.peakHeapMB },
  { name: "median live heap", unit: "MiB", get: (h) => h.gc?.medianLiveHeapMB },
  { name: "median heap goal", unit: "MiB", get: (h) => h.gc?.medianGoalMB },
  { name: "effective GOGC", unit: "%", get: (h) => h.gc?.inferredGogc },
  { name: "allocation rate (median)", unit: "MiB/s", get: (h) => h.gc?.medianAllocRateMBPerSec },
  { name: "runnable goroutines (max)", unit: "count", get: (h) => h.sched?.maxRunnable },
  { name: "runnable goroutines (mean)", unit: "count", get: (h) => h.sched?.meanRunnable },
  { name: "idle Ps while goroutines wait", unit: "%", get: (h) => h.sched?.starvingPct },
  { name: "threads (max)", unit: "count", get: (h) => h.sched?.threadsMax },
  { name: "longest queue drain", unit: "ms", get: (h) => h.sched?.longestDrainMs },
  { name: "goroutines (max)", unit: "count", get: (h) => h.goroutines?.maxGoroutines },
  { name: "suspected leaking groups", unit: "count", get: (h) => h.goroutines?.suspectedLeaks?.length },
  { name: "init time (Σ clock)", unit: "ms", get: (h) => h.init?.totalClockMs },
  { name: "scavenger released", unit: "MiB", get: (h) => h.scavenger?.releasedTotalMB },
];

export const COMPARE_SCHEMA = [
  str("figure", "what is compared"),
  str("unit", "its unit"),
  num("a", "", "the first run's value"),
  num("b", "", "the second run's value"),
  num("diff", "", "b − a"),
  num("diffPct", "%", "100 × (b − a) / |a| (NaN when a is 0)"),
] as const;

/** One figure of two runs, for compareFigures. */
export interface ComparedFigure {
  readonly figure: string;
  readonly unit: string;
  readonly a: number;
  readonly b: number;
}

/** A compareRuns-shaped table (for compareRunsChart) from figures of your own, e.g. ones read from MemStats. */
export function compareFigures(figures: readonly ComparedFigure[]): Table {
  return compareTable(
    figures.map((f) => f.figure),
    figures.map((f) => f.unit),
    figures.map((f) => f.a),
    figures.map((f) => f.b),
  );
}

/**
 * One row per figure that at least one of the two runs has (NaN where the other lacks it); `figures` keeps only
 * the named ones (COMPARED_FIGURES names), in that order.
 */
export function compareRuns(a: Headline, b: Headline, figures?: readonly string[]): Table {
  const chosen =
    figures === undefined
      ? COMPARED_FIGURES
      : figures.map((name) => {
          const f = COMPARED_FIGURES.find((c) => c.name === name);
          if (f === undefined) {
            throw new Error(`compareRuns: no figure ${JSON.stringify(name)}; see COMPARED_FIGURES`);
          }
          return f;
        });
  const figure: string[] = [];
  const unit: string[] = [];
  const va: number[] = [];
  const vb: number[] = [];
  for (const f of chosen) {
    const x = f.get(a) ?? Number.NaN;
    const y = f.get(b) ?? Number.NaN;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    figure.push(f.name);
    unit.push(f.unit);
    va.push(x);
    vb.push(y);
  }
  return compareTable(figure, unit, va, vb);
}

function compareTable(figure: string[], unit: string[], va: number[], vb: number[]): Table {
  const diff = va.map((x, i) => vb[i] - x);
  return makeTable("compareRuns", COMPARE_SCHEMA, {
    figure,
    unit,
    a: Float64Array.from(va),
    b: Float64Array.from(vb),
    diff: Float64Array.from(diff),
    diffPct: Float64Array.from(va.map((x, i) => (x !== 0 ? (100 * diff[i]) / Math.abs(x) : Number.NaN))),
  });
}
