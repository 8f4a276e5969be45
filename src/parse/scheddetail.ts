/**
 * The indented P, M and G lines of a `GODEBUG=schedtrace=X,scheddetail=1` dump (docs/formats.md §4.2). The dump's
 * header is a SCHED line, so schedtrace.ts parses it and calls `openHeader`; P/M/G rows then carry that header's run
 * and timeMs, and each P line adds its runqsize to the header row's localRunqueue.
 */
import type { Table } from "../table/table";
import { type NumberColumn, TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import { Cursor } from "./cursor";
import { SCHEDDETAIL_G_COLUMNS, SCHEDDETAIL_M_COLUMNS, SCHEDDETAIL_P_COLUMNS } from "./scheddetailColumns";
import {
  type Field,
  FLAG,
  ID,
  INT,
  Interner,
  NEVER,
  numberColumns,
  RUNQ,
  readAllFields,
  readId,
  SchedFields,
  slotsOf,
  TEXT,
} from "./schedfields";
import { type KindScanner, malformed, type ScanContext, type ScanResult } from "./types";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const {
  COLON,
  EQUALS,
  LOWER_A,
  LOWER_M,
  LOWER_Z,
  LPAREN,
  NINE,
  RPAREN,
  SPACE,
  UPPER_G,
  UPPER_M,
  UPPER_P,
  ZERO,
} = chars;

// runtime/runtime2.go: _Gidle = iota (0) … _Gpreempted (9), _Gleaked (10, go1.26 development); _Gscan = 0x1000.
const G_STATUS_NAMES = [
  "idle",
  "runnable",
  "running",
  "syscall",
  "waiting",
  "moribund_unused",
  "dead",
  "enqueue_unused",
  "copystack",
  "preempted",
  "leaked",
];
const G_SCAN = 0x1000;

const P_FIELDS: readonly Field[] = [
  { key: "status", kind: INT },
  { key: "tick", kind: INT },
  { key: "schedtick", kind: INT },
  { key: "syscalltick", kind: INT },
  { key: "m", kind: ID },
  { key: "runqsize", kind: RUNQ },
  { key: "runqcap", kind: NEVER }, // filled by runqsize=N/CAP
  { key: "gfreecnt", kind: INT },
  { key: "timerslen", kind: INT },
];
// Every release prints these; gfreecnt (≤ go1.13) or timerslen ends a P line and lockedg ends an M line, so a line
// cut before them is caught (a go1.14+ P line cut exactly before " timerslen=" looks like a go1.13 line).
const P_REQUIRED = slotsOf(P_FIELDS, ["status", "m", "runqsize", "gfreecnt"]);
const P_TICK = slotsOf(P_FIELDS, ["tick", "schedtick"]);
const P_RUNQ = slotsOf(P_FIELDS, ["runqsize"])[0];
const M_FIELDS: readonly Field[] = [
  { key: "p", kind: ID },
  { key: "curg", kind: ID },
  { key: "mallocing", kind: INT },
  { key: "throwing", kind: INT },
  { key: "preemptoff", kind: TEXT, until: " locks=" },
  { key: "locks", kind: INT },
  { key: "dying", kind: INT },
  { key: "helpgc", kind: INT },
  { key: "spinning", kind: FLAG },
  { key: "blocked", kind: FLAG },
  { key: "lockedg", kind: ID },
  { key: "gcing", kind: INT },
];
const M_REQUIRED = slotsOf(M_FIELDS, [
  "p",
  "curg",
  "mallocing",
  "throwing",
  "locks",
  "dying",
  "spinning",
  "lockedg",
]);

/** True if the text at `start` looks like a P, M or G line of a detail dump: `[ ]*[PMG]<digits>: <lowercase>`. */
export function looksLikeSchedDetail(line: string, start: number): boolean {
  let i = start;
  while (i < line.length && line.charCodeAt(i) === SPACE) i++;
  const kind = line.charCodeAt(i);
  if (kind !== UPPER_P && kind !== UPPER_M && kind !== UPPER_G) return false;
  const digits = ++i;
  while (i < line.length && line.charCodeAt(i) >= ZERO && line.charCodeAt(i) <= NINE) i++;
  if (i === digits || line.charCodeAt(i) !== COLON || line.charCodeAt(i + 1) !== SPACE) return false;
  const c = line.charCodeAt(i + 2);
  return c >= LOWER_A && c <= LOWER_Z;
}

export class SchedDetailScanner implements KindScanner {
  readonly kind = "scheddetail" as const;
  private readonly c = new Cursor();
  private readonly pTable = new TableBuilder("scheddetailP", SCHEDDETAIL_P_COLUMNS);
  private readonly mTable = new TableBuilder("scheddetailM", SCHEDDETAIL_M_COLUMNS);
  private readonly gTable = new TableBuilder("scheddetailG", SCHEDDETAIL_G_COLUMNS);
  private readonly pFields = new SchedFields(P_FIELDS);
  private readonly mFields = new SchedFields(M_FIELDS);
  // Columns in row order: run, line, timeMs, the line's id, then one per field (null: M preemptoff, a string).
  private readonly pCols = numberColumns(this.pTable, [
    "run",
    "line",
    "timeMs",
    "p",
    ...P_FIELDS.map((f) => f.key),
  ]);
  private readonly mCols = numberColumns(this.mTable, [
    "run",
    "line",
    "timeMs",
    "m",
    ...M_FIELDS.map((f) => f.key),
  ]);
  private readonly gCols = numberColumns(this.gTable, [
    "run",
    "line",
    "timeMs",
    "goid",
    "status",
    "m",
    "lockedm",
  ]);
  private readonly preemptoff = this.mTable.str.preemptoff;
  private readonly statusName = this.gTable.str.statusName;
  private readonly scanBit = this.gTable.bool.scanBit;
  private readonly waitReason = this.gTable.str.waitReason;
  private readonly reasons = new Interner();
  private headerRow = -1;
  private headerRun = 0;
  private headerTimeMs = Number.NaN;

  /**
   * @param localRunqueue the schedtrace table's localRunqueue column, which P lines add their runqsize to.
   * @param goroutines the schedtrace table's goroutines column, which counts the header's G lines.
   * @param keepRows false: P, M and G lines are checked and counted but leave no rows (a summary of a huge log).
   */
  constructor(
    private readonly localRunqueue: NumberColumn,
    private readonly goroutines: NumberColumn,
    private readonly keepRows = true,
  ) {}

  /** Called by the SCHED scanner after it appended a detail header as row `row` of the schedtrace table. */
  openHeader(row: number, run: number, timeMs: number): void {
    this.headerRow = row;
    this.headerRun = run;
    this.headerTimeMs = timeMs;
  }

  scan(line: string, start: number, ctx: ScanContext): ScanResult {
    const c = this.c.reset(line, start);
    c.skipSpaces();
    const kind = c.peek();
    if (kind !== UPPER_P && kind !== UPPER_M && kind !== UPPER_G) return malformed(c.where("P, M or G"));
    c.i++;
    const id = c.int();
    if (Number.isNaN(id) || !c.lit(":")) return malformed(c.where("an id and `:` after P, M or G"));
    if (this.headerRow < 0) return malformed("scheddetail line with no SCHED detail header before it");
    let err: string | null;
    if (kind === UPPER_P) err = this.pLine(c, id, ctx);
    else if (kind === UPPER_M) err = this.mLine(c, id, ctx);
    else err = this.gLine(c, id, ctx);
    return err === null ? "scheddetail" : malformed(err);
  }

  /** Pushes run, line, timeMs and the line's id: the first four of `cols`. */
  private keys(cols: (NumberColumn | null)[], ctx: ScanContext, id: number): void {
    (cols[0] as NumberColumn).push(this.headerRun);
    (cols[1] as NumberColumn).push(ctx.lineNo);
    (cols[2] as NumberColumn).push(this.headerTimeMs);
    (cols[3] as NumberColumn).push(id);
  }

  private pLine(c: Cursor, p: number, ctx: ScanContext): string | null {
    const r = this.pFields;
    r.reset();
    const err = readAllFields(c, r, "P");
    if (err !== null) return err;
    const missing = r.missing(P_REQUIRED);
    if (missing !== undefined) return `P line ends without ${missing}= (cut off?)`;
    if (r.seen[P_TICK[0]] === 0 && r.seen[P_TICK[1]] === 0) return "P line has neither schedtick= nor tick=";
    const cols = this.pCols;
    const v = r.vals;
    if (this.keepRows) {
      this.keys(cols, ctx, p);
      for (let j = 0; j < v.length; j++) (cols[4 + j] as NumberColumn).push(v[j]);
    }
    // The header's localRunqueue is the sum of its P lines' runqsize (docs/formats.md §4.2; proc.go schedtrace prints t-h per P).
    const runq = v[P_RUNQ];
    const sum = this.localRunqueue.get(this.headerRow);
    this.localRunqueue.set(this.headerRow, Number.isNaN(sum) ? runq : sum + runq);
    return null;
  }

  private mLine(c: Cursor, m: number, ctx: ScanContext): string | null {
    const r = this.mFields;
    r.reset();
    const err = readAllFields(c, r, "M");
    if (err !== null) return err;
    const missing = r.missing(M_REQUIRED);
    if (missing !== undefined) return `M line ends without ${missing}= (cut off?)`;
    if (!this.keepRows) return null;
    const cols = this.mCols;
    this.keys(cols, ctx, m);
    const v = r.vals;
    for (let j = 0; j < v.length; j++) {
      const col = cols[4 + j];
      if (col === null) this.preemptoff.push(r.text);
      else col.push(v[j]);
    }
    return null;
  }

  /** `G<goid>: status=<int>(<waitreason>) m=<id> lockedm=<id>`; the reason may hold spaces and parentheses. */
  private gLine(c: Cursor, goid: number, ctx: ScanContext): string | null {
    if (!c.lit(" status=")) return c.where("` status=`");
    const raw = c.int();
    if (Number.isNaN(raw)) return c.where("a number after status=");
    if (c.peek() !== LPAREN) return c.where("`(` opening the wait reason");
    c.i++;
    // The reason ends at the last `) m=`: it can contain `(…)` but the line's own m= field comes after it.
    // Searched backwards by hand (readable form: c.s.lastIndexOf(") m=", c.end - 4)); it is near the line's end.
    const s = c.s;
    let close = c.end - 4;
    while (
      close >= c.i - 1 &&
      !(
        s.charCodeAt(close) === RPAREN &&
        s.charCodeAt(close + 1) === SPACE &&
        s.charCodeAt(close + 2) === LOWER_M &&
        s.charCodeAt(close + 3) === EQUALS
      )
    )
      close--;
    if (close < c.i - 1) return c.where("`) m=` closing the wait reason");
    const reason = this.reasons.get(c.s, c.i, close);
    c.i = close + 4;
    const m = readId(c);
    if (m === undefined) return c.where("an id or nil after m=");
    if (!c.lit(" lockedm=")) return c.where("` lockedm=`");
    const lockedm = readId(c);
    if (lockedm === undefined) return c.where("an id or nil after lockedm=");
    if (!c.done) return c.where("end of line after lockedm=");
    // runtime/proc.go schedtrace: one G line per goroutine in allgs
    this.goroutines.set(this.headerRow, this.goroutines.get(this.headerRow) + 1);
    if (!this.keepRows) return null;
    const status = raw & ~G_SCAN;
    const cols = this.gCols;
    this.keys(cols, ctx, goid);
    (cols[4] as NumberColumn).push(status);
    (cols[5] as NumberColumn).push(m);
    (cols[6] as NumberColumn).push(lockedm);
    this.statusName.push(G_STATUS_NAMES[status] ?? "unknown");
    this.scanBit.push((raw & G_SCAN) !== 0);
    this.waitReason.push(reason);
    return null;
  }

  tables(): Table[] {
    return [this.pTable.finish(), this.mTable.finish(), this.gTable.finish()];
  }
}
