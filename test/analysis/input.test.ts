import type { DataFrame } from "danfojs-node";
import { describe, expect, it } from "vitest";
import {
  allocationRate,
  calibrateGcModel,
  type DataFrameLike,
  filterRows,
  gcCpuPerCycle,
  gcCpuWindows,
  gcPauses,
  gcPhases,
  goroutineCounts,
  heapCycles,
  inferGogc,
  initSummary,
  mmuCurve,
  numbers,
  pacerCycles,
  perPRunqueue,
  scavengerSeries,
  schedSeries,
  type Table,
  type TableName,
  type Trace,
} from "../../src";
import { schedTablesOf, tableOf } from "../../src/analysis/input";
import { data } from "./load";

/** The same table three ways: the whole trace, the Table, and the DataFrame `trace.frame(name)` gives users. */
function inputs(trace: Trace, name: TableName): { via: string; input: Trace | Table | DataFrame }[] {
  return [
    { via: "Trace", input: trace },
    { via: "Table", input: trace.tables[name] },
    { via: "DataFrame", input: trace.frame(name) },
  ];
}

/** A result table has rows and at least one finite number, so equal results are not equal by being empty. */
function expectSubstantial(t: Table): void {
  expect(t.length).toBeGreaterThan(0);
  const finite = t.schema.some((c) => {
    const col = t.columns[c.name];
    return col instanceof Float64Array && col.some(Number.isFinite);
  });
  expect(finite).toBe(true);
}

const GC = "workload-gogc100.log";

describe("analyses take a Trace, its Table or its DataFrame alike (src/analysis/input.ts)", () => {
  const gcTable: [string, (input: Trace | Table | DataFrame) => Table][] = [
    ["gcCpuPerCycle", (x) => gcCpuPerCycle(x)],
    ["gcCpuWindows", (x) => gcCpuWindows(x, { windowMs: 500 })],
    ["gcPhases", (x) => gcPhases(x)],
    ["heapCycles", (x) => heapCycles(x)],
    ["gcPauses", (x) => gcPauses(x)],
    ["mmuCurve", (x) => mmuCurve(x)],
  ];
  for (const [fn, run] of gcTable) {
    it(`${fn} gives the same table from the trace, the gctrace Table and its DataFrame (${GC})`, () => {
      const trace = data(GC);
      const [fromTrace, fromTable, fromFrame] = inputs(trace, "gctrace").map((i) => run(i.input));
      expectSubstantial(fromTable);
      expect(fromTrace).toEqual(fromTable);
      expect(fromFrame).toEqual(fromTable);
    });
  }

  it(`allocationRate and inferGogc give the same figures from all three inputs (${GC})`, () => {
    const trace = data(GC);
    const [a, b, c] = inputs(trace, "gctrace").map((i) => allocationRate(i.input));
    expect(b.cycleAllocRateMBPerSec.some(Number.isFinite)).toBe(true);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    const gogc = inputs(trace, "gctrace").map((i) => inferGogc(i.input));
    // the capture ran with GOGC=100; the inference reads truncated MiB figures, so it lands near, not on, 100
    expect(Math.abs(gogc[1] - 100)).toBeLessThanOrEqual(5);
    expect(gogc).toEqual([gogc[1], gogc[1], gogc[1]]);
  });

  it(`calibrateGcModel calibrates the same model from all three inputs (${GC})`, () => {
    const trace = data(GC);
    const [a, b, c] = inputs(trace, "gctrace").map((i) => calibrateGcModel(i.input));
    expect(b.cycles).toBeGreaterThanOrEqual(3);
    expect(b.allocRateMBPerSec).toBeGreaterThan(0);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
  });

  it("pacerCycles and scavengerSeries give the same tables from all three inputs (gctrace-pacer-scav.log)", () => {
    const trace = data("gctrace-pacer-scav.log");
    const [p1, p2, p3] = inputs(trace, "gcpacertrace").map((i) => pacerCycles(i.input));
    expectSubstantial(p2);
    expect(p1).toEqual(p2);
    expect(p3).toEqual(p2);
    const [s1, s2, s3] = inputs(trace, "scavtrace").map((i) => scavengerSeries(i.input));
    expectSubstantial(s2);
    expect(s1).toEqual(s2);
    expect(s3).toEqual(s2);
  });

  it("initSummary sums up the same packages from all three inputs (inittrace.log)", () => {
    const trace = data("inittrace.log");
    const [a, b, c] = inputs(trace, "inittrace").map((i) => initSummary(i.input, 5));
    expect(b.packages).toBeGreaterThan(0);
    expect(b.slowest).toHaveLength(5);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
  });

  it("goroutineCounts counts the same goroutines from all three inputs (case2-leak-scheddetail.log)", () => {
    const trace = data("case2-leak-scheddetail.log");
    const [a, b, c] = inputs(trace, "scheddetailG").map((i) => goroutineCounts(i.input));
    expectSubstantial(b);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
  });

  for (const [file, perPName] of [
    ["case1-schedtrace.log", "schedtraceP"],
    ["case2-leak-scheddetail.log", "scheddetailP"],
  ] as const) {
    it(`schedSeries and perPRunqueue from a Trace pick ${perPName} and equal the Tables' and DataFrames' (${file})`, () => {
      const trace = data(file);
      const sched = trace.tables.schedtrace;
      const perP = trace.tables[perPName];
      expect(perP.length).toBeGreaterThan(0);
      const fromTables = schedSeries(sched, perP);
      expectSubstantial(fromTables);
      // the per-P rows were used: the longest local queue is known on every sample with P rows
      expect(numbers(fromTables, "maxLocal").some(Number.isFinite)).toBe(true);
      expect(schedSeries(trace)).toEqual(fromTables);
      expect(schedSeries(trace.frame("schedtrace"), trace.frame(perPName))).toEqual(fromTables);
      const heat = perPRunqueue(sched, perP);
      expect(heat.length).toBe(perP.length);
      expect(perPRunqueue(trace)).toEqual(heat);
      expect(perPRunqueue(trace.frame("schedtrace"), trace.frame(perPName))).toEqual(heat);
    });
  }
});

