/**
 * The busiest window of a long trace: where a report zooms in beside its whole-run overview.
 *
 * - Its length: a round duration (1 s, 2 s, 5 s, … 1 h, 2 h, 6 h, 12 h, 1 d) holding about `rows` (default 1000)
 *   gc cycles or SCHED samples at the run's average rate, so its charts can draw every cycle and sample. A run that
 *   holds fewer than twice that many has no busiest window: its own charts already show everything.
 * - Busiest: with gc cycles, the window with the most GC CPU time as the runtime counts it (analysis/gcCpu.ts
 *   gcCpuMs: the two stop-the-world phases × Ps + assist + background mark; runtime/mgc.go gcMarkTermination), summed
 *   over the cycles that start in it; with SCHED samples only, the window with the most runnable goroutines summed
 *   over its samples (global run queue + the Ps' local queues, runtime/proc.go schedtrace), i.e. the longest queues
 *   for the longest time.
 * - Windows start at multiples of a tenth of their length (round times), over the run's main process (the run with
 *   the most gc cycles, else SCHED samples); the first of equals wins.
 */
import { gcCpuPerCycle } from "../analysis/gcCpu";
import { numbers } from "../table/columns";
import { busiestRun, mainRun } from "../table/runs";
import type { Trace } from "../trace/trace";
import { formatDuration } from "./duration";
import type { TraceWindow } from "./traceWindow";

export interface BusiestWindow extends Required<TraceWindow> {
  /** toMs − fromMs. */
  readonly lengthMs: number;
  /** What "busiest" was measured by. */
  readonly measure: "gcCpuMs" | "runnable";
  /** The measure summed over the window, and over the whole run. */
  readonly value: number;
  readonly total: number;
  /** gc cycles (gcCpuMs) or SCHED samples (runnable) in the window, and in the run. */
  readonly rows: number;
  readonly runRows: number;
  /** One sentence saying what the window is and why, for a page. */
  readonly description: string;
}

export interface BusiestOptions {
  /** About how many cycles or samples the window should hold (default 1000). */
  readonly rows?: number;
}

/** Round window lengths, in ms. */
const NICE_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
  (s) => s * 1000,
);

/** The busiest window of the trace's main run (see the module comment); null when the run is not long enough. */
export function busiestWindow(trace: Trace, options: BusiestOptions = {}): BusiestWindow | null {
  const target = options.rows ?? 1000;
  const gc = mainRun(trace.tables.gctrace);
  let time: Float64Array;
  let weight: Float64Array;
  let measure: BusiestWindow["measure"];
  let run: number;
  if (gc.length > 0) {
    time = numbers(gc, "timeMs");
    weight = numbers(gcCpuPerCycle(gc), "gcCpuMs");
    measure = "gcCpuMs";
    run = numbers(gc, "run")[0];
  } else {
    const sched = mainRun(trace.tables.schedtrace);
    if (sched.length === 0) return null;
    time = numbers(sched, "timeMs");
    const global = numbers(sched, "runqueue");
    const local = numbers(sched, "localRunqueue");
    weight = new Float64Array(sched.length);
    // a missing per-P list (NaN) adds nothing: the global queue is still a lower bound
    for (let i = 0; i < sched.length; i++) weight[i] = global[i] + (Number.isNaN(local[i]) ? 0 : local[i]);
    measure = "runnable";
    run = busiestRun(trace.tables.schedtrace);
  }
  // the rows with a time, in time order (a run's times only grow: parse/runs.ts)
  const at: number[] = [];
  for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i])) at.push(i);
  const n = at.length;
  if (n < 2 * target) return null;
  const first = time[at[0]];
  const last = time[at[n - 1]];
  const span = last - first;
  const wanted = (span * target) / n;
  const lengthMs = [...NICE_MS].reverse().find((l) => l <= wanted) ?? NICE_MS[0];
  if (lengthMs > span / 2) return null;

  // prefix sums over the timed rows, then every window start on a grid of lengthMs / 10
  const t = new Float64Array(n);
  const before = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    t[k] = time[at[k]];
    const w = weight[at[k]];
    before[k + 1] = before[k] + (Number.isFinite(w) ? w : 0);
  }
  const step = lengthMs / 10;
  let best = { from: 0, value: Number.NEGATIVE_INFINITY, rows: 0 };
  for (let k = Math.floor(first / step); k * step <= last; k++) {
    const from = k * step;
    const lo = lowerBound(t, from);
    const hi = lowerBound(t, from + lengthMs);
    const value = before[hi] - before[lo];
    if (value > best.value) best = { from, value, rows: hi - lo };
  }
  const total = before[n];
  const fromMs = best.from;
  const toMs = best.from + lengthMs;
  const what =
    measure === "gcCpuMs"
      ? `the most GC CPU time (${ms(best.value)} of the run's ${ms(total)}; ${best.rows} of ${n} cycles)`
      : `the most runnable goroutines waiting (${round(best.value / Math.max(1, best.rows))} on average over its ${best.rows} samples, against ${round(total / n)} over the run's ${n})`;
  return {
    run,
    fromMs,
    toMs,
    lengthMs,
    measure,
    value: best.value,
    total,
    rows: best.rows,
    runRows: n,
    description: `Run ${run}, ${formatDuration(fromMs)} to ${formatDuration(toMs)}: the ${formatDuration(lengthMs)} window with ${what}.`,
  };
}

function lowerBound(xs: Float64Array, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const round = (v: number): number => Math.round(v * 10) / 10;
const ms = (v: number): string => (v >= 1000 ? `${round(v / 1000)} s` : `${round(v)} ms`);
