/**
 * `godebug-lab summary <file|-> [--json]`: the one summary of a trace (src/report/summary.ts) — lines per kind,
 * process runs and their time spans, and the headline figures of every kind it holds — as text
 * (src/report/summaryFormat.ts) or, with --json, the data itself.
 */
import { TRACE_KINDS } from "../parse/types";
import { plural } from "../report/format";
import { summarizeTrace, type TraceSummary } from "../report/summary";
import { formatSummary } from "../report/summaryFormat";
import { safeJson } from "../safeText";
import type { Command } from "./command";
import { parseCommandArgs, printHelp } from "./command";
import { formatHeySummary, heySummaryJson, refuseHeyWindow, sniffInput } from "./heyInput";
import { readTrace } from "./input";
import { progressFor } from "./progress";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

/** What to do when the input holds no GODEBUG line at all (none parsed, none malformed); undefined otherwise. */
export function noTraceHint(s: TraceSummary): string | undefined {
  if (TRACE_KINDS.some((k) => s.counts[k] > 0) || s.counts.malformed > 0) return undefined;
  const what =
    s.lines === 0 ? "is empty" : `has no GODEBUG trace lines (${plural(s.lines, "line")} of other text)`;
  return (
    `${s.source} ${what}. The runtime writes its traces to stderr: run the program with GODEBUG set and keep ` +
    "its stderr (GODEBUG=gctrace=1,schedtrace=1000 ./prog 2> trace.log), or use godebug-lab capture."
  );
}

/**
 * The summary as JSON: the summary itself plus the names `summary --json` printed before the summary and the
 * headline became one (scripts keep working): gc.pauseTotalMs, pauseMaxMs, heapPeakMB, gcPctLast; sched.runnableMax,
 * detailDumps, goroutinesMax; init.clockMsTotal, bytesTotal, slowestPkg, slowestClockMs. JSON has no NaN: a figure
 * the trace does not have is null.
 */
export function summaryJson(s: TraceSummary): string {
  const { gc, sched, goroutines, init } = s;
  const json = {
    ...s,
    gc: gc && {
      ...gc,
      pauseTotalMs: gc.pauses.totalMs,
      pauseMaxMs: gc.pauses.max,
      heapPeakMB: gc.peakHeapMB,
      gcPctLast: gc.runtimeGcPct,
    },
    sched: sched && {
      ...sched,
      runnableMax: sched.maxRunnable,
      detailDumps: goroutines?.dumps ?? 0,
      goroutinesMax: goroutines?.maxGoroutines ?? 0,
    },
    init: init && {
      ...init,
      clockMsTotal: init.totalClockMs,
      bytesTotal: init.totalBytes,
      slowestPkg: init.slowest[0]?.pkg,
      slowestClockMs: init.slowest[0]?.clockMs,
    },
  };
  return safeJson(JSON.stringify(json, jsonNumbers, 2));
}

export const summaryCommand: Command = {
  name: "summary",
  usage: `summary <file|-> [--json] ${WINDOW_USAGE}`,
  description:
    "Lines per kind, process runs and time spans, and the headline figures of every kind of trace line it holds.",
  options: [
    "  --json                print the summary as JSON (source, lines, counts, runs, gc, sched, goroutines, pacer,",
    "                        scavenger, init, malformed [{line, reason}], damage [{line, lastLine, reason}]);",
    "                        the figures are of each kind's busiest run (--run picks one); null: not in the trace",
    "  A file without any GODEBUG line gets its summary (exit status 0) and a hint on stderr.",
    "  A hey output file (hey -o csv or hey's text summary, plain or .gz, from a file or -) is recognised by its",
    "  content: its requests, throughput, latency percentiles, phases, status codes and errors, bad rows listed.",
    WINDOW_HELP,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      summaryCommand,
      args,
      { json: { type: "boolean" }, ...WINDOW_OPTIONS },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(summaryCommand, io);
    const window = windowFlags(parsed.values);
    const input = await sniffInput(parsed.positionals[0], io);
    if (input.hey) {
      refuseHeyWindow(window, "summary");
      const json = `${safeJson(JSON.stringify(heySummaryJson(input.hey), jsonNumbers, 2))}\n`;
      io.stdout.write(parsed.values.json ? json : formatHeySummary(input.hey));
      return 0;
    }
    const progress = progressFor(io, "summary");
    // The summary needs no P, M or G rows: a multi-GB scheddetail log is summarised in bounded memory. A window
    // counts its scheddetail lines from those rows, so it reads them.
    const trace = await readTrace(
      parsed.positionals[0],
      input.io,
      { detailRows: window !== undefined },
      progress,
    ).finally(() => progress.done());
    const summary = summarizeTrace(applyWindow(trace, window));
    io.stdout.write(parsed.values.json ? `${summaryJson(summary)}\n` : formatSummary(summary));
    // The summary of a file without trace lines is still right (and exits 0), but likely not what was meant.
    const hint = noTraceHint(summary);
    if (hint !== undefined) io.stderr.write(`godebug-lab summary: ${hint}\n`);
    return 0;
  },
};

/** JSON has no NaN: a figure the trace does not have is null. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}
