/**
 * The Parquet writer (src/columnar/parquet/) against two independent readers: DuckDB's (C++) and arrow-rs's
 * (Rust, through parquet-wasm's reader). Tables made here reach the encodings' edges: int32 deltas that wrap, int64
 * values past 2^32, -0, nulls in runs and alone, a column of nulls, more distinct doubles than a dictionary holds,
 * dictionaries wider than a byte, row counts around the 8-value groups and 128-value blocks. Every value must come
 * back as it went in. (Real traces go through the same writer in roundtrip.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parquetPart } from "../../src/columnar/parquet/table";
import type { ColumnData, ColumnSpec, Table } from "../../src/table/table";

const tmp = mkdtempSync(join(tmpdir(), "godebug-lab-parquet-"));
let db: DuckDBInstance;
beforeAll(async () => {
  db = await DuckDBInstance.create();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const spec = (name: string, type: ColumnSpec["type"], unit: string): ColumnSpec => ({
  name,
  type,
  unit,
  doc: "",
});

/** A table of n rows: `line` 1..n, then the columns `make` fills for row i. */
function table(
  n: number,
  columns: Record<string, [ColumnSpec["type"], string, (i: number) => unknown]>,
): Table {
  const schema = [
    spec("line", "number", "line"),
    ...Object.entries(columns).map(([k, [t, u]]) => spec(k, t, u)),
  ];
  const data: Record<string, ColumnData> = { line: Float64Array.from({ length: n }, (_, i) => i + 1) };
  for (const [k, [t, , make]] of Object.entries(columns)) {
    const values = Array.from({ length: n }, (_, i) => make(i));
    data[k] = t === "number" ? Float64Array.from(values as number[]) : (values as string[] | boolean[]);
  }
  return { name: "t", schema, length: n, columns: data };
}

/** Every column as DuckDB reads it: numbers as JS numbers (null for null), strings, booleans. */
async function duckdb(file: string): Promise<Record<string, unknown[]>> {
  const con = await db.connect();
  const reader = await con.runAndReadAll(`SELECT * FROM '${file}'`);
  const rows = reader.getRowObjectsJS();
  con.closeSync();
  const out: Record<string, unknown[]> = {};
  for (const name of reader.columnNames())
    out[name] = rows.map((r) => (typeof r[name] === "bigint" ? Number(r[name]) : r[name]));
  return out;
}

/** Every column as arrow-rs reads it. */
function arrowRs(bytes: Uint8Array): Record<string, unknown[]> {
  const t = tableFromIPC(readParquet(bytes).intoIPCStream());
  const out: Record<string, unknown[]> = {};
  for (const f of t.schema.fields) {
    const col = t.getChild(f.name);
    out[f.name] = Array.from({ length: t.numRows }, (_, i) => {
      const v = col?.get(i);
      return typeof v === "bigint" ? Number(v) : v;
    });
  }
  return out;
}

/** What the readers should give: NaN is null. */
function expected(t: Table, labels: Record<string, string | null>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const s of t.schema)
    out[s.name] = Array.from(t.columns[s.name] as ArrayLike<unknown>, (v) =>
      typeof v === "number" && Number.isNaN(v) ? null : v,
    );
  for (const [k, v] of Object.entries(labels)) out[k] = Array.from({ length: t.length }, () => v);
  return out;
}

