/** whatIfChart with several real runs marked, and its subtitle under a memory limit. */
import { describe, expect, it } from "vitest";
import { type GcPrediction, whatIfChart } from "../../src";

const curve = [50, 100, 200].map((gogc) => ({
  gogc,
  gcPerSec: 5,
  peakHeapMB: 66,
  memLimitMB: 80,
})) as unknown as GcPrediction[];

describe("whatIfChart with reruns", () => {
  it("marks every run with its label and says the curve is flat under the limit", () => {
    const spec = JSON.stringify(
      whatIfChart(curve, [
        { gogc: 100, gcPerSec: 5.4, peakHeapMB: 68, label: "GOMEMLIMIT=80MiB rerun" },
        { gogc: 200, gcPerSec: 5.1, peakHeapMB: 67, label: "GOGC=200 rerun" },
      ]),
    );
    expect(spec).toContain("GOMEMLIMIT=80MiB rerun");
    expect(spec).toContain("GOGC=200 rerun");
    expect(spec).toContain("raising GOGC changes nothing");
    expect(spec).not.toContain("Higher GOGC: fewer cycles");
  });
});
