/**
 * GcRows: the one owner of the `gctrace` table's columns while a trace is parsed. Every writer of a gc row goes
 * through it — the line grammars (grammar.ts), the byte fast path (fast.ts), the parallel reader's threads and its
 * replay (parse/parallel/) — and only it knows the layout: which number column is where (GC), the meta byte
 * (format, forced, leak check), go1.5's four columns kept apart, how the columns grow, and the row slots of a
 * parallel load (filled by threads, adopted and committed in file order).
 */
import type { ColumnData, Table } from "../../table/table";
import type { RunTracker } from "../types";
import { GCTRACE_COLUMNS } from "./columns";
import { grow, growColumns } from "./grow";

/** Where each number column of GCTRACE_COLUMNS is in GcRows.cols (schema order; checked below). */
export const GC = {
  run: 0,
  line: 1,
  gcNum: 2,
  timeMs: 3,
  gcPct: 4,
  clockSweepTermMs: 5,
  clockMarkMs: 6,
  clockMarkTermMs: 7,
  cpuSweepTermMs: 8,
  cpuAssistMs: 9,
  cpuBackgroundMs: 10,
  cpuIdleMs: 11,
  cpuMarkTermMs: 12,
  heapStartMB: 13,
  heapEndMB: 14,
  heapLiveMB: 15,
  heapGoalMB: 16,
  stacksMB: 17,
  globalsMB: 18,
  procs: 19,
  pauseMs: 20,
} as const;
/** How many number columns GcRows keeps in `cols`: run … pauseMs. */
export const ROW_COLUMNS = 21;
/** go1.5's four phase columns: after pauseMs in the schema, kept apart (they exist once a go1.5 line is seen). */
export const GO15_COLUMNS = ["clockScanMs", "clockInstallWBMs", "cpuScanMs", "cpuInstallWBMs"] as const;

const NUMBER_NAMES = GCTRACE_COLUMNS.filter((s) => s.type === "number").map((s) => s.name);
if (NUMBER_NAMES.join() !== [...Object.keys(GC), ...GO15_COLUMNS].join()) {
  throw new Error("gctrace: GC and GO15_COLUMNS do not follow GCTRACE_COLUMNS"); // a programmer error
}

/** `format` values: the layout a row was read from (docs/formats.md §1.2). */
export const GCTRACE_FORMATS = {
  go10: "go1.0",
  go11: "go1.1",
  go13: "go1.3",
  go14: "go1.4",
  go15dev: "go1.5dev",
  go15: "go1.5",
  go16: "go1.6",
  go118: "go1.18",
  go126: "go1.26",
} as const;
export type GcFormat = (typeof GCTRACE_FORMATS)[keyof typeof GCTRACE_FORMATS];
const FORMAT_LIST: readonly string[] = Object.values(GCTRACE_FORMATS);
const FMT_GO16 = FORMAT_LIST.indexOf(GCTRACE_FORMATS.go16);
const FMT_GO118 = FORMAT_LIST.indexOf(GCTRACE_FORMATS.go118);

/** The meta byte of a row: format index × 4 + forced + 2 × leak check (decoded by GcRows.table()). */
export function metaByte(format: GcFormat, forced: boolean, leakCheck: boolean): number {
  return FORMAT_LIST.indexOf(format) * 4 + (forced ? 1 : 0) + (leakCheck ? 2 : 0);
}

/** The byte fast path's flags (fast.ts): a go1.18+ line (`MB stacks`), a forced cycle. */
export const FORCED = 1;
export const STACKS = 2;

/** The meta byte of a fast-path row from its flags (STACKS and FORCED as literals, per line: see storeRow). */
export function fastMeta(flags: number): number {
  return (flags & 2 ? FMT_GO118 : FMT_GO16) * 4 + (flags & 1);
}

/** Pause = the two stop-the-world phases, sweep termination + mark termination (runtime/mgc.go work.pauseNS; see
 * grammar.ts for go1.5), rounded to the nanosecond, so 0.014 + 0.009 is 0.023, not 0.023000000000000003. */
export function stwPauseMs(sweepTermMs: number, markTermMs: number): number {
  return Math.round((sweepTermMs + markTermMs) * 1e6) / 1e6;
}

/**
 * Writes row `r`'s number columns gcNum … procs, then its pause; run and line are the caller's. Shared by the
 * byte fast path and the go1.5+ grammar.
 *
 * A hot-path exception: the column indices are GC's values written as literals (test/parse/gcRows.test.ts checks
 * them against GC). `n[GC.gcNum]` compiles to three property loads per store (the module's exports, GC, the
 * field): 426 bytes of bytecode instead of 236, and V8 inlines into scanGcBytes (fast.ts) only up to a total
 * bytecode size, so a larger storeRow left two litB and one intB calls out of line on every gc line; the
 * one-thread `loadTrace` of 1M gc lines was several per cent slower for it (bench/README.md, session 5).
 */
