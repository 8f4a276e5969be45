import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { type BinnedAxis, binnedAxis } from "./envelope";
import { type BinStats, binCounts, binStart, binStats, binStatsBy, needsReduction, rounded } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_WIDTH,
  distinctSorted,
  frame,
  named,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

const GLOBAL = "global queue";
const LOCAL = "local queues (all Ps)";
const GC = "GC cycle start";
const MOST = "most runnable in one sample";

export interface RunQueueChartData {
  /** analysis/scheduler.ts schedSeries: timeMs, runqueue, localRunqueue. */
  readonly series: Table;
  /** analysis/scheduler.ts perPRunqueue (timeMs, p, runqueue): stacks each P's queue; without it, their sum. */
  readonly perP?: Table;
  /** gctrace timeMs of each GC cycle of the same run, drawn as rules on the same time axis. */
  readonly gcStartMs?: ArrayLike<number>;
  /**
   * Windows to shade behind the queues, e.g. when a load generator ran (data/*.meta.json `load.startMs/endMs`),
   * in ms on the SCHED lines' clock; `label` is written above the band's left edge and shown as its tooltip.
   */
  readonly loadWindows?: readonly LoadWindow[];
}

/** A time window to mark on the run-queue chart (ms since program start). */
export interface LoadWindow {
  readonly startMs: number;
  readonly endMs: number;
  readonly label: string;
}

/**
 * Runnable goroutines over time: the global run queue and the local queues stacked (per P when given), as
 * sampled by schedtrace (a snapshot every N ms, held until the next sample), with GC cycle starts as rules
 * so scheduler stalls can be matched with collections.
 */
export function runQueueChart(data: RunQueueChartData, options: ChartOptions = {}): TopLevelSpec {
  const time = numbers(data.series, "timeMs");
  const width = options.width ?? DEFAULT_WIDTH;
  const axis = needsReduction(data.series.length, width) ? binnedAxis(time, width, "ms") : undefined;
  const queues = [GLOBAL];
  const columns: QueueColumns[] = [];
  columns.push({ queue: GLOBAL, order: 0, time, runnable: numbers(data.series, "runqueue") });
  if (data.perP !== undefined) {
    const pTime = numbers(data.perP, "timeMs");
    const p = numbers(data.perP, "p");
    const q = numbers(data.perP, "runqueue");
    for (const id of distinctSorted(p)) {
      queues.push(`P${id}`);
      columns.push({ queue: `P${id}`, order: 1 + id, time: pTime, runnable: q, p, id });
    }
  } else {
    queues.push(LOCAL);
    columns.push({ queue: LOCAL, order: 1, time, runnable: numbers(data.series, "localRunqueue") });
  }
  const rows = axis === undefined ? sampleRows(columns) : binnedRows(axis, columns);
  const most: Row[] = [];
  const gcRows: Row[] = [];
  const gcStart = Float64Array.from(data.gcStartMs ?? [], Number);
  if (axis === undefined) {
    for (let i = 0; i < gcStart.length; i++)
      if (Number.isFinite(gcStart[i])) gcRows.push({ timeSec: seconds(gcStart[i]) });
  } else {
    const st = binStats(axis.bins, time, numbers(data.series, "runnable"));
    const gcs = binCounts(axis.bins, gcStart);
    for (let k = 0; k < axis.bins.count; k++) {
      const at = seconds(binStart(axis.bins, k));
      if (st.n[k] > 0) most.push({ timeSec: at, series: MOST, runnable: st.max[k] });
      if (gcs[k] > 0)
        gcRows.push({ timeSec: seconds(binStart(axis.bins, k) + axis.bins.width / 2), cycles: gcs[k] });
    }
  }
  const windows: Row[] = [];
  for (const w of data.loadWindows ?? []) {
    if (!(w.endMs >= w.startMs)) {
      throw new Error(`runQueueChart: load window ${JSON.stringify(w.label)} ends before it starts`);
    }
    windows.push({ fromSec: seconds(w.startMs), toSec: seconds(w.endMs), label: w.label });
  }
  const extra = [...(gcRows.length > 0 ? [GC] : []), ...(most.length > 0 ? [MOST] : [])];
  const domain = [...queues, ...extra];
  const extraColors: Record<string, string> = { [GC]: "#e45756", [MOST]: "#222222" };
  const color = {
    title: null,
    scale: { domain, range: [...queueColors(queues.length), ...extra.map((e) => extraColors[e])] },
    legend: { columns: Math.min(domain.length, 8) },
  };
  const area = {
    data: named("queues"),
    mark: { type: "area" as const, interpolate: "step-after" as const, opacity: 0.85 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const, title: TIME_TITLE },
      y: {
        field: "runnable",
        type: "quantitative" as const,
        stack: "zero" as const,
        title: "runnable goroutines",
      },
      color: { field: "queue", type: "nominal" as const, ...color },
      order: { field: "order", type: "quantitative" as const },
      tooltip: [
        { field: "timeSec", type: "quantitative" as const, title: "time (s)" },
        { field: "queue", type: "nominal" as const },
        { field: "runnable", type: "quantitative" as const, title: "runnable" },
      ],
    },
  };
  const rules = {
    data: named("gc"),
    // reduced: a short tick at the top edge per bin with GC starts (a full rule per bin would wash it red)
    mark: { type: "rule" as const, opacity: axis === undefined ? 0.35 : 0.8 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const },
      ...(axis === undefined ? {} : { y: { value: 0 }, y2: { value: 6 } }),
      color: { datum: GC, ...color },
      ...(axis === undefined
        ? {}
        : {
            tooltip: [
              { field: "cycles", type: "quantitative" as const, title: "GC cycles started in the bin" },
            ],
          }),
    },
  };
  const mostLine = {
    data: named("most"),
    mark: { type: "line" as const, interpolate: "step-after" as const, strokeWidth: 1 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const },
      y: { field: "runnable", type: "quantitative" as const },
      color: { field: "series", type: "nominal" as const, ...color },
      tooltip: [
        { field: "timeSec", type: "quantitative" as const, title: "bin from (s)" },
        { field: "runnable", type: "quantitative" as const, title: "most runnable in one sample" },
      ],
    },
  };
  // behind the queues: the band, and its label just above the plot (pixel y) so no step hides it
  const bands = [
    {
      data: named("windows"),
      mark: { type: "rect" as const, color: "#f2b701", opacity: 0.18 },
      encoding: {
        x: { field: "fromSec", type: "quantitative" as const, title: TIME_TITLE },
        x2: { field: "toSec" },
        tooltip: [
          { field: "label", type: "nominal" as const, title: "window" },
          { field: "fromSec", type: "quantitative" as const, title: "from (s)" },
          { field: "toSec", type: "quantitative" as const, title: "to (s)" },
        ],
      },
    },
    {
      data: named("windows"),
      mark: { type: "text" as const, align: "left" as const, baseline: "bottom" as const, dx: 1, y: -3 },
      encoding: {
        x: { field: "fromSec", type: "quantitative" as const },
        text: { field: "label", type: "nominal" as const },
        color: { value: "#8a6d00" },
      },
    },
  ];
  const subtitle = [
    "Goroutines waiting for a P (snapshots every schedtrace period); a queue that stays high means too few Ps or too much work",
    gcRows.length > 0
      ? axis === undefined
        ? "red rules are GC starts"
        : "red ticks on top: bins with GC starts"
      : "",
    windows.length > 0 ? "the shaded band is the load window" : "",
    axis === undefined
      ? ""
      : `${data.series.length.toLocaleString("en-US")} samples in bins of ${axis.label}: each queue's mean stacked, the dark line the most runnable in one sample`,
  ];
  const datasets: Record<string, Row[]> = { queues: rows };
  if (windows.length > 0) datasets.windows = windows;
  if (gcRows.length > 0) datasets.gc = gcRows;
  if (most.length > 0) datasets.most = most;
  return {
    ...frame("Run queue over time", subtitle.filter((s) => s !== "").join("; "), options),
    datasets,
    layer: [
      ...(windows.length > 0 ? bands : []),
      area,
      ...(most.length > 0 ? [mostLine] : []),
      ...(gcRows.length > 0 ? [rules] : []),
    ],
  };
}

