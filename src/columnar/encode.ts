/**
 * One part of a table (a slice of its rows) as the bytes of a file: Parquet (our own writer, src/columnar/parquet/,
 * straight from the columns), Arrow IPC (apache-arrow) or NDJSON.
 */
import type { Table } from "../table/table";
import { parquetPart } from "./parquet/table";
import type { Labels } from "./schema";
import { loadArrow, tableToArrow } from "./toArrow";

export type PartFormat = "parquet" | "arrow" | "ndjson";

/** The bytes of one file of the dataset holding these rows. */
export function encodePart(table: Table, labels: Labels, format: PartFormat): Uint8Array | string {
  if (format === "ndjson") return ndjson(table, labels);
  if (format === "arrow") return loadArrow().tableToIPC(tableToArrow(table, { labels }), "file");
  return parquetPart(table, labels);
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
