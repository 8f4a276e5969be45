/**
 * `godebug-lab summary <file|-> [--json]`: what a trace holds — lines per kind, process runs and their
 * time spans, and headline GC and scheduler figures. summarizeTrace returns the data; formatSummary
 * prints it for people, --json prints the data itself.
 */
import type { TableName } from "../parse/tables";
import { TRACE_KINDS } from "../parse/types";
import { safeJson, safeText } from "../safeText";
import type { Trace } from "../trace/trace";
import { describeWindow, isWindow, type TraceWindow } from "../window/traceWindow";
import type { Command } from "./command";
import { parseCommandArgs, printHelp } from "./command";
import { readTrace } from "./input";
import { progressFor } from "./progress";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

export interface RunSummary {
  readonly run: number;
  /** Earliest and latest `timeMs` of any row of the run (NaN when no row has a time, e.g. go1.3 gc lines). */
  readonly startMs: number;
  readonly endMs: number;
  readonly gcCycles: number;
  readonly schedSamples: number;
}

export interface GcSummary {
  readonly cycles: number;
  /** Cycles printed with `(forced)`: runtime.GC or debug.FreeOSMemory (runtime/mgc.go gcMarkTermination). */
  readonly forcedCycles: number;
  /** Bare `GC forced` lines: the periodic 2-minute GC started by sysmon (runtime/proc.go forcegchelper). */
  readonly periodicForced: number;
  /** Sum and maximum of the per-cycle stop-the-world time (pauseMs = sweep termination + mark termination). */
  readonly pauseTotalMs: number;
  readonly pauseMaxMs: number;
  /** Largest heap in use at any cycle's start or end (MB = MiB, truncated by the runtime). */
  readonly heapPeakMB: number;
  /** The last cycle's marked live heap and heap goal. */
  readonly heapLiveLastMB: number;
  readonly heapGoalLastMB: number;
  /** The last cycle's `%`: GC's share of CPU since the program started, cumulative and truncated (runtime/mgc.go). */
  readonly gcPctLast: number;
  readonly procs: number;
}

export interface SchedSummary {
  readonly samples: number;
  readonly gomaxprocs: number;
  /** The most runnable goroutines in one sample: global run queue plus the sum of the per-P queues. */
  readonly runnableMax: number;
  readonly runqueueMax: number;
  readonly localRunqueueMax: number;
  /** Samples with at least one runnable goroutine waiting. */
  readonly samplesWithQueue: number;
  readonly threadsMax: number;
  /** scheddetail dumps and the most goroutines (G lines) in one of them; 0 without scheddetail. */
  readonly detailDumps: number;
  readonly goroutinesMax: number;
}

export interface InitSummary {
  readonly packages: number;
  readonly clockMsTotal: number;
  readonly bytesTotal: number;
  readonly slowestPkg: string;
  readonly slowestClockMs: number;
}

