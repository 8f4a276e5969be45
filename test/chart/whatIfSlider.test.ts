/** whatIfSliderChart: a grid of predictions behind a Vega-Lite param, drawn statically at the initial limit. */
import { describe, expect, it } from "vitest";
import { type GcPrediction, toSVG, whatIfSliderChart } from "../../src";

const grid = [60, 70, 80].flatMap((memLimitMB) =>
  [50, 100, 200].map((gogc) => ({
    gogc,
    memLimitMB,
    gcPerSec: 1000 / memLimitMB / gogc,
    peakHeapMB: memLimitMB - 10,
  })),
) as unknown as GcPrediction[];

describe("whatIfSliderChart", () => {
  it("binds a range slider over evenly spaced limits, starting at the initial one", () => {
    const spec = whatIfSliderChart(grid, [], { initialLimitMB: 70 }) as unknown as {
      params: {
        name: string;
        value: number;
        bind: { input: string; min: number; max: number; step: number };
      }[];
    };
    expect(spec.params[0]).toMatchObject({
      name: "limitMB",
      value: 70,
      bind: { input: "range", min: 60, max: 80, step: 10 },
    });
  });

  it("falls back to a menu for uneven limits and refuses a start outside the grid", () => {
    const uneven = grid.filter((p) => p.memLimitMB !== 70).concat([{ ...grid[0], memLimitMB: 110 }]);
    const spec = whatIfSliderChart(uneven, [], { initialLimitMB: 60 }) as unknown as {
      params: { bind: { input: string } }[];
    };
    expect(spec.params[0].bind.input).toBe("select");
    expect(() => whatIfSliderChart(grid, [], { initialLimitMB: 75 })).toThrow(
      "initialLimitMB 75 is not in the grid",
    );
  });

  it("draws only the initial limit's curve in the static SVG", async () => {
    const svg = await toSVG(
      whatIfSliderChart(
        grid,
        [{ gogc: 100, gcPerSec: 0.2, peakHeapMB: 55, memLimitMB: 70, label: "rerun" }],
        { initialLimitMB: 70 },
      ),
    );
    // the peak heap panel's line is flat at 60 MiB (70 − 10): its axis tops out near 60, not at 70 (the 80 MiB curve)
    expect(svg).toContain('class="mark-line');
    expect(svg).not.toMatch(/>70<\/text>/);
  });
});
