/**
 * A trace written as part of a hive-partitioned dataset, the layout DuckDB, Spark, pandas/pyarrow and Polars read as
 * it is (docs/fleet.md):
 *
 *   <dir>/table=gctrace/source=<file>/part-0.parquet         (part-1, ... for each further PART_ROWS rows)
 *   <dir>/table=schedtrace/source=<file>/part-0.parquet
 *
 * `table` and `source` are in the folder names only (Spark refuses a partition column that is also in the files);
 * readers add them as columns. Each file holds one table of one trace with the columns of docs/schema.md (types from
 * schema.ts, null where the Go version prints nothing) and the labels as string columns. Formats: parquet (zstd,
 * via parquet-wasm), arrow (Arrow IPC file, a.k.a. Feather v2) and ndjson (one JSON object per row).
 *
 * Writing a trace replaces that source's earlier parts of the tables written (a table now empty loses its part too),
 * each file written beside and renamed into place, so a reader never sees half a file.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as Arrow from "apache-arrow";
import { TABLE_NAMES, type TableName } from "../parse/tables";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import { requireOptional } from "./optional";
import { checkLabelName, columnarType, type Labels } from "./schema";
import { loadArrow, tableToArrow } from "./toArrow";

export const DATASET_FORMATS = ["parquet", "arrow", "ndjson"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
const EXTENSIONS: Record<DatasetFormat, string> = { parquet: "parquet", arrow: "arrow", ndjson: "ndjson" };

export interface DatasetOptions {
  readonly format?: DatasetFormat;
  /** The partition value of `source`; default: the trace's own source (its file name as given). */
  readonly source?: string;
  /** String columns with one value per trace, e.g. `{ service: "api", host: "h1" }`. */
  readonly labels?: Labels;
  /** The tables to write; default all. Empty tables get no file. */
  readonly tables?: readonly TableName[];
}

