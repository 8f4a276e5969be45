/**
 * A window on a loaded trace: one process run and/or a span of time, as a Trace of its own that every analysis,
 * chart and command takes like the whole trace, built without copying the number columns.
 *
 * Which rows a window keeps, table by table:
 * - `run`: rows of that process run only (the `run` column). Run numbers stay the trace's (run 2 is still run 2).
 * - `fromMs` / `toMs`: rows whose `timeMs` (ms since their process started) lies in [fromMs, toMs). Without `run`,
 *   each run's rows are judged on that run's own clock.
 * - Rows without a time of their own (NaN `timeMs`: the pacer's assist and mark lines, printed before their cycle's
 *   gc line; `GC forced` lines) are kept when their input line lies between the first and the last input line of
 *   the kept timed rows (of the same run, when `run` is given). Traces whose gc lines carry no time at all (go1.4
 *   and older) have nothing a time window can keep.
 *
 * How the tables are built: a table's kept rows are almost always one contiguous block (rows are in input order
 * and a run's times only grow: runs.ts opens a new run when they go back), and then every number column is a
 * `subarray` of the trace's own column (no copy: the window shares the trace's memory); string and boolean columns
 * are sliced when first read. When the kept rows are not contiguous (`--run` on a `go run` trace, whose processes'
 * lines interleave), that table's kept rows are gathered into new arrays, and `copiedTables` names it.
 *
 * The window's `lines` and `counts` count the input lines it holds: trace lines with a kept row (each line once,
 * whatever number of rows it made), plus the program output (`other`) and `malformed` lines between its first and
 * last kept line (and `damage` touching that span); they add up to `lines`, as for a whole trace. `frame()` builds
 * danfo DataFrames of the window's rows only.
 */
import { TABLE_NAMES, type TableName } from "../parse/tables";
import type { LineClass } from "../parse/types";
import { LINE_CLASSES } from "../parse/types";
import { selectRows } from "../table/selectRows";
import type { Table } from "../table/table";
import { ParsedTrace, type Trace } from "../trace/trace";
import { formatDuration } from "./duration";

/** What a window keeps; every field optional (none: the whole trace, as a view). */
export interface TraceWindow {
  /** The process run (see Trace.runs), from 0. */
  readonly run?: number;
  /** Start of the window, inclusive, in ms since the process started. */
  readonly fromMs?: number;
  /** End of the window, exclusive, in ms since the process started. */
  readonly toMs?: number;
}

/** A Trace that is a window on another. */
export interface WindowedTrace extends Trace {
  /** The window, as asked for. */
  readonly window: TraceWindow;
  /** The trace it is a window on. */
  readonly whole: Trace;
  /** First and last input line the window holds (NaN when it holds none). */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Tables whose kept rows were not contiguous, so their columns were copied (normally none). */
  readonly copiedTables: readonly TableName[];
}

/** Checks a window against a trace; throws a RangeError saying what is wrong. */
function checkWindow(trace: Trace, w: TraceWindow): void {
  if (w.run !== undefined && !(Number.isInteger(w.run) && w.run >= 0 && w.run < trace.runs)) {
    throw new RangeError(
      `run ${w.run}: ${trace.source} holds ${trace.runs} run${trace.runs === 1 ? "" : "s"}` +
        (trace.runs > 0 ? `, numbered 0 to ${trace.runs - 1}` : ""),
    );
  }
  for (const [k, v] of [
    ["fromMs", w.fromMs],
    ["toMs", w.toMs],
  ] as const) {
    if (v !== undefined && Number.isNaN(v)) throw new RangeError(`window ${k} is NaN`);
  }
  if (w.fromMs !== undefined && w.toMs !== undefined && !(w.fromMs < w.toMs)) {
    throw new RangeError(
      `the window's start (${formatDuration(w.fromMs)}) must come before its end (${formatDuration(w.toMs)})`,
    );
  }
}

/**
 * The window `w` of `trace` as a Trace (see the module comment for what it keeps). Throws a RangeError for a run
 * the trace does not have or a start not before the end. A window can be empty (no rows): check `counts`.
 */
export function windowTrace(trace: Trace, w: TraceWindow): WindowedTrace {
  checkWindow(trace, w);
  const timed = w.fromMs !== undefined || w.toMs !== undefined;
  const from = w.fromMs ?? Number.NEGATIVE_INFINITY;
  const to = w.toMs ?? Number.POSITIVE_INFINITY;
  const inRun = (run: number) => w.run === undefined || run === w.run;

  // Pass 1: the input lines spanned by the kept timed rows (rows without a time are kept inside this span).
  let spanFirst = Number.POSITIVE_INFINITY;
  let spanLast = Number.NEGATIVE_INFINITY;
  if (timed) {
    for (const name of TABLE_NAMES) {
      const t = trace.tables[name];
      const run = t.columns.run as Float64Array;
      const time = t.columns.timeMs as Float64Array;
      const line = t.columns.line as Float64Array;
      for (let i = 0; i < t.length; i++) {
        const ti = time[i];
        if (ti >= from && ti < to && inRun(run[i])) {
          if (line[i] < spanFirst) spanFirst = line[i];
          if (line[i] > spanLast) spanLast = line[i];
        }
      }
    }
  }
  const keep = (t: Table, i: number): boolean => {
    const c = t.columns;
    if (!inRun((c.run as Float64Array)[i])) return false;
    if (!timed) return true;
    const ti = (c.timeMs as Float64Array)[i];
    if (Number.isNaN(ti)) {
      const li = (c.line as Float64Array)[i];
      return li >= spanFirst && li <= spanLast;
    }
    return ti >= from && ti < to;
  };

  const tables = {} as Record<TableName, Table>;
  const copied: TableName[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const name of TABLE_NAMES) {
    const t = trace.tables[name];
    const view = selectRows(t, (i) => keep(t, i));
    if (view.copied) copied.push(name);
    tables[name] = view.table;
    const line = view.table.columns.line as Float64Array;
    if (line.length > 0) {
      first = Math.min(first, line[0]);
      last = Math.max(last, line[line.length - 1]);
    }
  }
  // No restriction at all: the whole input, including the program output before the first trace line.
  if (w.run === undefined && !timed) {
    first = 1;
    last = trace.lines;
  }
  return new TraceView(trace, w, tables, first, last, copied);
}

