/**
 * The byte fast path of the gctrace scanner: the go1.6–go1.17 and go1.18+ line (three clock / five cpu values,
 * optional stacks/globals and (forced)), which is what almost every real trace holds, parsed where it lies in the
 * read buffer, so the common line is never decoded into a string (decoding and the per-line strings cost more than
 * the parse itself). It writes straight into a row of GcRows' columns and reports success; on anything unusual
 * (go1.5 layouts, the go1.26 marker, a damaged line, a non-ASCII byte) it fails and the general grammar
 * (grammar.ts) parses the line again and, if the line is bad, says why. What it accepts (docs/formats.md §1.1):
 *   gc N @S.mmms P%: c1+c2+c3 ms clock, u1+a/b/i+u2 ms cpu, h0->h1->h2 MB, G MB goal[, S MB stacks, B MB globals], P P[ (forced)]
 * The caller guarantees that the line is followed by a byte inside `b` (its "\n", or "\r\n"), so no read runs
 * off the array: every reader stops at a non-digit and every literal check at its first mismatch. The helpers
 * return -1 for "no number here" (every field is non-negative); `at` carries the position out of the helpers
 * (module state: the scanner is synchronous).
 */
import { CR } from "../chars";
import { MAX_TIME_MS } from "../cursor";
import { FORCED, fastMeta, GC, type GcSlots, STACKS, storeRow } from "./rows";

export const FAIL = -1;
/** Whole seconds of the latest start time the fast path takes (cursor.ts MAX_TIME_MS); later ones go to the
 * grammar, which reports them. */
const MAX_TIME_S = Math.floor(MAX_TIME_MS / 1000) - 1;

let at = 0;

/**
 * Whether b[start, end) starts with `gc ` + digit: the lines the byte fast path is tried on (by the one-thread
 * reader and the parallel one alike). A line starting so goes to the gctrace scanner at column 0 whatever else it
 * holds (dispatch.ts tries the start of the line first), so the fast path's row is the one scan() would give.
 */
export function isGcCandidate(b: Uint8Array, start: number, end: number): boolean {
  return (
    end - start > 3 &&
    b[start] === 103 && // g
    b[start + 1] === 99 && // c
    b[start + 2] === 32 &&
    b[start + 3] >= 48 &&
    b[start + 3] <= 57
  );
}

/**
 * The fast path for one line b[start, end) that starts with `gc ` + digit (b[end] is its "\n"; a CR before it is
 * ignored): its numbers, line number and meta byte into row `r` of `cols`/`meta` (GcRows' columns, or a parallel
 * load's slots); false when it is not a go1.6+ line (then the row holds nothing meaningful).
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
  const stop = b[end - 1] === CR ? end - 1 : end; // a CRLF file's CR (the parallel reader cuts at "\n" only)
  const flags = scanGcBytes(b, start + 3, stop, cols, r);
  if (flags === FAIL) return false;
  cols[1][r] = lineNo; // GC.line (a literal, per line: see storeRow)
  meta[r] = fastMeta(flags);
  return true;
}

/**
 * A parallel load's thread (parse/parallel/ranges.ts): the fast row of a candidate line into slot `slot`
 * (fastRowBytes); false when the fast path does not take the line.
 */
export function fastSlot(
  b: Uint8Array,
  start: number,
  end: number,
  slots: GcSlots,
  slot: number,
  lineNo: number,
): boolean {
  if (!fastRowBytes(b, start, end, slots.cols, slots.meta, slot, lineNo)) return false;
  slots.cols[GC.run][slot] = 0; // the calling thread assigns runs; written here so this thread faults the page in
  return true;
}

/** A decimal (`12`, `0.059`) at i, as Cursor.dec reads it; -1 if none. Sets `at` past it. */
function decB(b: Uint8Array, i: number): number {
  let d = b[i] - 48;
  if (!(d >= 0 && d <= 9)) return -1;
  let v = d;
  d = b[++i] - 48;
  while (d >= 0 && d <= 9) {
    v = v * 10 + d;
    d = b[++i] - 48;
  }
  if (d === -2) {
    let f = 0;
    let scale = 1;
    d = b[++i] - 48;
    while (d >= 0 && d <= 9) {
      f = f * 10 + d;
      scale *= 10;
      d = b[++i] - 48;
    }
    if (scale === 1) return -1;
    v += f / scale;
  }
  at = i;
  return v;
}

