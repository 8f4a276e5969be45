/**
 * A trace written as part of a hive-partitioned dataset, the layout DuckDB, Spark, pandas/pyarrow and Polars read as
 * it is (docs/fleet.md):
 *
 *   <dir>/table=gctrace/source=<file>/part-0.parquet         (part-1, ... for each further PART_ROWS rows)
 *   <dir>/table=schedtrace/source=<file>/part-0.parquet
 *
 * `table` and `source` are in the folder names only (Spark refuses a partition column that is also in the files);
 * readers add them as columns. Each file holds one table of one trace with the columns of docs/schema.md (types from
 * schema.ts, null where the Go version prints nothing) and the labels as string columns. Formats: parquet (our own
 * writer, parquet/: dictionary, delta and PLAIN encodings, gzip), arrow (Arrow IPC file, a.k.a. Feather
 * v2, via apache-arrow) and ndjson (one JSON object per row).
 *
 * Writing a trace replaces that source's earlier parts of the tables written (a table now empty loses its part too),
 * each file written beside and renamed into place, so a reader never sees half a file.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { TABLE_NAMES, type TableName } from "../parse/tables";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import { encodePart } from "./encode";
import { EncodePool } from "./encodePool";
import { parquetFileAsync } from "./parquet/file";
import { partColumns } from "./parquet/table";
import { writePartFile, writePartFileAsync } from "./partFile";
import { checkLabelName, type Labels } from "./schema";

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

export interface ParallelDatasetOptions extends DatasetOptions {
  /**
   * Threads that encode Parquet parts at once: this one and threads - 1 worker threads (default: the machine's
   * cores; 1 = this thread only). Arrow and NDJSON parts are written on this thread.
   */
  readonly threads?: number;
}

export interface WrittenPart {
  readonly table: TableName;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/** One file to write: which rows of which table, where. */
interface PlannedPart {
  readonly table: TableName;
  readonly rows: Table;
  readonly path: string;
}

/**
 * Writes the trace's tables into the dataset at `dir` on this thread; returns the files written. For one large
 * trace, `writeDatasetParallel` / `writeParquet` encode on every core; a fleet export already keeps every core busy
 * with one trace per worker and uses this.
 */
export function writeDataset(trace: Trace, dir: string, opts: DatasetOptions = {}): WrittenPart[] {
  const format = opts.format ?? "parquet";
  const labels = opts.labels ?? {};
  return planParts(trace, dir, opts, PART_ROWS).map((p) => ({
    table: p.table,
    path: p.path,
    rows: p.rows.length,
    bytes: writePartFile(p.path, encodePart(p.rows, labels, format)),
  }));
}

/**
 * `writeDataset` with the Parquet parts encoded on `threads` threads at once: this thread hands parts to the
 * threads - 1 workers (two queued on each) and encodes the others itself, its pages compressed on libuv's thread
 * pool meanwhile. A table that would be fewer parts than threads is cut into as many parts (of MIN_PARALLEL_ROWS
 * rows at least).
 */
export async function writeDatasetParallel(
  trace: Trace,
  dir: string,
  opts: ParallelDatasetOptions = {},
): Promise<WrittenPart[]> {
  const format = opts.format ?? "parquet";
  const threads = Math.max(1, Math.floor(opts.threads ?? availableParallelism()));
  if (format !== "parquet" || threads === 1) return writeDataset(trace, dir, opts);
  const labels = opts.labels ?? {};
  const parts = planParts(trace, dir, opts, (rows) =>
    Math.min(PART_ROWS, Math.max(MIN_PARALLEL_ROWS, Math.ceil(rows / threads))),
  );
  const bytes = new Array<number>(parts.length);
  let next = 0;
  // This thread's lane: a part at a time, its pages compressed and its file written on libuv's pool while this
  // thread goes on to the next part (after a turn of the event loop, in which the workers' lanes queue theirs).
  const ownLane = async () => {
    const writing: Promise<void>[] = [];
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (next >= parts.length) break;
      const i = next++;
      const file = parquetFileAsync(partColumns(parts[i].rows, labels), parts[i].rows.length); // encodes now
      const done = file.then(async (f) => {
        bytes[i] = await writePartFileAsync(parts[i].path, f);
      });
      done.catch(() => {}); // awaited below: not an unhandled rejection meanwhile
      writing.push(done);
    }
    await Promise.all(writing);
  };
  const workers = EncodePool.available() && parts.length > 1 ? Math.min(threads, parts.length) - 1 : 0;
  const pool = new EncodePool(workers);
  try {
    // A worker's lane keeps two parts queued on it, so that it never waits for this thread between parts.
    const workerLane = async (lane: number) => {
      const sent: Promise<void>[] = [];
      while (next < parts.length || sent.length > 0) {
        while (sent.length < 2 && next < parts.length) {
          const i = next++;
          const job = {
            columns: partColumns(parts[i].rows, labels),
            rows: parts[i].rows.length,
            path: parts[i].path,
          };
          const done = pool.encode(lane, job).then((n) => {
            bytes[i] = n;
          });
          done.catch(() => {}); // awaited below, in order: not an unhandled rejection meanwhile
          sent.push(done);
        }
        await sent.shift();
      }
    };
    await Promise.all([...Array.from({ length: pool.size }, (_, lane) => workerLane(lane)), ownLane()]);
  } finally {
    pool.release();
  }
  return parts.map((p, i) => ({ table: p.table, path: p.path, rows: p.rows.length, bytes: bytes[i] }));
}

/**
 * The files to write, each part folder emptied first (a re-export replaces that source's parts; a now-empty table
 * loses its folder) and made again. `partRows` is the number of rows per file, or a function of the table's rows.
 */
function planParts(
  trace: Trace,
  dir: string,
  opts: DatasetOptions,
  partRows: number | ((rows: number) => number),
): PlannedPart[] {
  const format = opts.format ?? "parquet";
  const source = opts.source ?? trace.source;
  for (const name of Object.keys(opts.labels ?? {})) checkLabelName(name);
  const parts: PlannedPart[] = [];
  for (const name of opts.tables ?? TABLE_NAMES) {
    const table = trace.tables[name];
    const folder = partitionDir(dir, name, source);
    rmSync(folder, { recursive: true, force: true });
    if (table.length === 0) continue;
    mkdirSync(folder, { recursive: true });
    const size = typeof partRows === "number" ? partRows : partRows(table.length);
    for (let part = 0; part * size < table.length; part++) {
      const rows = sliceRows(table, part * size, (part + 1) * size);
      parts.push({ table: name, rows, path: join(folder, `part-${part}.${EXTENSIONS[format]}`) });
    }
  }
  return parts;
}

/** The fewest rows per part when a table is cut into more parts to encode them on several threads. */
export const MIN_PARALLEL_ROWS = 65_536;

/**
 * Rows per file: a larger table is written as part-0, part-1, ... of this many rows each, so that encoding holds one
 * part at a time (its pages) and readers can split the work.
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

/** The trace's tables as a Parquet dataset, encoded on every core (`writeDatasetParallel`): the CLI's files. */
export function writeParquet(
  trace: Trace,
  dir: string,
  opts: Omit<ParallelDatasetOptions, "format"> = {},
): Promise<WrittenPart[]> {
  return writeDatasetParallel(trace, dir, { ...opts, format: "parquet" });
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