/** A queue's samples: its rows of `time`/`runnable`, or for a P the rows whose `p` is its `id`. */
interface QueueColumns {
  readonly queue: string;
  readonly order: number;
  readonly time: Float64Array;
  readonly runnable: Float64Array;
  readonly p?: Float64Array;
  readonly id?: number;
}

/** One row per sample and queue, as sampled (the per-P rows in their own order, as the table has them). */
function sampleRows(columns: readonly QueueColumns[]): Row[] {
  const rows: Row[] = [];
  const perP = columns.filter((c) => c.p !== undefined);
  for (const c of columns) {
    if (c.p !== undefined) continue;
    for (let i = 0; i < c.time.length; i++)
      rows.push({
        timeSec: seconds(c.time[i]),
        queue: c.queue,
        order: c.order,
        runnable: value(c.runnable[i]),
      });
  }
  if (perP.length > 0) {
    const { time, runnable, p } = perP[0];
    for (let i = 0; i < time.length; i++) {
      const id = (p as Float64Array)[i];
      rows.push({ timeSec: seconds(time[i]), queue: `P${id}`, order: 1 + id, runnable: value(runnable[i]) });
    }
  }
  return rows;
}

/**
 * One row per bin and queue: the queue's mean over the bin's samples (means stack: the stacked height is the
 * mean of the total), at the bin's start; bins without a sample are left out, for every queue alike.
 */
function binnedRows(axis: BinnedAxis, columns: readonly QueueColumns[]): Row[] {
  const sampled = binCounts(axis.bins, columns[0].time);
  const rows: Row[] = [];
  // every P's bins in one pass over the per-P rows
  const perP = columns.filter((c) => c.p !== undefined);
  const byP =
    perP.length > 0
      ? binStatsBy(
          axis.bins,
          perP[0].time,
          perP[0].runnable,
          perP[0].p,
          perP.map((c) => c.id as number),
        )
      : undefined;
  for (const c of columns) {
    const st =
      c.p !== undefined && byP
        ? (byP.get(c.id as number) as BinStats)
        : binStats(axis.bins, c.time, c.runnable);
    for (let k = 0; k < axis.bins.count; k++) {
      if (sampled[k] === 0) continue;
      const mean = st.n[k] > 0 ? st.mean[k] : 0;
      rows.push({
        timeSec: seconds(binStart(axis.bins, k)),
        queue: c.queue,
        order: c.order,
        runnable: rounded(mean, 2),
      });
    }
  }
  return rows;
}

/** Dark grey for the global queue, then the tableau10 colours for the local queues (repeating past ten Ps). */
function queueColors(n: number): string[] {
  const tableau = [
    "#4c78a8",
    "#f58518",
    "#54a24b",
    "#b279a2",
    "#eeca3b",
    "#72b7b2",
    "#ff9da6",
    "#9d755d",
    "#bab0ac",
    "#e45756",
  ];
  const out = ["#555555"];
  for (let i = 1; i < n; i++) out.push(tableau[(i - 1) % tableau.length]);
  return out;
}
