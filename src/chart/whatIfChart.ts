import type { GcPrediction } from "../whatif/gcPredict";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec } from "./spec";

/** What the trace itself showed, at the GOGC it ran with (whatif/gcModel.ts GcModel.observed + observedGogc). */
export interface ObservedGc {
  readonly gogc: number;
  readonly gcPerSec: number;
  readonly peakHeapMB: number;
}

/**
 * What-if curves from the calibrated GC model (whatif/gcPredict.ts predictGc over a range of GOGC values):
 * GC cycles per second and peak heap against GOGC, side by side, with the trace's own point marked so the
 * reader sees how far the model is from what happened. Predictions with GOGC=off have no x and are left out.
 */
export function whatIfChart(
  predictions: readonly GcPrediction[],
  observed: ObservedGc,
  options: ChartOptions = {},
): TopLevelSpec {
  const curve: Row[] = [];
  let limit: number | null = null;
  for (const p of predictions) {
    if (p.gogc === "off") continue;
    // model outputs: three decimals of a cycle per second and a tenth of a MiB say all the model knows
    curve.push({ gogc: p.gogc, gcPerSec: rounded(p.gcPerSec, 3), peakHeapMB: rounded(p.peakHeapMB, 1) });
    limit = p.memLimitMB;
  }
  const mark: Row[] = [
    {
      gogc: observed.gogc,
      gcPerSec: rounded(observed.gcPerSec, 3),
      peakHeapMB: rounded(observed.peakHeapMB, 1),
      label: `observed (GOGC=${observed.gogc})`,
    },
  ];
  const gogcs = curve.map((r) => r.gogc as number);
  const wide = gogcs.length > 0 && Math.max(...gogcs) / Math.max(1, Math.min(...gogcs)) >= 10;
  const x = {
    field: "gogc",
    type: "quantitative" as const,
    title: wide ? "GOGC (%, log scale)" : "GOGC (%)",
    scale: wide ? { type: "log" as const } : { zero: false },
  };
  const panel = (field: string, title: string) => ({
    width: Math.round((options.width ?? 640) / 2) - 30,
    height: options.height ?? 240,
    layer: [
      {
        data: named("curve"),
        mark: { type: "line" as const, point: true, color: "#4c78a8" },
        encoding: {
          x,
          y: { field, type: "quantitative" as const, title },
          tooltip: [
            { field: "gogc", type: "quantitative" as const, title: "GOGC" },
            { field, type: "quantitative" as const, title, format: ".2f" },
          ],
        },
      },
      {
        data: named("observed"),
        mark: { type: "point" as const, shape: "diamond", filled: true, size: 90, color: "#e45756" },
        encoding: {
          x,
          y: { field, type: "quantitative" as const },
          tooltip: [
            { field: "label", type: "nominal" as const, title: "trace" },
            { field, type: "quantitative" as const, title, format: ".2f" },
          ],
        },
      },
      {
        data: named("observed"),
        mark: {
          type: "text" as const,
          align: "left" as const,
          dx: 7,
          dy: -7,
          fontSize: 10,
          color: "#e45756",
        },
        encoding: {
          x,
          y: { field, type: "quantitative" as const },
          text: { field: "label", type: "nominal" as const },
        },
      },
    ],
  });
  const {
    width: _w,
    height: _h,
    ...top
  } = frame(
    "What if GOGC were different?",
    `Model calibrated on this trace${limit !== null ? `, GOMEMLIMIT ${limit} MiB` : ""}; red diamond: what the trace showed. Higher GOGC: fewer cycles, bigger heap`,
    options,
  );
  return {
    ...top,
    datasets: { curve, observed: mark },
    hconcat: [panel("gcPerSec", "GC cycles per second"), panel("peakHeapMB", "peak heap (MiB)")],
  };
}