/** The tables whose rows make the lines of each trace kind (schedtrace: its SCHED lines that are not detail headers). */
const KIND_TABLES: Readonly<Record<Exclude<LineClass, "other" | "malformed">, readonly TableName[]>> = {
  gctrace: ["gctrace", "gcforced", "gcscan"],
  gcpacertrace: ["gcpacertrace"],
  scavtrace: ["scavtrace"],
  schedtrace: [],
  scheddetail: ["scheddetailP", "scheddetailM", "scheddetailG"],
  inittrace: ["inittrace"],
};

/** Distinct values of a non-decreasing line column (several rows can come from one line). */
function distinctLines(line: Float64Array, pick?: (i: number) => boolean): number {
  let n = 0;
  let prev = Number.NaN;
  for (let i = 0; i < line.length; i++) {
    if (pick !== undefined && !pick(i)) continue;
    if (line[i] !== prev) n++;
    prev = line[i];
  }
  return n;
}

class TraceView extends ParsedTrace implements WindowedTrace {
  readonly firstLine: number;
  readonly lastLine: number;

  constructor(
    readonly whole: Trace,
    readonly window: TraceWindow,
    tables: Readonly<Record<TableName, Table>>,
    first: number,
    last: number,
    readonly copiedTables: readonly TableName[],
  ) {
    const empty = !(first <= last);
    // the program output between the first and last line: the trace's ranges of other lines, clipped
    const ranges: number[] = [];
    let before = 0; // other lines before the window, to find their text
    const r = whole.otherRanges;
    for (let i = 0; i < r.length; i += 2) {
      const lo = empty ? r[i] : Math.max(r[i], first);
      const hi = empty ? r[i] - 1 : Math.min(r[i + 1], last);
      if (r[i + 1] < (empty ? Number.POSITIVE_INFINITY : first)) before += r[i + 1] - r[i] + 1;
      else if (!empty && r[i] < first) before += first - r[i];
      if (hi >= lo) ranges.push(lo, hi);
    }
    let others = 0;
    for (let i = 0; i < ranges.length; i += 2) others += ranges[i + 1] - ranges[i] + 1;
    const inside = (line: number) => !empty && line >= first && line <= last;
    const malformed = whole.malformed.filter((m) => inside(m.line));
    const counts = Object.fromEntries(LINE_CLASSES.map((c) => [c, 0])) as Record<LineClass, number>;
    for (const [kind, names] of Object.entries(KIND_TABLES) as [keyof typeof KIND_TABLES, TableName[]][]) {
      for (const name of names) counts[kind] += distinctLines(tables[name].columns.line as Float64Array);
    }
    // SCHED lines: summary lines are schedtrace, detail headers scheddetail (their P/M/G lines are counted above)
    const sched = tables.schedtrace;
    const detail = sched.columns.detail as boolean[];
    const schedLine = sched.columns.line as Float64Array;
    counts.schedtrace += distinctLines(schedLine, (i) => !detail[i]);
    counts.scheddetail += distinctLines(schedLine, (i) => detail[i]);
    counts.other = others;
    counts.malformed = malformed.length;
    super({
      source: whole.source,
      lines: Object.values(counts).reduce((x, y) => x + y, 0),
      counts,
      runs: whole.runs,
      tables,
      malformed,
      damage: whole.damage.filter((d) => inside(d.line) || inside(d.lastLine)),
      otherRanges: Float64Array.from(ranges),
      otherText: whole.otherText?.slice(before, before + others),
    });
    this.firstLine = empty ? Number.NaN : first;
    this.lastLine = empty ? Number.NaN : last;
  }
}

/** True for a window made by windowTrace. */
export function isWindow(trace: Trace): trace is WindowedTrace {
  return trace instanceof TraceView;
}

/** The window in words: `run 1, 10m to 20m`, `from 90s`, `the whole trace`. */
export function describeWindow(w: TraceWindow): string {
  const parts: string[] = [];
  if (w.run !== undefined) parts.push(`run ${w.run}`);
  if (w.fromMs !== undefined && w.toMs !== undefined)
    parts.push(`${formatDuration(w.fromMs)} to ${formatDuration(w.toMs)}`);
  else if (w.fromMs !== undefined) parts.push(`from ${formatDuration(w.fromMs)}`);
  else if (w.toMs !== undefined) parts.push(`until ${formatDuration(w.toMs)}`);
  return parts.length > 0 ? parts.join(", ") : "the whole trace";
}
