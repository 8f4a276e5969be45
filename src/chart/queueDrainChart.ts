import { booleans, numbers } from "../table/columns";
import type { Table } from "../table/table";
import { binnedAxis } from "./envelope";
import { type Bins, binBudget, binOf, binStart, binStats, needsReduction } from "./reduce";
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
  value,
} from "./spec";

/**
 * The queue-drain curve: runnable goroutines (global + local) over time (analysis/scheduler.ts schedSeries),
 * each load period shaded (analysis/queueDrain.ts loadPeriods), its peak marked, and the interval in which
 * the queues emptied (between the last busy and the first empty sample: schedtrace only samples every N ms)
 * as a green band labelled, just above the plot, with the drain time ± that sampling bound.
 */
export interface QueueDrainOptions extends ChartOptions {
  /**
   * At most this many periods get a label (default 3): those with the largest backlog left to drain, skipping
   * any whose label would overlap one already placed; the rest are only shaded, their drain in the tooltip.
   */
  readonly labels?: number;
}

/** Label font size, and its width per character as vega estimates it without a canvas (the widest case). */
const LABEL_FONT_PX = 10;
// vega-scenegraph textMetrics.estimateWidth: 0.8 × fontSize per character (a browser's measure is narrower)
const LABEL_CHAR_PX = 0.8 * LABEL_FONT_PX;

export function queueDrainChart(
  series: Table,
  periods: Table,
  options: QueueDrainOptions = {},
): TopLevelSpec {
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const width = options.width ?? DEFAULT_WIDTH;
  // reduced: the curve once it has more samples than pixels across, the periods once more than a bin each
  const axis = binnedAxis(time, width, "ms");
  const curveBinned = axis !== undefined && needsReduction(series.length, width);
  const periodsBinned = axis !== undefined && periods.length > binBudget(width) / 2;
  const curve: Row[] = [];
  let curveMax = 0;
  if (curveBinned) {
    const st = binStats(axis.bins, time, runnable);
    for (let k = 0; k < axis.bins.count; k++) if (st.max[k] > curveMax) curveMax = st.max[k];
    for (let k = 0; k < axis.bins.count; k++) {
      if (st.n[k] === 0) continue;
      const mid = binStart(axis.bins, k) + axis.bins.width / 2;
      curve.push({
        timeSec: seconds(mid),
        runnable: Math.round(st.mean[k] * 100) / 100,
        min: st.min[k],
        max: st.max[k],
      });
    }
  } else {
    for (let i = 0; i < series.length; i++)
      curve.push({ timeSec: seconds(time[i]), runnable: value(runnable[i]) });
  }
  const start = numbers(periods, "startMs");
  const peakMs = numbers(periods, "peakMs");
  const peak = numbers(periods, "peakRunnable");
  const lastBusy = numbers(periods, "lastBusyMs");
  const empty = numbers(periods, "emptyMs");
  const drained = booleans(periods, "drained");
  const backlog = numbers(periods, "drainFromRunnable");
  const drainMs = numbers(periods, "drainMs");
  const errMs = numbers(periods, "drainErrMs");
  const period = (i: number): Row => ({
    startSec: seconds(start[i]),
    endSec: seconds(drained[i] ? empty[i] : lastBusy[i]),
    peakSec: seconds(peakMs[i]),
    peakRunnable: value(peak[i]),
    drainSec: seconds(lastBusy[i]),
    backlog: value(backlog[i]),
    label: drained[i]
      ? `drained in ${formatMs(drainMs[i])} ± ${formatMs(errMs[i])}`
      : "not drained by the trace's end",
  });
  let loads: Row[] = [];
  const bands: Row[] = [];
  let peaks: Row[] = [];
  if (periodsBinned) {
    // shaded where any period reaches a bin; the drains and peaks, one per period, would fill every bin (the
    // envelope's max is each bin's highest peak) and the labels name the largest backlogs
    const loadEnd = Float64Array.from(start, (_, i) => (drained[i] ? empty[i] : lastBusy[i]));
    loads = binRuns(axis.bins, start, loadEnd);
  } else {
    for (let i = 0; i < periods.length; i++) {
      loads.push(period(i));
      if (drained[i]) bands.push({ fromSec: seconds(lastBusy[i]), toSec: seconds(empty[i]) });
    }
    peaks = loads;
  }
  // label candidates: the largest backlogs first (only they can get one of the few labels)
  const order = Array.from({ length: periods.length }, (_, i) => i).sort(
    (i, j) =>
      (Number.isFinite(backlog[j]) ? backlog[j] : -1) - (Number.isFinite(backlog[i]) ? backlog[i] : -1),
  );
  const candidates = order.slice(0, Math.max(50, 10 * (options.labels ?? 3))).map(period);
  const { left, right } = placeLabels(candidates, time, options);
  // zero: false: the axis spans the samples, not 0 to a server's uptime of months (the period rects would include 0)
  const x = { type: "quantitative" as const, title: TIME_TITLE, scale: { zero: false } };
  const labelLayer = (data: string, align: "left" | "right") => ({
    data: named(data),
    mark: {
      type: "text" as const,
      align,
      // just above the plot: no curve or peak marker can run through a label
      baseline: "bottom" as const,
      dx: align === "left" ? 1 : -1,
      y: -3,
      fontSize: LABEL_FONT_PX,
      color: "#2d6a27",
    },
    encoding: { x: { field: "drainSec", ...x }, text: { field: "label", type: "nominal" as const } },
  });
  const reducedNote = [
    curveBinned && axis
      ? `${series.length.toLocaleString("en-US")} samples in bins of ${axis.label}: band min to max, line mean`
      : "",
    periodsBinned && axis
      ? `${periods.length.toLocaleString("en-US")} load periods: shaded per ${axis.label} bin where any ran, labels on the largest backlogs`
      : "",
  ].filter((n) => n !== "");
  const datasets: Record<string, Row[]> = { loads, drains: bands, curve, peaks };
  if (left.length > 0) datasets.labelsLeft = left;
  if (right.length > 0) datasets.labelsRight = right;
  return {
    ...frame(
      "Run queue drain after load",
      `Runnable goroutines in the global and local queues. Orange: load periods; green: where the queues emptied (between two samples); labels give the time from the last backlog to empty queues ± the sampling bound${reducedNote.length > 0 ? `. ${reducedNote.join("; ")}` : ""}`,
      options,
    ),
    datasets,
    layer: [
      {
        data: named("loads"),
        mark: { type: "rect", color: "#f58518", opacity: 0.12 },
        encoding: { x: { field: "startSec", ...x }, x2: { field: "endSec" } },
      },
      {
        data: named("drains"),
        mark: { type: "rect", color: "#54a24b", opacity: 0.35 },
        encoding: { x: { field: "fromSec", ...x }, x2: { field: "toSec" } },
      },
      ...(curveBinned
        ? [
            {
              data: named("curve"),
              mark: { type: "area" as const, color: "#4c78a8", opacity: 0.25 },
              encoding: {
                x: { field: "timeSec", ...x },
                y: { field: "min", type: "quantitative" as const },
                y2: { field: "max" },
              },
            },
          ]
        : []),
      {
        data: named("curve"),
        mark: { type: "line", interpolate: "linear", color: "#4c78a8" },
        encoding: {
          x: { field: "timeSec", ...x },
          y: {
            field: "runnable",
            type: "quantitative",
            // short: outside a browser vega over-estimates text width, and a title longer than the plot is tall
            // pushes the whole plot down (the subtitle says the count is global + local)
            title: "runnable goroutines",
            // binned: the band's max sets the domain (a data domain here would leave the band's out)
            ...(curveBinned ? { ...COUNT_AXIS, scale: { domain: [0, Math.max(1, curveMax)] } } : COUNT_AXIS),
          },
          tooltip: [
            { field: "timeSec", type: "quantitative", title: "time (s)" },
            { field: "runnable", type: "quantitative", title: "runnable" },
          ],
        },
      },
      {
        data: named("peaks"),
        mark: { type: "point", shape: "triangle-down", color: "#e45756", filled: true, size: 60 },
        encoding: {
          x: { field: "peakSec", ...x },
          y: { field: "peakRunnable", type: "quantitative" },
          tooltip: [
            { field: "peakRunnable", type: "quantitative", title: "peak runnable" },
            { field: "label", type: "nominal", title: "drain" },
          ],
        },
      },
      ...(left.length > 0 ? [labelLayer("labelsLeft", "left")] : []),
      ...(right.length > 0 ? [labelLayer("labelsRight", "right")] : []),
    ],
  };
}

