import type { PauseQuantiles } from "../analysis/pauses";
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { quantileLayers, quantileRows } from "./quantileRules";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec, value } from "./spec";

/**
 * When the fullest bin holds this many times the emptiest non-empty one, the count axis goes symlog: among a
 * million 0.1 ms pauses a bar of one 50 ms pause would be a thousandth of a pixel on a linear axis.
 */
const LOG_COUNT_SPREAD = 1000;

/**
 * Histogram of the per-cycle stop-the-world pauses (bins from analysis/pauses.ts pauseHistogram) with the
 * quantile rules of pauseQuantiles. A long right tail, or a max far from p99, is what to look for. The bins
 * count every pause however many there are; a few hundred bins at most reach the spec.
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
  let fullest = 0;
  let emptiest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < histogram.length; i++) {
    // bin edges are multiples of a 1-2-5 width: six decimals drop only float noise (0.30000000000000004)
    bins.push({ binStartMs: rounded(lo[i], 6), binEndMs: rounded(hi[i], 6), count: value(count[i]) });
    if (count[i] > fullest) fullest = count[i];
    if (count[i] > 0 && count[i] < emptiest) emptiest = count[i];
  }
  const logCounts = fullest >= LOG_COUNT_SPREAD * emptiest;
  return {
    ...frame(
      "Stop-the-world pause per GC cycle",
      `${quantiles.count.toLocaleString("en-US")} cycles; dashed rules are quantiles (${quantiles.method} method): a max far beyond p99 is a rare long pause worth finding${logCounts ? "; count axis symlog, so single cycles show" : ""}`,
      options,
    ),
    datasets: { bins, quantiles: quantileRows(quantiles) },
    layer: [
      {
        data: named("bins"),
        mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
        encoding: {
          x: { field: "binStartMs", type: "quantitative", title: "STW pause per cycle (ms)" },
          x2: { field: "binEndMs" },
          y: {
            field: "count",
            type: "quantitative",
            title: logCounts ? "GC cycles (symlog scale)" : "GC cycles",
            ...(logCounts ? { scale: { type: "symlog" as const } } : {}),
          },
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
