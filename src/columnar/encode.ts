/**
 * One part of a table (a slice of its rows) as the bytes of a file: Parquet, Arrow IPC or NDJSON. The Parquet path is
 * split in two so that its expensive half can run on another thread (encodePool.ts): `arrowStream` (this thread,
 * where the columns are: Arrow vectors over them and one IPC stream) and `parquetFromStream` (any thread: the stream
 * into parquet-wasm's memory, encoded and compressed there).
 */
import { KEY_COLUMNS } from "../table/columnSpec";
import type { ColumnSpec, Table } from "../table/table";
import { requireOptional } from "./optional";
import { columnarType, type Labels } from "./schema";
import { loadArrow, tableToArrow } from "./toArrow";

export type PartFormat = "parquet" | "arrow" | "ndjson";

/** The bytes of one file of the dataset holding these rows. */
export function encodePart(table: Table, labels: Labels, format: PartFormat): Uint8Array | string {
  if (format === "ndjson") return ndjson(table, labels);
  if (format === "arrow") return loadArrow().tableToIPC(tableToArrow(table, { labels }), "file");
  return parquetFromStream(arrowStream(table, labels), parquetColumns(table.schema));
}

/** The rows as one Arrow IPC stream (columns of docs/schema.md, then the labels), ready to transfer. */
export function arrowStream(table: Table, labels: Labels): Uint8Array {
  return loadArrow().tableToIPC(tableToArrow(table, { labels }), "stream");
}

/** How one column is written to Parquet. */
export interface ParquetColumn {
  readonly name: string;
  /** No encoding: a dictionary (Parquet's default), with PLAIN as its fallback. */
  readonly encoding?: "DELTA_BINARY_PACKED" | "BYTE_STREAM_SPLIT";
  readonly compression: "ZSTD" | "SNAPPY";
  /** Min/max statistics of the column chunk (for readers that skip files by value). */
  readonly statistics: boolean;
}

/**
 * The columns' encodings, chosen by measurement on the 1M-line bench file (bench/README.md: CPU time of parquet-wasm
 * per part of 262,144 rows, size of the part):
 * - integer columns (line, gcNum, MiB, counts, Ps): DELTA_BINARY_PACKED, no dictionary: counters and constants
 *   (run, procs, stacks) shrink to almost nothing in 2-3 ms instead of 8; the heap MiB columns take 5 ms instead of
 *   10 and are ~60 % larger. -17 % CPU, +17 % size in all.
 * - `timeMs` (nearly unique per row): BYTE_STREAM_SPLIT then zstd: 6 ms and 355 KiB against 29 ms and 673 KiB.
 * - the other doubles (ms with two significant digits, %, ratios): a dictionary, the fastest and smallest (plain or
 *   byte-stream-split are slower *and* 2-8x larger), its pages compressed with snappy: the bit-packed indices are
 *   nearly random, zstd gains ~10 % of their size for ~20 % of the column's time.
 * - statistics only on the key columns (run, line, timeMs: the ones a query selects ranges of): min/max of every
 *   column cost 14 % of the encoding.
 * In all, 148 ms instead of 181 per part (-18 %) for +6 % size. Strings and booleans: a dictionary, zstd.
 */
export function parquetColumns(schema: readonly ColumnSpec[]): ParquetColumn[] {
  return schema.map((spec): ParquetColumn => {
    const type = columnarType(spec);
    const statistics = KEY_COLUMNS.some((k) => k.name === spec.name);
    if (type === "int32" || type === "int64")
      return { name: spec.name, encoding: "DELTA_BINARY_PACKED", compression: "ZSTD", statistics };
    if (type === "float64" && spec.name === "timeMs")
      return { name: spec.name, encoding: "BYTE_STREAM_SPLIT", compression: "ZSTD", statistics };
    return { name: spec.name, compression: type === "float64" ? "SNAPPY" : "ZSTD", statistics };
  });
}

type ParquetWasm = typeof import("parquet-wasm");

/**
 * An Arrow IPC stream as a Parquet file, by parquet-wasm (chosen by measurement, bench/README.md), one row group,
 * the columns as `columns` says; columns not named there (labels) get a dictionary, zstd and no statistics.
 * parquet-wasm frees its copy of the stream.
 */
export function parquetFromStream(stream: Uint8Array, columns: readonly ParquetColumn[]): Uint8Array {
  const pw = requireOptional<ParquetWasm>("parquet-wasm", "the Parquet export");
  let props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    .setStatisticsEnabled(pw.EnabledStatistics.None);
  for (const c of columns) {
    if (c.encoding !== undefined) {
      props = props
        .setColumnDictionaryEnabled(c.name, false)
        .setColumnEncoding(c.name, pw.Encoding[c.encoding]);
    }
    if (c.compression !== "ZSTD") props = props.setColumnCompression(c.name, pw.Compression[c.compression]);
    if (c.statistics) props = props.setColumnStatisticsEnabled(c.name, pw.EnabledStatistics.Chunk);
  }
  return pw.writeParquet(pw.Table.fromIPCStream(stream), props.build());
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
