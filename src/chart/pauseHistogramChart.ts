import type { PauseQuantiles } from "../analysis/pauses";
import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import { quantileLayers } from "./quantileRules";
import { type ChartOptions, frame, type Row, type TopLevelSpec, value } from "./spec";

/**
 * Histogram of the per-cycle stop-the-world pauses (bins from analysis/pauses.ts pauseHistogram) with the
 * quantile rules of pauseQuantiles. A long right tail, or a max far from p99, is what to look for.
 */
export function pauseHistogramChart(
  histogram: Table,
  quantiles: PauseQuantiles,
  options: ChartOptions = {},
): TopLevelSpec {
  const lo = numbers(histogram, "binStartMs");
  const hi = numbers(histogram, "binEndMs");
  const count = numbers(histogram, "count");
  const bins: Row[] = [];
  for (let i = 0; i < histogram.length; i++) {
    bins.push({ binStartMs: value(lo[i]), binEndMs: value(hi[i]), count: value(count[i]) });
  }
  return {
    ...frame(
      "Stop-the-world pause per GC cycle",
      `${quantiles.count} cycles; dashed rules are quantiles (${quantiles.method} method): a max far beyond p99 is a rare long pause worth finding`,
      options,
    ),
    layer: [
      {
        data: { values: bins },
        mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          x: { field: "binStartMs", type: "quantitative", title: "STW pause per cycle (ms)" },
          x2: { field: "binEndMs" },
          y: { field: "count", type: "quantitative", title: "GC cycles" },
          tooltip: [
            { field: "binStartMs", type: "quantitative", title: "from (ms)" },
            { field: "binEndMs", type: "quantitative", title: "to (ms)" },
            { field: "count", type: "quantitative", title: "cycles" },
          ],
        },
      },
      ...quantileLayers(quantiles),
    ],
  };
}
