/**
 * What the users felt, on the runtime's time axis: request latency per window (p50, p99, max) above the
 * runnable goroutines, both on the trace's clock with a shared x, and each GC cycle shaded behind both panels.
 */
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { type BinnedAxis, binnedAxis } from "./envelope";
import { binCounts, binStart, binStats, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  COUNT_AXIS,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
} from "./spec";

export interface LatencyTimelineData {
  /** analysis/latency.ts latencyWindows. */
  readonly windows: Table;
  /** analysis/scheduler.ts schedSeries of the same run: the lower panel (left out without it). */
  readonly series?: Table;
  /** analysis/gcPhases.ts gcPhases of the same run: each cycle shaded, start to end. */
  readonly phases?: Table;
}

const STATS = [
  { column: "p50Ms", label: "p50" },
  { column: "p99Ms", label: "p99" },
  { column: "maxMs", label: "max" },
] as const;
const STAT_COLORS = ["#4c78a8", "#f58518", "#e45756"];
const GC_COLOR = "#54a24b";

/**
 * Two panels with one time axis: the latency of the requests that started in each window (hey's percentiles)
 * and, below, the runnable goroutines schedtrace sampled (mean per bin and the most in one sample once the
 * series has more samples than the plot has pixels). GC cycles are bands from the cycle's start to its end;
 * with more cycles than half the plot's pixels, ticks mark the bins with cycles instead.
 */
export function latencyTimelineChart(data: LatencyTimelineData, options: ChartOptions = {}): TopLevelSpec {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? 160;
  const latency = latencyRows(data.windows, width);
  const gc = data.phases !== undefined ? gcRows(data.phases, width) : { rows: [], binned: false };
  const queue = data.series !== undefined ? queueRows(data.series, width) : undefined;
  const x = { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE };
  const gcLayer = gc.binned
    ? {
        data: named("gc"),
        mark: { type: "rule" as const, color: GC_COLOR, opacity: 0.8 },
        encoding: {
          x: { field: "timeSec", type: "quantitative" as const },
          y: { value: 0 },
          y2: { value: 6 },
          tooltip: [
            { field: "cycles", type: "quantitative" as const, title: "GC cycles started in the bin" },
          ],
        },
      }
    : undefined;
  const gcTooltip = [
    { field: "gc", type: "quantitative" as const, title: "GC cycle" },
    { field: "fromSec", type: "quantitative" as const, title: "start (s)" },
    { field: "toSec", type: "quantitative" as const, title: "end (s)" },
  ];
  // each cycle a band from start to end, and a rule at its start: most cycles are shorter than a pixel
  const gcLayers = gcLayer
    ? [gcLayer]
    : [
        {
          data: named("gc"),
          mark: { type: "rect" as const, color: GC_COLOR, opacity: 0.25 },
          encoding: {
            x: { field: "fromSec", type: "quantitative" as const },
            x2: { field: "toSec" },
            tooltip: gcTooltip,
          },
        },
        {
          data: named("gc"),
          mark: { type: "rule" as const, color: GC_COLOR, opacity: 0.5 },
          encoding: { x: { field: "fromSec", type: "quantitative" as const }, tooltip: gcTooltip },
        },
      ];
  const withGc = gc.rows.length > 0 ? gcLayers : [];
  const top = {
    width,
    height,
    layer: [
      ...withGc,
      {
        data: named("latency"),
        mark: { type: "line" as const, interpolate: "step-after" as const, strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: "latencyMs", type: "quantitative" as const, title: "request latency (ms)" },
          color: {
            field: "stat",
            type: "nominal" as const,
            title: null,
            scale: { domain: STATS.map((s) => s.label), range: STAT_COLORS },
          },
          tooltip: [
            { field: "timeSec", type: "quantitative" as const, title: "window from (s)" },
            { field: "stat", type: "nominal" as const },
            { field: "latencyMs", type: "quantitative" as const, title: "latency (ms)" },
            { field: "requests", type: "quantitative" as const, title: "requests" },
          ],
        },
      },
    ],
  };
  const panels: object[] = [top];
  if (queue !== undefined) {
    panels.push({
      width,
      height: Math.round(height * 0.75),
      layer: [
        ...withGc,
        {
          data: named("queue"),
          mark: { type: "area" as const, interpolate: "step-after" as const, color: "#555555", opacity: 0.7 },
          encoding: {
            x,
            y: {
              field: "runnable",
              type: "quantitative" as const,
              title: "runnable goroutines",
              ...queue.y,
            },
            tooltip: [
              { field: "timeSec", type: "quantitative" as const, title: "time (s)" },
              {
                field: "runnable",
                type: "quantitative" as const,
                title: queue.axis ? "mean runnable" : "runnable",
              },
            ],
          },
        },
        ...(queue.axis !== undefined
          ? [
              {
                data: named("queue"),
                mark: {
                  type: "line" as const,
                  interpolate: "step-after" as const,
                  color: "#222222",
                  strokeWidth: 1,
                },
                encoding: { x, y: { field: "most", type: "quantitative" as const, ...queue.y } },
              },
            ]
          : []),
      ],
    });
  }
  const windowMs =
    data.windows.length > 0 ? numbers(data.windows, "endMs")[0] - numbers(data.windows, "startMs")[0] : 0;
  const subtitle = [
    latency.binned === undefined
      ? `Latency of the requests started in each ${windowMs} ms window (hey's percentiles)`
      : `Latency of the requests by ${windowMs} ms windows (hey's percentiles) in bins of ${latency.binned}: per bin the windows' mean p50, their worst p99 and the max`,
    queue === undefined
      ? ""
      : `below, the goroutines waiting for a P as schedtrace sampled them${queue.axis !== undefined ? ` (mean per ${queue.axis.label}, dark line the most in one sample)` : ""}`,
    gc.rows.length > 0
      ? gc.binned
        ? "green ticks: bins with GC cycles"
        : "green bands: GC cycles, start to end (pauses and concurrent mark)"
      : "",
  ];
  const datasets: Record<string, Row[]> = { latency: latency.rows };
  if (gc.rows.length > 0) datasets.gc = gc.rows;
  if (queue !== undefined) datasets.queue = queue.rows;
  const {
    height: _h,
    width: _w,
    ...top0
  } = frame("What the users felt: latency over time", subtitle.filter((s) => s !== "").join("; "), options);
  return {
    ...top0,
    datasets,
    vconcat: panels,
    resolve: { scale: { x: "shared" } },
  } as TopLevelSpec;
}

