/**
 * The M/M/c hockey stick (whatif/queueing.ts waitCurve): mean wait for a P against the load, one line per P count,
 * with the captured load as a dashed rule — the wait explodes as the utilisation approaches 1.
 */
import { type ChartOptions, frame, type TopLevelSpec } from "./spec";

export interface QueueWaitOptions extends ChartOptions {
  /** Where to draw the captured load (× the base rate); default 1. */
  readonly capturedLoad?: number;
  /** What the base rate is, for the subtitle (e.g. "service time from case 1"). */
  readonly about?: string;
}

export function queueWaitChart(
  curve: readonly { load: number; servers: number; waitMs: number }[],
  options: QueueWaitOptions = {},
): TopLevelSpec {
  const rows = curve.map((r) => ({ load: r.load, Ps: `${r.servers} P`, waitMs: +r.waitMs.toPrecision(4) }));
  return {
    ...frame(
      "Wait for a P as the load grows (M/M/c)",
      `${options.about ? `${options.about}; ` : ""}dashed: the captured load. The wait explodes as the utilisation approaches 1`,
      options,
    ),
    layer: [
      {
        data: { values: rows },
        mark: { type: "line" },
        encoding: {
          x: { field: "load", type: "quantitative", title: "load (× the captured request rate)" },
          y: { field: "waitMs", type: "quantitative", title: "mean wait for a P (ms)" },
          color: { field: "Ps", type: "nominal", title: null },
          tooltip: [
            { field: "Ps", type: "nominal" },
            { field: "load", type: "quantitative" },
            { field: "waitMs", type: "quantitative", title: "wait (ms)" },
          ],
        },
      },
      {
        data: { values: [{ load: options.capturedLoad ?? 1 }] },
        mark: { type: "rule", strokeDash: [4, 4], color: "#888" },
        encoding: { x: { field: "load", type: "quantitative" } },
      },
    ],
  };
}
