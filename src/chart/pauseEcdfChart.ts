import type { PauseQuantiles } from "../analysis/pauses";
import { numbers } from "../table/columns";
import type { Table } from "../table/table";
import { quantileLayers, quantileRows } from "./quantileRules";
import { needsReduction, rounded, thinSteps } from "./reduce";
import {
  type ChartOptions,
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  frame,
  named,
  type Row,
  type TopLevelSpec,
} from "./spec";

/**
 * Empirical CDF of the per-cycle stop-the-world pauses (from analysis/pauses.ts pauseEcdf) with the quantile
 * rules: read off what share of cycles paused at most x ms. The ECDF counts every pause; when it has more
 * distinct values than the plot has pixels across, only the steps a screen can tell apart are drawn
 * (reduce.ts thinSteps: within half a pixel of the full curve; the first and last step always).
 */
export function pauseEcdfChart(
  ecdf: Table,
  quantiles: PauseQuantiles,
  options: ChartOptions = {},
): TopLevelSpec {
  const pauseMs = numbers(ecdf, "pauseMs");
  const fraction = numbers(ecdf, "fraction");
  const width = options.width ?? DEFAULT_WIDTH;
  const thin = needsReduction(ecdf.length, width);
  const kept = thin
    ? thinSteps(pauseMs, fraction, width, options.height ?? DEFAULT_HEIGHT)
    : Array.from({ length: ecdf.length }, (_, i) => i);
  const points: Row[] = [];
  // The step starts at 0 %: below the shortest pause no cycle qualifies.
  if (ecdf.length > 0) points.push({ pauseMs: rounded(pauseMs[0], 3), sharePct: 0 });
  // a pause is the sum of two printed ms figures, each at most three decimals (docs/formats.md §0.1); the
  // share to a thousandth of a percent (one cycle in 100,000)
  for (const i of kept)
    points.push({ pauseMs: rounded(pauseMs[i], 3), sharePct: rounded(100 * fraction[i], 3) });
  const drawn = thin
    ? `; ${kept.length} of ${ecdf.length.toLocaleString("en-US")} distinct pauses drawn (the rest within half a pixel)`
    : "";
  return {
    ...frame(
      "Share of GC cycles pausing at most x",
      `${quantiles.count.toLocaleString("en-US")} cycles; dashed rules are quantiles (${quantiles.method} method); a curve reaching 100 % late has a long tail${drawn}`,
      options,
    ),
    // quantile labels from the bottom up: at the top they ran over the curve's plateau and each other
    datasets: { ecdf: points, quantiles: quantileRows(quantiles, options.height ?? DEFAULT_HEIGHT) },
    layer: [
      {
        data: named("ecdf"),
        mark: { type: "line", interpolate: "step-after", color: "#4c78a8" },
        encoding: {
          x: { field: "pauseMs", type: "quantitative", title: "STW pause per cycle (ms)" },
          y: {
            field: "sharePct",
            type: "quantitative",
            title: "cycles with pause ≤ x (%)",
            scale: { domain: [0, 100] },
          },
          tooltip: [
            { field: "pauseMs", type: "quantitative", title: "pause (ms)" },
            { field: "sharePct", type: "quantitative", title: "cycles ≤ (%)", format: ".1f" },
          ],
        },
      },
      ...quantileLayers(quantiles),
    ],
  };
}
