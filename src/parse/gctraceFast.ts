/**
 * The hot path of the gctrace scanner: the go1.6–go1.17 and go1.18+ line (three clock / five cpu values, optional
 * stacks/globals and (forced)), which is what almost every real trace holds. It writes straight into the row `r`
 * of the gctrace number columns and reports success; on anything unusual (go1.5 layouts, the go1.26 marker, a
 * damaged line) it returns FAIL and the general Cursor path in gctrace.ts parses the line again and, if the line
 * is bad, says why. Readable form of what it accepts (docs/formats.md §1.1):
 *   gc N @S.mmms P%: c1+c2+c3 ms clock, u1+a/b/i+u2 ms cpu, h0->h1->h2 MB, G MB goal[, S MB stacks, B MB globals], P P[ (forced)]
 * Numbers are read with charCodeAt past the end of the string returning NaN, which fails every digit test, so no
 * bounds checks are needed; the helpers return -1 for "no number here" (every field is non-negative); `at` carries the position out of the helpers (module state: the scanner is synchronous).
 */

import { MAX_TIME_MS } from "./cursor";

export const FAIL = -1;
/** Whole seconds of the latest start time the fast paths take (cursor.ts MAX_TIME_MS); later ones go to scan(). */
const MAX_TIME_S = Math.floor(MAX_TIME_MS / 1000) - 1;
export const FORCED = 1;
export const STACKS = 2;

let at = 0;

/** A decimal (`12`, `0.059`) at i, as Cursor.dec reads it; -1 if none. Sets `at` past it. */
function dec(s: string, i: number): number {
  let d = s.charCodeAt(i) - 48;
  if (!(d >= 0 && d <= 9)) return -1;
  let v = d;
  d = s.charCodeAt(++i) - 48;
  while (d >= 0 && d <= 9) {
    v = v * 10 + d;
    d = s.charCodeAt(++i) - 48;
  }
  if (d === -2) {
    // "." then the fraction
    let f = 0;
    let scale = 1;
    d = s.charCodeAt(++i) - 48;
    while (d >= 0 && d <= 9) {
      f = f * 10 + d;
      scale *= 10;
      d = s.charCodeAt(++i) - 48;
    }
    if (scale === 1) return -1;
    v += f / scale;
  }
  at = i;
  return v;
}

/** An unsigned integer at i; -1 if none. Sets `at` past it. */
function int(s: string, i: number): number {
  let d = s.charCodeAt(i) - 48;
  if (!(d >= 0 && d <= 9)) return -1;
  let v = d;
  d = s.charCodeAt(++i) - 48;
  while (d >= 0 && d <= 9) {
    v = v * 10 + d;
    d = s.charCodeAt(++i) - 48;
  }
  at = i;
  return v;
}

/** Whether `lit` is at i. */
function lit(s: string, i: number, lit: string): boolean {
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) !== lit.charCodeAt(k)) return false;
  return true;
}

/** Pause = the two stop-the-world phases, sweep termination + mark termination (runtime/mgc.go work.pauseNS; see
 * gctrace.ts for go1.5), rounded to the nanosecond, so 0.014 + 0.009 is 0.023,
 * not 0.023000000000000003. */
export function stwPauseMs(sweepTermMs: number, markTermMs: number): number {
  return Math.round((sweepTermMs + markTermMs) * 1e6) / 1e6;
}

/** Writes one row's gctrace number columns 2–19 in schema order, then the pause (column 20). Shared by the string
 * and byte fast paths, which differ only in how they read characters, and by gctrace.ts for the go1.5+ layouts. */
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
  n[2][r] = gcNum;
  n[3][r] = timeMs;
  n[4][r] = pct;
  n[5][r] = c1;
  n[6][r] = c2;
  n[7][r] = c3;
  n[8][r] = u1;
  n[9][r] = ua;
  n[10][r] = ub;
  n[11][r] = ui;
  n[12][r] = u2;
  n[13][r] = h0;
  n[14][r] = h1;
  n[15][r] = h2;
  n[16][r] = goal;
  n[17][r] = stacks;
  n[18][r] = globals;
  n[19][r] = procs;
  n[20][r] = stwPauseMs(c1, c3);
}

/**
 * Parses the line from `i` (just after "gc ") into row `r` of `n` (gctrace number columns 2–20 in schema order;
 * run, line and the rest are left to the caller). Returns FAIL, or FORCED | STACKS flags. `end` is the line end (a trailing CR excluded).
 */