/** An unsigned integer at i; -1 if none. Sets `at` past it. */
function intB(b: Uint8Array, i: number): number {
  let d = b[i] - 48;
  if (!(d >= 0 && d <= 9)) return -1;
  let v = d;
  d = b[++i] - 48;
  while (d >= 0 && d <= 9) {
    v = v * 10 + d;
    d = b[++i] - 48;
  }
  at = i;
  return v;
}

/** Whether `lit` (ASCII) is at i. */
function litB(b: Uint8Array, i: number, lit: string): boolean {
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/**
 * Parses the line from `i` (just after "gc ") into row `r` of `n` (GcRows' number columns gcNum … pauseMs; run,
 * line and meta are left to the caller). Returns FAIL, or FORCED | STACKS flags. `end` is the line end (a
 * trailing CR excluded).
 */
export function scanGcBytes(b: Uint8Array, i: number, end: number, n: Float64Array[], r: number): number {
  const gcNum = intB(b, i);
  if (gcNum < 0 || b[at] !== 32 || b[at + 1] !== 64) return FAIL;
  const whole = intB(b, at + 2);
  i = at;
  if (whole < 0 || whole > MAX_TIME_S || b[i] !== 46) return FAIL;
  const d0 = b[i + 1] - 48;
  const d1 = b[i + 2] - 48;
  const d2 = b[i + 3] - 48;
  if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return FAIL;
  if (b[i + 4] !== 115 || b[i + 5] !== 32) return FAIL;
  const pct = intB(b, i + 6);
  if (pct < 0 || b[at] !== 37 || b[at + 1] !== 58 || b[at + 2] !== 32) return FAIL;
  const c1 = decB(b, at + 3);
  if (c1 < 0 || b[at] !== 43) return FAIL;
  const c2 = decB(b, at + 1);
  if (c2 < 0 || b[at] !== 43) return FAIL;
  const c3 = decB(b, at + 1);
  if (c3 < 0 || !litB(b, at, " ms clock, ")) return FAIL;
  const u1 = decB(b, at + 11);
  if (u1 < 0 || b[at] !== 43) return FAIL;
  const ua = decB(b, at + 1);
  if (ua < 0 || b[at] !== 47) return FAIL;
  const ub = decB(b, at + 1);
  if (ub < 0 || b[at] !== 47) return FAIL;
  const ui = decB(b, at + 1);
  if (ui < 0 || b[at] !== 43) return FAIL;
  const u2 = decB(b, at + 1);
  if (u2 < 0 || !litB(b, at, " ms cpu, ")) return FAIL;
  const h0 = intB(b, at + 9);
  if (h0 < 0 || b[at] !== 45 || b[at + 1] !== 62) return FAIL;
  const h1 = intB(b, at + 2);
  if (h1 < 0 || b[at] !== 45 || b[at + 1] !== 62) return FAIL;
  const h2 = intB(b, at + 2);
  if (h2 < 0 || !litB(b, at, " MB, ")) return FAIL;
  const goal = intB(b, at + 5);
  if (goal < 0 || !litB(b, at, " MB goal, ")) return FAIL;
  let flags = 0;
  let stacks = Number.NaN;
  let globals = Number.NaN;
  let procs = intB(b, at + 10);
  if (procs < 0) return FAIL;
  if (litB(b, at, " MB stacks, ")) {
    stacks = procs;
    globals = intB(b, at + 12);
    if (globals < 0 || !litB(b, at, " MB globals, ")) return FAIL;
    procs = intB(b, at + 13);
    if (procs < 0) return FAIL;
    flags |= STACKS;
  }
  if (b[at] !== 32 || b[at + 1] !== 80) return FAIL;
  i = at + 2;
  if (i !== end) {
    if (i + 9 !== end || !litB(b, i, " (forced)")) return FAIL;
    flags |= FORCED;
  }
  storeRow(
    n,
    r,
    gcNum,
    whole * 1000 + d0 * 100 + d1 * 10 + d2,
    pct,
    c1,
    c2,
    c3,
    u1,
    ua,
    ub,
    ui,
    u2,
    h0,
    h1,
    h2,
    goal,
    stacks,
    globals,
    procs,
  );
  return flags;
}
