/**
 * The scavenger's lines (docs/formats.md §2), one row each in table `scavtrace`:
 * - `scvg<k>: …` (go1.1–go1.12, under gctrace; k = sysmon scavenger pass, -1 = debug.FreeOSMemory),
 *   `scvg: …` and `forced scvg: …` (go1.13, go1.14beta), each either `<x> MB released` (go1.1 prints x in hex,
 *   `0x3`; go1.14beta prints `<x> KB released`), the summary `inuse: <i>, idle: <d>, sys: <s>, released: <r>,
 *   consumed: <c> (MB)`, or (go1.1–go1.3) `GC forced`;
 * - `scav …` (go1.14+, under scavtrace): `scav [<gen> ]<w> KiB work, <t> KiB total, <u>% util` (gen in
 *   go1.15–go1.18) and, go1.21+, `scav <bg> KiB work (bg), <eager> KiB work (eager), <now> KiB now, <u>% util`;
 *   any of them may end with ` (forced)` or ` [controller reset]`.
 *
 * Time: the scavenger prints none. A `scav` line is printed once per gc cycle (docs/formats.md §2; go1.15–go1.18 when
 * the last sweeper starts a scavenger generation, go1.14 when the scavenger is re-paced after a cycle, so there the
 * rule below is the best reading): go1.19 runtime/mgcsweep.go sweepone, by whichever goroutine takes the last span off the sweep
 * list (`sweep.active.markDrained`), so exactly once per cycle, from the first (runtime/mgc.go gcinit marks the
 * sweep drained before gc 1) — and a ` (forced)` line after it when debug.FreeOSMemory scavenges (mheap.go
 * scavengeAll, after its GC()). Sweeping starts when cycle N's mark termination restarts the world, but the gc line
 * is printed only after mProf_Flush, freeStackSpans and a forEachP (mgc.go gcMarkTermination), and it must end
 * before cycle N+1 marks (finishsweep_m): so cycle N's scav line comes after or *before* gc N's line, never after
 * gc N+1's. Hence gcNum, the cycle whose sweep the line closes: the run's k-th unforced scav line belongs to cycle k,
 * i.e. max(last gc line seen, previous scav line's cycle + 1) (robust to an excerpt starting mid-run); a forced line
 * belongs to the cycle of the scav line before it. timeMs is that cycle's start (its gc line's `@…s`, filled in when
 * the gc line comes after); the line itself was printed between that cycle's end and the next cycle's start.
 * scvg lines (go1.1–go1.13) come from sysmon's periodic scavenger, not from a cycle: gcNum is NaN and timeMs is the
 * start of the last gc cycle seen. afterGcNum is always the last gc line seen before the line.
 */
import { TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import { Cursor } from "./cursor";
import { SCAVTRACE_COLUMNS, SCAVTRACE_VALUE_COLUMNS as VALUE_COLUMNS } from "./scavtraceColumns";
import { type KindScanner, malformed, type ScanContext, type ScanResult } from "./types";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { COLON, LOWER_A, LOWER_F, MINUS, NINE, ZERO } = chars;

const V: Record<string, number> = Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c.name, i]));

/**
 * The dispatcher's cheap test: `scav `, `forced scvg: `, or `scvg` followed by a digit, `-` or `:` (so a word
 * such as "scvgfoo" in program output is not claimed).
 */
export function looksLikeScavtrace(line: string, start: number): boolean {
  if (line.startsWith("scav ", start) || line.startsWith("forced scvg: ", start)) return true;
  if (!line.startsWith("scvg", start)) return false;
  const c = line.charCodeAt(start + 4);
  return (c >= ZERO && c <= NINE) || c === MINUS || c === COLON;
}

interface Parsed {
  event: "released" | "summary" | "gcforced" | "scav";
  format: string;
  forced: boolean;
  reset: boolean;
}

type Result = Parsed | { error: string };
const fail = (c: Cursor, what: string): Result => ({ error: c.where(what) });

function int(c: Cursor, v: Float64Array, i: number): boolean {
  v[i] = c.int();
  return !Number.isNaN(v[i]);
}

/** go1.1 printed the released MB with %p: lower-case hex after `0x` (runtime/mheap.c scavenge). */
function hex(c: Cursor, v: Float64Array, i: number): boolean {
  let value = 0;
  let digits = 0;
  for (let d = c.peek(); d >= 0; d = c.peek()) {
    const n = d >= ZERO && d <= NINE ? d - ZERO : d >= LOWER_A && d <= LOWER_F ? d - LOWER_A + 10 : -1;
    if (n < 0) break;
    value = value * 16 + n;
    digits++;
    c.i++;
  }
  v[i] = digits > 0 ? value : Number.NaN;
  return digits > 0;
}

