/**
 * The contract between the dispatcher (src/parse/dispatch.ts) and the per-kind scanners
 * (src/parse/gctrace/, schedtrace.ts, scheddetail.ts, gcpacertrace.ts, scavtrace.ts, inittrace.ts).
 *
 * The dispatcher finds where trace text starts in a physical line (position 0, or after a log prefix, or
 * glued after program output) and hands `(line, start, ctx)` to the scanner of the kind that the text
 * at `start` looks like. The scanner either appends its row(s) and returns the kind the line counts as
 * (usually its own; the SCHED scanner returns "scheddetail" for a detail header), or returns a
 * `Malformed` with the reason the line does not parse (the line is then reported `malformed` and no row
 * is appended). A scanner never throws for bad data.
 */
import type { Table } from "../table/table";

/** The trace kinds, in the order the summary prints them. */
export const TRACE_KINDS = [
  "gctrace",
  "gcpacertrace",
  "scavtrace",
  "schedtrace",
  "scheddetail",
  "inittrace",
] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

/** Every input line is accounted for exactly once as one of these. */
export type LineClass = TraceKind | "other" | "malformed";

/** Every line class, in the order summaries print them. */
export const LINE_CLASSES: readonly LineClass[] = [...TRACE_KINDS, "other", "malformed"];

/** Returned by a scanner for a line that starts like its kind but does not parse. */
export interface Malformed {
  readonly reason: string;
}
export function malformed(reason: string): Malformed {
  return { reason };
}
/** The kind the line was counted as (rows appended), or why it is malformed (nothing appended). */
export type ScanResult = TraceKind | Malformed;

/**
 * What a scanner knows about where it is: the 1-based line number and the process run.
 * Runs: a file may hold the traces of several processes (`go run` traces the go command too, a restarted
 * service starts again at `gc 1` / `SCHED 0ms`). The scanner tells the tracker what sequence value it
 * saw and gets back the run index to store in its row; the tracker opens a new run when a sequence goes
 * backwards (gc number not increasing, SCHED time decreasing, the runtime's first init line again).
 */
export interface ScanContext {
  /** 1-based physical line number in the input. */
  readonly lineNo: number;
  readonly runs: RunTracker;
}

export interface RunTracker {
  /** The current run index (from 0). */
  readonly run: number;
  /** A gc line with cycle number `gcNum` starting at `timeMs` (NaN if the format has no time). Returns the run. */
  gc(gcNum: number, timeMs: number): number;
  /** A SCHED summary or detail header at `timeMs`. Returns the run. */
  sched(timeMs: number): number;
  /** An inittrace line for package `pkg` starting at `timeMs`. Returns the run. */
  init(pkg: string, timeMs: number): number;
  /** Lines with no sequence of their own (pacer, scavenger, P/M/G lines) use the current run. */
  current(): number;
  /**
   * Calls `fill(gcNum)` once, when run `run` gets its next gc line: a scanner completes rows that come before their
   * cycle's gc line (the pacer's assist/mark lines before a run's first gc line). Never called if the run gets none.
   */
  onNextGc(run: number, fill: (gcNum: number) => void): void;
  /** The last gc cycle number seen in the current run (NaN if none). */
  readonly lastGcNum: number;
  /** The start time of the last gc cycle seen in the current run (NaN if none). */
  readonly lastGcTimeMs: number;
  /** The timeMs of the last SCHED line (summary or detail header) in the current run (NaN if none). */
  readonly lastSchedTimeMs: number;
}

/** A scanner: appends rows to the tables it owns. */
export interface KindScanner {
  readonly kind: TraceKind;
  /** Parse the trace text of `line` starting at `start`. */
  scan(line: string, start: number, ctx: ScanContext): ScanResult;
  /** The tables this scanner filled (e.g. schedtrace fills `schedtrace` and `schedtraceP`). */
  tables(): Table[];
}
