import type { GcPrediction } from "../whatif/gcPredict";
import { rounded } from "./reduce";
import { type ChartOptions, frame, named, type Row, type TopLevelSpec } from "./spec";

/** What the trace itself showed, at the GOGC it ran with (whatif/gcModel.ts GcModel.observed + observedGogc). */
export interface ObservedGc {
  readonly gogc: number;
  readonly gcPerSec: number;
  readonly peakHeapMB: number;
  /** The point's label (default `observed (GOGC=…)`), e.g. a real rerun's settings. */
  readonly label?: string;
}

/**
 * What-if curves from the calibrated GC model (whatif/gcPredict.ts predictGc over a range of GOGC values):
 * GC cycles per second and peak heap against GOGC, side by side, with the trace's own point marked so the
 * reader sees how far the model is from what happened; `observed` may hold several real runs (reruns at other
 * settings), named in a legend. Predictions with GOGC=off have no x and are left out.
 */
export function whatIfChart(
  predictions: readonly GcPrediction[],
  observed: ObservedGc | readonly ObservedGc[],
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
  const points: readonly ObservedGc[] = "gogc" in observed ? [observed] : observed;
  const mark: Row[] = points.map((o) => ({
    gogc: o.gogc,
    gcPerSec: rounded(o.gcPerSec, 3),
    peakHeapMB: rounded(o.peakHeapMB, 1),
    label: o.label ?? `observed (GOGC=${o.gogc})`,
  }));
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
        mark: { type: "point" as const, shape: "diamond", filled: true, size: 90, opacity: 0.9 },
        encoding: {
          x,
          y: { field, type: "quantitative" as const },
          // a legend instead of text beside the points: text collides with the curve wherever it is put
          color: {
            field: "label",
            type: "nominal" as const,
            title: null,
            scale: { range: ["#e45756", "#54a24b", "#b279a2", "#f58518", "#9d755d", "#72b7b2"] },
          },
          tooltip: [
            { field: "label", type: "nominal" as const, title: "trace" },
            { field, type: "quantitative" as const, title, format: ".2f" },
          ],
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
    limit !== null
      ? `Model calibrated on this trace, under GOMEMLIMIT ${limit} MiB; diamonds: real runs. Once the GOGC goal passes the limit's cap, raising GOGC changes nothing`
      : `Model calibrated on this trace; diamonds: real runs. Higher GOGC: fewer cycles, bigger heap`,
    options,
  );
  return {
    ...top,
    datasets: { curve, observed: mark },
    hconcat: [panel("gcPerSec", "GC cycles per second"), panel("peakHeapMB", "peak heap (MiB)")],
  };
}
