/**
 * Goroutines from scheddetail's G lines: counts by status or wait reason per dump, and a leak signal — a
 * group that grows steadily (least-squares slope, R²) and does not shrink back after the load ends. The run
 * queue alone cannot show a leak: leaked goroutines are waiting, not runnable.
 */
import { num, str } from "../table/columnSpec";
import { numbers, strings } from "../table/columns";
import { makeTable } from "../table/makeTable";
import type { Table } from "../table/table";
import { type TraceInput, tableOf } from "./input";
import { linearFit, mean } from "./stats";

/** runtime/runtime2.go _Gwaiting: the status whose wait reason says what the goroutine waits for. */
const G_WAITING = 4;

export type GoroutineGrouping = "status" | "waitReason";

export const GOROUTINE_COUNTS_SCHEMA = [
  num("timeMs", "ms", "time of the scheddetail dump"),
  str("group", "status name, or for waiting goroutines their wait reason"),
  num("count", "count", "goroutines in the group in that dump (0 when none)"),
] as const;

/**
 * Long-form counts per dump and group, every group present in every dump (zero-filled) so the series can be
 * stacked and fitted. With `by: "waitReason"`, waiting goroutines (status 4) are grouped by their wait reason
 * and the others by status name: the runtime prints a reason for every status, but for non-waiting
 * goroutines it is stale (docs/formats.md §4.2).
 * `input`: a Trace (its `scheddetailG` table, every run), that Table, or its DataFrame (src/analysis/input.ts).
 */
export function goroutineCounts(input: TraceInput, by: GoroutineGrouping = "waitReason"): Table {
  const scheddetailG = tableOf(input, "scheddetailG");
  const time = numbers(scheddetailG, "timeMs");
  const run = numbers(scheddetailG, "run");
  const status = numbers(scheddetailG, "status");
  const statusName = strings(scheddetailG, "statusName");
  const reason = strings(scheddetailG, "waitReason");
  const dumps: number[] = [];
  const perDump: Map<string, number>[] = [];
  const groups = new Set<string>();
  for (let r = 0; r < scheddetailG.length; r++) {
    // A new dump starts where (run, timeMs) changes: G lines follow their SCHED header.
    if (r === 0 || time[r] !== time[r - 1] || run[r] !== run[r - 1]) {
      dumps.push(time[r]);
      perDump.push(new Map());
    }
    const group = by === "status" || status[r] !== G_WAITING ? statusName[r] : reason[r] || "(no reason)";
    groups.add(group);
    const m = perDump[perDump.length - 1];
    m.set(group, (m.get(group) ?? 0) + 1);
  }
  const sorted = [...groups].sort();
  const t: number[] = [];
  const g: string[] = [];
  const c: number[] = [];
  for (let d = 0; d < dumps.length; d++) {
    for (const group of sorted) {
      t.push(dumps[d]);
      g.push(group);
      c.push(perDump[d].get(group) ?? 0);
    }
  }
  return makeTable("goroutineCounts", GOROUTINE_COUNTS_SCHEMA, {
    timeMs: Float64Array.from(t),
    group: g,
    count: Float64Array.from(c),
  });
}

export interface LeakOptions {
  /** When the load ended (e.g. the last load period's emptyMs); enables `staysAfterLoad`. */
  loadEndMs?: number;
  /** Least growth (goroutines, first to peak) to call a group growing; default 3. */
  minGrowth?: number;
  /** Least R² of the linear fit to call the growth steady; default 0.8. */
  minR2?: number;
  /** Fewest dumps to fit a trend on; default 5. */
  minDumps?: number;
}

/**
 * Groups that are never a leak: dead goroutines wait on the runtime's free list for reuse (runtime/proc.go
 * gfput/gfget), so their number tracks the peak concurrency, not leaked work.
 */
export const NOT_LEAKS: ReadonlySet<string> = new Set(["dead", "idle"]);

export interface LeakSignal {
  group: string;
  /** Least-squares fit count = intercept + slope·t (t in seconds). */
  slopePerSec: number;
  interceptAtZero: number;
  r2: number;
  dumps: number;
  first: number;
  last: number;
  peak: number;
  /** Slope > 0, R² ≥ minR2, growth ≥ minGrowth, at least minDumps dumps, and not a NOT_LEAKS group. */
  growing: boolean;
  /** Count at the last dump at or before loadEndMs, and the mean after it (NaN without loadEndMs or later dumps). */
  atLoadEnd: number;
  meanAfterLoad: number;
  /** The group stayed (mean after the load ≥ 90 % of its count at the load's end); null when unknown. */
  staysAfterLoad: boolean | null;
  /** growing and (staysAfterLoad !== false): the leak evidence. */
  suspectedLeak: boolean;
}

/** A leak signal per group of a goroutineCounts table, most suspicious (steepest growing) first. */
export function leakSignals(counts: Table, options: LeakOptions = {}): LeakSignal[] {
  const minGrowth = options.minGrowth ?? 3;
  const minR2 = options.minR2 ?? 0.8;
  const minDumps = options.minDumps ?? 5;
  const time = numbers(counts, "timeMs");
  const group = strings(counts, "group");
  const count = numbers(counts, "count");
  const byGroup = new Map<string, { t: number[]; c: number[] }>();
  for (let r = 0; r < counts.length; r++) {
    let s = byGroup.get(group[r]);
    if (s === undefined) {
      s = { t: [], c: [] };
      byGroup.set(group[r], s);
    }
    s.t.push(time[r] / 1000);
    s.c.push(count[r]);
  }
  const out: LeakSignal[] = [];
  for (const [name, s] of byGroup) {
    // least squares count = a + b·t over the dumps
    const fit = linearFit(s.t, s.c);
    let peak = 0;
    for (const v of s.c) peak = Math.max(peak, v);
    const first = s.c[0];
    const growing =
      !NOT_LEAKS.has(name) &&
      s.c.length >= minDumps &&
      fit.slope > 0 &&
      fit.r2 >= minR2 &&
      peak - first >= minGrowth;
    let atLoadEnd = Number.NaN;
    let meanAfterLoad = Number.NaN;
    let stays: boolean | null = null;
    if (options.loadEndMs !== undefined) {
      const endSec = options.loadEndMs / 1000;
      const after: number[] = [];
      for (let k = 0; k < s.t.length; k++) {
        if (s.t[k] <= endSec) atLoadEnd = s.c[k];
        else after.push(s.c[k]);
      }
      meanAfterLoad = mean(after);
      if (Number.isFinite(atLoadEnd) && after.length > 0) stays = meanAfterLoad >= 0.9 * atLoadEnd;
    }
    out.push({
      group: name,
      slopePerSec: fit.slope,
      interceptAtZero: fit.intercept,
      r2: fit.r2,
      dumps: s.c.length,
      first,
      last: s.c[s.c.length - 1],
      peak,
      growing,
      atLoadEnd,
      meanAfterLoad,
      staysAfterLoad: stays,
      suspectedLeak: growing && stays !== false,
    });
  }
  return out.sort(
    (a, b) => Number(b.growing) - Number(a.growing) || (b.slopePerSec || 0) - (a.slopePerSec || 0),
  );
}
