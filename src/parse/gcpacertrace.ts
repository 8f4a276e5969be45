/**
 * gcpacertrace (`GODEBUG=gcpacertrace=1`): one row per `pacer: ` line, docs/formats.md §3.
 *
 * Three events, each in the shapes the runtime printed over time:
 * - `assist` (cycle start, runtime/mgcpacer.go startCycle / go1.5 mgc.go):
 *   `pacer: assist ratio=<f> (scan <n> MB in <h0>-><goal> MB) workers=<d>+<x>` where x is an integer count of
 *   fractional workers up to go1.9 (`workers=2+0`) and the fractional utilization goal as a float since go1.10
 *   (`workers=6++0.000000e+000`).
 * - `mark` (end of mark, mgcpacer.go endCycle): the old pacer's `H_m_prev=… u_a/u_g=…` (go1.5–go1.17) or the
 *   new pacer's `<u>% CPU (<goal> exp.) for <h>+<s>+<g> B work (<exp> B exp.) in <trigger> B -> <live> B
 *   (∆goal <d>, cons/mark <f>)` (go1.18+), optionally followed, without a space, by `[controller reset]`.
 * - `sweep` (sweeping finished, mgcsweep.go): go1.6 `… MB of spans; swept <n> pages`, go1.7–1.8 adds
 *   ` at <f> pages/byte`, go1.9+ says `MB during sweep`.
 *
 * Which cycle (`gcNum`) and when (`timeMs`): the pacer prints neither.
 * - assist and mark lines precede their cycle's gc line, so gcNum = the last gc number seen in the run + 1, and
 *   timeMs = NaN (the cycle's start is only printed later, on its gc line: join on (run, gcNum) with gctrace).
 * - sweep lines follow their cycle's gc line, so gcNum = the last gc number seen, and timeMs = that cycle's
 *   start (`@…s` of its gc line); the sweep itself finished later than that.
 * - Before the first gc line of a run (the first cycle of every capture from process start) there is no last number:
 *   assist/mark rows wait for the run's next gc line and take its number (RunTracker.onNextGc); sweep rows stay NaN.
 * - Without gctrace (no gc line follows in the run) the number is unknown: gcNum = NaN.
 */
import { TableBuilder } from "../table/tableBuilder";
import * as chars from "./chars";
import { Cursor } from "./cursor";
import { GCPACERTRACE_COLUMNS, GCPACERTRACE_VALUE_COLUMNS as VALUE_COLUMNS } from "./gcpacertraceColumns";
import { type KindScanner, malformed, type RunTracker, type ScanContext, type ScanResult } from "./types";

// chars.ts's names, bound here once rather than used as imports (chars.ts says why).
const { NINE, ZERO } = chars;

/** Index of each value column in the scratch row. */
const V: Record<string, number> = Object.fromEntries(VALUE_COLUMNS.map((c, i) => [c.name, i]));

const PREFIX = "pacer: ";

/** The dispatcher's cheap test: the runtime starts every gcpacertrace line with `pacer: `. */
export function looksLikeGcpacertrace(line: string, start: number): boolean {
  return line.startsWith(PREFIX, start);
}

type Event = "assist" | "mark" | "sweep";

/** Parses one event into the scratch row; returns its format, or an error text. */
type Reader = (c: Cursor, v: Float64Array, flags: { reset: boolean }) => string | { error: string };

const fail = (c: Cursor, what: string) => ({ error: c.where(what) });

/** Reads a runtime float (§0.3) into v[i]; false when the text is not one. */
function float(c: Cursor, v: Float64Array, i: number): boolean {
  const at = c.i;
  v[i] = c.float();
  return c.i > at;
}

function int(c: Cursor, v: Float64Array, i: number): boolean {
  v[i] = c.int();
  return !Number.isNaN(v[i]);
}

