/**
 * The live one-line status `capture` shows on a terminal while the program runs:
 *   capture: 12 s, 2,345 lines · 143 GC cycles, last pause 0.31 ms · run queue 0 global, 17 local
 * Lines are collected as they arrive (only the gc and SCHED lines the status reads) and parsed in one batch
 * per refresh, so a program printing thousands of trace lines a second costs one parse per refresh, not one per
 * line. Cycles are the gctrace lines seen; the pause is the last gc line's STW pauses (pauseMs); the run queue
 * is the last SCHED line's global `runqueue=` and the sum of its per-P queues (localRunqueue).
 */

import { fmt } from "../report/format";
import { parseTrace } from "../trace/doors";

export class CaptureStatus {
  private pending: string[] = [];
  private lines = 0;
  private cycles = 0;
  private lastPauseMs = Number.NaN;
  private runqueue = Number.NaN;
  private localRunqueue = Number.NaN;

  constructor(private readonly startMs: number) {}

  /** Each complete stderr line of the program. */
  observe(line: string): void {
    this.lines++;
    // A log prefix may come before the trace text, so look for it anywhere (a cheap test per line).
    if (line.includes("gc ") || line.includes("SCHED ")) this.pending.push(line);
  }

  /** The status line at `nowMs` (no newline). */
  text(nowMs: number): string {
    this.absorb();
    const parts = [
      `capture: ${fmt((nowMs - this.startMs) / 1000, 2)} s, ${this.lines.toLocaleString("en-US")} lines`,
    ];
    if (this.cycles > 0) parts.push(`${this.cycles} GC cycles, last pause ${fmt(this.lastPauseMs)} ms`);
    if (!Number.isNaN(this.runqueue)) {
      const local = Number.isNaN(this.localRunqueue) ? "" : `, ${fmt(this.localRunqueue)} local`;
      parts.push(`run queue ${fmt(this.runqueue)} global${local}`);
    }
    return parts.join(" · ");
  }

  private absorb(): void {
    if (this.pending.length === 0) return;
    const trace = parseTrace(this.pending.join("\n"));
    this.pending = [];
    const gc = trace.tables.gctrace;
    if (gc.length > 0) {
      this.cycles += gc.length;
      this.lastPauseMs = trace.num("gctrace", "pauseMs")[gc.length - 1];
    }
    const sched = trace.tables.schedtrace;
    if (sched.length > 0) {
      this.runqueue = trace.num("schedtrace", "runqueue")[sched.length - 1];
      this.localRunqueue = trace.num("schedtrace", "localRunqueue")[sched.length - 1];
    }
  }
}
