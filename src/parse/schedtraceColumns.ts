/**
 * Column schemas of the tables the SCHED scanner (schedtrace.ts) fills: schedtrace (summary lines and detail
 * headers) and schedtraceP (the per-P lists); docs/schema.md is generated from them. NaN marks a field the Go
 * version of the line does not print.
 */
import { bool, KEY_COLUMNS, num } from "../table/columnSpec";
import type { ColumnSpec } from "../table/table";

const TIME_MS: ColumnSpec = num(
  "timeMs",
  "ms",
  "the `SCHED <t>ms` value: ms since the process's first schedtrace dump (runtime/proc.go schedtrace sets starttime on the first call), which sysmon prints within a millisecond or so of process start",
);

// Meanings: runtime/runtime2.go schedt and runtime/proc.go schedtrace; eras per docs/formats.md §4.
export const SCHEDTRACE_COLUMNS: readonly ColumnSpec[] = [
  KEY_COLUMNS[0],
  KEY_COLUMNS[1],
  TIME_MS,
  num("gomaxprocs", "Ps", "number of Ps (GOMAXPROCS)"),
  num("idleprocs", "Ps", "Ps on the idle list, running no Go code (sched.npidle)"),
  num(
    "threads",
    "Ms",
    "Ms (OS threads) created so far, mcount(): includes sysmon, Ms blocked in syscalls or cgo and the template thread",
  ),
  num(
    "spinningthreads",
    "Ms",
    "Ms spinning, i.e. out of work and looking for runnable goroutines (sched.nmspinning); printed since go1.4",
  ),
  num(
    "needspinning",
    "flag",
    "1 if a P found work to do but no M was spinning to take it, so one should start spinning (sched.needspinning); go1.20+",
  ),
  num("idlethreads", "Ms", "Ms parked on the idle list waiting for work (sched.nmidle)"),
  num("runqueue", "goroutines", "runnable goroutines in the global run queue (sched.runqsize)"),
  num(
    "localRunqueue",
    "goroutines",
    "runnable goroutines in all local run queues: the sum of a summary's per-P list, or of a detail dump's P lines' runqsize (NaN until its first P line)",
  ),
  bool("detail", "true for the header of a scheddetail=1 dump, false for a one-line summary"),
  num(
    "goroutines",
    "goroutines",
    "detail header: the dump's G lines, one per goroutine in allgs, dead ones included (runtime/proc.go schedtrace prints every G); NaN for a one-line summary",
  ),
  num(
    "gcwaiting",
    "flag",
    "detail header: 1 while the runtime stops the world, e.g. for GC (sched.gcwaiting; true/false since go1.20)",
  ),
  num(
    "nmidlelocked",
    "Ms",
    "detail header: Ms locked to a goroutine (LockOSThread) and idle, waiting for it (sched.nmidlelocked); go1.2 release and later, briefly -1 at start-up",
  ),
  num("stopwait", "Ps", "detail header: Ps still to stop before a stop-the-world completes (sched.stopwait)"),
  num(
    "sysmonwait",
    "flag",
    "detail header: 1 while the sysmon thread is parked (sched.sysmonwait; true/false since go1.20)",
  ),
  num(
    "singleproc",
    "flag",
    "detail header, go1.2 development tree only: 1 when GOMAXPROCS is 1 (runtime·singleproc)",
  ),
  num(
    "mlocked",
    "Ms",
    "detail header, go1.2 development tree only: locked Ms waiting for work (sched.mlocked, later nmidlelocked)",
  ),
  num(
    "nmspinning",
    "Ms",
    "detail header, go1.2–go1.3: spinning Ms (sched.nmspinning), which go1.4 moved to the summary as spinningthreads",
  ),
];

export const SCHEDTRACE_P_COLUMNS: readonly ColumnSpec[] = [
  KEY_COLUMNS[0],
  KEY_COLUMNS[1],
  TIME_MS,
  num("p", "index", "the P's index: its position in the summary's per-P list (allp order)"),
  num("runqueue", "goroutines", "runnable goroutines in that P's local run queue (runqtail - runqhead)"),
  num(
    "schedticks",
    "count",
    "that P's scheduler calls so far, cumulative (p.schedtick); go1.25+, NaN before",
  ),
];
