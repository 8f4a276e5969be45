/**
 * Splits an input into process runs. One file often holds the traces of several processes: `go run` and
 * `go test` trace the go command and the compiler/linker too (GODEBUG is inherited, docs/formats.md §0.5),
 * and a restarted service starts again at `gc 1` / `SCHED 0ms`. Every row carries the run it belongs to, so
 * tables of one run join on one time axis.
 *
 * Rules (each sequence is tracked per run):
 * - gc: the cycle number counts up by one per cycle from 1 in each process (runtime/mgc.go gcStart:
 *   `work.cycles`). A gc line goes to the current run if it is that run's next cycle, else to the most recent
 *   other run whose next cycle it is (interleaved `go run` processes), else to the current run if its number is
 *   still greater (an excerpt with gaps), else to a new run; never to a run whose last gc started later.
 * - SCHED: the time counts from the first dump of the process (runtime/proc.go schedtrace: `starttime`), so it
 *   never decreases and is 0 only for the first line. A SCHED line opens a new run when its time is below the
 *   run's last SCHED time, or is 0 again (a `go run` prints one `SCHED 0ms` per process). An equal non-zero time
 *   stays in the run (a crash dump right after a periodic one).
 * - init: packages initialise once per process, runtime first (runtime/proc.go doInit: `init internal/bytealg`,
 *   then `init runtime`, printed by inittrace). An init line opens a new run when its package is one of those
 *   first packages and the run has already seen an init line that normally follows it, when it names a package the
 *   run has already initialised, or when its start time goes backwards.
 * - Lines with no sequence of their own (pacer, scavenger, P/M/G lines, `GC forced`) belong to the run of the last
 *   sequenced line. A scanner whose rows come before their cycle's gc line (pacer assist/mark lines before a run's
 *   first gc line) asks `onNextGc` for that run's next gc number.
 *
 * Limits: the split is best-effort. Interleaved processes whose SCHED or init lines mix are attributed to the most
 * recent run; gc lines are matched to an earlier run only by an exact next cycle number. A process whose trace
 * starts mid-run (an excerpt beginning at `gc 318`) is one run, and two processes whose gc numbers happen to
 * interleave in increasing order cannot be told apart.
 */
import type { RunTracker } from "./types";

/**
 * How many recent runs a gc line may resume: processes interleave only while they run at the same time (the go
 * command runs about one compiler per CPU), and the bound keeps a log with thousands of runs linear.
 */
const GC_LOOKBACK_RUNS = 64;

/** The packages the runtime initialises first in every process, in order (runtime/proc.go schedinit/main). */
const FIRST_INIT_PKGS: readonly string[] = ["internal/bytealg", "runtime"];

interface RunState {
  lastGcNum: number;
  lastGcTimeMs: number;
  lastSchedTimeMs: number;
  lastInitTimeMs: number;
  /** Packages initialised so far in this run (only while init lines arrive; small). */
  initPkgs: Set<string> | undefined;
  /** onNextGc callbacks waiting for this run's next gc line. */
  waiting: ((gcNum: number) => void)[] | undefined;
}

function newRunState(): RunState {
  return {
    lastGcNum: Number.NaN,
    lastGcTimeMs: Number.NaN,
    lastSchedTimeMs: Number.NaN,
    lastInitTimeMs: Number.NaN,
    initPkgs: undefined,
    waiting: undefined,
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
    this.cur = this.gcRun(gcNum, timeMs);
    const run = this.states[this.cur];
    run.lastGcNum = gcNum;
    if (!Number.isNaN(timeMs)) run.lastGcTimeMs = timeMs;
    const waiting = run.waiting;
    if (waiting !== undefined) {
      run.waiting = undefined;
      for (const fill of waiting) fill(gcNum);
    }
    return this.cur;
  }

  onNextGc(run: number, fill: (gcNum: number) => void): void {
    const s = this.states[run];
    if (s === undefined) throw new Error(`onNextGc: no run ${run} (${this.states.length} runs)`);
    if (s.waiting === undefined) s.waiting = [];
    s.waiting.push(fill);
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

  /**
   * The run of a gc line: the current run if the line is its next cycle; else the most recent other run whose next
   * cycle it is (interleaved processes); else the current run if the number still goes up (an excerpt with gaps);
   * else a new run.
   */
  private gcRun(gcNum: number, timeMs: number): number {
    const cur = this.cur < 0 ? undefined : this.states[this.cur];
    if (cur !== undefined && isNextGc(cur, gcNum, timeMs)) return this.cur;
    const oldest = Math.max(0, this.states.length - GC_LOOKBACK_RUNS);
    for (let r = this.states.length - 1; r >= oldest; r--) {
      if (r !== this.cur && isNextGc(this.states[r], gcNum, timeMs)) return r;
    }
    if (cur !== undefined && continuesGc(cur, gcNum, timeMs)) return this.cur;
    this.open();
    return this.cur;
  }
}

/** The line is the cycle after the run's last one, not earlier in time (NaN times compare as "not earlier"). */
function isNextGc(s: RunState, gcNum: number, timeMs: number): boolean {
  return s.lastGcNum + 1 === gcNum && !(timeMs < s.lastGcTimeMs);
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
