/**
 * One part of a table (a slice of its rows) as the bytes of a file: Parquet, Arrow IPC or NDJSON. The Parquet path is
 * split in two so that its expensive half can run on another thread (encodePool.ts): `arrowStream` (this thread,
 * where the columns are: Arrow vectors over them and one IPC stream) and `parquetFromStream` (any thread: the stream
 * into parquet-wasm's memory, encoded and compressed there).
 */
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

/** A column's Parquet encoding where it differs from the default (a dictionary, then zstd). */
export interface ParquetColumn {
  readonly name: string;
  readonly encoding: "DELTA_BINARY_PACKED" | "BYTE_STREAM_SPLIT";
}

/**
 * The encodings, chosen by measurement on the 1M-line bench file (bench/README.md; CPU time per column of 262,144
 * rows, size after zstd):
 * - integer columns (line, gcNum, MiB, counts, Ps): DELTA_BINARY_PACKED, no dictionary. Counters and constants
 *   (run, procs, stacks) shrink to almost nothing and take 2-3 ms instead of 8; the heap MiB columns take 5 ms instead
 *   of 10 and are ~60 % larger (227 vs 140 KiB per part): the whole file stays under 1/10 of the text.
 * - `timeMs` (nearly unique per row): BYTE_STREAM_SPLIT, no dictionary: 6 ms and 355 KiB against 29 ms and 673 KiB.
 * - the other doubles (ms with two significant digits, %, ratios): a dictionary (the default), 9-10 ms and the
 *   smallest; plain or byte-stream-split + zstd are slower *and* 2-8x larger.
 * - strings and booleans: the default.
 */
export function parquetColumns(schema: readonly ColumnSpec[]): ParquetColumn[] {
  const out: ParquetColumn[] = [];
  for (const spec of schema) {
    const type = columnarType(spec);
    if (type === "int32" || type === "int64") out.push({ name: spec.name, encoding: "DELTA_BINARY_PACKED" });
    else if (type === "float64" && spec.name === "timeMs")
      out.push({ name: spec.name, encoding: "BYTE_STREAM_SPLIT" });
  }
  return out;
}

type ParquetWasm = typeof import("parquet-wasm");

/**
 * An Arrow IPC stream as a Parquet file, by parquet-wasm (chosen by measurement, bench/README.md): zstd pages, the
 * columns' encodings as `parquetColumns` says, one row group. parquet-wasm frees its copy of the stream.
 */
export function parquetFromStream(stream: Uint8Array, columns: readonly ParquetColumn[]): Uint8Array {
  const pw = requireOptional<ParquetWasm>("parquet-wasm", "the Parquet export");
  let props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD);
  for (const c of columns) {
    props = props
      .setColumnDictionaryEnabled(c.name, false)
      .setColumnEncoding(c.name, pw.Encoding[c.encoding]);
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
