/**
 * The Parquet dataset read back by a second, independent reader (DuckDB's own Parquet reader): for every table of
 * every real fixture, the row count, the null positions, and a checksum of every column (numbers: the sum and
 * the row-weighted sum; strings and booleans: md5 of the values in row order) equal the in-memory tables.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrace, parseTrace, TABLE_NAMES, type Trace, writeParquet } from "../../src";
import { partitionDir } from "../../src/columnar/dataset";
import { partColumns } from "../../src/columnar/parquet/table";
import { columnarType } from "../../src/columnar/schema";

const ROOT = join(__dirname, "..", "..");

/** Every real trace of the repository: the captures in data/ and the per-version fixtures in test/data/. */
function fixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) {
        if (e !== "fleet") walk(p);
      } else if (!/\.(json|md)$/.test(e)) out.push(p);
    }
  };
  walk(join(ROOT, "data"));
  walk(join(ROOT, "test", "data"));
  return out;
}

const FILES = fixtures();
let dir: string;
const traces = new Map<string, Trace>();
let db: DuckDBInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "godebug-lab-roundtrip-"));
  for (const file of FILES) {
    const source = relative(ROOT, file);
    const trace = await loadTrace(file);
    traces.set(source, trace);
    await writeParquet(trace, dir, { source, labels: { service: "svc", host: null } });
  }
  // No real go1.25 gctrace=2 output exists (test/parse/gctrace.test.ts): gcscan rows from the lines that test
  // assembles from the runtime's print statements, after a real go1.19 gc line.
  const gcLine = readFileSync(join(ROOT, "test", "data", "go1.19", "gctrace-steady.txt"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("gc "));
  const scan = parseTrace(
    [
      gcLine,
      "scan: total 1200 objs",
      "scan: class 16B 1000 objs",
      "scan: class L 3 objs",
      "scan: total 10+20+30=60 objs, 4+5=9 spans",
    ].join("\n"),
    { file: "assembled/gcscan.txt" },
  );
  traces.set(scan.source, scan);
  await writeParquet(scan, dir, { source: scan.source, labels: { service: "svc", host: null } });
  db = await DuckDBInstance.create(":memory:");
});