export interface TraceSummary {
  readonly source: string;
  readonly lines: number;
  /** Lines per class; the keys are the six kinds, `other` and `malformed`, and they add up to `lines`. */
  readonly counts: Readonly<Record<string, number>>;
  readonly runs: readonly RunSummary[];
  readonly gc: GcSummary | null;
  readonly sched: SchedSummary | null;
  readonly init: InitSummary | null;
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

export function summarizeTrace(trace: Trace): TraceSummary {
  const counts: Record<string, number> = {};
  for (const k of [...TRACE_KINDS, "other", "malformed"] as const) counts[k] = trace.counts[k];
  return {
    source: trace.source,
    lines: trace.lines,
    counts,
    runs: runSummaries(trace),
    gc: gcSummary(trace),
    sched: schedSummary(trace),
    init: initSummary(trace),
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

function gcSummary(trace: Trace): GcSummary | null {
  const n = trace.tables.gctrace.length;
  if (n === 0 && trace.tables.gcforced.length === 0) return null;
  const forced = trace.bool("gctrace", "forced");
  const pause = trace.num("gctrace", "pauseMs");
  const start = trace.num("gctrace", "heapStartMB");
  const end = trace.num("gctrace", "heapEndMB");
  let pauseTotalMs = 0;
  let pauseMaxMs = NaN;
  let heapPeakMB = NaN;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(pause[i])) {
      pauseTotalMs += pause[i];
      if (!(pause[i] <= pauseMaxMs)) pauseMaxMs = pause[i];
    }
    for (const h of [start[i], end[i]]) if (!(h <= heapPeakMB) && !Number.isNaN(h)) heapPeakMB = h;
  }
  const last = (column: string) => (n > 0 ? trace.num("gctrace", column)[n - 1] : NaN);
  return {
    cycles: n,
    forcedCycles: forced.filter(Boolean).length,
    periodicForced: trace.tables.gcforced.length,
    pauseTotalMs,
    pauseMaxMs,
    heapPeakMB,
    heapLiveLastMB: last("heapLiveMB"),
    heapGoalLastMB: last("heapGoalMB"),
    gcPctLast: last("gcPct"),
    procs: last("procs"),
  };
}

function schedSummary(trace: Trace): SchedSummary | null {
  const n = trace.tables.schedtrace.length;
  if (n === 0) return null;
  const global = trace.num("schedtrace", "runqueue");
  const local = trace.num("schedtrace", "localRunqueue");
  const procs = trace.num("schedtrace", "gomaxprocs");
  const threads = trace.num("schedtrace", "threads");
  const detail = trace.bool("schedtrace", "detail");
  let runnableMax = 0;
  let samplesWithQueue = 0;
  let detailDumps = 0;
  for (let i = 0; i < n; i++) {
    // A missing per-P list (NaN) adds nothing: the global queue is still a lower bound.
    const runnable = global[i] + (Number.isNaN(local[i]) ? 0 : local[i]);
    if (runnable > runnableMax) runnableMax = runnable;
    if (runnable > 0) samplesWithQueue++;
    if (detail[i]) detailDumps++;
  }
  return {
    samples: n,
    gomaxprocs: max(procs),
    runnableMax,
    runqueueMax: max(global),
    localRunqueueMax: max(local),
    samplesWithQueue,
    threadsMax: max(threads),
    detailDumps,
    goroutinesMax: goroutinesPerDumpMax(trace),
  };
}

/** The most G lines under one scheddetail header (schedtrace.goroutines, so it needs no scheddetailG rows). */
function goroutinesPerDumpMax(trace: Trace): number {
  const most = max(trace.num("schedtrace", "goroutines"));
  return Number.isNaN(most) ? 0 : most;
}

function initSummary(trace: Trace): InitSummary | null {
  const n = trace.tables.inittrace.length;
  if (n === 0) return null;
  const clock = trace.num("inittrace", "clockMs");
  const bytes = trace.num("inittrace", "bytes");
  const pkg = trace.str("inittrace", "pkg");
  let slowest = 0;
  let clockMsTotal = 0;
  let bytesTotal = 0;
  for (let i = 0; i < n; i++) {
    clockMsTotal += clock[i];
    bytesTotal += bytes[i];
    if (clock[i] > clock[slowest]) slowest = i;
  }
  return { packages: n, clockMsTotal, bytesTotal, slowestPkg: pkg[slowest], slowestClockMs: clock[slowest] };
}

function max(values: Float64Array): number {
  let m = NaN;
  for (const v of values) if (!(v <= m) && !Number.isNaN(v)) m = v;
  return m;
}

/** Milliseconds with at most 3 decimals, trailing zeros dropped. */
const ms = (v: number) => (Number.isNaN(v) ? "?" : String(Math.round(v * 1000) / 1000));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const sec = (v: number) => (Number.isNaN(v) ? "?" : (v / 1000).toFixed(3));

/** The summary as text for a terminal: names from the trace or the command line go through safeText. */
export function formatSummary(s: TraceSummary): string {
  const out: string[] = [];
  const source = safeText(s.source);
  out.push(`${source}: ${plural(s.lines, "line")}, ${plural(s.runs.length, "run")}`);
  if (s.window) out.push(`  window: ${describeWindow(s.window)} (the figures below are of the window)`);
  const width = Math.max(...Object.values(s.counts).map((c) => String(c).length));
  for (const [kind, count] of Object.entries(s.counts)) {
    out.push(`  ${kind.padEnd(13)}${String(count).padStart(width)}`);
  }
  for (const r of s.runs) {
    const span = Number.isNaN(r.startMs) ? "no timestamps" : `${sec(r.startMs)} s to ${sec(r.endMs)} s`;
    out.push(
      `run ${r.run}: ${span}; ${plural(r.gcCycles, "gc cycle")}, ${plural(r.schedSamples, "SCHED line")}`,
    );
  }
  if (s.gc) {
    const g = s.gc;
    out.push(
      `GC: ${plural(g.cycles, "cycle")} (${g.forcedCycles} forced, ${g.periodicForced} periodic "GC forced")`,
      `  stop-the-world pauses: total ${ms(g.pauseTotalMs)} ms, max ${ms(g.pauseMaxMs)} ms`,
      `  heap: peak ${g.heapPeakMB} MiB; last cycle live ${g.heapLiveLastMB} MiB, goal ${g.heapGoalLastMB} MiB; ${g.procs} P`,
      `  GC CPU since start (runtime's cumulative %, last line): ${g.gcPctLast}%`,
    );
  }
  if (s.sched) {
    const c = s.sched;
    out.push(
      `scheduler: ${plural(c.samples, "SCHED line")}, gomaxprocs ${c.gomaxprocs}, up to ${c.threadsMax} threads`,
      `  runnable goroutines: max ${c.runnableMax} (global queue max ${c.runqueueMax}, per-P sum max ${c.localRunqueueMax}); ${c.samplesWithQueue} of ${c.samples} samples with a queue`,
    );
    if (c.detailDumps > 0)
      out.push(`  scheddetail: ${c.detailDumps} dumps, up to ${c.goroutinesMax} goroutines`);
  }
  if (s.init) {
    const i = s.init;
    out.push(
      `init: ${i.packages} packages, ${ms(i.clockMsTotal)} ms, ${i.bytesTotal} bytes; slowest ${safeText(i.slowestPkg)} (${ms(i.slowestClockMs)} ms)`,
    );
  }
  if (s.damage.length > 0) out.push(...damageSection(s.damage, source));
  if (s.malformed.length > 0) {
    out.push("malformed lines:");
    for (const m of s.malformed) out.push(`  ${source}:${m.line}: ${safeText(m.reason)}`);
  }
  return `${out.join("\n")}\n`;
}

/** Damaged parts listed in the text summary (all are counted; `summary --json` lists every one). */
export const SHOWN_DAMAGE = 10;

/** The `damage:` lines: how many parts were skipped, then `file:line[-lastLine]: reason` for the first few. */
function damageSection(damage: TraceSummary["damage"], source: string): string[] {
  const out = [`damage: ${plural(damage.length, "damaged part")} of the input skipped`];
  for (const d of damage.slice(0, SHOWN_DAMAGE)) {
    // as Trace.describeDamage: line 0 is gzip data that ends before a first line
    const at = d.line === 0 ? "" : d.lastLine === d.line ? `:${d.line}` : `:${d.line}-${d.lastLine}`;
    out.push(`  ${source}${at}: ${safeText(d.reason)}`);
  }
  if (damage.length > SHOWN_DAMAGE) {
    out.push(`  … ${damage.length - SHOWN_DAMAGE} more (godebug-lab summary --json lists them all)`);
  }
  return out;
}

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

export const summaryCommand: Command = {
  name: "summary",
  usage: `summary <file|-> [--json] ${WINDOW_USAGE}`,
  description:
    "Lines per kind, process runs and time spans, and headline GC and scheduler figures of a trace.",
  options: [
    "  --json                print the summary as JSON (counts, runs, gc, sched, init, malformed [{line, reason}],",
    "                        damage [{line, lastLine, reason}])",
    "  A file without any GODEBUG line gets its summary (exit status 0) and a hint on stderr.",
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
    const progress = progressFor(io, "summary");
    // The summary needs no P, M or G rows: a multi-GB scheddetail log is summarised in bounded memory. A window
    // counts its scheddetail lines from those rows, so it reads them.
    const trace = await readTrace(
      parsed.positionals[0],
      io,
      { detailRows: window !== undefined },
      progress,
    ).finally(() => progress.done());
    const summary = summarizeTrace(applyWindow(trace, window));
    io.stdout.write(
      parsed.values.json ? `${safeJson(JSON.stringify(summary, jsonNumbers, 2))}\n` : formatSummary(summary),
    );
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