export function storeRow(
  n: Float64Array[],
  r: number,
  gcNum: number,
  timeMs: number,
  pct: number,
  c1: number,
  c2: number,
  c3: number,
  u1: number,
  ua: number,
  ub: number,
  ui: number,
  u2: number,
  h0: number,
  h1: number,
  h2: number,
  goal: number,
  stacks: number,
  globals: number,
  procs: number,
): void {
  n[2][r] = gcNum; // GC.gcNum
  n[3][r] = timeMs; // GC.timeMs
  n[4][r] = pct; // GC.gcPct
  n[5][r] = c1; // GC.clockSweepTermMs
  n[6][r] = c2; // GC.clockMarkMs
  n[7][r] = c3; // GC.clockMarkTermMs
  n[8][r] = u1; // GC.cpuSweepTermMs
  n[9][r] = ua; // GC.cpuAssistMs
  n[10][r] = ub; // GC.cpuBackgroundMs
  n[11][r] = ui; // GC.cpuIdleMs
  n[12][r] = u2; // GC.cpuMarkTermMs
  n[13][r] = h0; // GC.heapStartMB
  n[14][r] = h1; // GC.heapEndMB
  n[15][r] = h2; // GC.heapLiveMB
  n[16][r] = goal; // GC.heapGoalMB
  n[17][r] = stacks; // GC.stacksMB
  n[18][r] = globals; // GC.globalsMB
  n[19][r] = procs; // GC.procs
  n[20][r] = stwPauseMs(c1, c3); // GC.pauseMs
}

/** The columns of a parallel load (parse/parallel/), one row slot per gc candidate line, in shared memory. */
export interface GcSlots {
  /** Slots (rows) in each column. */
  readonly length: number;
  readonly cols: Float64Array[];
  readonly meta: Uint8Array;
  readonly go15: Float64Array[];
}

/** GcSlots for `slots` rows in SharedArrayBuffers, for the threads to fill (GcSlots views of the same memory). */
export function sharedSlots(slots: number): GcSlots {
  const bytes = Math.max(1, slots) * 8;
  const col = () => new Float64Array(new SharedArrayBuffer(bytes), 0, slots);
  return {
    length: slots,
    cols: Array.from({ length: ROW_COLUMNS }, col),
    meta: new Uint8Array(new SharedArrayBuffer(Math.max(1, slots)), 0, slots),
    go15: GO15_COLUMNS.map(col),
  };
}

/** NaN in go1.5's columns of slots [from, to): a thread does it for its range's slots before filling them. */
export function clearGo15(slots: GcSlots, from: number, to: number): void {
  for (const g of slots.go15) g.fill(Number.NaN, from, to);
}

/**
 * The gctrace rows. The number columns are plain Float64Arrays sharing one capacity: a row is one capacity check
 * and ~22 stores. `meta` (metaByte) is decoded by table() into the boolean and string columns, so a row costs no
 * JS array push. go1.5's columns exist only once a go1.5 line was seen (or a parallel load brings them): every
 * byte of fresh column memory costs a page fault, which on a VM is a large share of the parse time.
 */
export class GcRows {
  /** The number columns (GC); a row is written at reserve()'s index, then counted by commit(). */
  cols: Float64Array[] = Array.from({ length: ROW_COLUMNS }, () => new Float64Array(1024));
  meta: Uint8Array = new Uint8Array(1024);
  private go15: Float64Array[] | null = null;
  private len = 0;
  private filled: { forced: boolean[]; leak: boolean[]; format: string[]; fmt: number } | null = null;

  /** Rows so far. */
  get length(): number {
    return this.len;
  }

  /** The index of the next row, with room for it (the row counts once committed). */
  reserve(): number {
    if (this.len === this.cols[0].length) {
      this.cols = growColumns(this.cols);
      if (this.go15 !== null) this.go15 = this.go15.map(grow);
      const meta = new Uint8Array(this.cols[0].length);
      meta.set(this.meta);
      this.meta = meta;
    }
    return this.len;
  }