afterAll(() => {
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const SQL_TYPES = { float64: "DOUBLE", int32: "INTEGER", int64: "BIGINT", bool: "BOOLEAN", utf8: "VARCHAR" };

it("covers every table with real rows", () => {
  const filled = TABLE_NAMES.filter((t) => [...traces.values()].some((tr) => tr.tables[t].length > 0));
  expect(filled).toEqual([...TABLE_NAMES]);
  expect(FILES.length).toBeGreaterThan(20);
});

describe.each(TABLE_NAMES)("table %s read back by DuckDB", (name) => {
  it("has every row, the schema's types, the nulls where the table has NaN, and equal column checksums", async () => {
    const con = await db.connect();
    let checkedRows = 0;
    for (const [source, trace] of traces) {
      const table = trace.tables[name];
      if (table.length === 0) continue;
      const file = join(partitionDir(dir, name, source), "part-0.parquet");
      const from = `read_parquet('${file.replaceAll("'", "''")}', hive_partitioning = true, file_row_number = true)`;
      const where = `FROM ${from}`;
      // Types and the partition column decoded back to the source.
      const described = (await con.runAndReadAll(`DESCRIBE SELECT * ${where}`)).getRowObjectsJS();
      const types = Object.fromEntries(described.map((r) => [r.column_name, r.column_type]));
      for (const spec of table.schema)
        expect(types[spec.name], `${source} ${spec.name}`).toBe(SQL_TYPES[columnarType(spec)]);
      expect(types.service).toBe("VARCHAR");
      const head = (
        await con.runAndReadAll(
          `SELECT count(*) AS n, min(source) AS s, count(host) AS h, min(service) AS v ${where}`,
        )
      ).getRowObjectsJS()[0];
      expect(Number(head.n), source).toBe(table.length);
      expect(head.s).toBe(source);
      expect(Number(head.h)).toBe(0);
      expect(head.v).toBe("svc");
      // One checksum query for all columns.
      const selects: string[] = [];
      for (const spec of table.schema) {
        const c = `"${spec.name}"`;
        selects.push(
          `md5(string_agg(CASE WHEN ${c} IS NULL THEN '0' ELSE '1' END, '' ORDER BY file_row_number)) AS "${spec.name}:nulls"`,
        );
        if (spec.type === "number") {
          selects.push(`sum(${c}::DOUBLE) AS "${spec.name}:sum"`);
          selects.push(`sum(${c}::DOUBLE * (file_row_number + 1)) AS "${spec.name}:wsum"`);
        } else {
          selects.push(
            `md5(string_agg(${c}::VARCHAR, chr(31) ORDER BY file_row_number)) AS "${spec.name}:md5"`,
          );
        }
      }
      const got = (await con.runAndReadAll(`SELECT ${selects.join(", ")} ${where}`)).getRowObjectsJS()[0];
      for (const spec of table.schema) {
        const v = table.columns[spec.name];
        const nulls = Array.from(v as ArrayLike<unknown>, (x) =>
          typeof x === "number" && Number.isNaN(x) ? "0" : "1",
        ).join("");
        expect(got[`${spec.name}:nulls`], `${source} ${name}.${spec.name} nulls`).toBe(md5(nulls));
        if (spec.type === "number") {
          let sum = 0;
          let wsum = 0;
          let any = false;
          (v as Float64Array).forEach((x, i) => {
            if (Number.isNaN(x)) return;
            any = true;
            sum += x;
            wsum += x * (i + 1);
          });
          const close = (a: unknown, b: number) =>
            any ? Math.abs(Number(a) - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === null;
          expect(
            close(got[`${spec.name}:sum`], sum),
            `${source} ${name}.${spec.name} sum ${got[`${spec.name}:sum`]} vs ${sum}`,
          ).toBe(true);
          expect(close(got[`${spec.name}:wsum`], wsum), `${source} ${name}.${spec.name} weighted sum`).toBe(
            true,
          );
        } else {
          const text = Array.from(v as ArrayLike<unknown>, (x) => String(x)).join("\x1f");
          expect(got[`${spec.name}:md5`], `${source} ${name}.${spec.name}`).toBe(md5(text));
        }
      }
      checkedRows += table.length;
    }
    con.closeSync();
    expect(checkedRows).toBeGreaterThan(0);
  });
});

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

it("writes each column with the encoding its type takes, gzip, and statistics on the key columns (parquet_metadata)", async () => {
  const con = await db.connect();
  const [source, trace] = [...traces].find(([, t]) => t.tables.gctrace.length > 100) ?? [];
  expect(trace, "a real trace with gc lines").toBeDefined();
  const gc = (trace as Trace).tables.gctrace;
  const file = join(partitionDir(dir, "gctrace", source as string), "part-0.parquet");
  const rows = (
    await con.runAndReadAll(
      `SELECT path_in_schema AS name, encodings, compression, stats_min IS NOT NULL AS stats, stats_min, stats_max
       FROM parquet_metadata('${file.replaceAll("'", "''")}')`,
    )
  ).getRowObjectsJS();
  const meta = new Map(rows.map((r) => [String(r.name), r]));
  const plan = partColumns(gc, { service: "svc", host: null });
  expect(plan.map((c) => c.name)).toEqual([...gc.schema.map((s) => s.name), "service", "host"]);
  for (const c of plan) {
    const m = meta.get(c.name);
    expect(m, c.name).toBeDefined();
    // GZIP where the plan says so, unless the page is near-random (worthDeflating): then stored as it is.
    expect(c.options.codec === "GZIP" ? ["GZIP", "UNCOMPRESSED"] : ["UNCOMPRESSED"], c.name).toContain(
      m?.compression,
    );
    expect(m?.stats, c.name).toBe(c.options.statistics);
    const spec = gc.schema.find((x) => x.name === c.name);
    const allNull =
      spec === undefined
        ? c.values.kind === "constant" && c.values.value === null // the label host: null
        : spec.type === "number" && (gc.columns[c.name] as Float64Array).every(Number.isNaN);
    const kind = spec === undefined ? "label" : columnarType(spec);
    const want = allNull
      ? "PLAIN" // a column of nulls has no values to encode
      : kind === "int32" || kind === "int64"
        ? "DELTA_BINARY_PACKED"
        : kind === "bool"
          ? "PLAIN" // Parquet has no dictionary of booleans
          : kind === "float64" && !worthDictionary(gc.columns[c.name] as Float64Array)
            ? "PLAIN" // nearly one value per row (a time axis): not worth a dictionary
            : "RLE_DICTIONARY";
    expect(String(m?.encodings), c.name).toContain(want);
  }
  // Statistics on the key columns only, and right: timeMs's min and max are the table's.
  expect(plan.filter((c) => c.options.statistics).map((c) => c.name)).toEqual(["run", "line", "timeMs"]);
  const time = gc.columns.timeMs as Float64Array;
  expect(Number(meta.get("timeMs")?.stats_min)).toBe(Math.min(...time));
  expect(Number(meta.get("timeMs")?.stats_max)).toBe(Math.max(...time));
  expect(meta.get("timeMs")?.encodings).toBe("PLAIN, RLE");
  expect(meta.get("forced")?.compression).toBe("GZIP");
  expect(meta.get("service")?.compression).toBe("UNCOMPRESSED");
  con.closeSync();
});

/** The writer's rule: a dictionary unless more than half of the first 4,096 values, or of all, are distinct. */
function worthDictionary(column: Float64Array): boolean {
  const v = column.filter((x) => !Number.isNaN(x));
  const sample = v.subarray(0, 4096);
  return new Set(sample).size * 2 <= sample.length && new Set(v).size <= Math.max(1, v.length >> 1);
}