// mgcpacer.go startCycle: "pacer: assist ratio=", assistWorkPerByte, " (scan ", scan>>20, " MB in ",
// initialHeapLive>>20, "->", heapGoal>>20, " MB)", " workers=", dedicated, "+", fractional
const readAssist: Reader = (c, v) => {
  if (!c.lit("assist ratio=")) return fail(c, '"assist ratio="');
  if (!float(c, v, V.assistRatio)) return fail(c, "a float after assist ratio=");
  if (!c.lit(" (scan ")) return fail(c, '" (scan "');
  if (!int(c, v, V.scanMB)) return fail(c, "scan MB");
  if (!c.lit(" MB in ")) return fail(c, '" MB in "');
  if (!int(c, v, V.heapStartMB)) return fail(c, "heap start MB");
  if (!c.lit("->")) return fail(c, '"->"');
  if (!int(c, v, V.heapGoalMB)) return fail(c, "heap goal MB");
  if (!c.lit(" MB) workers=")) return fail(c, '" MB) workers="');
  if (!int(c, v, V.dedicatedWorkers)) return fail(c, "dedicated workers");
  if (!c.lit("+")) return fail(c, '"+"');
  const d = c.peek();
  // go1.5–go1.9 print the fractional worker count as an integer; go1.10+ print a signed float (§3).
  if (d >= ZERO && d <= NINE) {
    if (!int(c, v, V.fractionalWorkers)) return fail(c, "fractional workers");
    return "go1.5";
  }
  if (!float(c, v, V.fractionalUtilGoal)) return fail(c, "fractional utilization goal");
  return "go1.10";
};

// mgcpacer.go endCycle (go1.5–go1.17): "pacer: H_m_prev=", …, " u_a/u_g=", u_a/u_g — keys in this order.
const OLD_MARK: readonly [string, string, "int" | "float"][] = [
  ["H_m_prev=", "heapMarkedPrevBytes", "int"],
  [" h_t=", "triggerRatio", "float"],
  [" H_T=", "triggerBytes", "int"],
  [" h_a=", "actualRatio", "float"],
  [" H_a=", "actualBytes", "int"],
  [" h_g=", "goalRatio", "float"],
  [" H_g=", "goalBytes", "int"],
  [" u_a=", "utilActual", "float"],
  [" u_g=", "utilGoal", "float"],
  [" W_a=", "scanWorkBytes", "int"],
  [" goal\u0394=", "goalDelta", "float"],
  [" actual\u0394=", "actualDelta", "float"],
  [" u_a/u_g=", "utilActualOverGoal", "float"],
];

const readOldMark: Reader = (c, v) => {
  for (let k = 0; k < OLD_MARK.length; k++) {
    const [key, column, kind] = OLD_MARK[k];
    if (!c.lit(key)) return fail(c, JSON.stringify(key));
    if (kind === "int" ? !int(c, v, V[column]) : !float(c, v, V[column]))
      return fail(c, `a value for ${key}`);
  }
  return "go1.5";
};

// mgcpacer.go endCycle (go1.18+): "pacer: ", u, "% CPU (", goal, " exp.) for ", heap, "+", stack, "+",
// globals, " B work (", expected, " B exp.) in ", trigger, " B -> ", live, " B (∆goal ", live-goal,
// ", cons/mark ", consMark, ")" and, go1.18–go1.20, "[controller reset]" when the controller was reset.
const readNewMark: Reader = (c, v, flags) => {
  if (!int(c, v, V.cpuPct)) return fail(c, "CPU %");
  if (!c.lit("% CPU (")) return fail(c, '"% CPU ("');
  if (!int(c, v, V.cpuExpectedPct)) return fail(c, "expected CPU %");
  if (!c.lit(" exp.) for ")) return fail(c, '" exp.) for "');
  if (!int(c, v, V.heapWorkBytes)) return fail(c, "heap scan work");
  if (!c.lit("+")) return fail(c, '"+"');
  if (!int(c, v, V.stackWorkBytes)) return fail(c, "stack scan work");
  if (!c.lit("+")) return fail(c, '"+"');
  if (!int(c, v, V.globalsWorkBytes)) return fail(c, "globals scan work");
  if (!c.lit(" B work (")) return fail(c, '" B work ("');
  if (!int(c, v, V.expectedWorkBytes)) return fail(c, "expected scan work");
  if (!c.lit(" B exp.) in ")) return fail(c, '" B exp.) in "');
  if (!int(c, v, V.triggerHeapBytes)) return fail(c, "trigger heap bytes");
  if (!c.lit(" B -> ")) return fail(c, '" B -> "');
  if (!int(c, v, V.liveHeapBytes)) return fail(c, "live heap bytes");
  if (!c.lit(" B (\u2206goal ")) return fail(c, '" B (∆goal "');
  if (!int(c, v, V.deltaGoalBytes)) return fail(c, "∆goal bytes");
  if (!c.lit(", cons/mark ")) return fail(c, '", cons/mark "');
  if (!float(c, v, V.consMark)) return fail(c, "cons/mark float");
  if (!c.lit(")")) return fail(c, '")"');
  flags.reset = c.lit("[controller reset]");
  return "go1.18";
};

