/**
 * The what-if curves with a slider (Vega-Lite params over a precomputed grid): GC cycles per second and peak heap
 * against GOGC, for each GOMEMLIMIT of the grid, with a range input that picks the limit. Front ends that draw
 * Vega-Lite (JupyterLab, VS Code, the HTML report) show the slider; the static SVG shows the `initialLimitMB` curve.
 * The predictions come from whatif/gcPredict.ts predictGc, one per (GOGC, limit) pair; nothing is computed in the
 * browser but the filter.
 */
import type { GcPrediction } from "../whatif/gcPredict";
import { type ChartOptions, frame, type Row, type TopLevelSpec, value } from "./spec";
import type { ObservedGc } from "./whatIfChart";

export interface WhatIfSliderOptions extends ChartOptions {
  /** The limit the static picture (and the slider's start) shows, in MiB; 0 or undefined: no limit. */
  readonly initialLimitMB?: number;
}

/** `observed` points carry the limit they ran under (0: none) and show only at that slider position. */
export function whatIfSliderChart(
  grid: readonly GcPrediction[],
  observed: readonly (ObservedGc & { readonly memLimitMB?: number })[] = [],
  options: WhatIfSliderOptions = {},
): TopLevelSpec {
  const curve: Row[] = [];
  const limits = new Set<number>();
  for (const p of grid) {
    if (p.gogc === "off") continue;
    const limit = p.memLimitMB ?? 0;
    limits.add(limit);
    curve.push({
      gogc: p.gogc,
      limit,
      gcPerSec: value(+p.gcPerSec.toFixed(3)),
      peakHeapMB: value(+p.peakHeapMB.toFixed(1)),
    });
  }
  const sorted = [...limits].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error("whatIfSliderChart: the grid has no prediction with a GOGC value");
  const steps = sorted.slice(1).map((l, i) => l - sorted[i]);
  // a slider when the limits are evenly spaced (every position is in the grid), else a drop-down
  const uniform = steps.length > 0 && steps.every((s) => s === steps[0]);
  const initial = options.initialLimitMB ?? 0;
  if (!limits.has(initial)) {
    throw new Error(`whatIfSliderChart: initialLimitMB ${initial} is not in the grid (${sorted.join(", ")})`);
  }
  const points: Row[] = observed.map((o) => ({
    gogc: o.gogc,
    limit: o.memLimitMB ?? 0,
    gcPerSec: value(o.gcPerSec),
    peakHeapMB: value(o.peakHeapMB),
    label: o.label ?? `observed (GOGC=${o.gogc})`,
  }));
  const x = {
    field: "gogc",
    type: "quantitative" as const,
    title: "GOGC (%, log scale)",
    scale: { type: "log" as const },
  };
  const atLimit = { filter: "datum.limit == limitMB" };
  const panel = (field: string, title: string) => ({
    width: Math.round((options.width ?? 640) / 2) - 30,
    height: options.height ?? 240,
    layer: [
      {
        data: { values: curve },
        transform: [atLimit],
        mark: { type: "line" as const, point: true, color: "#4c78a8" },
        encoding: {
          x,
          y: { field, type: "quantitative" as const, title },
          tooltip: [
            { field: "gogc", type: "quantitative" as const, title: "GOGC" },
            { field, type: "quantitative" as const, title },
          ],
        },
      },
      // no real runs: no layer (an always-empty layer makes vega warn about infinite extents)
      ...(points.length === 0
        ? []
        : [
            {
              data: { values: points },
              transform: [atLimit],
              mark: { type: "point" as const, shape: "diamond", filled: true, size: 90, color: "#e45756" },
              encoding: {
                x,
                y: { field, type: "quantitative" as const },
                tooltip: [{ field: "label", type: "nominal" as const, title: "real run" }],
              },
            },
          ]),
    ],
  });
  const {
    width: _w,
    height: _h,
    ...top
  } = frame(
    "What if GOGC and GOMEMLIMIT were different?",
    `Predicted for GOMEMLIMIT ${uniform ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted.map((l) => (l === 0 ? "none" : `${l}`)).join(", ")} MiB; the ${uniform ? "slider" : "menu"} picks one where the front end draws Vega-Lite; static picture: ${initial === 0 ? "no limit" : `${initial} MiB`}; diamonds: real runs at that limit`,
    options,
  );
  return {
    ...top,
    params: [
      {
        name: "limitMB",
        value: initial,
        bind: uniform
          ? {
              input: "range",
              min: sorted[0],
              max: sorted[sorted.length - 1],
              step: steps[0],
              name: "GOMEMLIMIT (MiB) ",
            }
          : { input: "select", options: sorted, name: "GOMEMLIMIT (MiB, 0 = none) " },
      },
    ],
    hconcat: [panel("gcPerSec", "GC cycles per second"), panel("peakHeapMB", "peak heap (MiB)")],
  } as TopLevelSpec;
}
