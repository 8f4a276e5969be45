import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis, envelopeLayers, envelopeRows, forcedTicksLayer, reducedNote } from "./envelope";
import { binCounts, binStart, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

/** The heap series, in legend order, with the gctrace field each comes from (`start->end->live MB, goal MB`). */
const SERIES = [
  { column: "heapStartMB", label: "at GC start", color: "#4c78a8" },
  { column: "heapEndMB", label: "at mark end", color: "#f58518" },
  { column: "heapLiveMB", label: "marked live", color: "#54a24b" },
  { column: "heapGoalMB", label: "goal", color: "#e45756" },
] as const;
const FORCED = "forced cycle";
const SUBTITLE = "Live heap well under the goal is healthy; a rising live line is growth or a leak";

/**
 * Heap per GC cycle (from analysis/heap.ts heapCycles): the heap at the cycle's start, when marking ended,
 * the part marked live, and the goal the cycle ran against, over time; forced cycles (regime "forced") are
 * vertical rules. Traces without `@` times (go1.4 and older) are drawn against the cycle number.
 * More cycles than the plot has pixels across are reduced to bins (reduce.ts): per bin and series a band
 * from the exact min to the exact max MiB and the mean as a line; bins with forced cycles get a tick on top.
 */
export function heapTimelineChart(heapCycles: Table, options: ChartOptions = {}): TopLevelSpec {
  const gcNum = numbers(heapCycles, "gcNum");
  const timeMs = numbers(heapCycles, "timeMs");
  const forced = strings(heapCycles, "regime").map((r) => r === "forced");
  const byTime = timeMs.some(Number.isFinite);
  const labels: string[] = SERIES.map((s) => s.label);
  const colors: string[] = SERIES.map((s) => s.color);
  const anyForced = forced.some(Boolean);
  if (anyForced) {
    labels.push(FORCED);
    colors.push("#b279a2");
  }
  const color = { scale: { domain: labels, range: colors }, title: null };
  // Same domain as color, so vega-lite merges the two into one legend showing the dashed goal.
  const strokeDash = {
    scale: { domain: labels, range: labels.map((l) => (l === "goal" ? [4, 3] : [1, 0])) },
    title: null,
  };
  if (needsReduction(heapCycles.length, options.width ?? DEFAULT_WIDTH))
    return reduced(heapCycles, byTime ? timeMs : gcNum, byTime, forced, { color, strokeDash }, options);
  const x = byTime
    ? { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE }
    : { field: "gcNum", type: "quantitative" as const, title: "GC cycle" };
  const rows: Row[] = [];
  const forcedRows: Row[] = [];
  const columns = SERIES.map((s) => numbers(heapCycles, s.column));
  for (let i = 0; i < heapCycles.length; i++) {
    const at = { gcNum: value(gcNum[i]), timeSec: seconds(timeMs[i]) };
    for (let j = 0; j < SERIES.length; j++)
      rows.push({ ...at, series: SERIES[j].label, heapMB: value(columns[j][i]) });
    if (forced[i]) forcedRows.push(at);
  }
  const lines = {
    data: named("heap"),
    mark: { type: "line" as const, point: { size: 12 } },
    encoding: {
      x,
      y: { field: "heapMB", type: "quantitative" as const, title: "heap (MiB)" },
      color: { field: "series", type: "nominal" as const, ...color },
      strokeDash: { field: "series", type: "nominal" as const, ...strokeDash },
      tooltip: [
        { field: "gcNum", type: "quantitative" as const, title: "GC cycle" },
        { field: "series", type: "nominal" as const },
        { field: "heapMB", type: "quantitative" as const, title: "heap (MiB)" },
      ],
    },
  };
  const forcedRules = {
    data: named("forced"),
    mark: { type: "rule" as const, strokeWidth: 1.5, opacity: 0.7 },
    encoding: {
      x,
      color: { datum: FORCED, ...color },
      tooltip: [{ field: "gcNum", type: "quantitative" as const, title: "forced GC cycle" }],
    },
  };
  return {
    ...frame(
      "Heap per GC cycle",
      `${SUBTITLE}${anyForced ? "; purple rules are forced cycles" : ""}`,
      options,
    ),
    datasets: anyForced ? { heap: rows, forced: forcedRows } : { heap: rows },
    layer: anyForced ? [lines, forcedRules] : [lines],
  };
}

/** The chart of many cycles: per bin a min–max band and the mean per series, forced cycles as ticks on top. */
function reduced(
  heapCycles: Table,
  x: Float64Array,
  byTime: boolean,
  forced: readonly boolean[],
  channels: { color: Record<string, unknown>; strokeDash: Record<string, unknown> },
  options: ChartOptions,
): TopLevelSpec {
  const width = options.width ?? DEFAULT_WIDTH;
  const axis = binnedAxis(x, width, byTime ? "ms" : "count", "GC cycles");
  if (axis === undefined) throw new Error("heapTimelineChart: no cycle has a time or number");
  const series = SERIES.map((s) => ({ label: s.label, y: numbers(heapCycles, s.column) }));
  // MiB are printed as whole numbers (bytes >> 20, docs/formats.md §0.4): the mean to a tenth
  const rows = envelopeRows(axis, x, series, 1);
  const xTitle = { title: byTime ? TIME_TITLE : "GC cycle" };
  const envelope = envelopeLayers({
    data: "heap",
    x: xTitle,
    yTitle: "heap (MiB)",
    color: channels.color,
    strokeDash: channels.strokeDash,
    format: ".1f",
  });
  const counts = binCounts(
    axis.bins,
    x.filter((_, i) => forced[i]),
  );
  const ticks: Row[] = [];
  for (let k = 0; k < counts.length; k++) {
    if (counts[k] === 0) continue;
    const mid = binStart(axis.bins, k) + axis.bins.width / 2;
    ticks.push({ mid: byTime ? rounded(mid / 1000, 3) : mid, forced: counts[k] });
  }
  const forcedTicks = forcedTicksLayer(FORCED, channels.color, "forced cycles in the bin");
  const anyForced = ticks.length > 0;
  const note = reducedNote(axis, heapCycles.length, "cycles");
  return {
    ...frame(
      "Heap per GC cycle",
      `${SUBTITLE}. ${note}${anyForced ? "; purple ticks on top: bins with forced cycles" : ""}`,
      options,
    ),
    datasets: anyForced ? { heap: rows, forced: ticks } : { heap: rows },
    layer: anyForced ? [...envelope, forcedTicks] : envelope,
  };
}
