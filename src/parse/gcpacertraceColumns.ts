/**
 * Column schema of the `gcpacertrace` table the gcpacertrace scanner (gcpacertrace.ts) fills (docs/schema.md is
 * generated from it). NaN marks a field the line's event or Go version does not print.
 */
import { bool, KEY_COLUMNS, num, str } from "../table/columnSpec";
import type { ColumnSpec } from "../table/table";

/** The number columns, in schema order after the key columns, gcNum, event and format. */
export const GCPACERTRACE_VALUE_COLUMNS: readonly ColumnSpec[] = [
  // assist (cycle start)
  num("assistRatio", "bytes/byte", "assist: scan work a mutator assist must do per byte it allocates"),
  num(
    "scanMB",
    "MiB",
    "assist: scannable heap this cycle (heapScan, heap only in every version; runtime/mgcpacer.go startCycle)",
  ),
  num(
    "heapStartMB",
    "MiB",
    "assist: heap in use when the cycle started (work.initialHeapLive), not the live heap",
  ),
  num("heapGoalMB", "MiB", "assist: heap goal of the cycle"),
  num("dedicatedWorkers", "count", "assist: dedicated mark workers (each takes a whole P)"),
  num("fractionalWorkers", "count", "assist, go1.5–go1.9: fractional mark workers needed"),
  num("fractionalUtilGoal", "fraction", "assist, go1.10+: CPU fraction of one P for fractional marking"),
  // mark, old pacer (go1.5–go1.17); names from the 2015 pacing design doc
  num("heapMarkedPrevBytes", "bytes", "mark, old pacer: heap marked by the previous cycle (H_m_prev)"),
  num("triggerRatio", "ratio", "mark, old pacer: trigger growth ratio over H_m_prev (h_t)"),
  num("triggerBytes", "bytes", "mark, old pacer: heap size that triggered the cycle (H_T)"),
  num("actualRatio", "ratio", "mark, old pacer: actual growth ratio at the end of mark (h_a)"),
  num("actualBytes", "bytes", "mark, old pacer: heap size at the end of mark (H_a)"),
  num("goalRatio", "ratio", "mark, old pacer: goal growth ratio, GOGC/100 (h_g)"),
  num("goalBytes", "bytes", "mark, old pacer: heap goal (H_g)"),
  num("utilActual", "fraction", "mark, old pacer: actual GC CPU utilization (u_a)"),
  num("utilGoal", "fraction", "mark, old pacer: goal GC CPU utilization, 0.25 to go1.9, 0.30 after (u_g)"),
  num("scanWorkBytes", "bytes", "mark, old pacer: scan work done (W_a)"),
  num("goalDelta", "ratio", "mark, old pacer: h_g − h_t (goalΔ)"),
  num("actualDelta", "ratio", "mark, old pacer: h_a − h_t (actualΔ)"),
  num("utilActualOverGoal", "ratio", "mark, old pacer: u_a / u_g as printed"),
  // mark, new pacer (go1.18+)
  num("cpuPct", "%", "mark, new pacer: GC CPU utilization during mark"),
  num("cpuExpectedPct", "%", "mark, new pacer: utilization goal (25)"),
  num("heapWorkBytes", "bytes", "mark, new pacer: heap scan work done"),
  num("stackWorkBytes", "bytes", "mark, new pacer: stack scan work done"),
  num("globalsWorkBytes", "bytes", "mark, new pacer: globals scan work done"),
  num("expectedWorkBytes", "bytes", "mark, new pacer: scan work the pacer expected"),
  num("triggerHeapBytes", "bytes", "mark, new pacer: heap size when the cycle was triggered"),
  num("liveHeapBytes", "bytes", "mark, new pacer: heap size at the end of mark"),
  num(
    "deltaGoalBytes",
    "bytes",
    "mark, new pacer: heap at end of mark minus the goal (∆goal; < 0 = under goal)",
  ),
  num(
    "consMark",
    "ratio",
    "mark, new pacer: cons/mark estimate (allocation rate over scan rate) before this cycle",
  ),
  // sweep done
  num("sweepHeapMB", "MiB", "sweep: live heap when sweeping finished"),
  num(
    "sweepAllocatedMB",
    "MiB",
    "sweep: go1.6–1.8 span bytes allocated during sweep; go1.9+ heap growth during sweep",
  ),
  num("sweptPages", "pages", "sweep: pages swept in this sweep cycle"),
  num(
    "pagesPerByte",
    "pages/byte",
    "sweep, go1.7+: proportional sweep ratio (pages to sweep per byte allocated)",
  ),
];

export const GCPACERTRACE_COLUMNS: readonly ColumnSpec[] = [
  ...KEY_COLUMNS,
  num(
    "gcNum",
    "cycle",
    "the gc cycle the line belongs to: the number of the run's next gc line (assist, mark) or last one (sweep); NaN if none",
  ),
  str("event", "assist (cycle start), mark (end of mark) or sweep (sweep done)"),
  str("format", "layout: assist go1.5|go1.10, mark go1.5 (H_m_prev)|go1.18, sweep go1.6|go1.7|go1.9"),
  ...GCPACERTRACE_VALUE_COLUMNS,
  bool(
    "controllerReset",
    "mark, go1.18–go1.20: the line ended with [controller reset] (cons/mark controller was reset)",
  ),
];
