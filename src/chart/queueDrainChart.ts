import { booleans, numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import {
  type ChartOptions,
  COUNT_AXIS,
  frame,
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
 * as a green band labelled with the drain time ± that sampling bound.
 */
export interface QueueDrainOptions extends ChartOptions {
  /** Periods labelled with their drain time: the ones with the highest peaks (default 3); the rest are only shaded. */
  readonly labels?: number;
}

export function queueDrainChart(
  series: Table,
  periods: Table,
  options: QueueDrainOptions = {},
): TopLevelSpec {
  const time = numbers(series, "timeMs");
  const runnable = numbers(series, "runnable");
  const curve: Row[] = [];
  for (let i = 0; i < series.length; i++)
    curve.push({ timeSec: seconds(time[i]), runnable: value(runnable[i]) });
  const start = numbers(periods, "startMs");
  const peakMs = numbers(periods, "peakMs");
  const peak = numbers(periods, "peakRunnable");
  const lastBusy = numbers(periods, "lastBusyMs");
  const empty = numbers(periods, "emptyMs");
  const drained = booleans(periods, "drained");
  const drainMs = numbers(periods, "drainMs");
  const errMs = numbers(periods, "drainErrMs");
  const loads: Row[] = [];
  const bands: Row[] = [];
  for (let i = 0; i < periods.length; i++) {
    loads.push({
      startSec: seconds(start[i]),
      endSec: seconds(drained[i] ? empty[i] : lastBusy[i]),
      peakSec: seconds(peakMs[i]),
      peakRunnable: value(peak[i]),
      label: drained[i]
        ? `drained in ${formatMs(drainMs[i])} ± ${formatMs(errMs[i])}`
        : "not drained by the trace's end",
    });
    if (drained[i]) bands.push({ fromSec: seconds(lastBusy[i]), toSec: seconds(empty[i]) });
  }
  const labelled = [...loads]
    .sort((a, b) => (b.peakRunnable as number) - (a.peakRunnable as number))
    .slice(0, options.labels ?? 3);
  const x = { type: "quantitative" as const, title: TIME_TITLE };
  return {
    ...frame(
      "Run queue drain after load",
      "Orange: load periods; green: where the queues emptied (between two samples); labels give the biggest peaks' time to empty ± the sampling bound",
      options,
    ),
    layer: [
      {
        data: { values: loads },
        mark: { type: "rect", color: "#f58518", opacity: 0.12 },
        encoding: { x: { field: "startSec", ...x }, x2: { field: "endSec" } },
      },
      {
        data: { values: bands },
        mark: { type: "rect", color: "#54a24b", opacity: 0.35 },
        encoding: { x: { field: "fromSec", ...x }, x2: { field: "toSec" } },
      },
      {
        data: { values: curve },
        mark: { type: "line", interpolate: "linear", color: "#4c78a8" },
        encoding: {
          x: { field: "timeSec", ...x },
          y: {
            field: "runnable",
            type: "quantitative",
            title: "runnable goroutines (global + local)",
            ...COUNT_AXIS,
          },
          tooltip: [
            { field: "timeSec", type: "quantitative", title: "time (s)" },
            { field: "runnable", type: "quantitative", title: "runnable" },
          ],
        },
      },
      {
        data: { values: loads },
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
      {
        data: { values: labelled },
        mark: { type: "text", align: "left", dx: 6, dy: -8, fontSize: 10 },
        encoding: {
          x: { field: "peakSec", ...x },
          y: { field: "peakRunnable", type: "quantitative" },
          text: { field: "label", type: "nominal" },
        },
      },
    ],
  };
}

/** A duration for a label, in ms below 10 s, else in s. */
function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "?";
  return ms < 10_000 ? `${+ms.toPrecision(3)} ms` : `${+(ms / 1000).toPrecision(3)} s`;
}