export interface WrittenPart {
  readonly table: TableName;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/** Writes the trace's tables into the dataset at `dir`; returns the files written. */
export function writeDataset(trace: Trace, dir: string, opts: DatasetOptions = {}): WrittenPart[] {
  const format = opts.format ?? "parquet";
  const source = opts.source ?? trace.source;
  const labels = opts.labels ?? {};
  for (const name of Object.keys(labels)) checkLabelName(name);
  const written: WrittenPart[] = [];
  for (const name of opts.tables ?? TABLE_NAMES) {
    const table = trace.tables[name];
    const folder = partitionDir(dir, name, source);
    rmSync(folder, { recursive: true, force: true });
    if (table.length === 0) continue;
    mkdirSync(folder, { recursive: true });
    for (let part = 0; part * PART_ROWS < table.length; part++) {
      const rows = sliceRows(table, part * PART_ROWS, (part + 1) * PART_ROWS);
      const path = join(folder, `part-${part}.${EXTENSIONS[format]}`);
      const tmp = `${path}.tmp-${process.pid}`;
      writeFileSync(tmp, encodeTable(rows, labels, format));
      renameSync(tmp, path);
      written.push({ table: name, path, rows: rows.length, bytes: statSync(path).size });
    }
  }
  return written;
}

/**
 * Rows per file: a larger table is written as part-0, part-1, ... of this many rows each, so that encoding holds one
 * part at a time (the Arrow stream, the Parquet writer's WebAssembly memory) and readers can split the work.
 */
export const PART_ROWS = 262_144;

/** Rows [start, end) of a table; number columns as views, no copy. */
function sliceRows(table: Table, start: number, end: number): Table {
  if (start === 0 && end >= table.length) return table;
  const stop = Math.min(end, table.length);
  const columns: Record<string, Table["columns"][string]> = {};
  for (const [name, c] of Object.entries(table.columns)) {
    columns[name] = c instanceof Float64Array ? c.subarray(start, stop) : c.slice(start, stop);
  }
  return { ...table, length: stop - start, columns };
}

/** `writeDataset` in Parquet: the library's door to the same files the CLI writes. */
export function writeParquet(
  trace: Trace,
  dir: string,
  opts: Omit<DatasetOptions, "format"> = {},
): WrittenPart[] {
  return writeDataset(trace, dir, { ...opts, format: "parquet" });
}

/** `<dir>/table=<table>/source=<escaped source>`. */
export function partitionDir(dir: string, table: TableName, source: string): string {
  return join(dir, `table=${table}`, `source=${escapePartitionValue(source)}`);
}

const ESCAPED = `"#%'*/:=?\\^{[]`;

/**
 * A partition value as a folder name: the characters Hive and Spark escape (ExternalCatalogUtils.escapePathName:
 * control characters, DEL and ESCAPED) become %XX, which Spark, pyarrow and DuckDB decode back when reading.
 */
export function escapePartitionValue(value: string): string {
  if (value === "") return "%00"; // an empty folder name is not a folder
  let out = "";
  for (const c of value) {
    const code = c.charCodeAt(0);
    out +=
      code < 0x20 || code === 0x7f || ESCAPED.includes(c)
        ? `%${code.toString(16).toUpperCase().padStart(2, "0")}`
        : c;
  }
  return out;
}

/** The tables present in a dataset folder (those with a `table=<name>` folder). */
export function datasetTables(dir: string): TableName[] {
  const present = new Set(
    readdirSync(dir)
      .filter((e) => e.startsWith("table="))
      .map((e) => e.slice("table=".length)),
  );
  return TABLE_NAMES.filter((t) => present.has(t));
}

function encodeTable(table: Table, labels: Labels, format: DatasetFormat): Uint8Array | string {
  if (format === "ndjson") return ndjson(table, labels);
  const arrowTable = tableToArrow(table, { labels });
  if (format === "arrow") return loadArrow().tableToIPC(arrowTable, "file");
  return parquetBytes(arrowTable, table);
}

type ParquetWasm = typeof import("parquet-wasm");

/**
 * Arrow to Parquet with parquet-wasm (chosen by measurement, bench/README.md): zstd pages, dictionary encoding
 * where a column has few distinct values (most do: the runtime prints ms with two significant digits), delta
 * encoding for the integer columns that only grow (line, gcNum), and for `timeMs`, nearly unique per row, no
 * dictionary (it would be built and thrown away) but byte-stream-split, which zstd compresses better (measured on a
 * part of the 1M-line bench file: 15 % less CPU, 12 % smaller).
 */
function parquetBytes(arrowTable: Arrow.Table, table: Table): Uint8Array {
  const pw = requireOptional<ParquetWasm>("parquet-wasm", "the Parquet export");
  const arrow = loadArrow();
  let props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD);
  for (const spec of table.schema) {
    const type = columnarType(spec);
    if (type === "int32" && (spec.unit === "line" || spec.name === "gcNum")) {
      props = props
        .setColumnDictionaryEnabled(spec.name, false)
        .setColumnEncoding(spec.name, pw.Encoding.DELTA_BINARY_PACKED);
    } else if (type === "float64" && spec.name === "timeMs") {
      props = props
        .setColumnDictionaryEnabled(spec.name, false)
        .setColumnEncoding(spec.name, pw.Encoding.BYTE_STREAM_SPLIT);
    }
  }
  const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(arrowTable, "stream"));
  return pw.writeParquet(wasmTable, props.build());
}

/** One JSON object per row: the table's columns (null for NaN), then the labels. */
function ndjson(table: Table, labels: Labels): string {
  const names = table.schema.map((c) => c.name);
  const columns = names.map((n) => table.columns[n]);
  const keys = names.map((n) => `${JSON.stringify(n)}:`);
  const tail = Object.entries(labels)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join("");
  const rows = new Array<string>(table.length);
  for (let i = 0; i < table.length; i++) {
    let row = "{";
    for (let j = 0; j < columns.length; j++) {
      const value = columns[j][i];
      const text =
        typeof value === "number" ? (Number.isFinite(value) ? String(value) : "null") : JSON.stringify(value);
      row += j === 0 ? keys[j] + text : `,${keys[j]}${text}`;
    }
    rows[i] = `${row}${tail}}`;
  }
  return rows.length === 0 ? "" : `${rows.join("\n")}\n`;
}
