/** compareRuns with chosen figures, and compareFigures, on the allocation fix's real before/after captures. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareFigures, compareRuns, headline, loadTrace, numbers, strings } from "../../src";

const DATA = join(__dirname, "..", "..", "data");

describe("compareRuns / compareFigures", async () => {
  const before = headline(await loadTrace(join(DATA, "workload-alloc.log")));
  const after = headline(await loadTrace(join(DATA, "workload-alloc-fixed.log")));

  it("keeps only the named figures, in that order, and refuses an unknown name", () => {
    const t = compareRuns(before, after, ["peak heap", "gc cycles"]);
    expect(strings(t, "figure")).toEqual(["peak heap", "gc cycles"]);
    expect(Array.from(numbers(t, "a"))).toEqual([before.gc?.peakHeapMB, before.gc?.cycles]);
    expect(numbers(t, "b")[1]).toBe(after.gc?.cycles);
    expect(() => compareRuns(before, after, ["gc cycle"])).toThrow('no figure "gc cycle"');
  });

  it("builds the same table from figures of your own", () => {
    const t = compareFigures([{ figure: "cycles", unit: "count", a: 31, b: 4 }]);
    expect(Array.from(numbers(t, "diff"))).toEqual([-27]);
    expect(numbers(t, "diffPct")[0]).toBeCloseTo((100 * -27) / 31, 10);
  });
});

describe("selectColumns", () => {
  it("keeps the named columns in order, shares their data, and refuses an unknown one", async () => {
    const { selectColumns } = await import("../../src");
    const t = compareFigures([{ figure: "x", unit: "ms", a: 1, b: 2 }]);
    const v = selectColumns(t, ["b", "figure"]);
    expect(v.schema.map((c) => c.name)).toEqual(["b", "figure"]);
    expect(v.columns.b).toBe(t.columns.b);
    expect(() => selectColumns(t, ["nope"])).toThrow('no column "nope"');
  });
});

describe("rowsTable", () => {
  it("makes a typed table of plain rows and names a bad value", async () => {
    const { rowsTable, numbers, strings, booleans } = await import("../../src");
    const t = rowsTable([
      { scvg: 0, kind: "summary", forced: false },
      { scvg: 1, kind: "released", forced: true },
    ]);
    expect(Array.from(numbers(t, "scvg"))).toEqual([0, 1]);
    expect(strings(t, "kind")).toEqual(["summary", "released"]);
    expect(booleans(t, "forced")).toEqual([false, true]);
    expect(() => rowsTable([{ a: 1 }, { a: "x" }])).toThrow('row 1 a is "x", not a number');
    expect(rowsTable([]).length).toBe(0);
  });
});
