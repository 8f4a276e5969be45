import { describe, expect, it } from "vitest";
import { GCTRACE_COLUMNS } from "../../src/parse/gctrace/columns";
import {
  FORCED,
  fastMeta,
  GC,
  GcRows,
  metaByte,
  ROW_COLUMNS,
  STACKS,
  storeRow,
  stwPauseMs,
} from "../../src/parse/gctrace/rows";
import { ProcessRuns } from "../../src/parse/runs";

describe("storeRow (the hot path writes GC's columns by literal index)", () => {
  it("puts every value in the column GC names for it", () => {
    const n = Array.from({ length: ROW_COLUMNS }, () => new Float64Array(3).fill(-1));
    // Distinct values, one per argument after the row index, in storeRow's order.
    const names = [
      "gcNum",
      "timeMs",
      "gcPct",
      "clockSweepTermMs",
      "clockMarkMs",
      "clockMarkTermMs",
      "cpuSweepTermMs",
      "cpuAssistMs",
      "cpuBackgroundMs",
      "cpuIdleMs",
      "cpuMarkTermMs",
      "heapStartMB",
      "heapEndMB",
      "heapLiveMB",
      "heapGoalMB",
      "stacksMB",
      "globalsMB",
      "procs",
    ] as const;
    const values = names.map((_, k) => 100 + k + 0.25);
    const v = values;
    storeRow(
      n,
      1,
      v[0],
      v[1],
      v[2],
      v[3],
      v[4],
      v[5],
      v[6],
      v[7],
      v[8],
      v[9],
      v[10],
      v[11],
      v[12],
      v[13],
      v[14],
      v[15],
      v[16],
      v[17],
    );
    names.forEach((name, k) => {
      expect(n[GC[name]][1], name).toBe(values[k]);
    });
    expect(n[GC.pauseMs][1]).toBe(stwPauseMs(values[3], values[5]));
    // Nothing else written: run, line and the other rows stay as they were.
    expect(n[GC.run][1]).toBe(-1);
    expect(n[GC.line][1]).toBe(-1);
    for (const col of n) {
      expect(col[0]).toBe(-1);
      expect(col[2]).toBe(-1);
    }
    // GC follows the schema's number columns (rows.ts checks it at load; this names what storeRow relies on).
    expect(Object.keys(GC)).toEqual(
      GCTRACE_COLUMNS.filter((s) => s.type === "number")
        .map((s) => s.name)
        .slice(0, ROW_COLUMNS),
    );
  });
});

describe("GcRows.commitFast and fastMeta (literal indices and flags on the per-line path)", () => {
  it("takes the run from gcNum and timeMs and writes it in GC.run", () => {
    const rows = new GcRows();
    const r = rows.reserve();
    rows.cols[GC.gcNum][r] = 7;
    rows.cols[GC.timeMs][r] = 1234;
    const seen: number[] = [];
    const runs = new ProcessRuns();
    const gc = runs.gc.bind(runs);
    runs.gc = (gcNum: number, timeMs: number) => {
      seen.push(gcNum, timeMs);
      return gc(gcNum, timeMs) + 3; // run 0, told apart from an unwritten 0
    };
    rows.commitFast(r, runs);
    expect(seen).toEqual([7, 1234]);
    expect(rows.cols[GC.run][r]).toBe(3);
    expect(rows.length).toBe(1);
  });

  it("fastMeta gives the meta byte of the go1.6 / go1.18 layouts, forced or not", () => {
    expect(fastMeta(0)).toBe(metaByte("go1.6", false, false));
    expect(fastMeta(FORCED)).toBe(metaByte("go1.6", true, false));
    expect(fastMeta(STACKS)).toBe(metaByte("go1.18", false, false));
    expect(fastMeta(STACKS | FORCED)).toBe(metaByte("go1.18", true, false));
  });
});