  /** Row r's go1.5 columns (NaN for a row of another layout; nothing to store before the first go1.5 row). */
  go15Row(r: number, clockScan: number, clockInstallWB: number, cpuScan: number, cpuInstallWB: number): void {
    let g = this.go15;
    if (g === null) {
      if ([clockScan, clockInstallWB, cpuScan, cpuInstallWB].every(Number.isNaN)) return;
      g = this.go15 = GO15_COLUMNS.map(() => new Float64Array(this.cols[0].length).fill(Number.NaN));
    }
    g[0][r] = clockScan;
    g[1][r] = clockInstallWB;
    g[2][r] = cpuScan;
    g[3][r] = cpuInstallWB;
  }

  /** Row r (reserve()'s) is complete: its run, line and meta byte; it counts from now. */
  commit(r: number, run: number, line: number, meta: number): void {
    this.cols[GC.run][r] = run;
    this.cols[GC.line][r] = line;
    this.meta[r] = meta;
    this.len = r + 1;
  }

  /** Row r, whose numbers, line and meta the fast path wrote: its run (which also completes pacer rows waiting
   * for this cycle), NaN in go1.5's columns; it counts from now. */
  commitFast(r: number, runs: RunTracker): void {
    const n = this.cols;
    n[0][r] = runs.gc(n[2][r], n[3][r]); // GC.run, GC.gcNum, GC.timeMs (literals, per line: see storeRow)
    if (this.go15 !== null) for (const col of this.go15) col[r] = Number.NaN;
    this.len = r + 1;
  }

  /**
   * Parallel load: the slots (one per gc candidate line of the file) become these rows' columns, before any row.
   * Threads have filled the fast rows' numbers, line and meta, and NaN in go1.5's columns of every slot.
   */
  adopt(slots: GcSlots): void {
    if (this.len !== 0) throw new Error("gctrace: adopt() needs rows without a row");
    this.cols = slots.cols;
    this.meta = slots.meta;
    this.go15 = slots.go15;
  }

  /**
   * Parallel load: commits the fast row in slot `slot` as the next row, as commitFast() would have: moved down
   * when earlier slots stayed empty (go1.5's columns are NaN in every slot), then its run.
   */
  commitSlot(slot: number, runs: RunTracker): void {
    const r = this.len;
    const n = this.cols;
    if (slot !== r) {
      for (let k = GC.line; k < ROW_COLUMNS; k++) n[k][r] = n[k][slot];
      this.meta[r] = this.meta[slot];
      if (this.go15 !== null) for (const col of this.go15) col[r] = Number.NaN;
    }
    n[GC.run][r] = runs.gc(n[GC.gcNum][r], n[GC.timeMs][r]);
    this.len = r + 1;
  }

  /**
   * Parallel load: makes the forced, goroutineLeakCheck and format columns for up to `rows` rows while other
   * threads parse, `format` filled with the likely layout (`go1.18` for `MB stacks` lines); table() corrects
   * every row that differs and cuts them to length.
   */
  prefill(rows: number, go118: boolean): void {
    const fmt = go118 ? FMT_GO118 : FMT_GO16;
    const forced: boolean[] = new Array(rows).fill(false);
    this.filled = { forced, leak: forced.slice(), format: new Array(rows).fill(FORMAT_LIST[fmt]), fmt };
  }

  /** The `gctrace` table of the rows so far. */
  table(): Table {
    const len = this.len;
    const columns: Record<string, ColumnData> = {};
    NUMBER_NAMES.forEach((name, k) => {
      if (k < ROW_COLUMNS) columns[name] = this.cols[k].subarray(0, len);
      else {
        const g = this.go15?.[k - ROW_COLUMNS];
        columns[name] = g ? g.subarray(0, len) : new Float64Array(len).fill(Number.NaN);
      }
    });
    // Filled with the usual values, then the rare rows patched: cheaper than a store per row.
    const meta = this.meta;
    const pre = this.filled !== null && this.filled.forced.length >= len ? this.filled : null;
    this.filled = null;
    const forced: boolean[] = pre ? pre.forced : new Array(len).fill(false);
    const leak: boolean[] = pre ? pre.leak : new Array(len).fill(false);
    const first = pre ? pre.fmt : len > 0 ? meta[0] >> 2 : 0;
    const format: string[] = pre ? pre.format : new Array(len).fill(FORMAT_LIST[first]);
    forced.length = leak.length = format.length = len;
    for (let r = 0; r < len; r++) {
      const m = meta[r];
      if (m & 1) forced[r] = true;
      if (m & 2) leak[r] = true;
      if (m >> 2 !== first) format[r] = FORMAT_LIST[m >> 2];
    }
    columns.forced = forced;
    columns.goroutineLeakCheck = leak;
    columns.format = format;
    return { name: "gctrace", schema: GCTRACE_COLUMNS, length: len, columns };
  }
}
