import { type ChartOptions, frame, type Row, type TopLevelSpec, value } from "./spec";

/** One headline figure of two runs. */
export interface ComparedMetric {
  /** e.g. "GC pause p99" */
  readonly name: string;
  /** e.g. "ms", "%", "MiB", "count" */
  readonly unit: string;
  readonly a: number;
  readonly b: number;
}

export interface CompareRunsOptions extends ChartOptions {
  /** Names of the two runs (default "A" and "B"), e.g. "GOGC=100" and "GOGC=200". */
  readonly labels?: readonly [string, string];
}

/**
 * Two runs compared figure by figure: a bar per figure for the change from run A to run B in percent of A
 * (figures have different units, so the change is what shares an axis), labelled with both raw values and
 * their unit. Figures where A is 0 or missing have no percentage and show only the label.
 */
export function compareRunsChart(
  metrics: readonly ComparedMetric[],
  options: CompareRunsOptions = {},
): TopLevelSpec {
  const [a, b] = options.labels ?? ["A", "B"];
  const rows: Row[] = metrics.map((m) => {
    const change =
      m.a !== 0 && Number.isFinite(m.a) && Number.isFinite(m.b)
        ? (100 * (m.b - m.a)) / Math.abs(m.a)
        : Number.NaN;
    return {
      metric: `${m.name} (${m.unit})`,
      changePct: value(change),
      direction: Number.isFinite(change)
        ? change > 0
          ? "higher in B"
          : change < 0
            ? "lower in B"
            : "same"
        : "n/a",
      label: `${formatValue(m.a)} → ${formatValue(m.b)} ${m.unit}`,
    };
  });
  const y = { field: "metric", type: "nominal" as const, title: null, sort: null, axis: { labelLimit: 260 } };
  return {
    ...frame(
      `${b} compared with ${a}`,
      `Each bar is the change from ${a} to ${b} in % of ${a}; the labels give both values`,
      { ...options, height: options.height ?? Math.max(60, 24 * rows.length) },
    ),
    data: { values: rows },
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