describe("tableOf", () => {
  it("tableOf returns the trace's own Table object for a Trace and the same object for a Table", () => {
    const trace = data(GC);
    expect(tableOf(trace, "gctrace")).toBe(trace.tables.gctrace);
    expect(tableOf(trace.tables.gctrace, "gctrace")).toBe(trace.tables.gctrace);
  });

  it("an analysis reads each column of a DataFrame once, however many analyses it runs inside", () => {
    const trace = data(GC);
    const df = trace.frame("gctrace");
    const reads = new Map<string, number>();
    const counting: DataFrameLike = {
      columns: df.columns,
      dtypes: df.dtypes,
      shape: df.shape,
      column: (name) => {
        reads.set(name, (reads.get(name) ?? 0) + 1);
        return df.column(name);
      },
      head: (rows) => df.head(rows),
      tail: (rows) => df.tail(rows),
    };
    // gcCpuWindows runs gcPhases and gcCpuPerCycle on the converted table
    expect(gcCpuWindows(counting)).toEqual(gcCpuWindows(trace.tables.gctrace));
    expect([...reads.keys()]).toEqual(df.columns);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  it("an analysis of a danfo row selection equals the analysis of those rows of the Table", () => {
    const trace = data(GC);
    const table = trace.tables.gctrace;
    const sub = trace.frame("gctrace").iloc({ rows: ["0:10"] });
    const want = gcPauses(filterRows(table, (r) => r < 10));
    expect(want.length).toBe(10);
    expect(gcPauses(sub)).toEqual(want);
  });

  it("tableOf throws a TypeError naming the table for something that is no trace, table or frame", () => {
    expect(() => tableOf([1, 2, 3] as unknown as Table, "gctrace")).toThrow(
      /expected a Trace, the gctrace Table or its DataFrame/,
    );
    expect(() => tableOf(undefined as unknown as Table, "gctrace")).toThrow(TypeError);
  });

  it("an analysis given another table's DataFrame throws naming the missing column", () => {
    const trace = data("case1-schedtrace.log");
    expect(() => gcPauses(trace.frame("schedtrace"))).toThrow(/table gctrace: no number column "gcNum"/);
  });

  it("perPRunqueue with a schedtrace Table and no per-P table throws naming the function", () => {
    const trace = data("case1-schedtrace.log");
    const call = perPRunqueue as unknown as (s: Table) => Table;
    expect(() => call(trace.tables.schedtrace)).toThrow(/perPRunqueue: .*pass its per-P table/);
  });

  it("schedTablesOf gives no per-P table for a schedtrace Table alone (schedSeries then has no per-P figures)", () => {
    const trace = data("case1-schedtrace.log");
    const { schedtrace, perP } = schedTablesOf(trace.tables.schedtrace);
    expect(schedtrace).toBe(trace.tables.schedtrace);
    expect(perP).toBeUndefined();
    expect(numbers(schedSeries(trace.tables.schedtrace), "maxLocal").every(Number.isNaN)).toBe(true);
  });
});
