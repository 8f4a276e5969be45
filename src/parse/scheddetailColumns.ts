/**
 * Column schemas of the tables the scheddetail scanner (scheddetail.ts) fills: scheddetailP, scheddetailM,
 * scheddetailG (docs/schema.md is generated from them). NaN marks a field the Go version of the line does not print.
 */
import { bool, KEY_COLUMNS, num, str } from "../table/columnSpec";
import type { ColumnSpec } from "../table/table";

const TIME_MS: ColumnSpec = num(
  "timeMs",
  "ms",
  "the `SCHED <t>ms` of the dump's header: ms since the process's first schedtrace dump, which sysmon prints within a millisecond or so of process start",
);
const KEYS: readonly ColumnSpec[] = [KEY_COLUMNS[0], KEY_COLUMNS[1], TIME_MS];

// Meanings: runtime/runtime2.go (p, m, g, schedt structs) and runtime/proc.go schedtrace; eras per docs/formats.md §4.2.
export const SCHEDDETAIL_P_COLUMNS: readonly ColumnSpec[] = [
  ...KEYS,
  num("p", "index", "the P's index (its position in allp)"),
  num(
    "status",
    "code",
    "P status: 0 idle, 1 running, 2 syscall, 3 gcstop, 4 dead (runtime/runtime2.go _Pidle…_Pdead)",
  ),
  num(
    "schedtick",
    "count",
    "p.schedtick: incremented on every scheduler call on this P (go1.2 release and later)",
  ),
  num(
    "syscalltick",
    "count",
    "p.syscalltick: incremented on every system call on this P (go1.2 release and later)",
  ),
  num(
    "tick",
    "count",
    "go1.2 development tree only: the P's tick counter, printed as tick= before schedtick/syscalltick existed",
  ),
  num("m", "id", "id of the M holding this P; NaN when none (printed -1, or nil since go1.20)"),
  num("runqsize", "goroutines", "runnable goroutines in this P's local run queue (runqtail - runqhead)"),
  num(
    "runqcap",
    "goroutines",
    "go1.2 only: capacity of the then-growable local run queue (runqsize=<len>/<cap>); NaN later",
  ),
  num("gfreecnt", "goroutines", "dead Gs cached on this P for reuse (p.gFree.n)"),
  num("timerslen", "timers", "timers in this P's heap (len(p.timers)); printed since go1.14"),
];

export const SCHEDDETAIL_M_COLUMNS: readonly ColumnSpec[] = [
  ...KEYS,
  num("m", "id", "the M's (OS thread's) id; M lines are printed newest M first"),
  num("p", "id", "id of the P this M holds; NaN when none"),
  num("curg", "goid", "goid of the goroutine this M is running (m.curg); NaN when none"),
  num("mallocing", "flag", "m.mallocing: non-zero while the M is inside the allocator"),
  num("throwing", "flag", "m.throwing: non-zero while the M is crashing in throw/fatal"),
  str(
    "preemptoff",
    "m.preemptoff: if non-empty, why the running G must not be preempted (e.g. gcing); go1.5+, usually empty",
  ),
  num("locks", "count", "m.locks: runtime locks (and acquirem holds) the M has"),
  num("dying", "flag", "m.dying: non-zero while the M is dying in a fatal panic"),
  num("helpgc", "flag", "m.helpgc: non-zero while the M helps the parallel mark (go1.2–go1.11); NaN later"),
  num("spinning", "flag", "1 if the M is out of work and spinning to find some (m.spinning)"),
  num("blocked", "flag", "1 if the M is blocked on a note, i.e. parked (m.blocked; go1.3+)"),
  num("lockedg", "goid", "goid of the goroutine locked to this M by LockOSThread; NaN when none"),
  num("gcing", "flag", "m.gcing: 1 while the M runs the collector (go1.2–go1.4); NaN later"),
];

export const SCHEDDETAIL_G_COLUMNS: readonly ColumnSpec[] = [
  ...KEYS,
  num("goid", "goid", "the goroutine's id"),
  num("status", "code", "g.atomicstatus without the 0x1000 scan bit; statusName names it"),
  str(
    "statusName",
    "the status's name from runtime/runtime2.go (_Gidle … _Gleaked): idle, runnable, running, syscall, waiting, moribund_unused, dead, enqueue_unused, copystack, preempted, leaked; unknown otherwise",
  ),
  bool(
    "scanBit",
    "true if the status carried _Gscan (0x1000): the GC was scanning the goroutine's stack (e.g. 4100 = waiting+scan)",
  ),
  str(
    "waitReason",
    "g.waitreason: why it waits (e.g. chan receive, force gc (idle)); printed for every status, so it can be stale or empty",
  ),
  num("m", "id", "id of the M running the goroutine; NaN when none"),
  num("lockedm", "id", "id of the M the goroutine is locked to by LockOSThread; NaN when none"),
];
