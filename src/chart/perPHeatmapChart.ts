import { medianStep } from "../analysis/stats";
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

/**
 * Each P's local run queue over time as a heatmap (from analysis/scheduler.ts perPRunqueue): one row per P,
 * one cell per schedtrace sample lasting until the next sample. Dark cells on some Ps while others stay pale
 * is imbalance; a uniformly dark band is overload.
 */
export function perPHeatmapChart(perP: Table, options: ChartOptions = {}): TopLevelSpec {
  const time = numbers(perP, "timeMs");
  const p = numbers(perP, "p");
  const q = numbers(perP, "runqueue");
  const samples = distinctSorted(time);
  // A cell lasts until the next sample; the last one for the usual sampling period.
  const step = medianStep(Float64Array.from(samples));
  const next = new Map<number, number>();
  for (let i = 0; i < samples.length; i++) {
    next.set(
      samples[i],
      i + 1 < samples.length ? samples[i + 1] : samples[i] + (Number.isFinite(step) ? step : 1),
    );
  }
  const rows: Row[] = [];
  for (let i = 0; i < perP.length; i++) {
    if (!Number.isFinite(time[i])) continue;
    rows.push({
      startSec: seconds(time[i]),
      endSec: seconds(next.get(time[i]) ?? Number.NaN),
      p: `P${p[i]}`,
      runqueue: value(q[i]),
    });
  }
  const ps = distinctSorted(p).map((id) => `P${id}`);
  return {
    ...frame(
      "Local run queue per P",
      "Darker = more goroutines waiting on that P; dark rows beside pale ones is imbalance, all dark is overload",
      { ...options, height: options.height ?? Math.max(80, Math.min(600, 18 * ps.length)) },
    ),
    data: { values: rows },
    mark: { type: "rect" },
    encoding: {
      // zero: false: the axis spans the samples, not 0 to a server's uptime of months
      x: { field: "startSec", type: "quantitative", title: TIME_TITLE, scale: { zero: false } },
      x2: { field: "endSec" },
      y: { field: "p", type: "ordinal", title: "P", sort: ps },
      color: {
        field: "runqueue",
        type: "quantitative",
        title: "runnable goroutines",
        // from 0, and at least to 1 so an idle trace is pale rather than a collapsed scale
        scale: { scheme: "blues", domain: { unionWith: [0, 1] } },
        legend: { format: "d", tickMinStep: 1 },
      },
      tooltip: [
        { field: "startSec", type: "quantitative", title: "time (s)" },
        { field: "p", type: "nominal", title: "P" },
        { field: "runqueue", type: "quantitative", title: "local run queue" },
      ],
    },
  };
}
