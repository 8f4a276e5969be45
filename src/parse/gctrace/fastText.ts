/**
 * The string twin of the byte fast path (fast.ts), for gc lines that arrive as text: the same statements with
 * s.charCodeAt(i) for b[i] (past the end of the string it returns NaN, which fails every digit test, so no bounds
 * checks are needed). test/parse/lines.test.ts cross-checks the two on every real gc line we have.
 */
import { MAX_TIME_MS } from "../cursor";
import { FAIL } from "./fast";
import { FORCED, STACKS, storeRow } from "./rows";

const MAX_TIME_S = Math.floor(MAX_TIME_MS / 1000) - 1;

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
