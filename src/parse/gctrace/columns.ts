/**
 * Column schemas of the tables the gctrace scanner fills (docs/schema.md is generated from these). Meanings from
 * docs/formats.md §1 and the runtime sources it cites (runtime/mgc.go gcMarkTermination, mgc0.c of go1.1–1.4,
 * runtime/extern.go). NaN marks a field the Go version of the line does not print.
 */
import { KEY_COLUMNS, num } from "../../table/columnSpec";
import type { ColumnSpec } from "../../table/table";

const [RUN, LINE] = KEY_COLUMNS;

/** `gctrace`: one row per gc line. The first 22 columns are the contract other modules code against. */
export const GCTRACE_COLUMNS: readonly ColumnSpec[] = [
  RUN,
  LINE,
  num("gcNum", "count", "GC cycle number, 1-based per process (restarts at 1 in a new process)"),
  num("timeMs", "ms", "time from runtime start to the start of the cycle (@<s>s × 1000); NaN before go1.5"),
  num("gcPct", "%", "CPU share spent in GC since program start, cumulative and truncated (not this cycle's)"),
  num("clockSweepTermMs", "ms", "wall time of the stop-the-world sweep-termination phase"),
  num("clockMarkMs", "ms", "wall time of the concurrent mark phase (go1.5: mark only; scan is clockScanMs)"),
  num("clockMarkTermMs", "ms", "wall time of the stop-the-world mark-termination phase"),
  num("cpuSweepTermMs", "ms", "CPU of sweep termination (its wall time × Ps stopped)"),
  num("cpuAssistMs", "ms", "mark CPU spent in mutator assists"),
  num("cpuBackgroundMs", "ms", "mark CPU of the dedicated and fractional background workers"),
  num("cpuIdleMs", "ms", "mark CPU of idle-P workers"),
  num("cpuMarkTermMs", "ms", "CPU of mark termination (its wall time × Ps stopped)"),
  num(
    "heapStartMB",
    "MiB",
    "heap in use when the cycle started (go1.1–go1.4: heap at the stop-the-world collection)",
  ),
  num(
    "heapEndMB",
    "MiB",
    "heap in use when marking finished (go1.3/1.4: the line's second heap figure; go1.1/1.2: heap at the collection)",
  ),
  num(
    "heapLiveMB",
    "MiB",
    "heap marked live by this cycle (go1.1/1.2: heap after the collection; go1.3/1.4 NaN)",
  ),
  num("heapGoalMB", "MiB", "heap goal of this cycle (go1.5+)"),
  num("stacksMB", "MiB", "scannable stack size used by the pacer (go1.18+)"),
  num("globalsMB", "MiB", "scannable globals (go1.18+)"),
  num("procs", "count", "GOMAXPROCS during the cycle (go1.1–go1.4: procs that took part in the collection)"),
  {
    name: "forced",
    type: "boolean",
    unit: "",
    doc: "the line ends with (forced): a user-requested cycle (runtime.GC, debug.FreeOSMemory)",
  },
  num(
    "pauseMs",
    "ms",
    "stop-the-world time of the cycle: sweep termination + mark termination (go1.1–go1.4: the whole collection)",
  ),
  num("clockScanMs", "ms", "go1.5 only: wall time of the concurrent stack-scan phase"),
  num(
    "clockInstallWBMs",
    "ms",
    'go1.5 only: wall time of the install-write-barrier ("synchronize Ps") phase',
  ),
  num("cpuScanMs", "ms", "go1.5 only: CPU of the scan phase"),
  num(
    "cpuInstallWBMs",
    "ms",
    "go1.5 only: CPU of the install-write-barrier phase (the runtime always prints 0)",
  ),
  {
    name: "goroutineLeakCheck",
    type: "boolean",
    unit: "",
    doc: "go1.26+: the line says (checking for goroutine leaks) (goroutine-leak experiment)",
  },
  {
    name: "format",
    type: "string",
    unit: "",
    doc: "layout of the line: go1.0, go1.1, go1.3, go1.4, go1.5dev, go1.5, go1.6, go1.18, go1.26",
  },
];

/** `gcforced`: the bare `GC forced` lines of sysmon's periodic (2-minute) forced GC. */
export const GCFORCED_COLUMNS: readonly ColumnSpec[] = [
  RUN,
  LINE,
  num("timeMs", "ms", "always NaN: the line carries no time; its cycle is the next gctrace row of the run"),
  num("afterGcNum", "count", "the last gc cycle number seen in the run before this line (NaN if none)"),
];

/** `gcscan`: go1.25+ gctrace=2 scan statistics, printed after each gc line. */
export const GCSCAN_COLUMNS: readonly ColumnSpec[] = [
  RUN,
  LINE,
  num("timeMs", "ms", "start time of the gc cycle these statistics belong to (the preceding gc line)"),
  num("gcNum", "count", "the gc cycle these statistics belong to (the preceding gc line)"),
  { name: "scope", type: "string", unit: "", doc: "total (all size classes) or class (one size class)" },
  num("sizeBytes", "bytes", "object size of the size class; NaN for total and for large objects"),
  { name: "large", type: "boolean", unit: "", doc: "the row is the large-object class (printed class L)" },
  num("objs", "count", "objects scanned"),
  num("sparseObjs", "count", "objects scanned one at a time (the only figure without greenteagc)"),
  num("spanSparseObjs", "count", "greenteagc: objects scanned from sparse spans"),
  num("spanDenseObjs", "count", "greenteagc: objects scanned from dense spans"),
  num("spans", "count", "greenteagc: spans scanned"),
  num("sparseSpans", "count", "greenteagc: sparse spans scanned"),
  num("denseSpans", "count", "greenteagc: dense spans scanned"),
  {
    name: "format",
    type: "string",
    unit: "",
    doc: "go1.25 or go1.25greentea (GOEXPERIMENT=greenteagc layout)",
  },
];