// mheap.go scavenge (go1.2–go1.12): "scvg", k, ": ", released>>20, " MB released\n" and
// "scvg", k, ": inuse: ", …, ", idle: ", …, ", sys: ", …, ", released: ", …, ", consumed: ", …, " (MB)\n";
// go1.13 mgcscavenge.go: "scvg: " / "forced scvg: "; go1.14beta: released>>10, " KB released".
function readScvg(c: Cursor, v: Float64Array, p: Parsed): Result {
  let numbered = false;
  if (c.lit("forced scvg: ")) p.forced = true;
  else if (!c.lit("scvg: ")) {
    if (!c.lit("scvg")) return fail(c, '"scvg"');
    if (!int(c, v, V.scvgNum)) return fail(c, "scavenger pass number");
    if (!c.lit(": ")) return fail(c, '": "');
    numbered = true;
    p.forced = v[V.scvgNum] === -1; // debug.FreeOSMemory calls the scavenger with k = -1
  }
  if (c.lit("inuse: ")) {
    p.event = "summary";
    p.format = numbered ? "go1.2" : "go1.13";
    if (!int(c, v, V.inuseMB)) return fail(c, "inuse MB");
    if (!c.lit(", idle: ")) return fail(c, '", idle: "');
    if (!int(c, v, V.idleMB)) return fail(c, "idle MB");
    if (!c.lit(", sys: ")) return fail(c, '", sys: "');
    if (!int(c, v, V.sysMB)) return fail(c, "sys MB");
    if (!c.lit(", released: ")) return fail(c, '", released: "');
    if (!int(c, v, V.heapReleasedMB)) return fail(c, "released MB");
    if (!c.lit(", consumed: ")) return fail(c, '", consumed: "');
    if (!int(c, v, V.consumedMB)) return fail(c, "consumed MB");
    if (!c.lit(" (MB)")) return fail(c, '" (MB)"');
    return p;
  }
  if (numbered && c.lit("GC forced")) {
    p.event = "gcforced";
    p.format = "go1.1";
    return p;
  }
  p.event = "released";
  if (c.lit("0x")) {
    if (!hex(c, v, V.releasedMB)) return fail(c, "hex MB released");
    p.format = "go1.1";
  } else {
    const x = c.int();
    if (Number.isNaN(x)) return fail(c, "inuse:, GC forced or <x> MB released");
    if (c.lit(" KB released")) {
      v[V.releasedKiB] = x;
      p.format = "go1.14beta";
      return p;
    }
    v[V.releasedMB] = x;
    p.format = numbered ? "go1.2" : "go1.13";
  }
  if (!c.lit(" MB released")) return fail(c, '" MB released" or " KB released"');
  return p;
}

// mgcscavenge.go printScavTrace: go1.14 "scav ", released>>10, " KiB work, ", heapReleased>>10, " KiB total, ",
// inuse*100/retained, "% util"; go1.15–1.18 add gen after "scav "; go1.21+ "scav ", bg>>10, " KiB work (bg), ",
// eager>>10, " KiB work (eager), ", heapReleased>>10, " KiB now, ", util, "% util"; then " (forced)" or
// " [controller reset]".
function readScav(c: Cursor, v: Float64Array, p: Parsed): Result {
  if (!c.lit("scav ")) return fail(c, '"scav "');
  p.event = "scav";
  const first = c.int();
  if (Number.isNaN(first)) return fail(c, "KiB work or generation number");
  let work = first;
  p.format = "go1.14";
  if (!c.lit(" KiB work")) {
    // go1.15–go1.18: the first number was the generation, the work follows.
    if (!c.lit(" ")) return fail(c, '" KiB work"');
    v[V.gen] = first;
    work = c.int();
    if (Number.isNaN(work)) return fail(c, "KiB work");
    p.format = "go1.15";
    if (!c.lit(" KiB work")) return fail(c, '" KiB work"');
  }
  if (c.lit(", ")) {
    v[V.workKiB] = work;
    if (!int(c, v, V.totalKiB)) return fail(c, "KiB total");
    if (!c.lit(" KiB total, ")) return fail(c, '" KiB total, "');
  } else if (p.format === "go1.14" && c.lit(" (bg), ")) {
    p.format = "go1.21";
    v[V.bgWorkKiB] = work;
    if (!int(c, v, V.eagerWorkKiB)) return fail(c, "KiB work (eager)");
    if (!c.lit(" KiB work (eager), ")) return fail(c, '" KiB work (eager), "');
    if (!int(c, v, V.totalKiB)) return fail(c, "KiB now");
    if (!c.lit(" KiB now, ")) return fail(c, '" KiB now, "');
    // printScavTrace prints the two parts of the work since the last line; their sum is go1.14–1.20's "work".
    v[V.workKiB] = v[V.bgWorkKiB] + v[V.eagerWorkKiB];
  } else return fail(c, '", " or " (bg), "');
  if (!int(c, v, V.utilPct)) return fail(c, "util %");
  if (!c.lit("% util")) return fail(c, '"% util"');
  if (c.lit(" (forced)")) p.forced = true;
  else if (c.lit(" [controller reset]")) p.reset = true;
  return p;
}

