/**
 * `--from`, `--to` and `--run` of summary, export, report and chart: the flags' parseArgs options, their help lines,
 * reading them (before the input is read: a bad value costs nothing) and applying them to the loaded trace.
 */
import type { Trace } from "../trace/trace";
import { parseTraceTime } from "../window/duration";
import { describeWindow, type TraceWindow, windowTrace } from "../window/traceWindow";
import { UsageError } from "./command";

/** The options to spread into a command's parseArgs options. */
export const WINDOW_OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  run: { type: "string" },
} as const;

/** Their lines for a command's --help. */
export const WINDOW_HELP = [
  "  --from <time>         only what happened from this time since the process started: seconds (90, 1.5)",
  "                        or a Go duration (90s, 10m, 1h30m)",
  "  --to <time>           ... and before this time (same forms)",
  "  --run <n>             only process run n, from 0 (`summary` lists the runs; go run traces hold several)",
].join("\n");

/** The usage fragment. */
export const WINDOW_USAGE = "[--from <time>] [--to <time>] [--run <n>]";

/** The window the flags ask for, or undefined when none was given; UsageError for a bad value. */
export function windowFlags(values: { from?: string; to?: string; run?: string }): TraceWindow | undefined {
  const { from, to, run } = values;
  if (from === undefined && to === undefined && run === undefined) return undefined;
  const time = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    try {
      return parseTraceTime(text);
    } catch {
      throw new UsageError(
        `${flag} '${text}': expected seconds (90, 1.5) or a Go duration (90s, 10m, 1h30m) since the process started`,
      );
    }
  };
  const fromMs = time("--from", from);
  const toMs = time("--to", to);
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs))
    throw new UsageError(`--from ${from} must be before --to ${to}`);
  if (run !== undefined && !/^\d+$/.test(run))
    throw new UsageError(`--run '${run}': expected a run number (0, 1, ...)`);
  return { run: run === undefined ? undefined : Number(run), fromMs, toMs };
}

/**
 * The trace seen through `window` (the trace itself when undefined). UsageError when the trace has no such run or
 * nothing of it falls in the window (saying what the trace does hold).
 */
export function applyWindow(trace: Trace, window: TraceWindow | undefined): Trace {
  if (window === undefined) return trace;
  if (window.run !== undefined && window.run >= trace.runs) {
    const held =
      trace.runs === 0
        ? "no trace lines"
        : trace.runs === 1
          ? "1 run (run 0)"
          : `${trace.runs} runs (run 0 to run ${trace.runs - 1})`;
    throw new UsageError(`--run ${window.run}: ${trace.source} holds ${held}`);
  }
  const view = windowTrace(trace, window);
  const rows = view.lines - view.counts.other - view.counts.malformed;
  if (rows === 0) {
    throw new UsageError(
      `${trace.source}: no trace line in the window (${describeWindow(window)}); ${spans(trace)}`,
    );
  }
  return view;
}

/** What the trace's runs span, for the empty-window message: `run 0: 0.028 s to 3600.512 s`. */
function spans(trace: Trace): string {
  const parts: string[] = [];
  for (let run = 0; run < trace.runs && parts.length < 4; run++) {
    const w = windowTrace(trace, { run });
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const t of Object.values(w.tables)) {
      const time = t.columns.timeMs as Float64Array;
      for (let i = 0; i < time.length; i++) {
        if (time[i] < lo) lo = time[i];
        if (time[i] > hi) hi = time[i];
      }
    }
    parts.push(lo <= hi ? `run ${run}: ${sec(lo)} to ${sec(hi)}` : `run ${run}: no times`);
  }
  if (trace.runs > parts.length) parts.push(`… ${trace.runs - parts.length} more runs`);
  return parts.length > 0 ? `the trace holds ${parts.join(", ")}` : "the trace holds no trace lines";
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