/**
 * Which periods get a label, just above the plot at the start of their drain band: the largest backlogs
 * first, each written to the right of its band, or to the left where it would run past the plot's right edge,
 * and skipped when it would overlap a label already placed (bursts close together in a long trace).
 */
function placeLabels(
  loads: Row[],
  time: Float64Array,
  options: QueueDrainOptions,
): { left: Row[]; right: Row[] } {
  const left: Row[] = [];
  const right: Row[] = [];
  if (time.length === 0) return { left, right };
  const t0 = time[0] / 1000;
  const span = time[time.length - 1] / 1000 - t0;
  const width = options.width ?? DEFAULT_WIDTH;
  const placed: [number, number][] = [];
  const order = [...loads].sort((a, b) => Number(b.backlog) - Number(a.backlog));
  for (const row of order) {
    if (placed.length >= (options.labels ?? 3)) break;
    const px = span > 0 ? ((Number(row.drainSec) - t0) / span) * width : 0;
    const w = LABEL_CHAR_PX * String(row.label).length + 3;
    const toRight = px + w <= width;
    const from = toRight ? px : px - w;
    if (placed.some(([a, b]) => from < b && a < from + w)) continue;
    placed.push([from, from + w]);
    (toRight ? left : right).push(row);
  }
  return { left, right };
}

/**
 * The runs of consecutive bins that intervals [from[i], to[i]] reach, as rows with `startSec`/`endSec` (bin
 * edges): a few rectangles however many intervals there are.
 */
function binRuns(bins: Bins, from: ArrayLike<number>, to: ArrayLike<number>): Row[] {
  const hit = new Uint8Array(bins.count);
  for (let i = 0; i < from.length; i++) {
    const a = binOf(bins, from[i]);
    const b = binOf(bins, Number.isFinite(to[i]) ? to[i] : from[i]);
    if (Number.isNaN(a)) continue;
    for (let k = a; k <= (Number.isNaN(b) ? a : b); k++) hit[k] = 1;
  }
  const rows: Row[] = [];
  for (let k = 0; k < bins.count; k++) {
    if (hit[k] === 0 || (k > 0 && hit[k - 1] === 1)) continue;
    let e = k;
    while (e + 1 < bins.count && hit[e + 1] === 1) e++;
    rows.push({ startSec: seconds(binStart(bins, k)), endSec: seconds(binStart(bins, e + 1)) });
  }
  return rows;
}

/** A duration for a label, in ms below 10 s, else in s. */
function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  return ms < 10_000 ? `${+ms.toPrecision(3)} ms` : `${+(ms / 1000).toPrecision(3)} s`;
}
