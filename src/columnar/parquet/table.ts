/**
 * One part of a table (a slice of its rows) as a Parquet file, straight from the columns: no Arrow vectors, no IPC
 * stream, no WebAssembly (bench/README.md, "A Parquet writer of our own"). The columns are those of docs/schema.md
 * with the types of schema.ts, then the labels. `partColumns` turns the rows into plain data (typed arrays and a few
 * strings) that `parquetFile` encodes here or on a worker thread (encodePool.ts).
 */
import { KEY_COLUMNS } from "../../table/columnSpec";
import type { ColumnSpec, Table } from "../../table/table";
import { columnarType, type Labels } from "../schema";
import type { ColumnValues } from "./chunk";
import { stringDictionary } from "./dictionary";
import { type FileColumn, parquetFile } from "./file";

/** The part's file, compressed on this thread. */
export function parquetPart(table: Table, labels: Labels): Uint8Array {
  return parquetFile(partColumns(table, labels), table.length);
}

/**
 * The columns of docs/schema.md and then the labels, as the writer takes them. The table's columns ask for GZIP
 * (chunk.ts stores a near-random page as it is; file.ts picks zlib's strategy per page), the labels for none.
 * Min/max statistics on the key columns only (run, line, timeMs: the ones a query selects ranges of), as statistics
 * of every column cost time and no reader skips files by a heap size.
 */
export function partColumns(table: Table, labels: Labels): FileColumn[] {
  const lines = table.columns.line instanceof Float64Array ? table.columns.line : undefined;
  const columns: FileColumn[] = table.schema.map((spec) => ({
    name: spec.name,
    values: columnValues(table, spec),
    options: {
      codec: "GZIP",
      statistics: KEY_COLUMNS.some((k) => k.name === spec.name),
      table: table.name,
      unit: spec.unit,
      lines,
    },
  }));
  for (const [name, value] of Object.entries(labels)) {
    columns.push({
      name,
      values: { kind: "constant", value },
      options: { codec: "UNCOMPRESSED", statistics: false, table: table.name, unit: "" },
    });
  }
  return columns;
}

function columnValues(table: Table, spec: ColumnSpec): ColumnValues {
  const data = table.columns[spec.name];
  const kind = columnarType(spec);
  if (kind === "bool") return { kind, packed: packBooleans(data as boolean[], table.length) };
  if (kind === "utf8") return { kind, dictionary: stringDictionary(data as string[], table.length) };
  return { kind, data: data as Float64Array };
}

/** PLAIN booleans: one bit per row, the first row in the lowest bit (parquet-format's Encodings.md, PLAIN). */
function packBooleans(v: readonly boolean[], n: number): Uint8Array {
  const out = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (v[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}
