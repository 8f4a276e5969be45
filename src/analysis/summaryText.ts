/**
 * Plain-text renderings of the analyses for the CLI and the report: a few lines per trace kind, each figure
 * with its unit and method, so commands other than `whatif` (summary, report) can reuse them.
 */

import { safeText } from "../safeText";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import type { Headline } from "./headline";

/** A number for people: 3 significant digits, no exponent below 1e6; "–" for NaN/missing. */
export function fmt(x: number | undefined, digits = 3): string {
  if (x === undefined || Number.isNaN(x)) return "–";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return Math.round(x).toString();
  return Number(x.toPrecision(digits)).toString();
}

/** The headline as indented text lines (no trailing newline). */
export function summaryText(h: Headline): string {
  const out: string[] = [];
  if (h.gc !== null) {
    const g = h.gc;
    const q = g.pauses;
    out.push(
      `GC: ${g.cycles} cycles in ${fmt(g.durationSec)} s (${fmt(g.gcPerSec)}/s), GOMAXPROCS ${g.procs}, ${g.forcedCycles} forced`,
      `  GC CPU ${fmt(g.gcCpuPct)} % of wall time × GOMAXPROCS (the runtime's last gcPct: ${fmt(g.runtimeGcPct)} %, cumulative, truncated, without idle marking); assists ${fmt(g.medianAssistSharePct)} % of mark CPU (median)`,
      `  pauses (R-7 quantiles): p50 ${fmt(q.p50)} ms, p90 ${fmt(q.p90)} ms, p99 ${fmt(q.p99)} ms, p99.9 ${fmt(q.p999)} ms, max ${fmt(q.max)} ms; MMU 10 ms ${fmt(g.mmu10msPct)} %, 100 ms ${fmt(g.mmu100msPct)} %`,
      `  heap: peak ${fmt(g.peakHeapMB)} MiB, median live ${fmt(g.medianLiveHeapMB)} MiB, median goal ${fmt(g.medianGoalMB)} MiB, effective GOGC ≈ ${fmt(g.inferredGogc)}, allocation ≈ ${fmt(g.medianAllocRateMBPerSec)} MiB/s (median per cycle)`,
    );
  }
  if (h.pacer !== null) {
    out.push(
      `Pacer: ${h.pacer.cycles} end-of-mark reports, median GC CPU during mark ${fmt(h.pacer.medianCpuPct)} % (25 % expected), median ∆goal ${fmt(h.pacer.medianDeltaGoalMB)} MiB`,
    );
  }
  if (h.scavenger !== null) {
    out.push(
      `Scavenger: ${h.scavenger.lines} lines, ${fmt(h.scavenger.releasedTotalMB)} MiB returned to the OS in all`,
    );
  }
  if (h.sched !== null) {
    const s = h.sched;
    out.push(
      `Scheduler: ${s.samples} samples every ${fmt(s.sampleIntervalMs)} ms, GOMAXPROCS ${s.gomaxprocs}; runnable goroutines mean ${fmt(s.meanRunnable)}, max ${fmt(s.maxRunnable)}`,
      `  idle Ps while goroutines waited in ${fmt(s.starvingPct)} % of samples; threads ${s.threadsFirst} → ${s.threadsLast} (max ${s.threadsMax}, ${fmt(s.threadGrowthPerSec)}/s)`,
      `  load periods: ${s.loadPeriods}, longest drain ${fmt(s.longestDrainMs)} ± ${fmt(s.longestDrainErrMs)} ms (sampling bound), ${s.undrainedPeriods} not drained by the end`,
    );
  }
  if (h.goroutines !== null) {
    const g = h.goroutines;
    const leaks = g.suspectedLeaks.map(
      (l) => `${safeText(l.group)} (+${fmt(l.slopePerSec)}/s, R² ${fmt(l.r2, 2)})`,
    );
    out.push(
      `Goroutines: ${g.dumps} dumps, max ${g.maxGoroutines}; ${leaks.length > 0 ? `steadily growing: ${leaks.join(", ")}` : "no group grows steadily"}`,
    );
  }
  if (h.init !== null) {
    const i = h.init;
    const top = i.slowest.slice(0, 3).map((p) => `${safeText(p.pkg)} ${fmt(p.clockMs)} ms`);
    out.push(
      `Init: ${i.packages} packages, ${fmt(i.totalClockMs)} ms in init functions, ${i.totalBytes} bytes in ${i.totalAllocs} allocations; slowest: ${top.join(", ")}`,
    );
  }
  if (out.length === 0) out.push("No GODEBUG trace lines found.");
  return out.join("\n");
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
