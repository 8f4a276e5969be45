/**
 * The gc line grammars on a Cursor (docs/formats.md §1): every layout from go1.0 to go1.26, for the lines the byte
 * fast path (fast.ts) does not take, with a reason for every line that does not parse. Rows go into GcRows.
 */
import * as chars from "../chars";
import { type Cursor, timeProblem } from "../cursor";
import { malformed, type ScanContext, type ScanResult } from "../types";
import { GCTRACE_FORMATS as F, GC, type GcFormat, type GcRows, metaByte, storeRow } from "./rows";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { COMMA, DOT, HASH, LPAREN, NINE, PERCENT, PLUS, SLASH, SPACE, ZERO } = chars;

export function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/**
 * go1.5+ (docs/formats.md §1.1/§1.2): `gc N @Ts P%[ (checking for goroutine leaks)]: clock ms clock, cpu ms cpu,
 * h0->h1->h2 MB, G MB goal[, S MB stacks, B MB globals], P P[ (forced)]`; go1.5 has 5 clock / 7 cpu values,
 * go1.6+ 3 / 5; the go1.5 development tree printed `gc #N` and, before 2015-04-21, no `MB goal`.
 */
export function scanModern(c: Cursor, ctx: ScanContext, rows: GcRows): ScanResult {
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
  if (Number.isNaN(gcPct) || !c.ch(PERCENT)) return bad(c, "the GC CPU percentage (<n>%)");
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
  const r = rows.reserve();
  // go1.5's mark is its 4th clock value and its mark termination the 5th; its scan and install-WB phases have
  // their own columns. Pause = sweep termination + mark termination (storeRow, stwPauseMs): go1.5's install-WB
  // ("synchronize Ps") phase is a forEachP ragged barrier, not a stop-the-world (runtime/mgc.go go1.5 gc();
  // runtime/extern.go go1.5: "The phases are stop-the-world (STW) sweep termination, scan, synchronize Ps, mark,
  // and STW mark termination"), so it is not pause time; forced (STW) cycles print 0 for the middle phases.
  const mark = five ? c4 : c2;
  const markTerm = five ? c5 : c3;
  storeRow(
    rows.cols,
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
  rows.go15Row(r, five ? c2 : Number.NaN, five ? c3 : Number.NaN, uScan, uWB);
  const fmt = dev ? F.go15dev : five ? F.go15 : leakCheck ? F.go126 : Number.isNaN(stacks) ? F.go16 : F.go118;
  rows.commit(r, run, ctx.lineNo, metaByte(fmt, forced, leakCheck));
  return "gctrace";
}

/**
 * The C runtime's lines (docs/formats.md §1.2, §1.5): go1.3/go1.4 `gcN(P): t1+t2+t3+t4 us, h0 -> h1 MB, ...`
 * and go1.0–go1.2 `gcN(P): t1+t2+t3 ms[,] h0 -> h1 MB o0 -> o1 (m-f) objects...`. The whole collection stopped
 * the world, so pauseMs is the sum of the phases (mgc0.c: mstats.pause_ns = t4 - t0, resp. t3 - t0).
 */
export function scanOld(c: Cursor, ctx: ScanContext, rows: GcRows): ScanResult {
  c.i += 2; // "gc"
  const gcNum = c.int();
  if (Number.isNaN(gcNum)) return bad(c, "the cycle number");
  const procs = c.ch(LPAREN) ? c.int() : Number.NaN;
  if (Number.isNaN(procs) || !c.lit("): ")) return bad(c, '"(<procs>): "');
  const t1 = c.int();
  const t2 = c.ch(PLUS) ? c.int() : Number.NaN;
  const t3 = c.ch(PLUS) ? c.int() : Number.NaN;
  if (Number.isNaN(t3)) return bad(c, "a phase time");
  const t4 = c.ch(PLUS) ? c.int() : Number.NaN;
  const us = !Number.isNaN(t4);
  if (!c.lit(us ? " us, " : " ms")) return bad(c, us ? '" us, "' : '" ms"');
  const comma = us || c.ch(COMMA);
  if (!us && !c.ch(SPACE)) return bad(c, '" "');
  const h0 = c.int();
  const h1 = c.lit(" -> ") ? c.int() : Number.NaN;
  if (Number.isNaN(h1) || !c.lit(" MB")) return bad(c, '"<before> -> <after> MB"');
  let format: GcFormat;
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
    const ok = comma ? c.ch(COMMA) && tail(c) : c.ch(SPACE) && !Number.isNaN(c.int()) && c.lit(" handoff");
    if (!ok) return bad(c, comma ? '", <h>(<n>) handoff, ..."' : '"<n> handoff"');
  }
  if (!c.done) return bad(c, "the end of the line");

  const run = ctx.runs.gc(gcNum, Number.NaN);
  const r = rows.reserve();
  const n = rows.cols;
  n[GC.gcNum][r] = gcNum;
  // no time, %, or concurrent phases before go1.5
  for (let k = GC.timeMs; k <= GC.cpuMarkTermMs; k++) n[k][r] = Number.NaN;
  // mgc0.c go1.3/1.4: h0 = "estimate what was live heap size after previous GC (for tracing only)", h1 =
  // heap_alloc after the stop-the-world mark, before the concurrent sweep; go1.1/1.2 (mgc0.c, eager sweep): h0 =
  // heap_alloc before, h1 = after the collection. The world stood still throughout, so start = end of mark.
  const heapAtGc = us ? h1 : h0;
  n[GC.heapStartMB][r] = heapAtGc;
  n[GC.heapEndMB][r] = heapAtGc;
  n[GC.heapLiveMB][r] = us ? Number.NaN : h1;
  for (let k = GC.heapGoalMB; k <= GC.globalsMB; k++) n[k][r] = Number.NaN;
  n[GC.procs][r] = procs;
  n[GC.pauseMs][r] = us ? (t1 + t2 + t3 + t4) / 1000 : t1 + t2 + t3;
  rows.go15Row(r, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
  rows.commit(r, run, ctx.lineNo, metaByte(format, false, false));
  return "gctrace";
}

/** `@<s>s`: the runtime prints ms/1000 with exactly 3 decimals (§0.2), read as an exact integer of ms. */
function readSecondsAsMs(c: Cursor): number {
  const whole = c.int();
  if (Number.isNaN(whole) || !c.ch(DOT)) return Number.NaN;
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

export function bad(c: Cursor, expected: string): ScanResult {
  return malformed(`gctrace: ${c.where(expected)}`);
}