// mgcsweep.go: "pacer: sweep done at heap size ", live>>20, "MB; allocated ", x>>20, "MB of spans|during sweep;
// swept ", pagesSwept, " pages" and, go1.7+, " at ", sweepPagesPerByte, " pages/byte".
const readSweep: Reader = (c, v) => {
  if (!c.lit("sweep done at heap size ")) return fail(c, '"sweep done at heap size "');
  if (!int(c, v, V.sweepHeapMB)) return fail(c, "heap size MB");
  if (!c.lit("MB; allocated ")) return fail(c, '"MB; allocated "');
  if (!int(c, v, V.sweepAllocatedMB)) return fail(c, "allocated MB");
  const duringSweep = c.lit("MB during sweep; swept ");
  if (!duringSweep && !c.lit("MB of spans; swept "))
    return fail(c, '"MB during sweep; swept " or "MB of spans; swept "');
  if (!int(c, v, V.sweptPages)) return fail(c, "swept pages");
  if (!c.lit(" pages")) return fail(c, '" pages"');
  if (c.done && !duringSweep) return "go1.6";
  if (!c.lit(" at ")) return fail(c, '" at "');
  if (!float(c, v, V.pagesPerByte)) return fail(c, "pages/byte float");
  if (!c.lit(" pages/byte")) return fail(c, '" pages/byte"');
  return duringSweep ? "go1.9" : "go1.7";
};

export function createGcpacertraceScanner(): KindScanner {
  const table = new TableBuilder("gcpacertrace", GCPACERTRACE_COLUMNS);
  const cursor = new Cursor();
  const scratch = new Float64Array(VALUE_COLUMNS.length);
  const flags = { reset: false };
  const valueCols = VALUE_COLUMNS.map((col) => table.num[col.name]);
  const gcNumCol = table.num.gcNum;
  // Rows of assist/mark lines seen before their run's first gc line, by run: that gc line's number completes them.
  const pending = new Map<number, number[]>();
  const awaitGc = (runs: RunTracker, run: number, row: number): void => {
    const rows = pending.get(run);
    if (rows !== undefined) {
      rows.push(row);
      return;
    }
    const waiting = [row];
    pending.set(run, waiting);
    runs.onNextGc(run, (gcNum) => {
      for (const r of waiting) gcNumCol.set(r, gcNum);
      pending.delete(run);
    });
  };

  return {
    kind: "gcpacertrace",
    scan(line: string, start: number, ctx: ScanContext): ScanResult {
      const c = cursor.reset(line, start);
      if (!c.lit(PREFIX)) return malformed(c.where('"pacer: "'));
      scratch.fill(Number.NaN);
      flags.reset = false;
      // Route on the first word, so an unknown pacer line gets a generic reason rather than a wrong one.
      const first = c.peek();
      let event: Event = "mark";
      let read: Reader = readNewMark;
      if (line.startsWith("assist ", c.i)) {
        event = "assist";
        read = readAssist;
      } else if (line.startsWith("H_m_prev=", c.i)) read = readOldMark;
      else if (line.startsWith("sweep ", c.i)) {
        event = "sweep";
        read = readSweep;
      } else if (first < ZERO || first > NINE) {
        return malformed(`pacer line: ${c.where("assist ratio=, H_m_prev=, <n>% CPU or sweep done")}`);
      }
      const format = read(c, scratch, flags);
      if (typeof format !== "string") return malformed(`pacer ${event} line: ${format.error}`);
      if (!c.done) return malformed(`pacer ${event} line: ${c.where("end of line")}`);

      const runs = ctx.runs;
      const run = runs.current();
      const row = table.length;
      table.num.run.push(run);
      table.num.line.push(ctx.lineNo);
      if (event === "sweep") {
        table.num.timeMs.push(runs.lastGcTimeMs);
        gcNumCol.push(runs.lastGcNum);
      } else {
        table.num.timeMs.push(Number.NaN);
        const next = runs.lastGcNum + 1;
        if (Number.isNaN(next)) awaitGc(runs, run, row);
        gcNumCol.push(next);
      }
      table.str.event.push(event);
      table.str.format.push(format);
      for (let k = 0; k < valueCols.length; k++) valueCols[k].push(scratch[k]);
      table.bool.controllerReset.push(flags.reset);
      return "gcpacertrace";
    },
    tables() {
      return [table.finish()];
    },
  };
}