async function roundTrip(t: Table, labels: Record<string, string | null> = {}) {
  const bytes = parquetPart(t, labels);
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.parquet`);
  writeFileSync(file, bytes);
  const want = expected(t, labels);
  const [duck, rs] = [await duckdb(file), arrowRs(bytes)];
  for (const [reader, got] of [
    ["duckdb", duck],
    ["arrow-rs", rs],
  ] as const) {
    expect(Object.keys(got), reader).toEqual(Object.keys(want));
    for (const k of Object.keys(want)) {
      // Object.is keeps -0 apart from 0; toEqual would not.
      const differs = want[k].findIndex((v, i) => !Object.is(got[k][i], v));
      expect(differs, `${reader} ${k}: row ${differs} is ${got[k][differs]}, want ${want[k][differs]}`).toBe(
        -1,
      );
    }
  }
  return file;
}

describe("parquetPart read back by DuckDB and arrow-rs", () => {
  for (const n of [1, 7, 8, 9, 127, 128, 129, 1000, 70_001]) {
    it(`${n} rows of every kind of column come back as written`, async () => {
      await roundTrip(
        table(n, {
          count: ["number", "count", (i) => (i * 37) % 1001],
          mib: ["number", "MiB", (i) => (i % 50 === 3 ? Number.NaN : 1000 + Math.round(100 * Math.sin(i)))],
          ms: ["number", "ms", (i) => Math.round(1000 * Math.abs(Math.cos(i))) / 100],
          time: ["number", "ms", (i) => 1000 + i * 1.001],
          bytes: ["number", "bytes", (i) => (i % 3 === 0 ? 2 ** 51 - i : -(2 ** 40) + i * 2 ** 33)],
          forced: ["boolean", "", (i) => i % 13 === 0],
          format: ["string", "", (i) => (i < n / 2 ? "go1.18" : "gö1.26 ✓")],
        }),
        { service: "api", host: null },
      );
    });
  }

  it("int32 deltas that overflow 32 bits wrap and come back (readers add them modulo 2^32)", async () => {
    await roundTrip(table(300, { id: ["number", "id", (i) => (i % 2 ? 2 ** 31 - 1 : -(2 ** 31))] }));
  });

  it("keeps -0 apart from 0, nulls alone and in runs, a column of nulls, and a null label", async () => {
    await roundTrip(
      table(500, {
        zero: ["number", "ms", (i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : Number.NaN)],
        runs: ["number", "MiB", (i) => (i >= 100 && i < 400 ? Number.NaN : i)],
        none: ["number", "ms", () => Number.NaN],
        noneInt: ["number", "count", () => Number.NaN],
      }),
      { service: null },
    );
  });

  it("a double column of distinct values (a time axis) leaves the dictionary for PLAIN (Spark reads no BYTE_STREAM_SPLIT)", async () => {
    const file = await roundTrip(table(10_000, { t: ["number", "ms", (i) => i * 0.37 + 1e6] }));
    const con = await db.connect();
    const meta = (
      await con.runAndReadAll(`SELECT path_in_schema AS c, encodings AS e FROM parquet_metadata('${file}')`)
    ).getRowObjectsJS();
    con.closeSync();
    expect(meta.find((m) => m.c === "t")?.e).toBe("PLAIN, RLE");
  });

  it("a dictionary of 5,000 doubles (13-bit indices) and of one value", async () => {
    await roundTrip(
      table(20_000, {
        wide: ["number", "ms", (i) => ((i * 7919) % 5000) / 10],
        one: ["number", "ms", () => 0.25],
      }),
    );
  });

  it("gzips pages worth it (runs, skewed bytes) and stores near-random ones as they are (worthDeflating)", async () => {
    const random = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32;
    const file = await roundTrip(
      table(50_000, {
        spread: ["number", "ms", (i) => Math.floor(random(i) * 1000) / 10], // 10-bit indices, all but random
        idle: ["number", "ms", (i) => (random(i) < 0.9 ? 0 : Math.floor(random(i + 7) * 1000) / 10)],
      }),
    );
    const con = await db.connect();
    const meta = (
      await con.runAndReadAll(`SELECT path_in_schema AS c, compression AS z FROM parquet_metadata('${file}')`)
    ).getRowObjectsJS();
    con.closeSync();
    expect(meta.find((m) => m.c === "spread")?.z).toBe("UNCOMPRESSED");
    expect(meta.find((m) => m.c === "idle")?.z).toBe("GZIP");
    expect(meta.find((m) => m.c === "line")?.z).toBe("GZIP"); // a counter: deltas of 1
  });

  it("an integer column holding a fraction is an error naming the table, column, unit, value and input line", () => {
    const t = table(10, { mib: ["number", "MiB", (i) => (i < 3 ? Number.NaN : i === 6 ? 6.5 : i)] });
    expect(() => parquetPart(t, {})).toThrow("t.mib (MiB): 6.5 at input line 7 is not a whole int32 number");
    const big = table(3, { n: ["number", "count", (i) => (i === 2 ? 2 ** 31 : i)] });
    expect(() => parquetPart(big, {})).toThrow(
      "t.n (count): 2147483648 at input line 3 is not a whole int32 number",
    );
    const huge = table(3, { b: ["number", "bytes", (i) => (i === 1 ? 2 ** 53 : i)] });
    expect(() => parquetPart(huge, {})).toThrow(
      "t.b (bytes): 9007199254740992 at input line 2 is not a whole int64 number",
    );
  });
});
