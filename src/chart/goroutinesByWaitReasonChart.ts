import type { LeakSignal } from "../analysis/goroutines";
import { numbers, strings } from "../analysis/tables";
import type { Table } from "../parse/types";
import type { LoadWindow } from "./runQueueChart";
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
 * the load is the leak evidence the run queue cannot show. `options.loadWindows` shades when the load ran (as in
 * runQueueChart), so "stays after the load" can be seen.
 */
export function goroutinesByWaitReasonChart(
  counts: Table,
  leaks: readonly LeakSignal[] = [],
  options: ChartOptions & { readonly loadWindows?: readonly LoadWindow[] } = {},
): TopLevelSpec {
  const time = numbers(counts, "timeMs");
  const group = strings(counts, "group");
  const count = numbers(counts, "count");
  const rows: Row[] = [];
  for (let i = 0; i < counts.length; i++) {
    rows.push({ timeSec: seconds(time[i]), group: group[i], goroutines: value(count[i]) });
  }
  const width = options.width ?? DEFAULT_WIDTH;
  const windows: Row[] = (options.loadWindows ?? []).map((w) => ({
    fromSec: seconds(w.startMs),
    toSec: seconds(w.endMs),
    label: w.label,
  }));
  // behind both panels: the load band, labelled above the top one
  const band = {
    data: { values: windows },
    mark: { type: "rect" as const, color: "#f2b701", opacity: 0.18 },
    encoding: {
      x: { field: "fromSec", type: "quantitative" as const, title: TIME_TITLE },
      x2: { field: "toSec" },
      tooltip: [{ field: "label", type: "nominal" as const, title: "window" }],
    },
  };
  const bandLabel = {
    data: { values: windows },
    mark: { type: "text" as const, align: "left" as const, baseline: "bottom" as const, dx: 1, y: -3 },
    encoding: {
      x: { field: "fromSec", type: "quantitative" as const },
      text: { field: "label", type: "nominal" as const },
      color: { value: "#8a6d00" },
    },
  };
  const areas = {
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
  const size = { width, height: options.height ?? DEFAULT_HEIGHT };
  const stacked = windows.length > 0 ? { ...size, layer: [band, bandLabel, areas] } : { ...size, ...areas };
  const picked = leaks.find((l) => l.suspectedLeak) ?? leaks.find((l) => l.growing);
  const shaded = windows.length > 0 ? " (shaded: the load)" : "";
  const base = frame(
    "Goroutines by wait reason",
    picked
      ? `A group that climbs steadily and stays up after the load${shaded} is a leak; below: "${picked.group}" with its least-squares fit`
      : `A group that climbs steadily and stays up after the load${shaded} is a leak; none grows steadily here`,
    options,
  );
  const { width: _w, height: _h, ...top } = base;
  if (picked === undefined) return { ...top, vconcat: [stacked] };
  const own: Row[] = rows.filter((r) => r.group === picked.group);
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
    title: `${picked.group}: ${verdict}, ${signed(picked.slopePerSec)} goroutines/s, R² ${picked.r2.toFixed(2)}`,
    layer: [
      ...(windows.length > 0 ? [band] : []),
      {
        data: { values: own },
        mark: { type: "point" as const, filled: true, size: 18, color: "#4c78a8" },
        encoding: {
          x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
          y: {
            field: "goroutines",
            type: "quantitative" as const,
            title: `goroutines (${picked.group})`,
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
