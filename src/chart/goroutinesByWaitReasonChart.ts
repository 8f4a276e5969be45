import type { LeakSignal } from "../analysis/goroutines";
import { numbers, strings } from "../analysis/tables";
import type { Table } from "../parse/types";
import { safeText } from "../safeText";
import {
  type ChartOptions,
  COUNT_AXIS,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

/**
 * Goroutines by wait reason over time, stacked (analysis/goroutines.ts goroutineCounts, from scheddetail),
 * and under it the group the leak signal picks (leakSignals, the first suspected leak, else the steepest
 * growing group) on its own with its least-squares line: a steady climb that does not come back down after
 * the load is the leak evidence the run queue cannot show.
 */
export function goroutinesByWaitReasonChart(
  counts: Table,
  leaks: readonly LeakSignal[] = [],
  options: ChartOptions = {},
): TopLevelSpec {
  const time = numbers(counts, "timeMs");
  const group = strings(counts, "group");
  const count = numbers(counts, "count");
  const rows: Row[] = [];
  for (let i = 0; i < counts.length; i++) {
    // a wait reason is trace text: no control characters in the SVG, no line separators in Vega expressions
    rows.push({ timeSec: seconds(time[i]), group: safeText(group[i]), goroutines: value(count[i]) });
  }
  const width = options.width ?? DEFAULT_WIDTH;
  const stacked = {
    width,
    height: options.height ?? DEFAULT_HEIGHT,
    data: { values: rows },
    mark: { type: "area" as const, interpolate: "step-after" as const, opacity: 0.85 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
      y: {
        field: "goroutines",
        type: "quantitative" as const,
        stack: "zero" as const,
        title: "goroutines",
        ...COUNT_AXIS,
      },
      color: {
        field: "group",
        type: "nominal" as const,
        title: "status / wait reason",
        scale: { scheme: "tableau20" },
        // many groups: a column at the side, not a row wider than the chart
        legend: { orient: "right" as const },
      },
      tooltip: [
        { field: "timeSec", type: "quantitative" as const, title: "time (s)" },
        { field: "group", type: "nominal" as const, title: "status / wait reason" },
        { field: "goroutines", type: "quantitative" as const },
      ],
    },
  };
  const picked = leaks.find((l) => l.suspectedLeak) ?? leaks.find((l) => l.growing);
  const pickedGroup = picked === undefined ? "" : safeText(picked.group);
  const base = frame(
    "Goroutines by wait reason",
    picked
      ? `A group that climbs steadily and stays up after the load is a leak; below: "${pickedGroup}" with its least-squares fit`
      : "A group that climbs steadily and stays up after the load is a leak; none grows steadily here",
    options,
  );
  const { width: _w, height: _h, ...top } = base;
  if (picked === undefined) return { ...top, vconcat: [stacked] };
  const own: Row[] = rows.filter((r) => r.group === pickedGroup);
  const times = own.map((r) => r.timeSec).filter((t): t is number => t !== null);
  const from = Math.min(...times);
  const to = Math.max(...times);
  // analysis/goroutines.ts leakSignals: count = interceptAtZero + slopePerSec · t (t in seconds)
  const fit: Row[] = [from, to].map((t) => ({
    timeSec: t,
    goroutines: picked.interceptAtZero + picked.slopePerSec * t,
  }));
  const verdict = picked.suspectedLeak ? "suspected leak" : "growing";
  const detail = {
    width,
    height: Math.round((options.height ?? DEFAULT_HEIGHT) * 0.6),
    title: `${pickedGroup}: ${verdict}, ${signed(picked.slopePerSec)} goroutines/s, R² ${picked.r2.toFixed(2)}`,
    layer: [
      {
        data: { values: own },
        mark: { type: "point" as const, filled: true, size: 18, color: "#4c78a8" },
        encoding: {
          x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
          y: {
            field: "goroutines",
            type: "quantitative" as const,
            title: `goroutines (${pickedGroup})`,
            ...COUNT_AXIS,
          },
        },
      },
      {
        data: { values: fit },
        mark: { type: "line" as const, strokeDash: [5, 3], color: "#e45756" },
        encoding: {
          x: { field: "timeSec", type: "quantitative" as const },
          y: { field: "goroutines", type: "quantitative" as const },
        },
      },
    ],
  };
  return { ...top, vconcat: [stacked, detail], resolve: { scale: { x: "shared" } } };
}

function signed(x: number): string {
  const s = +x.toPrecision(3);
  return s > 0 ? `+${s}` : `${s}`;
}