export function createScavtraceScanner(): KindScanner {
  const table = new TableBuilder("scavtrace", SCAVTRACE_COLUMNS);
  const cursor = new Cursor();
  const scratch = new Float64Array(VALUE_COLUMNS.length);
  const parsed: Parsed = { event: "scav", format: "", forced: false, reset: false };
  const valueCols = VALUE_COLUMNS.map((col) => table.num[col.name]);
  /** Per run: the cycle and row of its last scav line (see the header: the k-th unforced line closes cycle k). */
  const lastScav = new Map<number, { cycle: number; row: number }>();

  /** Row `row` closes the sweep of a cycle whose gc line is still to come: fill in its cycle and start time. */
  const awaitGc = (runs: ScanContext["runs"], run: number, row: number, cycle: number): void => {
    runs.onNextGc(run, (gcNum) => {
      if (Number.isNaN(cycle)) {
        // Before any gc line of the run: the line precedes the gc line of its own cycle.
        table.num.gcNum.set(row, gcNum);
        const last = lastScav.get(run);
        if (last === undefined || Number.isNaN(last.cycle)) lastScav.set(run, { cycle: gcNum, row });
      } else if (gcNum !== cycle) return; // a gc line is missing: leave the time NaN rather than guess
      table.num.timeMs.set(row, runs.lastGcTimeMs);
    });
  };

  /** gcNum and timeMs of a scav line at `row` (header: which cycle a line belongs to, and its time). */
  const scavCycle = (runs: ScanContext["runs"], run: number, row: number, forced: boolean) => {
    const lastGc = runs.lastGcNum;
    const prev = lastScav.get(run);
    let cycle: number;
    if (forced && prev !== undefined) {
      // debug.FreeOSMemory: after its GC() swept (and printed that cycle's line); same cycle and time.
      lastScav.set(run, { cycle: prev.cycle, row });
      const timeMs = table.num.timeMs.get(prev.row);
      if (Number.isNaN(timeMs) && !(prev.cycle <= lastGc)) awaitGc(runs, run, row, prev.cycle);
      return { cycle: prev.cycle, timeMs };
    }
    if (prev === undefined || Number.isNaN(prev.cycle)) cycle = lastGc;
    else if (Number.isNaN(lastGc)) cycle = prev.cycle + 1;
    else cycle = Math.max(lastGc, prev.cycle + 1);
    lastScav.set(run, { cycle, row });
    if (cycle <= lastGc) return { cycle, timeMs: runs.lastGcTimeMs };
    awaitGc(runs, run, row, cycle);
    return { cycle, timeMs: Number.NaN };
  };

  return {
    kind: "scavtrace",
    scan(line: string, start: number, ctx: ScanContext): ScanResult {
      const c = cursor.reset(line, start);
      scratch.fill(Number.NaN);
      parsed.forced = false;
      parsed.reset = false;
      const isScav = line.startsWith("scav ", start);
      const result = isScav ? readScav(c, scratch, parsed) : readScvg(c, scratch, parsed);
      const what = isScav ? "scav line" : "scvg line";
      if ("error" in result) return malformed(`${what}: ${result.error}`);
      if (!c.done) return malformed(`${what}: ${c.where("end of line")}`);

      const runs = ctx.runs;
      const run = runs.current();
      const row = table.length;
      let cycle = Number.NaN;
      let timeMs = runs.lastGcTimeMs;
      if (parsed.event === "scav") ({ cycle, timeMs } = scavCycle(runs, run, row, parsed.forced));
      table.num.run.push(run);
      table.num.line.push(ctx.lineNo);
      table.num.timeMs.push(timeMs);
      table.num.afterGcNum.push(runs.lastGcNum);
      table.num.gcNum.push(cycle);
      table.str.event.push(parsed.event);
      table.str.format.push(parsed.format);
      for (let k = 0; k < valueCols.length; k++) valueCols[k].push(scratch[k]);
      table.bool.forced.push(parsed.forced);
      table.bool.controllerReset.push(parsed.reset);
      return "scavtrace";
    },
    tables() {
      return [table.finish()];
    },
  };
}
