/**
 * The one summary of a trace: what the input holds (lines per kind, process runs and their time spans, malformed
 * lines, damaged parts) and the headline figures of its main run (report/headline.ts). `godebug-lab summary` prints
 * it (report/summaryText.ts formatSummary) or writes it as JSON, the report page prints it at its top, and a
 * notebook gets it from summarizeTrace.
 */
import { withAnalysisCache } from "../analysis/memo";
import type { TableName } from "../parse/tables";
import { TRACE_KINDS } from "../parse/types";
import type { Trace } from "../trace/trace";
import { isWindow, type TraceWindow } from "../window/traceWindow";
import { type Headline, type HeadlineOptions, headline } from "./headline";

export interface RunSummary {
  readonly run: number;
  /** Earliest and latest `timeMs` of any row of the run (NaN when no row has a time, e.g. go1.3 gc lines). */
  readonly startMs: number;
  readonly endMs: number;
  readonly gcCycles: number;
  readonly schedSamples: number;
}

export interface TraceSummary extends Headline {
  readonly lines: number;
  /** Lines per class; the keys are the six kinds, `other` and `malformed`, and they add up to `lines`. */
  readonly counts: Readonly<Record<string, number>>;
  /** Every process run of the trace (a window: the runs it holds rows of); the figures are of the busiest. */
  readonly runs: readonly RunSummary[];
  readonly malformed: readonly { readonly line: number; readonly reason: string }[];
  /** Parts of the input skipped as damaged (Trace.damage): binary runs, gzip data that ends early or is corrupt. */
  readonly damage: readonly { readonly line: number; readonly lastLine: number; readonly reason: string }[];
  /** Only for a window on a trace (--from/--to/--run): what it keeps; everything else is of the window alone. */
  readonly window?: TraceWindow;
}

/** Tables whose rows carry a run and a time, for the per-run spans. */
const TIMED_TABLES: readonly TableName[] = [
  "gctrace",
  "gcforced",
  "gcpacertrace",
  "scavtrace",
  "schedtrace",
  "inittrace",
];

/**
 * The summary of a trace (or of a window on one). The figures need no P, M or G rows except the growing goroutine
 * groups (null when the trace was read without them, as `godebug-lab summary` reads a large scheddetail log).
 */
export function summarizeTrace(trace: Trace, options: HeadlineOptions = {}): TraceSummary {
  const counts: Record<string, number> = {};
  for (const k of [...TRACE_KINDS, "other", "malformed"] as const) counts[k] = trace.counts[k];
  // one cache for the headline's analyses: several read the same per-cycle tables (gcPhases, gcCpuPerCycle)
  const { source, ...figures } = withAnalysisCache(() => headline(trace, options));
  return {
    source,
    lines: trace.lines,
    counts,
    runs: runSummaries(trace),
    ...figures,
    malformed: trace.malformed.map(({ line, reason }) => ({ line, reason })),
    damage: trace.damage.map(({ line, lastLine, reason }) => ({ line, lastLine, reason })),
    ...(isWindow(trace) ? { window: trace.window } : {}),
  };
}

function runSummaries(trace: Trace): RunSummary[] {
  const runs: { startMs: number; endMs: number; gcCycles: number; schedSamples: number }[] = [];
  for (let r = 0; r < trace.runs; r++) runs.push({ startMs: NaN, endMs: NaN, gcCycles: 0, schedSamples: 0 });
  const held = new Set<number>(); // a window lists only the runs it holds rows of
  for (const name of TIMED_TABLES) {
    const run = trace.num(name, "run");
    const time = trace.num(name, "timeMs");
    for (let i = 0; i < run.length; i++) {
      const s = runs[run[i]];
      held.add(run[i]);
      if (name === "gctrace") s.gcCycles++;
      if (name === "schedtrace") s.schedSamples++;
      const t = time[i];
      if (Number.isNaN(t)) continue;
      if (!(t >= s.startMs)) s.startMs = t;
      if (!(t <= s.endMs)) s.endMs = t;
    }
  }
  return runs.map((s, run) => ({ run, ...s })).filter((r) => !isWindow(trace) || held.has(r.run));
}
