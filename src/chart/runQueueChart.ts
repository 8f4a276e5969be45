import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import {
  type ChartOptions,
  distinctSorted,
  frame,
  type Row,
  seconds,
  TIME_TITLE,
  type TopLevelSpec,
  value,
} from "./spec";

const GLOBAL = "global queue";
const LOCAL = "local queues (all Ps)";
const GC = "GC cycle start";

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
  const global = numbers(data.series, "runqueue");
  const rows: Row[] = [];
  for (let i = 0; i < data.series.length; i++) {
    rows.push({ timeSec: seconds(time[i]), queue: GLOBAL, order: 0, runnable: value(global[i]) });
  }
  const queues = [GLOBAL];
  if (data.perP !== undefined) {
    const pTime = numbers(data.perP, "timeMs");
    const p = numbers(data.perP, "p");
    const q = numbers(data.perP, "runqueue");
    for (const id of distinctSorted(p)) queues.push(`P${id}`);
    for (let i = 0; i < data.perP.length; i++) {
      rows.push({ timeSec: seconds(pTime[i]), queue: `P${p[i]}`, order: 1 + p[i], runnable: value(q[i]) });
    }
  } else {
    const local = numbers(data.series, "localRunqueue");
    queues.push(LOCAL);
    for (let i = 0; i < data.series.length; i++) {
      rows.push({ timeSec: seconds(time[i]), queue: LOCAL, order: 1, runnable: value(local[i]) });
    }
  }
  const gcRows: Row[] = [];
  for (let i = 0; i < (data.gcStartMs?.length ?? 0); i++) {
    const t = data.gcStartMs?.[i] ?? Number.NaN;
    if (Number.isFinite(t)) gcRows.push({ timeSec: seconds(t) });
  }
  const windows: Row[] = [];
  for (const w of data.loadWindows ?? []) {
    if (!(w.endMs >= w.startMs)) {
      throw new Error(`runQueueChart: load window ${JSON.stringify(w.label)} ends before it starts`);
    }
    windows.push({ fromSec: seconds(w.startMs), toSec: seconds(w.endMs), label: w.label });
  }
  const domain = gcRows.length > 0 ? [...queues, GC] : queues;
  const color = {
    title: null,
    scale: { domain, range: [...queueColors(queues.length), ...(gcRows.length > 0 ? ["#e45756"] : [])] },
    legend: { columns: Math.min(domain.length, 8) },
  };
  const area = {
    data: { values: rows },
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
    data: { values: gcRows },
    mark: { type: "rule" as const, opacity: 0.35 },
    encoding: {
      x: { field: "timeSec", type: "quantitative" as const },
      color: { datum: GC, ...color },
    },
  };
  // behind the queues: the band, and its label just above the plot (pixel y) so no step hides it
  const bands = [
    {
      data: { values: windows },
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
      data: { values: windows },
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
    gcRows.length > 0 ? "red rules are GC starts" : "",
    windows.length > 0 ? "the shaded band is the load window" : "",
  ];
  return {
    ...frame("Run queue over time", subtitle.filter((s) => s !== "").join("; "), options),
    layer: [...(windows.length > 0 ? bands : []), area, ...(gcRows.length > 0 ? [rules] : [])],
  };
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
