/**
 * `SCHED <t>ms: …` lines of `GODEBUG=schedtrace=X` (docs/formats.md §4.1) and the header line of a
 * `scheddetail=1` dump (§4.2), every release's layout: go1.2 development and go1.2–1.3 without spinningthreads,
 * go1.4–1.19, go1.20+ with needspinning and true/false header flags, go1.25+ with `[ 0 1 ]` lists and
 * `schedticks=[ … ]`. Fields are read by name, so one table serves every layout (NaN where a release does not print
 * a field). A summary line counts as "schedtrace" and fills `schedtrace` and `schedtraceP`; a detail header counts as
 * "scheddetail", fills one `schedtrace` row (detail = true) and opens the dump for the P/M/G lines of scheddetail.ts.
 */
import type { Table } from "../table/table";
import { type NumberColumn, TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import { Cursor, timeProblem } from "./cursor";
import { SchedDetailScanner } from "./scheddetail";
import { type Field, FLAG, INT, numberColumns, SchedFields, slotsOf } from "./schedfields";
import { SCHEDTRACE_COLUMNS, SCHEDTRACE_P_COLUMNS } from "./schedtraceColumns";
import { type KindScanner, malformed, type ScanContext, type ScanResult } from "./types";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { LBRACKET, RBRACKET, SPACE } = chars;

// The fields read by name, in print order: the summary's, then the detail header's (each has a column of its name).
const FIELDS: readonly Field[] = [
  { key: "gomaxprocs", kind: INT },
  { key: "idleprocs", kind: INT },
  { key: "threads", kind: INT },
  { key: "spinningthreads", kind: INT },
  { key: "needspinning", kind: INT },
  { key: "idlethreads", kind: INT },
  { key: "runqueue", kind: INT },
  { key: "gcwaiting", kind: FLAG },
  { key: "nmidlelocked", kind: INT },
  { key: "stopwait", kind: INT },
  { key: "sysmonwait", kind: FLAG },
  { key: "singleproc", kind: INT },
  { key: "mlocked", kind: INT },
  { key: "nmspinning", kind: INT },
];
const REQUIRED = slotsOf(FIELDS, ["gomaxprocs", "idleprocs", "threads", "idlethreads", "runqueue"]);
const DETAIL = slotsOf(FIELDS, [
  "gcwaiting",
  "nmidlelocked",
  "stopwait",
  "sysmonwait",
  "singleproc",
  "mlocked",
  "nmspinning",
]);
// Every release's detail header has these, and sysmonwait ends it, so a cut-off header is caught.
const DETAIL_REQUIRED = slotsOf(FIELDS, ["gcwaiting", "stopwait", "sysmonwait"]);

/** True if the text at `start` begins like a SCHED line (summary or detail header). */
export function looksLikeSched(line: string, start: number): boolean {
  return line.startsWith("SCHED ", start);
}

/** A growable list of numbers reused from line to line. */
class NumberList {
  values = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
}

/** The SCHED-line scanner; `detail` is the scanner for the P/M/G lines of the dumps it opens. */
export interface SchedScanner extends KindScanner {
  readonly detail: KindScanner;
}

/** `detailRows: false` keeps no scheddetailP/M/G rows (the lines are still checked and counted). */
export function createSchedScanner(opts: { readonly detailRows?: boolean } = {}): SchedScanner {
  return new SchedLineScanner(opts.detailRows ?? true);
}

class SchedLineScanner implements SchedScanner {
  readonly kind = "schedtrace" as const;
  readonly detail: SchedDetailScanner;
  private readonly c = new Cursor();
  private readonly table = new TableBuilder("schedtrace", SCHEDTRACE_COLUMNS);
  private readonly pTable = new TableBuilder("schedtraceP", SCHEDTRACE_P_COLUMNS);
  private readonly fields = new SchedFields(FIELDS);
  private readonly runq = new NumberList();
  private readonly ticks = new NumberList();
  // Resolved once: run, line, timeMs, localRunqueue, then one column per FIELDS slot; schedtraceP in row order.
  private readonly cols = numberColumns(this.table, [
    "run",
    "line",
    "timeMs",
    "localRunqueue",
    ...FIELDS.map((f) => f.key),
  ]) as NumberColumn[];
  private readonly detailFlags = this.table.bool.detail;
  private readonly goroutines = this.table.num.goroutines;
  private readonly pCols = numberColumns(this.pTable, [
    "run",
    "line",
    "timeMs",
    "p",
    "runqueue",
    "schedticks",
  ]) as NumberColumn[];

  constructor(detailRows: boolean) {
    this.detail = new SchedDetailScanner(this.table.num.localRunqueue, this.table.num.goroutines, detailRows);
  }

  scan(line: string, start: number, ctx: ScanContext): ScanResult {
    const c = this.c.reset(line, start);
    if (!c.lit("SCHED ")) return malformed(c.where("`SCHED `"));
    const timeMs = c.int();
    if (Number.isNaN(timeMs)) return malformed(c.where("the time in ms after `SCHED `"));
    const late = timeProblem("SCHED time", timeMs);
    if (late !== null) return malformed(late);
    if (!c.lit("ms:")) return malformed(c.where("`ms:` after the time"));
    const r = this.fields;
    r.reset();
    let lists = 0;
    let hasTicks = false;
    while (!c.done) {
      if (!c.ch(SPACE)) return malformed(c.where("a space before the next SCHED field"));
      let err: string | null;
      if (c.peek() === LBRACKET) {
        if (lists++ > 0) return malformed(c.where("one per-P list, not a second"));
        err = this.list(c, this.runq, "per-P run-queue list");
      } else if (c.lit("schedticks=")) {
        if (hasTicks) return malformed(c.where("one schedticks list, not a second"));
        hasTicks = true;
        err = this.list(c, this.ticks, "schedticks list");
      } else err = r.read(c, "SCHED");
      if (err !== null) return malformed(err);
    }
    const missing = r.missing(REQUIRED);
    if (missing !== undefined) return malformed(`SCHED line ends without ${missing}= (cut off?)`);
    let detail = false;
    for (const j of DETAIL) detail ||= r.seen[j] === 1;
    if (detail && lists > 0) return malformed("SCHED line has both a per-P list and detail-header fields");
    if (!detail && lists === 0)
      return malformed(
        "SCHED line ends after runqueue= without the ` [` per-P list or detail-header fields (cut off?)",
      );
    if (detail) {
      const m = r.missing(DETAIL_REQUIRED);
      if (m !== undefined) return malformed(`SCHED detail header ends without ${m}= (cut off?)`);
    }
    if (hasTicks && (detail || this.ticks.length !== this.runq.length)) {
      return malformed(
        `schedticks list has ${this.ticks.length} entries for ${detail ? 0 : this.runq.length} Ps`,
      );
    }
    this.append(ctx, timeMs, detail, hasTicks);
    return detail ? "scheddetail" : "schedtrace";
  }

  /** `[` then numbers separated by spaces then `]`; go1.25+ also puts a space after `[` and before `]`. */
  private list(c: Cursor, out: NumberList, what: string): string | null {
    if (c.peek() !== LBRACKET) return c.where(`\`[\` opening the ${what}`);
    c.i++;
    out.length = 0;
    for (;;) {
      c.skipSpaces();
      if (c.ch(RBRACKET)) return null;
      const v = c.int();
      if (Number.isNaN(v)) return c.where(`a number or \`]\` in the ${what}`);
      out.push(v);
      const next = c.peek();
      if (next !== SPACE && next !== RBRACKET) return c.where(`a space or \`]\` in the ${what}`);
    }
  }

  private append(ctx: ScanContext, timeMs: number, detail: boolean, hasTicks: boolean): void {
    const run = ctx.runs.sched(timeMs);
    const row = this.table.length;
    const line = ctx.lineNo;
    const cols = this.cols;
    cols[0].push(run);
    cols[1].push(line);
    cols[2].push(timeMs);
    let local = Number.NaN;
    if (!detail) {
      // localRunqueue = sum of the per-P list (runtime/proc.go schedtrace prints runqtail-runqhead for each P).
      local = 0;
      for (let p = 0; p < this.runq.length; p++) local += this.runq.values[p];
    }
    cols[3].push(local);
    const v = this.fields.vals;
    for (let j = 0; j < v.length; j++) cols[4 + j].push(v[j]);
    this.detailFlags.push(detail);
    this.goroutines.push(detail ? 0 : Number.NaN);
    if (detail) {
      this.detail.openHeader(row, run, timeMs);
      return;
    }
    const pc = this.pCols;
    for (let p = 0; p < this.runq.length; p++) {
      pc[0].push(run);
      pc[1].push(line);
      pc[2].push(timeMs);
      pc[3].push(p);
      pc[4].push(this.runq.values[p]);
      pc[5].push(hasTicks ? this.ticks.values[p] : Number.NaN);
    }
  }

  tables(): Table[] {
    return [this.table.finish(), this.pTable.finish()];
  }
}
