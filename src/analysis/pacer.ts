/**
 * The pacer's own end-of-mark report per cycle (gcpacertrace `mark` events): GC CPU utilisation during mark
 * actual vs expected, and how far the heap ended from its goal.
 *
 * go1.18+ (runtime/mgcpacer.go endCycle): `<u>% CPU (<goal> exp.)` where u is not measured background CPU but
 * gcBackgroundUtilization (assumed met) + assistTime / (mark wall × procs), truncated; and `∆goal` = heap live at
 * the end of mark − the goal, in bytes. go1.5–go1.17 (the 2015 pacing design doc's notation): u_a/u_g are the actual/goal
 * utilisation fractions, H_a the heap at the end of mark and H_g the goal, so ∆goal = H_a − H_g.
 */
import { num } from "../table/columnSpec";
import { numbers, strings } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";

const MIB = 1 << 20;

export const PACER_CYCLES_SCHEMA = [
  num("gcNum", "count", "the cycle (NaN when the trace has no gc lines to number it)"),
  num("cpuPct", "%", "GC CPU utilisation during mark (new pacer: printed %; old pacer: 100·u_a)"),
  num("cpuExpectedPct", "%", "the pacer's utilisation goal (new: printed exp.; old: 100·u_g)"),
  num(
    "cpuOverExpected",
    "ratio",
    "cpuPct / cpuExpectedPct (> 1: the GC used more CPU than planned, e.g. assists)",
  ),
  num("deltaGoalMB", "MiB", "heap at the end of mark − goal (negative: finished under the goal)"),
  num("workMB", "MiB", "scan work done (new: heap+stack+globals; old: W_a)"),
  num("workExpectedMB", "MiB", "scan work the pacer expected (new pacer only)"),
] as const;

/**
 * One row per `mark` event of a gcpacertrace table, old and new pacer alike.
 * `input`: a Trace (its `gcpacertrace` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function pacerCycles(input: TraceInput): Table {
  const gcpacertrace = tableOf(input, "gcpacertrace");
  const event = strings(gcpacertrace, "event");
  const col = (name: string) => numbers(gcpacertrace, name);
  const [gcNum, cpuPct, cpuExp, deltaGoal, heapW, stackW, globW, expW, uA, uG, hA, hG, wA] = [
    "gcNum",
    "cpuPct",
    "cpuExpectedPct",
    "deltaGoalBytes",
    "heapWorkBytes",
    "stackWorkBytes",
    "globalsWorkBytes",
    "expectedWorkBytes",
    "utilActual",
    "utilGoal",
    "actualBytes",
    "goalBytes",
    "scanWorkBytes",
  ].map(col);
  const out: Record<string, number[]> = {};
  for (const spec of PACER_CYCLES_SCHEMA) out[spec.name] = [];
  for (let r = 0; r < gcpacertrace.length; r++) {
    if (event[r] !== "mark") continue;
    const isNew = Number.isFinite(cpuPct[r]);
    out.gcNum.push(gcNum[r]);
    // runtime/mgcpacer.go endCycle (go1.18+) prints utilization·100; the old pacer printed u_a and u_g fractions
    const actual = isNew ? cpuPct[r] : 100 * uA[r];
    const expected = isNew ? cpuExp[r] : 100 * uG[r];
    out.cpuPct.push(actual);
    out.cpuExpectedPct.push(expected);
    out.cpuOverExpected.push(expected > 0 ? actual / expected : Number.NaN);
    // new pacer: ∆goal = heapLive − heapGoal; 2015 pacing design doc: H_a − H_g
    out.deltaGoalMB.push((isNew ? deltaGoal[r] : hA[r] - hG[r]) / MIB);
    out.workMB.push((isNew ? heapW[r] + stackW[r] + globW[r] : wA[r]) / MIB);
    out.workExpectedMB.push(isNew ? expW[r] / MIB : Number.NaN);
  }
  const columns: Record<string, Float64Array> = {};
  for (const spec of PACER_CYCLES_SCHEMA) columns[spec.name] = Float64Array.from(out[spec.name]);
  return makeTable("pacerCycles", PACER_CYCLES_SCHEMA, columns);
}
