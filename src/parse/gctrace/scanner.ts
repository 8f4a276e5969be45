/**
 * The gctrace scanner (GODEBUG=gctrace=1 and =2): every gc line layout from go1.0 to go1.26, the bare `GC forced`
 * line and go1.25's `scan:` lines. Layouts and meanings: docs/formats.md §0–§1 (read from runtime/mgc.go, mgc0.c,
 * mgcmark*.go of each release). A go1.6+ gc line takes the byte fast path (fast.ts); every other line, and a gc
 * line the fast path does not take, the grammars on a Cursor (grammar.ts). The rows live in GcRows (rows.ts).
 */

import type { Table } from "../../table/table";
import * as chars from "../chars";
import { Cursor } from "../cursor";
import type { KindScanner, ScanContext, ScanResult } from "../types";
import { fastRowBytes } from "./fast";
import { isDigit, scanModern, scanOld } from "./grammar";
import { GcRows } from "./rows";
import { GcSideLines } from "./sideLines";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { HASH, LOWER_C, LOWER_G, LOWER_S, LPAREN, SPACE, UPPER_G } = chars;

/** Longer gc lines skip the fast path (a go1.6+ line is about 150 characters; the grammar reads any length). */
const SCRATCH_CHARS = 512;

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
    return line.charCodeAt(i) === LPAREN;
  }
  if (c0 === UPPER_G) return line.startsWith("GC forced", start);
  if (c0 === LOWER_S) return line.startsWith("scan: ", start);
  return false;
}

/** The gctrace scanner's interface: a KindScanner with a fast path on bytes, and its rows. */
export interface GctraceScanner extends KindScanner {
  /**
   * The fast path on UTF-8 bytes (lines.ts ByteLineSplitter): a line b[start..end) that starts with `gc ` + digit
   * and is a go1.6+ line goes straight into the rows, as scan() would put it; false means nothing was appended and
   * the caller decodes the line and dispatches it as usual. b[end] must hold the line's terminator.
   */
  scanBytes(b: Uint8Array, start: number, end: number, ctx: ScanContext): boolean;
  /** The gctrace rows (a parallel load's replay commits its threads' rows here). */
  readonly rows: GcRows;
}

class GcScanner implements GctraceScanner {
  readonly kind = "gctrace" as const;
  readonly rows = new GcRows();
  private readonly side = new GcSideLines();
  private readonly c = new Cursor();
  /** Room for SCRATCH_CHARS characters of UTF-8 (at most 3 bytes each) and a terminator. */
  private readonly scratch = Buffer.alloc(3 * SCRATCH_CHARS + 1);

  tables(): Table[] {
    return [this.rows.table(), ...this.side.tables()];
  }

  scan(line: string, start: number, ctx: ScanContext): ScanResult {
    const c0 = line.charCodeAt(start);
    if (c0 === LOWER_G && line.charCodeAt(start + 2) === SPACE) {
      const rows = this.rows;
      const r = rows.reserve();
      // The byte fast path on a copy (a gc line behind a log prefix; a line cut from bytes was tried already): a
      // non-ASCII character fails it as it fails on the text, and the grammar then reads the line.
      if (line.length - start <= SCRATCH_CHARS) {
        const b = this.scratch;
        const n = b.write(start === 0 ? line : line.slice(start), "utf8");
        b[n] = 10; // the terminator fastRowBytes expects after the line
        if (fastRowBytes(b, 0, n, rows.cols, rows.meta, r, ctx.lineNo)) {
          rows.commitFast(r, ctx.runs);
          return "gctrace";
        }
      }
      return scanModern(this.c.reset(line, start), ctx, rows);
    }
    const c = this.c.reset(line, start);
    if (c0 === UPPER_G) return this.side.forced(c, ctx);
    if (c0 === LOWER_S) return this.side.scan(c, ctx);
    if (line.charCodeAt(start + 2) === SPACE) return scanModern(c, ctx, this.rows);
    return scanOld(c, ctx, this.rows);
  }

  scanBytes(b: Uint8Array, start: number, end: number, ctx: ScanContext): boolean {
    const rows = this.rows;
    const r = rows.reserve();
    if (!fastRowBytes(b, start, end, rows.cols, rows.meta, r, ctx.lineNo)) return false;
    rows.commitFast(r, ctx.runs);
    return true;
  }
}

/** A scanner for gctrace lines; fills the tables `gctrace`, `gcforced` and `gcscan`. */
export function createGctraceScanner(): GctraceScanner {
  return new GcScanner();
}
