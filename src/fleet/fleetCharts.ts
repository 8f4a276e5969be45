/**
 * Chart builders for SQL results over a fleet (openFleet's `sql()` returns the columnar Table they take): one row
 * of the result is one mark, so the query decides the grouping and the builder only draws. Pure: a Vega-Lite spec
 * from data and options, rendered elsewhere (show() in a notebook, render/ for SVG and PNG).
 */
import { type ChartOptions, frame, type Row, type TopLevelSpec, value } from "../chart/spec";
import { numbers, strings } from "../table/columns";
import type { Table } from "../table/table";

export interface FleetChartOptions extends ChartOptions {
  readonly subtitle?: string;
}

function cell(table: Table, name: string, i: number): string | number | null {
  const c = table.columns[name];
  if (c === undefined) throw new Error(`the query result has no column ${JSON.stringify(name)}`);
  const v = c[i];
  return typeof v === "number" ? value(v) : String(v);
}

function rowsOf(table: Table, names: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < table.length; i++)
    rows.push(Object.fromEntries(names.map((n) => [n, cell(table, n, i)])));
  return rows;
}

export interface StripChartFields {
  /** The number on the x axis (one dot per row). */
  readonly value: string;
  readonly valueTitle: string;
  /** A row of dots per distinct value (e.g. service). */
  readonly group: string;
  /** Colour and offset within the row (e.g. release). */
  readonly color: string;
  /** More fields for the tooltip (e.g. source, gogc). */
  readonly tooltip?: readonly string[];
}

/** One dot per result row, a row of dots per group, coloured by a second field: a fleet at a glance. */
export function fleetStripChart(
  table: Table,
  f: StripChartFields,
  options: FleetChartOptions = {},
): TopLevelSpec {
  numbers(table, f.value);
  const names = [f.value, f.group, f.color, ...(f.tooltip ?? [])];
  const groups = new Set(strings(table, f.group)).size;
  return {
    ...frame(
      `${f.valueTitle} by ${f.group}`,
      options.subtitle ?? `one dot per row of the query (${table.length}), coloured by ${f.color}`,
      { ...options, height: options.height ?? Math.max(80, 44 * groups) },
    ),
    data: { values: rowsOf(table, names) },
    mark: { type: "point", filled: true, size: 60, opacity: 0.8 },
    encoding: {
      x: { field: f.value, type: "quantitative", title: f.valueTitle, scale: { zero: true } },
      y: { field: f.group, type: "nominal", title: null },
      yOffset: { field: f.color, type: "nominal" },
      color: { field: f.color, type: "nominal", title: f.color },
      tooltip: names.map((n) => ({ field: n })),
    },
  };
}

export interface BarChartFields {
  /** Categories on the x axis (e.g. service). */
  readonly category: string;
  /** Bars side by side within a category, and their colour (e.g. release). */
  readonly series: string;
  readonly value: string;
  readonly valueTitle: string;
  readonly tooltip?: readonly string[];
}

/** Grouped bars: one bar per result row, side by side per category. */
export function fleetBarChart(
  table: Table,
  f: BarChartFields,
  options: FleetChartOptions = {},
): TopLevelSpec {
  numbers(table, f.value);
  const names = [f.category, f.series, f.value, ...(f.tooltip ?? [])];
  return {
    ...frame(`${f.valueTitle} by ${f.category} and ${f.series}`, options.subtitle ?? "", options),
    data: { values: rowsOf(table, names) },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: { field: f.category, type: "nominal", title: null, axis: { labelAngle: 0 } },
          xOffset: { field: f.series, type: "nominal" },
          y: { field: f.value, type: "quantitative", title: f.valueTitle },
          color: { field: f.series, type: "nominal", title: f.series },
          tooltip: names.map((n) => ({ field: n })),
        },
      },
      {
        mark: { type: "text", dy: -6, fontSize: 10 },
        encoding: {
          x: { field: f.category, type: "nominal" },
          xOffset: { field: f.series, type: "nominal" },
          y: { field: f.value, type: "quantitative" },
          text: { field: f.value, type: "quantitative", format: ".3~r" },
        },
      },
    ],
  };
}

export interface GoalVsLiveFields {
  /** The heap marked live by the previous cycle (MiB). */
  readonly live: string;
  /** This cycle's heap goal (MiB). */
  readonly goal: string;
  /** The GOGC setting of the row (a number): colour, and the rule goal = live × (1 + GOGC/100). */
  readonly gogc: string;
}

/**
 * Heap goal against the live heap it was set from, one dot per cycle, coloured by GOGC, with the line
 * goal = live × (1 + GOGC/100) for each setting (runtime/mgcpacer.go: heapGoal = heapMarked + heapMarked × GOGC/100,
 * plus stacks and globals from go1.18, 0 MiB in these runs).
 */
export function goalVsLiveChart(
  table: Table,
  f: GoalVsLiveFields,
  options: FleetChartOptions = {},
): TopLevelSpec {
  const live = numbers(table, f.live);
  const gogc = numbers(table, f.gogc);
  const settings = [...new Set(Array.from(gogc).filter(Number.isFinite))].sort((a, b) => a - b);
  let maxLive = 0;
  for (const x of live) if (Number.isFinite(x) && x > maxLive) maxLive = x;
  const rules: Row[] = settings.flatMap((g) => [
    { [f.gogc]: `GOGC=${g}`, [f.live]: 0, [f.goal]: 0 },
    { [f.gogc]: `GOGC=${g}`, [f.live]: maxLive, [f.goal]: maxLive * (1 + g / 100) },
  ]);
  const points = rowsOf(table, [f.live, f.goal, f.gogc]).map((r) => ({
    ...r,
    [f.gogc]: `GOGC=${r[f.gogc]}`,
  }));
  const domain = settings.map((g) => `GOGC=${g}`);
  const color = { field: f.gogc, type: "nominal" as const, title: null, scale: { domain } };
  return {
    ...frame(
      "Heap goal against the live heap it was set from",
      options.subtitle ??
        `${table.length} cycles; lines: goal = live × (1 + GOGC/100); dots above a line: the goal was raised (stacks, globals, the 4 MiB minimum heap)`,
      { ...options, height: options.height ?? 320 },
    ),
    layer: [
      {
        data: { values: rules },
        mark: { type: "line", strokeDash: [4, 3], strokeWidth: 1 },
        encoding: {
          x: { field: f.live, type: "quantitative" },
          y: { field: f.goal, type: "quantitative" },
          color,
          detail: { field: f.gogc, type: "nominal" },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 24, opacity: 0.6 },
        encoding: {
          x: { field: f.live, type: "quantitative", title: "live heap marked by the previous cycle (MiB)" },
          y: { field: f.goal, type: "quantitative", title: "heap goal of the cycle (MiB)" },
          color,
          tooltip: [{ field: f.live }, { field: f.goal }, { field: f.gogc }],
        },
      },
    ],
  };
}
