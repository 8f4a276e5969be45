/**
 * Splits an input into process runs. One file often holds the traces of several processes: `go run` and
 * `go test` trace the go command and the compiler/linker too (GODEBUG is inherited, GODEBUG-FORMATS.md §0.5),
 * and a restarted service starts again at `gc 1` / `SCHED 0ms`. Every row carries the run it belongs to, so
 * tables of one run join on one time axis.
 *
 * Rules (each sequence is tracked per run):
 * - gc: the cycle number counts up from 1 per process (runtime/mgc.go gcStart: `work.cycles`), so a gc line
 *   continues the current run when its number is greater than the run's last one (gaps are fine: excerpts skip
 *   lines) and its start time does not go backwards; otherwise it continues an earlier run whose last cycle is
 *   exactly one less and whose last gc time is not later (interleaved `go run` processes), or opens a new run.
 * - SCHED: the time counts from the first dump of the process (runtime/proc.go schedtrace: `starttime`), so it
 *   never decreases and is 0 only for the first line. A SCHED line opens a new run when its time is below the
 *   run's last SCHED time, or is 0 again (a `go run` prints one `SCHED 0ms` per process). An equal non-zero time
 *   stays in the run (a crash dump right after a periodic one).
 * - init: packages initialise once per process, runtime first (runtime/proc.go doInit: `init internal/bytealg`,
 *   then `init runtime`, printed by inittrace). An init line opens a new run when its package is one of those
 *   first packages and the run has already seen an init line that normally follows it, when it names a package the
 *   run has already initialised, or when its start time goes backwards.
 * - Lines with no sequence of their own (pacer, scavenger, P/M/G lines, `GC forced`) belong to the run of the last
 *   sequenced line.
 *
 * Limits: the split is best-effort. Interleaved processes whose SCHED or init lines mix are attributed to the most
 * recent run; gc lines are matched to an earlier run only by an exact next cycle number. A process whose trace
 * starts mid-run (an excerpt beginning at `gc 318`) is one run, and two processes whose gc numbers happen to
 * interleave in increasing order cannot be told apart.
 */
import type { RunTracker } from "./types";

/** The packages the runtime initialises first in every process, in order (runtime/proc.go schedinit/main). */
const FIRST_INIT_PKGS: readonly string[] = ["internal/bytealg", "runtime"];

interface RunState {
  lastGcNum: number;
  lastGcTimeMs: number;
  lastSchedTimeMs: number;
  lastInitTimeMs: number;
  /** Packages initialised so far in this run (only while init lines arrive; small). */
  initPkgs: Set<string> | undefined;
}

function newRunState(): RunState {
  return {
    lastGcNum: Number.NaN,
    lastGcTimeMs: Number.NaN,
    lastSchedTimeMs: Number.NaN,
    lastInitTimeMs: Number.NaN,
    initPkgs: undefined,
  };
}

export class ProcessRuns implements RunTracker {
  private readonly states: RunState[] = [];
  private cur = -1;

  /** The run of the last sequenced line (0 before any). */
  get run(): number {
    return Math.max(this.cur, 0);
  }

  /** How many runs rows were assigned to (0 when no trace line was seen). */
  get count(): number {
    return this.states.length;
  }

  get lastGcNum(): number {
    return this.cur < 0 ? Number.NaN : this.states[this.cur].lastGcNum;
  }

  get lastGcTimeMs(): number {
    return this.cur < 0 ? Number.NaN : this.states[this.cur].lastGcTimeMs;
  }

  get lastSchedTimeMs(): number {
    return this.cur < 0 ? Number.NaN : this.states[this.cur].lastSchedTimeMs;
  }

  current(): number {
    if (this.cur < 0) this.open();
    return this.cur;
  }

  gc(gcNum: number, timeMs: number): number {
    const s = this.cur < 0 ? undefined : this.states[this.cur];
    if (s === undefined || !continuesGc(s, gcNum, timeMs)) {
      this.cur = this.earlierGcRun(gcNum, timeMs);
      if (this.cur < 0) this.open();
    }
    const run = this.states[this.cur];
    run.lastGcNum = gcNum;
    if (!Number.isNaN(timeMs)) run.lastGcTimeMs = timeMs;
    return this.cur;
  }

  sched(timeMs: number): number {
    const s = this.cur < 0 ? undefined : this.states[this.cur];
    if (s === undefined || !continuesSched(s, timeMs)) this.open();
    this.states[this.cur].lastSchedTimeMs = timeMs;
    return this.cur;
  }

  init(pkg: string, timeMs: number): number {
    const s = this.cur < 0 ? undefined : this.states[this.cur];
    if (s === undefined || !continuesInit(s, pkg, timeMs)) this.open();
    const run = this.states[this.cur];
    if (run.initPkgs === undefined) run.initPkgs = new Set();
    run.initPkgs.add(pkg);
    if (!Number.isNaN(timeMs)) run.lastInitTimeMs = timeMs;
    return this.cur;
  }

  private open(): void {
    this.states.push(newRunState());
    this.cur = this.states.length - 1;
  }

  /** The most recent other run this gc line is the next cycle of, or -1. */
  private earlierGcRun(gcNum: number, timeMs: number): number {
    for (let r = this.states.length - 1; r >= 0; r--) {
      if (r === this.cur) continue;
      const s = this.states[r];
      if (s.lastGcNum + 1 === gcNum && !(timeMs < s.lastGcTimeMs)) return r;
    }
    return -1;
  }
}

function continuesGc(s: RunState, gcNum: number, timeMs: number): boolean {
  if (Number.isNaN(s.lastGcNum)) return true;
  // `!(a < b)` is true when either side is NaN: formats without a time (go1.3/1.4) only compare numbers.
  return gcNum > s.lastGcNum && !(timeMs < s.lastGcTimeMs);
}

function continuesSched(s: RunState, timeMs: number): boolean {
  if (Number.isNaN(s.lastSchedTimeMs)) return true;
  if (timeMs === 0) return false;
  return timeMs >= s.lastSchedTimeMs;
}

function continuesInit(s: RunState, pkg: string, timeMs: number): boolean {
  const seen = s.initPkgs;
  if (seen === undefined) return true;
  if (seen.has(pkg)) return false;
  if (timeMs < s.lastInitTimeMs) return false;
  const first = FIRST_INIT_PKGS.indexOf(pkg);
  if (first < 0) return true;
  // A first package continues the run only while nothing that comes after it has been initialised.
  for (const p of seen) {
    const k = FIRST_INIT_PKGS.indexOf(p);
    if (k < 0 || k > first) return false;
  }
  return true;
}