/** The latency rows: one per window and statistic, or per bin of windows when there are more than the width. */
function latencyRows(windows: Table, width: number): { rows: Row[]; binned?: string } {
  const start = numbers(windows, "startMs");
  const requests = numbers(windows, "requests");
  const rows: Row[] = [];
  if (!needsReduction(windows.length, width)) {
    for (let i = 0; i < windows.length; i++)
      for (const s of STATS)
        rows.push({
          timeSec: seconds(start[i]),
          stat: s.label,
          latencyMs: rounded(numbers(windows, s.column)[i], 2),
          requests: requests[i],
        });
    return { rows };
  }
  // reduced: per bin, the mean of its windows' p50 (the level), the worst p99 and the max to the digit
  const axis = binnedAxis(start, width, "ms") as BinnedAxis;
  const counts = binStats(axis.bins, start, requests);
  for (const s of STATS) {
    const st = binStats(axis.bins, start, numbers(windows, s.column));
    for (let k = 0; k < axis.bins.count; k++) {
      if (st.n[k] === 0) continue;
      rows.push({
        timeSec: seconds(binStart(axis.bins, k)),
        stat: s.label,
        latencyMs: rounded(s.label === "p50" ? st.mean[k] : st.max[k], 2),
        requests: counts.n[k] * counts.mean[k],
      });
    }
  }
  return { rows, binned: axis.label };
}

/** GC cycles as bands, or per bin of the time axis the number of cycles started when there are many. */
function gcRows(phases: Table, width: number): { rows: Row[]; binned: boolean } {
  const start = numbers(phases, "startMs");
  const end = numbers(phases, "endMs");
  const gcNum = numbers(phases, "gcNum");
  const rows: Row[] = [];
  if (!needsReduction(phases.length, width / 2)) {
    for (let i = 0; i < phases.length; i++)
      if (Number.isFinite(start[i]) && Number.isFinite(end[i]))
        rows.push({ gc: gcNum[i], fromSec: rounded(start[i] / 1000, 4), toSec: rounded(end[i] / 1000, 4) });
    return { rows, binned: false };
  }
  const axis = binnedAxis(start, width, "ms") as BinnedAxis;
  const counts = binCounts(axis.bins, start);
  for (let k = 0; k < axis.bins.count; k++)
    if (counts[k] > 0)
      rows.push({ timeSec: seconds(binStart(axis.bins, k) + axis.bins.width / 2), cycles: counts[k] });
  return { rows, binned: true };
}

/** The runnable goroutines, as sampled or per bin (mean, and the most in one sample). */
function queueRows(series: Table, width: number): { rows: Row[]; axis?: BinnedAxis; y: object } {
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const rows: Row[] = [];
  if (!needsReduction(series.length, width)) {
    for (let i = 0; i < series.length; i++) rows.push({ timeSec: seconds(time[i]), runnable: runnable[i] });
    return { rows, y: countScale(runnable) };
  }
  const axis = binnedAxis(time, width, "ms") as BinnedAxis;
  const st = binStats(axis.bins, time, runnable);
  for (let k = 0; k < axis.bins.count; k++)
    if (st.n[k] > 0)
      rows.push({
        timeSec: seconds(binStart(axis.bins, k)),
        runnable: rounded(st.mean[k], 2),
        most: st.max[k],
      });
  return { rows, axis, y: countScale(st.max) };
}

/** One y scale for the queue's layers: whole-number ticks from 0 to at least 1 (an idle queue still gets an axis). */
function countScale(values: ArrayLike<number>): object {
  let hi = 1;
  for (let i = 0; i < values.length; i++) if (values[i] > hi) hi = values[i];
  return { scale: { domain: [0, hi] }, axis: COUNT_AXIS.axis };
}
