import { medianStep } from "../analysis/stats";
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import {
  type BinStats,
  binBudget,
  binLabel,
  binStart,
  binStatsBy,
  binsOver,
  extent,
  rounded,
} from "./reduce";
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

/** At most this many cells in a heatmap (every cell is one SVG path, about 100 bytes). */
const MAX_CELLS = 5000;
const SUBTITLE =
  "Darker = more goroutines waiting on that P; dark rows beside pale ones is imbalance, all dark is overload";

/**
 * Each P's local run queue over time as a heatmap (from analysis/scheduler.ts perPRunqueue): one row per P,
 * one cell per schedtrace sample lasting until the next sample. Dark cells on some Ps while others stay pale
 * is imbalance; a uniformly dark band is overload. More samples than the columns a screen can show (one per
 * 2 px, and at most 5000 cells in all) are binned in time (reduce.ts): a cell is then the P's mean queue
 * over the bin, its tooltip the max.
 */
export function perPHeatmapChart(perP: Table, options: ChartOptions = {}): TopLevelSpec {
  const time = numbers(perP, "timeMs");
  const p = numbers(perP, "p");
  const q = numbers(perP, "runqueue");
  const ids = distinctSorted(p);
  const ps = ids.map((id) => `P${id}`);
  const columns = Math.max(
    20,
    Math.min(binBudget(options.width ?? DEFAULT_WIDTH), Math.floor(MAX_CELLS / Math.max(1, ps.length))),
  );
  const samples = distinctSorted(time);
  const binned = samples.length > columns;
  const rows: Row[] = [];
  let note = "";
  if (!binned) {
    // A cell lasts until the next sample; the last one for the usual sampling period.
    const step = medianStep(Float64Array.from(samples));
    const next = new Map<number, number>();
    for (let i = 0; i < samples.length; i++) {
      next.set(
        samples[i],
        i + 1 < samples.length ? samples[i + 1] : samples[i] + (Number.isFinite(step) ? step : 1),
      );
    }
    for (let i = 0; i < perP.length; i++) {
      if (!Number.isFinite(time[i])) continue;
      rows.push({
        startSec: seconds(time[i]),
        endSec: seconds(next.get(time[i]) ?? Number.NaN),
        p: `P${p[i]}`,
        runqueue: value(q[i]),
      });
    }
  } else {
    const [lo, hi] = extent(time);
    const bins = binsOver(lo, hi, columns, "ms");
    const stats = binStatsBy(bins, time, q, p, ids);
    for (const id of ids) {
      const st = stats.get(id) as BinStats;
      for (let k = 0; k < bins.count; k++) {
        if (st.n[k] === 0) continue;
        rows.push({
          startSec: seconds(binStart(bins, k)),
          endSec: seconds(binStart(bins, k + 1)),
          p: `P${id}`,
          runqueue: rounded(st.mean[k], 2),
          max: st.max[k],
        });
      }
    }
    note = `. ${samples.length.toLocaleString("en-US")} samples in bins of ${binLabel(bins, "ms")}: a cell is the P's mean queue over its bin`;
  }
  return {
    ...frame("Local run queue per P", `${SUBTITLE}${note}`, {
      ...options,
      height: options.height ?? Math.max(80, Math.min(600, 18 * ps.length)),
    }),
    datasets: { cells: rows },
    data: named("cells"),
    mark: { type: "rect" },
    encoding: {
      // zero: false: the axis spans the samples, not 0 to a server's uptime of months
      x: { field: "startSec", type: "quantitative", title: TIME_TITLE, scale: { zero: false } },
      x2: { field: "endSec" },
      y: { field: "p", type: "ordinal", title: "P", sort: ps },
      color: {
        field: "runqueue",
        type: "quantitative",
        title: binned ? "mean runnable" : "runnable goroutines",
        // from 0, and at least to 1 so an idle trace is pale rather than a collapsed scale
        scale: { scheme: "blues", domain: { unionWith: [0, 1] } },
        legend: { format: binned ? "~r" : "d", tickMinStep: 1 },
      },
      tooltip: [
        { field: "startSec", type: "quantitative", title: binned ? "bin from (s)" : "time (s)" },
        { field: "p", type: "nominal", title: "P" },
        {
          field: "runqueue",
          type: "quantitative",
          title: binned ? "mean local run queue" : "local run queue",
        },
        ...(binned ? [{ field: "max", type: "quantitative" as const, title: "max local run queue" }] : []),
      ],
    },
  };
}
