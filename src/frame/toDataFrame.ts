/**
 * Tables to danfo DataFrames, fast. This directory is the only place that imports danfojs-node.
 *
 * Why not `new DataFrame(columnsObject)`: danfo keeps every frame twice, as rows (`$data`, used by loc/iloc,
 * groupby, print, values) and as columns (`$dataIncolumnFormat`, used by column access, describe, arithmetic on
 * a column). Given columns, the constructor transposes them to rows (`utils.getRowAndColValues`), transposes the
 * rows back to columns (`loadArrayIntoNdframe`), infers dtypes and checks the index for duplicates through a Set:
 * about 8 s for 1M rows x 22 columns, and a row array per row (the numbers boxed) costs more memory than the table.
 *
 * The fast path builds the same frame from the columns directly:
 * 1. `new DataFrame([], {columns, dtypes})`: danfo's own empty-frame path sets the column names, the dtypes and the
 *    per-column accessors (`df.gcNum`). This is also the whole answer for an empty table, which danfo cannot infer.
 * 2. `$dataIncolumnFormat` = one plain array per column (danfo and mathjs do not accept typed arrays), `$index` =
 *    0..n-1, as the constructor would make them.
 * 3. `$data` (rows) becomes a lazy property: the first read (loc, iloc, groupby, print, values…) transposes the
 *    columns into rows once and replaces the accessor with the plain array, so from then on the frame is exactly
 *    a constructor-made one; a write (danfo's `$setValues`) replaces it likewise. Until then `shape` answers from
 *    the columns. Column access, `describe()` and the per-column accessors never need the rows.
 *
 * dtypes follow danfo's inference rule (the first 500 values: a non-integer or NaN makes a number column
 * `float32`, otherwise `int32`), except that a string column is always `string` (danfo calls a column of empty or
 * numeric-looking strings `int32`) and Infinity counts as float (danfo's test `String(v).includes(".")` calls it int).
 */
import type { DataFrame } from "danfojs-node";
import type { ColumnData, ColumnSpec, Table } from "../parse/types";

type Danfo = typeof import("danfojs-node");
type Value = number | string | boolean;
export type Dtype = "float32" | "int32" | "string" | "boolean";

/** The number of leading values danfo's dtype inference looks at (danfojs-base/shared/config.js dtypeTestLim). */
const DTYPE_TEST_LIM = 500;

let danfo: Danfo | undefined;

/** danfojs-node loads TensorFlow.js (about 2 s), so it is required on the first DataFrame, not on import. */
export function loadDanfo(): Danfo {
  if (danfo === undefined) danfo = require("danfojs-node") as Danfo;
  return danfo;
}

/** The internals of a danfo NDframe that the fast path fills (danfojs-base/core/generic.js). */
interface FrameInternals {
  $data: Value[][];
  $dataIncolumnFormat: Value[][];
  $index: number[];
}

/** A DataFrame with the table's columns, in schema order, with the same values, dtypes and index as danfo's own. */
export function toDataFrame(table: Table): DataFrame {
  const { DataFrame } = loadDanfo();
  const names = table.schema.map((c) => c.name);
  const dtypes = table.schema.map((c) => dtypeOf(c, table.columns[c.name]));
  const df = new DataFrame([], { columns: names, dtypes });
  const n = table.length;
  if (n === 0) return df;
  const cols = table.schema.map((c) => plainArray(table.columns[c.name], n));
  const f = df as unknown as FrameInternals;
  f.$dataIncolumnFormat = cols;
  const index = new Array<number>(n);
  for (let i = 0; i < n; i++) index[i] = i;
  f.$index = index;
  lazyRows(df, cols, n);
  return df;
}

/** The dtype danfo would infer for the column, with the schema's type deciding strings and booleans. */
export function dtypeOf(spec: ColumnSpec, data: ColumnData): Dtype {
  if (spec.type === "string") return "string";
  if (spec.type === "boolean") return "boolean";
  const v = data as Float64Array;
  const lim = Math.min(v.length, DTYPE_TEST_LIM);
  for (let i = 0; i < lim; i++) if (!Number.isInteger(v[i])) return "float32";
  return lim === 0 ? "float32" : "int32";
}

function plainArray(data: ColumnData, n: number): Value[] {
  if (Array.isArray(data)) return data.slice(0, n);
  // An index loop into a pre-sized array: 3-5x faster than Array.from on a Float64Array (measured, Node 20).
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = data[i];
  return out;
}

/** Makes `$data` build the rows on first use; `shape` answers from the columns until then. */
function lazyRows(df: DataFrame, cols: Value[][], n: number): void {
  const settle = (rows: Value[][]): void => {
    // The instance `shape` goes; the prototype's getter (which reads `$data`) takes over.
    Reflect.deleteProperty(df, "shape");
    Object.defineProperty(df, "$data", { value: rows, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(df, "$data", {
    enumerable: true,
    configurable: true,
    get(): Value[][] {
      const rows = transpose(cols, n);
      settle(rows);
      return rows;
    },
    set(rows: Value[][]) {
      settle(rows);
    },
  });
  Object.defineProperty(df, "shape", { configurable: true, get: () => [n, cols.length] });
}

/** True while the frame's rows have not been built (for tests and benchmarks). */
export function rowsPending(df: DataFrame): boolean {
  return Object.getOwnPropertyDescriptor(df, "$data")?.get !== undefined;
}

function transpose(cols: Value[][], n: number): Value[][] {
  const k = cols.length;
  const rows = new Array<Value[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<Value>(k);
    for (let c = 0; c < k; c++) row[c] = cols[c][i];
    rows[i] = row;
  }
  return rows;
}
