import { numbers, strings } from "../analysis/tables";
import type { Table } from "../parse/types";
import { type ChartOptions, frame, type Row, seconds, TIME_TITLE, type TopLevelSpec, value } from "./spec";

/** The heap series, in legend order, with the gctrace field each comes from (`start->end->live MB, goal MB`). */
const SERIES = [
  { column: "heapStartMB", label: "at GC start", color: "#4c78a8" },
  { column: "heapEndMB", label: "at mark end", color: "#f58518" },
  { column: "heapLiveMB", label: "marked live", color: "#54a24b" },
  { column: "heapGoalMB", label: "goal", color: "#e45756" },
] as const;
const FORCED = "forced cycle";

/**
 * Heap per GC cycle (from analysis/heap.ts heapCycles): the heap at the cycle's start, when marking ended,
 * the part marked live, and the goal the cycle ran against, over time; forced cycles (regime "forced") are
 * vertical rules. Traces without `@` times (go1.4 and older) are drawn against the cycle number.
 */
export function heapTimelineChart(heapCycles: Table, options: ChartOptions = {}): TopLevelSpec {
  const gcNum = numbers(heapCycles, "gcNum");
  const timeMs = numbers(heapCycles, "timeMs");
  const regime = strings(heapCycles, "regime");
  const byTime = timeMs.some(Number.isFinite);
  const x = byTime
    ? { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE }
    : { field: "gcNum", type: "quantitative" as const, title: "GC cycle" };
  const rows: Row[] = [];
  const forced: Row[] = [];
  for (let i = 0; i < heapCycles.length; i++) {
    const at = { gcNum: value(gcNum[i]), timeSec: seconds(timeMs[i]) };
    for (const s of SERIES)
      rows.push({ ...at, series: s.label, heapMB: value(numbers(heapCycles, s.column)[i]) });
    if (regime[i] === "forced") forced.push(at);
  }
  const labels: string[] = SERIES.map((s) => s.label);
  const colors: string[] = SERIES.map((s) => s.color);
  if (forced.length > 0) {
    labels.push(FORCED);
    colors.push("#b279a2");
  }
  const color = { scale: { domain: labels, range: colors }, title: null };
  const lines = {
    data: { values: rows },
    mark: { type: "line" as const, point: { size: 12 } },
    encoding: {
      x,
      y: { field: "heapMB", type: "quantitative" as const, title: "heap (MiB)" },
      color: { field: "series", type: "nominal" as const, ...color },
      // Same domain as color, so vega-lite merges the two into one legend showing the dashed goal.
      strokeDash: {
        field: "series",
        type: "nominal" as const,
        scale: { domain: labels, range: labels.map((l) => (l === "goal" ? [4, 3] : [1, 0])) },
        title: null,
      },
      tooltip: [
        { field: "gcNum", type: "quantitative" as const, title: "GC cycle" },
        { field: "series", type: "nominal" as const },
        { field: "heapMB", type: "quantitative" as const, title: "heap (MiB)" },
      ],
    },
  };
  const forcedRules = {
    data: { values: forced },
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
      `Live heap well under the goal is healthy; a rising live line is growth or a leak${forced.length > 0 ? "; purple rules are forced cycles" : ""}`,
      options,
    ),
    layer: forced.length > 0 ? [lines, forcedRules] : [lines],
  };
}
