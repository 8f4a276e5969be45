import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DataFrame } from "danfojs-node";
import { beforeAll, describe, expect, it } from "vitest";
import {
  fromDataFrame,
  parseTrace,
  TABLE_NAMES,
  TABLE_SCHEMAS,
  type Table,
  type Trace,
  toDataFrame,
} from "../../src";
import { loadDanfo } from "../../src/frame/toDataFrame";

const REPO = join(__dirname, "..", "..");

function data(name: string): Trace {
  return parseTrace(readFileSync(join(REPO, "data", name), "utf8"), { file: name });
}

function corpus(name: string): Trace {
  const text = readFileSync(join("/work/shared/corpus", name), "utf8");
  return parseTrace(text.slice(text.indexOf("# ---\n") + 6), { file: name });
}

/** A frame made by danfo's own constructor (rows built, danfo's dtype inference), not by toDataFrame. */
function danfoFrame(t: Table): DataFrame {
  const obj: Record<string, unknown[]> = {};
  for (const c of t.schema) obj[c.name] = Array.from(t.columns[c.name] as ArrayLike<unknown>);
  return new (loadDanfo().DataFrame)(obj);
}

/** Column by column, with NaN equal to NaN and typed arrays compared as typed arrays. */
function expectSameTable(got: Table, want: Table): void {
  expect(got.name).toBe(want.name);
  expect(got.length).toBe(want.length);
  expect(got.schema).toEqual(want.schema);
  expect(Object.keys(got.columns)).toEqual(want.schema.map((c) => c.name));
  for (const c of want.schema) {
    const g = got.columns[c.name];
    const w = want.columns[c.name];
    expect(g instanceof Float64Array, c.name).toBe(w instanceof Float64Array);
    expect(g, c.name).toEqual(w);
  }
}

// Real captures covering every table: gc (NaN extras, `format` strings, `forced` booleans), pacer, scavenger,
// schedtrace with per-P lists, scheddetail P/M/G (wait reasons with spaces, empty preemptoff), inittrace, go1.5.
const TRACES: { from: string; trace: () => Trace }[] = [
  { from: "data/gctrace-pacer-scav.log", trace: () => data("gctrace-pacer-scav.log") },
  { from: "data/case1-schedtrace.log", trace: () => data("case1-schedtrace.log") },
  { from: "data/scheddetail.log", trace: () => data("scheddetail.log") },
  { from: "data/inittrace.log", trace: () => data("inittrace.log") },
  { from: "corpus go1.5 gcvis", trace: () => corpus("gcvis-examples_go1.5_gctrace.txt") },
];

beforeAll(() => {
  loadDanfo();
});

describe("fromDataFrame", () => {
  for (const { from, trace } of TRACES) {
    it(`toDataFrame then fromDataFrame gives back every table of ${from}`, () => {
      const t = trace();
      let nonEmpty = 0;
      for (const name of TABLE_NAMES) {
        const table = t.tables[name];
        if (table.length > 0) nonEmpty++;
        expectSameTable(fromDataFrame(toDataFrame(table), name, TABLE_SCHEMAS[name]), table);
      }
      expect(nonEmpty).toBeGreaterThan(0);
    });
  }

  it("fromDataFrame reads a frame built by danfo's constructor like a toDataFrame one", () => {
    for (const [file, name] of [
      ["gctrace-pacer-scav.log", "gctrace"],
      ["scheddetail.log", "scheddetailG"],
    ] as const) {
      const table = data(file).tables[name];
      expect(table.length).toBeGreaterThan(0);
      expectSameTable(fromDataFrame(danfoFrame(table), name, TABLE_SCHEMAS[name]), table);
    }
  });

  it("fromDataFrame of a danfo row selection holds those rows", () => {
    const table = data("gctrace-pacer-scav.log").tables.gctrace;
    const sub = toDataFrame(table).iloc({ rows: ["2:6"] });
    const got = fromDataFrame(sub, "gctrace", TABLE_SCHEMAS.gctrace);
    expect(got.length).toBe(4);
    expect(got.columns.gcNum).toEqual(table.columns.gcNum.slice(2, 6));
    expect(got.columns.format).toEqual((table.columns.format as string[]).slice(2, 6));
    expect(got.columns.forced).toEqual((table.columns.forced as boolean[]).slice(2, 6));
  });

  it("fromDataFrame types columns without a schema by danfo's dtype and keeps NaN and null as missing", () => {
    const { DataFrame } = loadDanfo();
    const df = new DataFrame({
      ms: [1.5, Number.NaN, null, 4],
      label: ["a", null, "c", "d"],
      ok: [true, false, true, false],
    });
    const t = fromDataFrame(df, "mine");
    expect(t.name).toBe("mine");
    expect(t.schema.map((c) => [c.name, c.type])).toEqual([
      ["ms", "number"],
      ["label", "string"],
      ["ok", "boolean"],
    ]);
    expect(t.columns.ms).toEqual(Float64Array.from([1.5, Number.NaN, Number.NaN, 4]));
    expect(t.columns.label).toEqual(["a", "", "c", "d"]);
    expect(t.columns.ok).toEqual([true, false, true, false]);
  });

  it("fromDataFrame throws naming the column and row for a value of the wrong type", () => {
    const { DataFrame } = loadDanfo();
    const df = new DataFrame({ gcNum: [1, 2], forced: [true, null] });
    expect(() => fromDataFrame(df, "gctrace", TABLE_SCHEMAS.gctrace)).toThrow(
      /gctrace: column forced row 1 .*true or false/,
    );
    const text = new DataFrame({ gcNum: ["1", "2"] });
    expect(() => fromDataFrame(text, "gctrace", TABLE_SCHEMAS.gctrace)).toThrow(
      /column gcNum row 0 holds 1 \(string\)/,
    );
  });
});
