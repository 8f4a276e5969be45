import type { PauseQuantiles } from "../analysis/pauses";
import { named, type Row } from "./spec";

/**
 * The quantile marks of a pause chart: p50, p90, p99, p99.9 and max (the p99.9 only from 1000 pauses on,
 * below that it is the max in all but name). Each row carries the text's pixel row so the labels of nearby
 * rules do not print over each other.
 */
export function quantileRows(q: PauseQuantiles): Row[] {
  const marks: [string, number][] = [
    ["p50", q.p50],
    ["p90", q.p90],
    ["p99", q.p99],
  ];
  if (q.count >= 1000) marks.push(["p99.9", q.p999]);
  marks.push(["max", q.max]);
  return marks
    .filter(([, v]) => Number.isFinite(v))
    .map(([label, v], i) => ({ label: `${label} ${formatMs(v)}`, pauseMs: v, labelY: 4 + 12 * i }));
}

/** A pause for a label: three significant digits, in ms. */
function formatMs(ms: number): string {
  return `${+ms.toPrecision(3)} ms`;
}

/**
 * The two layers every pause chart ends with: a dashed rule per quantile and its label (method in the title),
 * both drawn from the spec's `quantiles` data set (quantileRows).
 */
export function quantileLayers(q: PauseQuantiles) {
  return [
    {
      data: named("quantiles"),
      mark: { type: "rule" as const, strokeDash: [4, 3], color: "#555" },
      encoding: {
        x: { field: "pauseMs", type: "quantitative" as const },
        tooltip: [{ field: "label", type: "nominal" as const, title: `quantile (${q.method})` }],
      },
    },
    {
      data: named("quantiles"),
      mark: { type: "text" as const, align: "left" as const, dx: 3, baseline: "top" as const, fontSize: 10 },
      encoding: {
        x: { field: "pauseMs", type: "quantitative" as const },
        // scale null: labelY is already a pixel position
        y: { field: "labelY", type: "quantitative" as const, scale: null },
        text: { field: "label", type: "nominal" as const },
      },
    },
  ];
}
