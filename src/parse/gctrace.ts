/**
 * The gctrace scanner (GODEBUG=gctrace=1 and =2): every gc line layout from go1.0 to go1.26, the bare `GC forced`
 * line and go1.25's `scan:` lines. Layouts and meanings: docs/formats.md §0–§1 (read from
 * runtime/mgc.go, mgc0.c, mgcmark*.go of each release). Hot path: one Cursor, charCodeAt, no regex, no allocation
 * on a successful line (the `format` column holds the interned constants below).
 */
import type { ColumnData, Table } from "../table/table";
import { TableBuilder } from "../table/tableBuilder";
import { Cursor, timeProblem } from "./cursor";
import { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./gctraceColumns";
import { FAIL, FORCED, STACKS, scanGcBytes, scanGcFast, storeRow } from "./gctraceFast";
import { type KindScanner, malformed, type ScanContext, type ScanResult } from "./types";

export { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./gctraceColumns";

const SPACE = 32;
const HASH = 35;
const PAREN = 40;
const PLUS = 43;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const UPPER_G = 71;
const LOWER_C = 99;
const LOWER_G = 103;
const LOWER_S = 115;

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
const F = GCTRACE_FORMATS;
const FORMAT_LIST: readonly string[] = Object.values(GCTRACE_FORMATS);
const FMT_GO16 = FORMAT_LIST.indexOf(F.go16);
const FMT_GO118 = FORMAT_LIST.indexOf(F.go118);
/** How many number columns a scanner keeps in `cols`: run … pauseMs; go1.5's four follow them in the schema, kept
 * apart, and the meta flags apart too. */
export const ROW_COLUMNS = 21;

/** The meta column's value for a row of the fast path (gctraceFast.ts flags): format index × 4 + forced. */
function fastMeta(flags: number): number {
  return (flags & STACKS ? FMT_GO118 : FMT_GO16) * 4 + (flags & FORCED);
}

/**
 * The bytes fast path for one line b[start, end) that starts with `gc ` + digit (b[end] is its "\n"; a CR before
 * it is ignored): its numbers, line number and meta flags into row `r`; false when it is not a go1.6+ line (then
 * the row holds nothing meaningful). Shared by the one-thread reader (scanBytes) and the parallel one.
 */
export function fastRowBytes(
  b: Uint8Array,
  start: number,
  end: number,
  cols: Float64Array[],
  meta: Uint8Array,
  r: number,
  lineNo: number,
): boolean {
  const stop = b[end - 1] === 13 ? end - 1 : end; // a CRLF file's CR
  const flags = scanGcBytes(b, start + 3, stop, cols, r);
  if (flags === FAIL) return false;
  cols[1][r] = lineNo;
  meta[r] = fastMeta(flags);
  return true;
}
export const GO15_COLUMNS = ["clockScanMs", "clockInstallWBMs", "cpuScanMs", "cpuInstallWBMs"];

function grow(old: Float64Array): Float64Array {
  const next = new Float64Array(old.length * 2);
  next.set(old);
  return next;
}

/** Rows from which the columns move to resizable buffers, and how many rows those reserve address space for. */
const BIG_ROWS = 1 << 16;
const MAX_ROWS = 1 << 25;
interface ResizableBuffer extends ArrayBuffer {
  resize(byteLength: number): void;
  readonly maxByteLength: number;
}
// ES2024 resizable ArrayBuffer (V8 11.1+, Node 20); the project's lib setting (ES2022) does not type it yet.
const Resizable = ArrayBuffer as unknown as new (
  bytes: number,
  opts: { maxByteLength: number },
) => ResizableBuffer;

/**
 * Doubles the capacity of the columns. Small tables copy into new arrays; from BIG_ROWS rows on, the columns live
 * in resizable ArrayBuffers (length-tracking views) that grow in place: the address space is reserved once and
 * pages are committed as rows arrive, so a million-row parse neither copies its columns nor faults their memory
 * in twice (measured with bench/parse.ts: doubling by copy cost about as much as the parse itself on this VM).
 */
function growColumns(cols: Float64Array[]): Float64Array[] {
  const cap = cols[0].length * 2;
  const buf = cols[0].buffer as ResizableBuffer;
  if (buf.maxByteLength >= cap * 8 && cap > BIG_ROWS) {
    for (const c of cols) (c.buffer as ResizableBuffer).resize(cap * 8);
    return cols;
  }
  if (cap < BIG_ROWS) return cols.map(grow);
  try {
    const max = Math.max(MAX_ROWS, cap * 4) * 8;
    return cols.map((old) => {
      const next = new Float64Array(new Resizable(cap * 8, { maxByteLength: max }));
      next.set(old);
      return next;
    });
  } catch {
    return cols.map(grow); // no room for the reservation: plain copies still work
  }
}
const SCAN_PLAIN = "go1.25";
const SCAN_GREENTEA = "go1.25greentea";
const SCOPE_TOTAL = "total";
const SCOPE_CLASS = "class";

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * Cheap prefix test for the dispatcher: `gc` + space + digit (go1.5+), `gc #` (go1.5 development tree),
 * `gc` + digits + `(` (go1.0–go1.4), `GC forced`, `scan: ` (go1.25 gctrace=2).
 */
export function looksLikeGctrace(line: string, start: number): boolean {
  const c0 = line.charCodeAt(start);
  if (c0 === LOWER_G) {
    if (line.charCodeAt(start + 1) !== LOWER_C) return false;
    const c2 = line.charCodeAt(start + 2);
    if (c2 === SPACE) {
      const c3 = line.charCodeAt(start + 3);
      return isDigit(c3) || c3 === HASH;
    }
    if (!isDigit(c2)) return false;
    let i = start + 3;
    while (isDigit(line.charCodeAt(i))) i++;
    return line.charCodeAt(i) === PAREN;
  }
  if (c0 === UPPER_G) return line.startsWith("GC forced", start);
  if (c0 === LOWER_S) return line.startsWith("scan: ", start);
  return false;
}

class GcScanner implements GctraceScanner {
  readonly kind = "gctrace" as const;
  private readonly c = new Cursor();
  private readonly forcedLines = new TableBuilder("gcforced", GCFORCED_COLUMNS);
  private readonly scanLines = new TableBuilder("gcscan", GCSCAN_COLUMNS);
  // The gctrace number columns in schema order, as plain Float64Arrays sharing one capacity: a row is one capacity
  // check and ~22 stores (the hot path writes them directly; see gctraceFast.ts). `meta` holds format index × 4
  // + forced + 2 × leak check, decoded by tables() into the boolean and string columns, so a row costs no JS array
  // push. go1.5's four extra phase columns live apart and exist only once a go1.5 line was seen (or a parallel load
  // brings them): every byte of fresh column memory costs a page fault, which on a VM is a large share of the parse
  // time.
  private readonly numNames = GCTRACE_COLUMNS.filter((s) => s.type === "number").map((s) => s.name);
  private cols: Float64Array[] = Array.from({ length: ROW_COLUMNS }, () => new Float64Array(1024));
  private meta: Uint8Array = new Uint8Array(1024);
  private go15: Float64Array[] | null = null;
  private len = 0;
  private filled: { forced: boolean[]; leak: boolean[]; format: string[]; fmt: number } | null = null;

  /** The index of the next row, with room for it (the row counts once `len` is incremented). */
  private reserve(): number {
    if (this.len === this.cols[0].length) {
      this.cols = growColumns(this.cols);
      if (this.go15 !== null) this.go15 = this.go15.map(grow);
      const meta = new Uint8Array(this.cols[0].length);
      meta.set(this.meta);
      this.meta = meta;
    }
    return this.len;
  }

  /** go1.5's scan/install-WB columns (gctrace indexes 21–24), NaN for the rows before the first go1.5 line. */
  private go15Cols(): Float64Array[] {
    if (this.go15 === null)
      this.go15 = GO15_COLUMNS.map(() => new Float64Array(this.cols[0].length).fill(Number.NaN));
    return this.go15;
  }

  tables(): Table[] {
    const len = this.len;
    const columns: Record<string, ColumnData> = {};
    const go15 = this.go15;
    this.numNames.forEach((name, k) => {
      if (k < ROW_COLUMNS) columns[name] = this.cols[k].subarray(0, len);
      else
        columns[name] = go15
          ? go15[k - ROW_COLUMNS].subarray(0, len)
          : new Float64Array(len).fill(Number.NaN);
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
    const gctrace: Table = { name: "gctrace", schema: GCTRACE_COLUMNS, length: len, columns };
    return [gctrace, this.forcedLines.finish(), this.scanLines.finish()];
  }

  scan(line: string, start: number, ctx: ScanContext): ScanResult {
    const c0 = line.charCodeAt(start);
    if (c0 === LOWER_G && line.charCodeAt(start + 2) === SPACE) {
      let end = line.length;
      if (line.charCodeAt(end - 1) === 13) end--; // a CRLF file's CR
      const r = this.reserve();
      const n = this.cols;
      const flags = scanGcFast(line, start + 3, end, n, r);
      if (flags === FAIL) return this.scanModern(this.c.reset(line, start), ctx);
      this.commitFast(r, flags, ctx);
      return "gctrace";
    }
    const c = this.c.reset(line, start);
    if (c0 === UPPER_G) return this.scanForced(c, ctx);
    if (c0 === LOWER_S) return this.scanScan(c, ctx);
    if (line.charCodeAt(start + 2) === SPACE) return this.scanModern(c, ctx);
    return this.scanOld(c, ctx);
  }

  /**
   * The fast path on UTF-8 bytes (lines.ts ByteLineSplitter, for files and pipes): a line b[start..end) that
   * starts with `gc ` + digit and is a go1.6+ line goes straight into the columns, as scan() would put it; false
   * means nothing was appended and the caller decodes the line and dispatches it as usual. `end` excludes the
   * line's newline, which b[end] must hold (a CR before it is ignored).
   */
  scanBytes(b: Uint8Array, start: number, end: number, ctx: ScanContext): boolean {
    const r = this.reserve();
    if (!fastRowBytes(b, start, end, this.cols, this.meta, r, ctx.lineNo)) return false;
    this.commitRun(r, ctx);
    return true;
  }

  get rows(): number {
    return this.len;
  }

  /**
   * Parallel load (parallel/): `cols` (run … pauseMs, one slot per gc candidate line of the file), the meta column
   * and go1.5's four columns become this scanner's, before any row. Threads have filled the fast rows' numbers, line
   * and meta, and NaN in the go1.5 columns of every slot.
   */
  adopt(cols: Float64Array[], meta: Uint8Array, go15: Float64Array[]): void {
    if (this.len !== 0 || cols.length !== ROW_COLUMNS || go15.length !== GO15_COLUMNS.length) {
      throw new Error("gctrace: adopt() needs an empty scanner, and the gctrace and go1.5 columns");
    }
    this.cols = cols;
    this.meta = meta;
    this.go15 = go15;
  }

  /**
   * Parallel load: makes the forced, goroutineLeakCheck and format columns for up to `rows` rows while other
   * threads parse, `format` filled with the likely layout (`go1.18` for `MB stacks` lines); tables() corrects
   * every row that differs and cuts them to length.
   */
  prefill(rows: number, go118: boolean): void {
    const fmt = go118 ? FMT_GO118 : FMT_GO16;
    const forced: boolean[] = new Array(rows).fill(false);
    this.filled = {
      forced,
      leak: forced.slice(),
      format: new Array(rows).fill(FORMAT_LIST[fmt]),
      fmt,
    };
  }

  /**
   * Commits the fast row in slot `slot` as the next row, as scanBytes() would have committed it: moved down when
   * earlier slots stayed empty, then its run (which also completes pacer rows waiting for this cycle).
   */
  commitSlot(slot: number, ctx: ScanContext): void {
    const r = this.len;
    const n = this.cols;
    if (slot !== r) {
      // Row r held nothing, or a slot already committed: the row moves down (go1.5's columns are NaN in every slot).
      for (let k = 1; k < ROW_COLUMNS; k++) n[k][r] = n[k][slot];
      this.meta[r] = this.meta[slot];
      if (this.go15 !== null) for (const col of this.go15) col[r] = Number.NaN;
    }
    n[0][r] = ctx.runs.gc(n[2][r], n[3][r]);
    this.len = r + 1;
  }

  /** line and the format/forced flags of row `r`, whose numbers the string fast path has written, then its run. */
  private commitFast(r: number, flags: number, ctx: ScanContext): void {
    this.cols[1][r] = ctx.lineNo;
    this.meta[r] = fastMeta(flags);
    this.commitRun(r, ctx);
  }

  /** The run of fast row `r`, NaN in go1.5's columns, and the row counts. */
  private commitRun(r: number, ctx: ScanContext): void {
    const n = this.cols;
    n[0][r] = ctx.runs.gc(n[2][r], n[3][r]);
    if (this.go15 !== null) for (const col of this.go15) col[r] = Number.NaN;
    this.len = r + 1;
  }

  /**
   * go1.5+ (docs/formats.md §1.1/§1.2): `gc N @Ts P%[ (checking for goroutine leaks)]: clock ms clock, cpu ms cpu,
   * h0->h1->h2 MB, G MB goal[, S MB stacks, B MB globals], P P[ (forced)]`; go1.5 has 5 clock / 7 cpu values,
   * go1.6+ 3 / 5; the go1.5 development tree printed `gc #N` and, before 2015-04-21, no `MB goal`.
   */
  private scanModern(c: Cursor, ctx: ScanContext): ScanResult {
    c.i += 3; // "gc "
    const dev = c.ch(HASH);
    const gcNum = c.int();
    if (Number.isNaN(gcNum)) return bad(c, "the cycle number");
    if (!c.lit(" @")) {
      if (c.ch(SPACE) && isDigit(c.peek())) {
        return malformed(
          `damaged gc line: no "@" before the start time at column ${c.i + 1} (the runtime always prints ` +
            `"@<seconds>s"; golang/go commit 9d17e17 quotes such a go1.9 line with an underflowed time)`,
        );
      }
      return bad(c, '" @<seconds>s"');
    }
    const timeMs = readSecondsAsMs(c);
    if (Number.isNaN(timeMs) || !c.lit("s ")) return bad(c, "the start time in seconds (@<seconds>s)");
    const late = timeProblem("gctrace: start time", timeMs);
    if (late !== null) return malformed(late);
    const gcPct = c.int();
    if (Number.isNaN(gcPct) || !c.ch(37)) return bad(c, "the GC CPU percentage (<n>%)");
    const leakCheck = c.lit(" (checking for goroutine leaks)");
    if (!c.lit(": ")) return bad(c, '": "');
    // Clock: sweep termination + [scan + install WB +] mark + mark termination (runtime/mgc.go gcMarkTermination).
    const c1 = c.dec();
    const c2 = c.ch(PLUS) ? c.dec() : Number.NaN;
    const c3 = c.ch(PLUS) ? c.dec() : Number.NaN;
    if (Number.isNaN(c3)) return bad(c, "a clock time (ms)");
    let c4 = Number.NaN;
    let c5 = Number.NaN;
    const five = c.ch(PLUS);
    if (five) {
      c4 = c.dec();
      c5 = c.ch(PLUS) ? c.dec() : Number.NaN;
      if (Number.isNaN(c5)) return bad(c, "a clock time (ms)");
    }
    if (!c.lit(" ms clock, ")) return bad(c, '" ms clock, "');
    // CPU: sweep term + [scan + install WB +] assist/background/idle + mark term.
    const u1 = c.dec();
    let uScan = Number.NaN;
    let uWB = Number.NaN;
    if (five) {
      uScan = c.ch(PLUS) ? c.dec() : Number.NaN;
      uWB = c.ch(PLUS) ? c.dec() : Number.NaN;
      if (Number.isNaN(uWB)) return bad(c, "a cpu time (ms)");
    }
    const assist = c.ch(PLUS) ? c.dec() : Number.NaN;
    const bg = c.ch(SLASH) ? c.dec() : Number.NaN;
    const idle = c.ch(SLASH) ? c.dec() : Number.NaN;
    const u2 = c.ch(PLUS) ? c.dec() : Number.NaN;
    if (Number.isNaN(u1) || Number.isNaN(u2)) return bad(c, "a cpu time (ms)");
    if (!c.lit(" ms cpu, ")) return bad(c, '" ms cpu, "');
    const h0 = c.int();
    const h1 = c.lit("->") ? c.int() : Number.NaN;
    const h2 = c.lit("->") ? c.int() : Number.NaN;
    if (Number.isNaN(h2)) return bad(c, "a heap size (<start>-><end>-><live> MB)");
    if (!c.lit(" MB, ")) return bad(c, '" MB, "');
    let goal = c.int();
    let stacks = Number.NaN;
    let globals = Number.NaN;
    let procs: number;
    if (c.lit(" MB goal, ")) {
      procs = c.int();
      if (c.lit(" MB stacks, ")) {
        stacks = procs;
        globals = c.int();
        if (Number.isNaN(globals) || !c.lit(" MB globals, ")) return bad(c, '"<n> MB globals, "');
        procs = c.int();
      }
    } else if (dev) {
      procs = goal; // before 2015-04-21 (1ccc577) the development tree printed no goal
      goal = Number.NaN;
    } else return bad(c, '" MB goal, "');
    if (Number.isNaN(procs) || !c.lit(" P")) return bad(c, '"<n> P"');
    const forced = c.lit(" (forced)");
    if (!c.done) return bad(c, "the end of the line");

    const run = ctx.runs.gc(gcNum, timeMs);
    const r = this.reserve();
    const n = this.cols;
    n[0][r] = run;
    n[1][r] = ctx.lineNo;
    // go1.5's mark is its 4th clock value and its mark termination the 5th; its scan and install-WB phases have
    // their own columns. Pause = sweep termination + mark termination (storeRow, stwPauseMs): go1.5's install-WB
    // ("synchronize Ps") phase is a forEachP ragged barrier, not a stop-the-world (runtime/mgc.go go1.5 gc();
    // runtime/extern.go go1.5: "The phases are stop-the-world (STW) sweep termination, scan, synchronize Ps, mark,
    // and STW mark termination"), so it is not pause time; forced (STW) cycles print 0 for the middle phases.
    const mark = five ? c4 : c2;
    const markTerm = five ? c5 : c3;
    storeRow(
      n,
      r,
      gcNum,
      timeMs,
      gcPct,
      c1,
      mark,
      markTerm,
      u1,
      assist,
      bg,
      idle,
      u2,
      h0,
      h1,
      h2,
      goal,
      stacks,
      globals,
      procs,
    );
    if (five || this.go15 !== null) {
      const g = this.go15Cols();
      g[0][r] = five ? c2 : Number.NaN;
      g[1][r] = five ? c3 : Number.NaN;
      g[2][r] = uScan;
      g[3][r] = uWB;
    }
    const fmt = dev
      ? F.go15dev
      : five
        ? F.go15
        : leakCheck
          ? F.go126
          : Number.isNaN(stacks)
            ? F.go16
            : F.go118;
    this.meta[r] = FORMAT_LIST.indexOf(fmt) * 4 + (forced ? 1 : 0) + (leakCheck ? 2 : 0);
    this.len++;
    return "gctrace";
  }

  /**
   * The C runtime's lines (docs/formats.md §1.2, §1.5): go1.3/go1.4 `gcN(P): t1+t2+t3+t4 us, h0 -> h1 MB, ...`
   * and go1.0–go1.2 `gcN(P): t1+t2+t3 ms[,] h0 -> h1 MB o0 -> o1 (m-f) objects...`. The whole collection stopped
   * the world, so pauseMs is the sum of the phases (mgc0.c: mstats.pause_ns = t4 - t0, resp. t3 - t0).
   */
  private scanOld(c: Cursor, ctx: ScanContext): ScanResult {
    c.i += 2; // "gc"
    const gcNum = c.int();
    if (Number.isNaN(gcNum)) return bad(c, "the cycle number");
    const procs = c.ch(PAREN) ? c.int() : Number.NaN;
    if (Number.isNaN(procs) || !c.lit("): ")) return bad(c, '"(<procs>): "');
    const t1 = c.int();
    const t2 = c.ch(PLUS) ? c.int() : Number.NaN;
    const t3 = c.ch(PLUS) ? c.int() : Number.NaN;
    if (Number.isNaN(t3)) return bad(c, "a phase time");
    const t4 = c.ch(PLUS) ? c.int() : Number.NaN;
    const us = !Number.isNaN(t4);
    if (!c.lit(us ? " us, " : " ms")) return bad(c, us ? '" us, "' : '" ms"');
    const comma = us || c.ch(44);
    if (!us && !c.ch(SPACE)) return bad(c, '" "');
    const h0 = c.int();
    const h1 = c.lit(" -> ") ? c.int() : Number.NaN;
    if (Number.isNaN(h1) || !c.lit(" MB")) return bad(c, '"<before> -> <after> MB"');
    let format: string;
    if (us) {
      // go1.3/1.4: `, live (m-f) objects,[ g goroutines,] a/b/c sweeps, h(hc) handoff, s(sc) steal, y/y/y yields`
      if (!(c.lit(", ") && seq(c, OBJECTS_13))) return bad(c, '"<n> (<mallocs>-<frees>) objects,"');
      format = F.go13;
      const mark = c.i;
      if (c.ch(SPACE) && !Number.isNaN(c.int()) && (c.lit(" goroutines,") || c.lit(" gs,"))) format = F.go14;
      else c.i = mark;
      if (!(c.ch(SPACE) && seq(c, SWEEPS))) return bad(c, '"<a>/<b>/<c> sweeps,"');
      if (!tail(c)) return bad(c, '"<h>(<n>) handoff, <s>(<n>) steal, <a>/<b>/<c> yields"');
    } else {
      // go1.1/1.2: ` o0 -> o1 (m-f) objects, h(hc) handoff, ...`; go1.0 (no comma after ms): `... objects <h> handoff`
      if (!(c.ch(SPACE) && seq(c, OBJECTS_11))) {
        return bad(c, '"<before> -> <after> (<mallocs>-<frees>) objects"');
      }
      format = comma ? F.go11 : F.go10;
      const ok = comma ? c.ch(44) && tail(c) : c.ch(SPACE) && !Number.isNaN(c.int()) && c.lit(" handoff");
      if (!ok) return bad(c, comma ? '", <h>(<n>) handoff, ..."' : '"<n> handoff"');
    }
    if (!c.done) return bad(c, "the end of the line");

    const run = ctx.runs.gc(gcNum, Number.NaN);
    const r = this.reserve();
    const n = this.cols;
    n[0][r] = run;
    n[1][r] = ctx.lineNo;
    n[2][r] = gcNum;
    for (let k = 3; k <= 12; k++) n[k][r] = Number.NaN; // no time, %, or concurrent phases before go1.5
    // mgc0.c go1.3/1.4: h0 = "estimate what was live heap size after previous GC (for tracing only)", h1 =
    // heap_alloc after the stop-the-world mark, before the concurrent sweep; go1.1/1.2 (mgc0.c, eager sweep): h0 =
    // heap_alloc before, h1 = after the collection. The world stood still throughout, so start = end of mark.
    const heapAtGc = us ? h1 : h0;
    n[13][r] = heapAtGc;
    n[14][r] = heapAtGc;
    n[15][r] = us ? Number.NaN : h1;
    for (let k = 16; k <= 18; k++) n[k][r] = Number.NaN;
    n[19][r] = procs;
    n[20][r] = us ? (t1 + t2 + t3 + t4) / 1000 : t1 + t2 + t3;
    if (this.go15 !== null) for (const col of this.go15) col[r] = Number.NaN;
    this.len++;
    this.meta[r] = FORMAT_LIST.indexOf(format) * 4;
    return "gctrace";
  }

  /** `GC forced`: sysmon's periodic forced GC (runtime/proc.go forcegchelper, go1.4+); its gc line follows. */
  private scanForced(c: Cursor, ctx: ScanContext): ScanResult {
    if (!c.lit("GC forced") || !c.done) return bad(c, 'exactly "GC forced"');
    const t = this.forcedLines;
    t.num.run.push(ctx.runs.current());
    t.num.line.push(ctx.lineNo);
    t.num.timeMs.push(Number.NaN);
    t.num.afterGcNum.push(ctx.runs.lastGcNum);
    return "gctrace";
  }

  /**
   * go1.25 gctrace=2 (runtime/mgcmark_nogreenteagc.go / mgcmark_greenteagc.go dumpScanStats):
   * `scan: total N objs` / `scan: class <size>B N objs` / `scan: class L N objs`, or with GOEXPERIMENT=greenteagc
   * `scan: <scope> a+b+c=N objs, s+d=M spans` (a sparse objects, b objects in sparse spans, c in dense spans).
   */
  private scanScan(c: Cursor, ctx: ScanContext): ScanResult {
    c.i += 6; // "scan: "
    let size = Number.NaN;
    let large = false;
    const total = c.lit("total ");
    if (!total) {
      if (!c.lit("class ")) return bad(c, '"total " or "class "');
      large = c.lit("L ");
      if (!large) {
        size = c.int();
        if (Number.isNaN(size) || !c.lit("B ")) return bad(c, 'a size class ("<bytes>B " or "L ")');
      }
    }
    let objs = c.int();
    let spanSparse = Number.NaN;
    let spanDense = Number.NaN;
    let spans = Number.NaN;
    let sparseSpans = Number.NaN;
    let denseSpans = Number.NaN;
    const sparse = objs;
    const greentea = c.ch(PLUS);
    if (greentea) {
      spanSparse = c.int();
      spanDense = c.ch(PLUS) ? c.int() : Number.NaN;
      objs = c.ch(61) ? c.int() : Number.NaN;
      if (Number.isNaN(objs) || !c.lit(" objs, ")) return bad(c, '"<a>+<b>+<c>=<n> objs, "');
      sparseSpans = c.int();
      denseSpans = c.ch(PLUS) ? c.int() : Number.NaN;
      spans = c.ch(61) ? c.int() : Number.NaN;
      if (Number.isNaN(spans) || !c.lit(" spans")) return bad(c, '"<a>+<b>=<n> spans"');
    } else if (Number.isNaN(objs) || !c.lit(" objs")) return bad(c, '"<n> objs"');
    if (!c.done) return bad(c, "the end of the line");
    const t = this.scanLines;
    const num = t.num;
    num.run.push(ctx.runs.current());
    num.line.push(ctx.lineNo);
    num.timeMs.push(ctx.runs.lastGcTimeMs);
    num.gcNum.push(ctx.runs.lastGcNum);
    t.str.scope.push(total ? SCOPE_TOTAL : SCOPE_CLASS);
    num.sizeBytes.push(size);
    t.bool.large.push(large);
    num.objs.push(objs);
    num.sparseObjs.push(sparse);
    num.spanSparseObjs.push(spanSparse);
    num.spanDenseObjs.push(spanDense);
    num.spans.push(spans);
    num.sparseSpans.push(sparseSpans);
    num.denseSpans.push(denseSpans);
    t.str.format.push(greentea ? SCAN_GREENTEA : SCAN_PLAIN);
    return "gctrace";
  }
}

/** `@<s>s`: the runtime prints ms/1000 with exactly 3 decimals (§0.2), read as an exact integer of ms. */
function readSecondsAsMs(c: Cursor): number {
  const whole = c.int();
  if (Number.isNaN(whole) || !c.ch(46)) return Number.NaN;
  const s = c.s;
  const i = c.i;
  if (i + 3 > c.end) return Number.NaN;
  const d0 = s.charCodeAt(i) - ZERO;
  const d1 = s.charCodeAt(i + 1) - ZERO;
  const d2 = s.charCodeAt(i + 2) - ZERO;
  if (d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return Number.NaN;
  c.i = i + 3;
  return whole * 1000 + d0 * 100 + d1 * 10 + d2;
}

/** `<n>sep0<n>sep1…`: an integer before each literal (the C runtime's counter groups, checked, not stored). */
function seq(c: Cursor, seps: readonly string[]): boolean {
  for (const sep of seps) if (Number.isNaN(c.int()) || !c.lit(sep)) return false;
  return true;
}
const OBJECTS_13 = [" (", "-", ") objects,"];
const OBJECTS_11 = [" -> ", " (", "-", ") objects"];
const SWEEPS = ["/", "/", " sweeps,"];
const HANDOFF = ["(", ") handoff,"];
const STEAL = ["(", ") steal,"];
const YIELDS = ["/", "/", " yields"];

/** ` h(hc) handoff, s(sc) steal, a/b/c yields` of the go1.1–go1.4 lines. */
function tail(c: Cursor): boolean {
  return c.ch(SPACE) && seq(c, HANDOFF) && c.ch(SPACE) && seq(c, STEAL) && c.ch(SPACE) && seq(c, YIELDS);
}

function bad(c: Cursor, expected: string): ScanResult {
  return malformed(`gctrace: ${c.where(expected)}`);
}

/** The gctrace scanner's interface: a KindScanner with a fast path on bytes. */
export interface GctraceScanner extends KindScanner {
  scanBytes(b: Uint8Array, start: number, end: number, ctx: ScanContext): boolean;
  /** Rows so far. */
  readonly rows: number;
  adopt(cols: Float64Array[], meta: Uint8Array, go15: Float64Array[]): void;
  prefill(rows: number, go118: boolean): void;
  commitSlot(slot: number, ctx: ScanContext): void;
}

/** A scanner for gctrace lines; fills the tables `gctrace`, `gcforced` and `gcscan`. */
export function createGctraceScanner(): GctraceScanner {
  return new GcScanner();
}
