/**
 * The reduced form of a line chart (see reduce.ts): per bin and series, a band from the exact min to the exact
 * max with the mean drawn as a line through the bin's middle. Shared by every over-time chart.
 */
import { type Bins, binBudget, binLabel, binStart, binStats, binsOver, extent, rounded } from "./reduce";
import { named, type Row } from "./spec";

/** One series of a chart: its legend label and its values, row by row beside the x column. */
export interface Series {
  readonly label: string;
  readonly y: ArrayLike<number>;
}

/** The x axis of a reduced chart: time in ms (drawn in seconds) or a count such as the GC cycle. */
export interface BinnedAxis {
  readonly bins: Bins;
  readonly unit: "ms" | "count";
  /** What one bin is called in a subtitle, e.g. "10 s" or "50 GC cycles". */
  readonly label: string;
}

/** Bins for `x` over the plot's width; `countName` names a count unit in the subtitle ("GC cycles"). */
export function binnedAxis(
  x: ArrayLike<number>,
  widthPx: number,
  unit: "ms" | "count",
  countName = "",
): BinnedAxis | undefined {
  const [lo, hi] = extent(x);
  if (!Number.isFinite(lo)) return undefined;
  const bins = binsOver(lo, hi, binBudget(widthPx), unit);
  return { bins, unit, label: unit === "ms" ? binLabel(bins, "ms") : binLabel(bins, countName) };
}

/** A bin edge on the chart's axis: seconds to the ms for time, the count itself otherwise. */
export function axisValue(axis: BinnedAxis, x: number): number | null {
  return axis.unit === "ms" ? rounded(x / 1000, 3) : rounded(x, 3);
}

/**
 * Rows of the reduced series, one per non-empty bin and series: `mid` (x of the bin's middle), `from`/`to`
 * (its edges), `series`, `mean`, `min`, `max` (rounded to `decimals`) and `rows` (how many rows it holds).
 */
export function envelopeRows(
  axis: BinnedAxis,
  x: ArrayLike<number>,
  series: readonly Series[],
  decimals: number,
): Row[] {
  const rows: Row[] = [];
  for (const s of series) {
    const st = binStats(axis.bins, x, s.y);
    for (let k = 0; k < axis.bins.count; k++) {
      if (st.n[k] === 0) continue;
      const a = binStart(axis.bins, k);
      rows.push({
        mid: axisValue(axis, a + axis.bins.width / 2),
        from: axisValue(axis, a),
        to: axisValue(axis, a + axis.bins.width),
        series: s.label,
        mean: rounded(st.mean[k], decimals),
        min: rounded(st.min[k], decimals),
        max: rounded(st.max[k], decimals),
        rows: st.n[k],
      });
    }
  }
  return rows;
}

/** Encodings of a color/legend channel, as the chart sets them. */
type Channel = Record<string, unknown>;

/**
 * The two layers of an envelope chart over the named data set: the min–max band (light) and the mean line,
 * both split by `series` with the chart's `color` (and optional `strokeDash`) channel.
 */
export function envelopeLayers(options: {
  readonly data: string;
  readonly x: Channel;
  readonly yTitle: string;
  readonly color: Channel;
  readonly strokeDash?: Channel;
  readonly format?: string;
  readonly yScale?: Channel;
}) {
  const x = { field: "mid", type: "quantitative" as const, ...options.x };
  const tooltip = [
    { field: "from", type: "quantitative" as const, title: "bin from" },
    { field: "to", type: "quantitative" as const, title: "to" },
    { field: "series", type: "nominal" as const },
    { field: "max", type: "quantitative" as const, title: "max", format: options.format },
    { field: "mean", type: "quantitative" as const, title: "mean", format: options.format },
    { field: "min", type: "quantitative" as const, title: "min", format: options.format },
    { field: "rows", type: "quantitative" as const, title: "rows in the bin" },
  ];
  // the legend shows each series' line (with its dash), not the pale band
  const color = {
    field: "series",
    type: "nominal" as const,
    legend: { symbolType: "stroke", symbolStrokeWidth: 2, symbolOpacity: 1 },
    ...options.color,
  };
  const y = {
    type: "quantitative" as const,
    title: options.yTitle,
    ...(options.yScale ? { scale: options.yScale } : {}),
  };
  return [
    {
      data: { name: options.data },
      mark: { type: "area" as const, opacity: 0.2 },
      encoding: {
        x,
        y: { field: "min", ...y },
        y2: { field: "max" },
        color,
        tooltip,
      },
    },
    {
      data: { name: options.data },
      mark: { type: "line" as const, strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: "mean", ...y },
        color,
        ...(options.strokeDash
          ? { strokeDash: { field: "series", type: "nominal" as const, ...options.strokeDash } }
          : {}),
        tooltip,
      },
    },
  ];
}

/** The subtitle sentence of a reduced chart, e.g. "600,000 cycles in bins of 10 s; band: min to max, line: mean". */
export function reducedNote(axis: BinnedAxis, rows: number, noun: string): string {
  return `${rows.toLocaleString("en-US")} ${noun} in bins of ${axis.label}; band: min to max, line: mean`;
}

/**
 * A short tick at the top edge of the plot (pixel y 0–8) over each bin of the `forced` data set (`mid`, `forced`):
 * the bins holding forced cycles or passes, in the legend as `label`. A rule per bin across the plot would wash the
 * series under it in the tick's colour.
 */
export function forcedTicksLayer(label: string, color: object, tooltipTitle: string) {
  return {
    data: named("forced"),
    mark: { type: "rule" as const, strokeWidth: 2 },
    encoding: {
      x: { field: "mid", type: "quantitative" as const },
      y: { value: 0 },
      y2: { value: 8 },
      color: { datum: label, ...color },
      tooltip: [{ field: "forced", type: "quantitative" as const, title: tooltipTitle }],
    },
  };
}
