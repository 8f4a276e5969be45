/**
 * The headline figures as plain text (the figures part of the one summary: `godebug-lab summary`, the report page,
 * `summaryText(headline(trace))` in a notebook), and a compareRuns table as aligned text.
 */

import { safeText } from "../safeText";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { fmt, plural } from "./format";
import type { GcHeadline, GoroutineHeadline, Headline } from "./headline";

export interface SummaryTextOptions {
  /** Say which process run each kind's figures are of (for a trace of several runs). */
  readonly showRun?: boolean;
}

/** The headline as indented text lines, a few per kind, each figure with its unit and method (no trailing newline). */
export function summaryText(h: Headline, options: SummaryTextOptions = {}): string {
  const of = (run: number) => (options.showRun && Number.isFinite(run) ? ` (run ${run})` : "");
  const out: string[] = [];
  if (h.gc !== null) out.push(...gcText(h.gc, of(h.gc.run)));
  if (h.pacer !== null) {
    out.push(
      `Pacer${of(h.pacer.run)}: ${h.pacer.cycles} end-of-mark reports, median GC CPU during mark ${fmt(h.pacer.medianCpuPct)} % (25 % expected), median ∆goal ${fmt(h.pacer.medianDeltaGoalMB)} MiB`,
    );
  }
  if (h.scavenger !== null) {
    out.push(
      `Scavenger${of(h.scavenger.run)}: ${h.scavenger.lines} lines, ${fmt(h.scavenger.releasedTotalMB)} MiB returned to the OS in all`,
    );
  }
  if (h.sched !== null) {
    const s = h.sched;
    out.push(
      `Scheduler${of(s.run)}: ${s.samples} samples every ${fmt(s.sampleIntervalMs)} ms, GOMAXPROCS ${s.gomaxprocs}; threads ${s.threadsFirst} → ${s.threadsLast} (max ${s.threadsMax}, ${fmt(s.threadGrowthPerSec)}/s)`,
      `  runnable goroutines: max ${fmt(s.maxRunnable)} (global queue max ${fmt(s.runqueueMax)}, per-P sum max ${fmt(s.localRunqueueMax)}), mean ${fmt(s.meanRunnable)}; queued in ${s.samplesWithQueue} of ${s.samples} samples`,
      `  idle Ps while goroutines waited: ${fmt(s.starvingPct)} % of samples`,
      `  load periods: ${s.loadPeriods}, longest drain ${fmt(s.longestDrainMs)} ± ${fmt(s.longestDrainErrMs)} ms (sampling bound), ${s.undrainedPeriods} not drained by the end`,
    );
  }
  if (h.goroutines !== null) out.push(goroutineText(h.goroutines));
  if (h.init !== null) {
    const i = h.init;
    const [first, ...next] = i.slowest.slice(0, 3).map((p) => `${safeText(p.pkg)} (${fmt(p.clockMs)} ms)`);
    const slowest = first === undefined ? "" : `; slowest ${[first, ...next].join(", then ")}`;
    out.push(
      `Init${of(i.run)}: ${i.packages} packages, ${fmt(i.totalClockMs)} ms in init functions, ${i.totalBytes} bytes in ${i.totalAllocs} allocations${slowest}`,
    );
  }
  if (out.length === 0) out.push("No GODEBUG trace lines found.");
  return out.join("\n");
}

/** Milliseconds as the runtime prints them, to the µs (a sum of printed pauses keeps their precision). */
const ms3 = (v: number) => (Number.isNaN(v) ? "–" : String(Math.round(v * 1000) / 1000));

function gcText(g: GcHeadline, run: string): string[] {
  const periodic =
    g.periodicForced > 0 ? `, ${g.periodicForced} periodic ("GC forced": sysmon's 2-minute GC)` : "";
  if (g.cycles === 0) return [`GC${run}: no gc line${periodic}`];
  const q = g.pauses;
  return [
    `GC${run}: ${plural(g.cycles, "cycle")} in ${fmt(g.durationSec)} s (${fmt(g.gcPerSec)}/s), GOMAXPROCS ${g.procs}, ${g.forcedCycles} forced${periodic}`,
    `  GC CPU ${fmt(g.gcCpuPct)} % of wall time × GOMAXPROCS (the runtime's last gcPct: ${fmt(g.runtimeGcPct)} %, cumulative, truncated, without idle marking); assists ${fmt(g.medianAssistSharePct)} % of mark CPU (median)`,
    `  stop-the-world pauses (R-7 quantiles): p50 ${fmt(q.p50)} ms, p90 ${fmt(q.p90)} ms, p99 ${fmt(q.p99)} ms, p99.9 ${fmt(q.p999)} ms, max ${fmt(q.max)} ms; total ${ms3(q.totalMs)} ms`,
    `  MMU (the program's least share of any window): 10 ms ${fmt(g.mmu10msPct)} %, 100 ms ${fmt(g.mmu100msPct)} %`,
    `  heap: peak ${fmt(g.peakHeapMB)} MiB; last cycle live ${fmt(g.heapLiveLastMB)} MiB, goal ${fmt(g.heapGoalLastMB)} MiB; median live ${fmt(g.medianLiveHeapMB)} MiB, goal ${fmt(g.medianGoalMB)} MiB`,
    `  effective GOGC ≈ ${fmt(g.inferredGogc)}; allocation ≈ ${fmt(g.medianAllocRateMBPerSec)} MiB/s (median per cycle)`,
  ];
}

function goroutineText(g: GoroutineHeadline): string {
  const leaks = g.suspectedLeaks?.map(
    (l) => `${safeText(l.group)} (+${fmt(l.slopePerSec)}/s, R² ${fmt(l.r2, 2)})`,
  );
  const growth =
    leaks === undefined
      ? "wait reasons not read (the summary keeps no G lines; godebug-lab report finds groups that grow)"
      : leaks.length > 0
        ? `steadily growing: ${leaks.join(", ")}`
        : "no group grows steadily";
  return `Goroutines: ${g.dumps} scheddetail dumps, up to ${fmt(g.maxGoroutines)} goroutines; ${growth}`;
}

/** A compareRuns table as aligned text: figure, a, b, diff (diff %). */
export function compareText(table: Table, labelA = "a", labelB = "b"): string {
  const figure = strings(table, "figure");
  const unit = strings(table, "unit");
  const [a, b, diff, pct] = ["a", "b", "diff", "diffPct"].map((c) => numbers(table, c));
  const rows = [["figure", labelA, labelB, "b − a", "change"]];
  for (let r = 0; r < table.length; r++) {
    rows.push([
      `${figure[r]} (${unit[r]})`,
      fmt(a[r]),
      fmt(b[r]),
      fmt(diff[r]),
      Number.isFinite(pct[r]) ? `${pct[r] > 0 ? "+" : ""}${fmt(pct[r], 2)} %` : "–",
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) =>
      row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "),
    )
    .join("\n");
}
