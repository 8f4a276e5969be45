import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec, value } from "./spec";

export interface CompareRunsOptions extends ChartOptions {
  /** Names of the two runs (default "A" and "B"), e.g. "GOGC=100" and "GOGC=200". */
  readonly labels?: readonly [string, string];
}

/**
 * Two runs compared figure by figure (report/compareRuns.ts compareRuns: figure, unit, a, b, diffPct): a bar
 * per figure for the change from run A to run B in percent of A (the figures have different units, so the
 * change is what shares an axis), labelled with both values and the unit. A figure where A is 0 or missing
 * has no percentage and shows only its label.
 */
export function compareRunsChart(compared: Table, options: CompareRunsOptions = {}): TopLevelSpec {
  const [a, b] = options.labels ?? ["A", "B"];
  const figure = strings(compared, "figure");
  const unit = strings(compared, "unit");
  const va = numbers(compared, "a");
  const vb = numbers(compared, "b");
  const diffPct = numbers(compared, "diffPct");
  const rows: Row[] = [];
  for (let i = 0; i < compared.length; i++) {
    const change = diffPct[i];
    const direction = !Number.isFinite(change)
      ? "n/a"
      : change > 0
        ? "higher in B"
        : change < 0
          ? "lower in B"
          : "same";
    rows.push({
      metric: `${figure[i]} (${unit[i]})`,
      changePct: value(change),
      direction,
      label: `${formatValue(va[i])} → ${formatValue(vb[i])} ${unit[i]}`,
    });
  }
  // labelLimit: vega measures text wider outside a browser than it draws; 260 px cut 30-character labels
  const y = { field: "metric", type: "nominal" as const, title: null, sort: null, axis: { labelLimit: 420 } };
  return {
    ...frame(
      `${b} compared with ${a}`,
      `Each bar is the change from ${a} to ${b} in % of ${a}; the labels give both values`,
      { ...options, height: options.height ?? Math.max(60, 24 * rows.length) },
    ),
    datasets: { figures: rows },
    data: named("figures"),
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: { field: "changePct", type: "quantitative", title: `change from ${a} to ${b} (% of ${a})` },
          y,
          color: {
            field: "direction",
            type: "nominal",
            title: null,
            scale: {
              domain: ["lower in B", "higher in B", "same", "n/a"],
              range: ["#4c78a8", "#f58518", "#999", "#ccc"],
            },
            legend: null,
          },
          tooltip: [
            { field: "metric", type: "nominal" },
            { field: "label", type: "nominal", title: `${a} → ${b}` },
            { field: "changePct", type: "quantitative", title: "change (%)", format: "+.1f" },
          ],
        },
      },
      {
        mark: { type: "rule", color: "#333" },
        encoding: { x: { datum: 0, type: "quantitative" } },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: "#333" },
        encoding: { x: { datum: 0, type: "quantitative" }, y, text: { field: "label", type: "nominal" } },
      },
    ],
  };
}

function formatValue(x: number): string {
  return Number.isFinite(x) ? String(+x.toPrecision(4)) : "—";
}