export function scanGcFast(s: string, i: number, end: number, n: Float64Array[], r: number): number {
  const gcNum = int(s, i);
  if (gcNum < 0 || s.charCodeAt(at) !== 32 || s.charCodeAt(at + 1) !== 64) return FAIL; // " @"
  // @<s>.<mmm>s: exact milliseconds (§0.2)
  const whole = int(s, at + 2);
  i = at;
  // a start time past the runtime's clock is left to scan(), which reports it (cursor.ts MAX_TIME_MS)
  if (whole < 0 || whole > MAX_TIME_S || s.charCodeAt(i) !== 46) return FAIL;
  const d0 = s.charCodeAt(i + 1) - 48;
  const d1 = s.charCodeAt(i + 2) - 48;
  const d2 = s.charCodeAt(i + 3) - 48;
  if (!(d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return FAIL;
  if (s.charCodeAt(i + 4) !== 115 || s.charCodeAt(i + 5) !== 32) return FAIL; // "s "
  const pct = int(s, i + 6);
  if (pct < 0 || s.charCodeAt(at) !== 37 || s.charCodeAt(at + 1) !== 58 || s.charCodeAt(at + 2) !== 32)
    return FAIL; // "%: "
  const c1 = dec(s, at + 3);
  if (c1 < 0 || s.charCodeAt(at) !== 43) return FAIL;
  const c2 = dec(s, at + 1);
  if (c2 < 0 || s.charCodeAt(at) !== 43) return FAIL;
  const c3 = dec(s, at + 1);
  if (c3 < 0 || !lit(s, at, " ms clock, ")) return FAIL;
  const u1 = dec(s, at + 11);
  if (u1 < 0 || s.charCodeAt(at) !== 43) return FAIL;
  const ua = dec(s, at + 1);
  if (ua < 0 || s.charCodeAt(at) !== 47) return FAIL;
  const ub = dec(s, at + 1);
  if (ub < 0 || s.charCodeAt(at) !== 47) return FAIL;
  const ui = dec(s, at + 1);
  if (ui < 0 || s.charCodeAt(at) !== 43) return FAIL;
  const u2 = dec(s, at + 1);
  if (u2 < 0 || !lit(s, at, " ms cpu, ")) return FAIL;
  const h0 = int(s, at + 9);
  if (h0 < 0 || s.charCodeAt(at) !== 45 || s.charCodeAt(at + 1) !== 62) return FAIL; // "->"
  const h1 = int(s, at + 2);
  if (h1 < 0 || s.charCodeAt(at) !== 45 || s.charCodeAt(at + 1) !== 62) return FAIL;
  const h2 = int(s, at + 2);
  if (h2 < 0 || !lit(s, at, " MB, ")) return FAIL;
  const goal = int(s, at + 5);
  if (goal < 0 || !lit(s, at, " MB goal, ")) return FAIL;
  let flags = 0;
  let stacks = Number.NaN;
  let globals = Number.NaN;
  let procs = int(s, at + 10);
  if (procs < 0) return FAIL;
  if (lit(s, at, " MB stacks, ")) {
    stacks = procs;
    globals = int(s, at + 12);
    if (globals < 0 || !lit(s, at, " MB globals, ")) return FAIL;
    procs = int(s, at + 13);
    if (procs < 0) return FAIL;
    flags |= STACKS;
  }
  if (s.charCodeAt(at) !== 32 || s.charCodeAt(at + 1) !== 80) return FAIL; // " P"
  i = at + 2;
  if (i !== end) {
    if (i + 9 !== end || !lit(s, i, " (forced)")) return FAIL;
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

/*
 * The same fast path on UTF-8 bytes, for byte input (files, pipes): a gc line is parsed where it lies in the read
 * buffer, so the common line is never decoded into a string (decoding and the per-line strings cost more than the
 * parse itself). It mirrors scanGcFast above statement by statement (b[i] for s.charCodeAt(i)); it only accepts
 * ASCII, on which both agree, and test/parse/lines.test.ts cross-checks the two on every real gc line we have.
 * The caller guarantees that the line is followed by a byte inside `b` (its "\n", or "\r\n"), so no read runs
 * off the array: every reader stops at a non-digit and every literal check at its first mismatch.
 */

/**
 * Whether b[start, end) starts with `gc ` + digit: the lines the bytes fast path is tried on (by trace.ts and by
 * parallel/ranges.ts alike). A line starting so goes to the gctrace scanner at column 0 whatever else it holds
 * (dispatch.ts tries the start of the line first), so the fast path's row is the one scan() would give.
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

/** dec() on bytes. */
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

/** int() on bytes. */
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

/** lit() on bytes (`lit` is ASCII). */
function litB(b: Uint8Array, i: number, lit: string): boolean {
  for (let k = 0; k < lit.length; k++) if (b[i + k] !== lit.charCodeAt(k)) return false;
  return true;
}

/** scanGcFast on the bytes b[i..end) (i just after "gc "; `end` excludes a trailing CR). */
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
