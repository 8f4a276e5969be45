import type { PauseQuantiles } from "../analysis/pauses";
import { numbers } from "../analysis/tables";
import type { Table } from "../parse/types";
import { quantileLayers } from "./quantileRules";
import { type ChartOptions, DEFAULT_HEIGHT, frame, type Row, type TopLevelSpec, value } from "./spec";

/**
 * Empirical CDF of the per-cycle stop-the-world pauses (from analysis/pauses.ts pauseEcdf) with the quantile
 * rules: read off what share of cycles paused at most x ms.
 */
export function pauseEcdfChart(
  ecdf: Table,
  quantiles: PauseQuantiles,
  options: ChartOptions = {},
): TopLevelSpec {
  const pauseMs = numbers(ecdf, "pauseMs");
  const fraction = numbers(ecdf, "fraction");
  const points: Row[] = [];
  // The step starts at 0 %: below the shortest pause no cycle qualifies.
  if (ecdf.length > 0) points.push({ pauseMs: value(pauseMs[0]), sharePct: 0 });
  for (let i = 0; i < ecdf.length; i++)
    points.push({ pauseMs: value(pauseMs[i]), sharePct: value(100 * fraction[i]) });
  return {
    ...frame(
      "Share of GC cycles pausing at most x",
      `${quantiles.count} cycles; dashed rules are quantiles (${quantiles.method} method); a curve reaching 100 % late has a long tail`,
      options,
    ),
    layer: [
      {
        data: { values: points },
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
      // labels at the bottom: at the top they ran over the curve's plateau and each other
      ...quantileLayers(quantiles, options.height ?? DEFAULT_HEIGHT),
    ],
  };
}
