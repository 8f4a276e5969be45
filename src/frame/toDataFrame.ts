/**
 * Tables to danfo DataFrames, fast. This directory is the only place that imports danfojs-node.
 *
 * Why not `new DataFrame(columnsObject)`: danfo keeps every frame twice, as rows (`$data`, used by loc/iloc,
 * groupby, print, values) and as columns (`$dataIncolumnFormat`, used by column access, describe, arithmetic on
 * a column). Given columns, the constructor transposes them to rows (`utils.getRowAndColValues`), transposes the
 * rows back to columns (`loadArrayIntoNdframe`), infers dtypes and checks the index for duplicates through a Set:
 * about 8 s for 1M rows x 22 columns, and a row array per row (the numbers boxed) costs more memory than the table.
 *
 * The fast path builds the same frame from the columns, lazily:
 * 1. `new DataFrame([], {columns, dtypes})`: danfo's own empty-frame path sets the column names, the dtypes and the
 *    per-column accessors (`df.gcNum`). This is also the whole answer for an empty table, which danfo cannot infer.
 * 2. `$dataIncolumnFormat[c]` becomes, on its first read, a plain array copy of the table's column c (danfo and
 *    mathjs do not accept typed arrays; a copy, because danfo may write into it); `$index` becomes 0..n-1 on its
 *    first read; `$data` (rows) is transposed from the table's columns on its first read (loc, iloc, groupby, print,
 *    values…). Each lazy property replaces itself with the plain value, so from then on the frame is exactly a
 *    constructor-made one; a write (danfo's `$setValues`, `$setColumnData`) replaces it likewise. Until the rows
 *    exist, `shape` answers from the table.
 * So building costs O(columns), and each use pays only for the columns it touches: `df.column("pauseMs")`,
 * `describe()` on a few columns, the per-column accessors never build the rows.
 *
 * Reading a column: danfo's `$getColumnData` makes a Series with the frame's index, and the Series constructor
 * checks that index for duplicates with `Array.from(new Set(index))`: at 1M rows that check is most of the cost of
 * a first `df.column(...)` / `df["pauseMs"]` (seconds on a loaded VM). While the frame's index is still the 0..n-1
 * range made here (unique by construction), `fastColumn` makes the same Series without that check: danfo's own
 * empty-Series path, then the column array (shared with the frame, as danfo shares it), a copy of the index and
 * the dtype. Once the index is replaced (setIndex, a write), danfo's method runs again. The rows (`$data`, for
 * loc/iloc/values/print) are still built only when first needed, and that remains the expensive part.
 *
 * dtypes follow danfo's inference rule (the first 500 values: a non-integer or NaN makes a number column
 * `float32`, otherwise `int32`), except that a string column is always `string` (danfo calls a column of empty or
 * numeric-looking strings `int32`) and Infinity counts as float (danfo's test `String(v).includes(".")` calls it int).
 */
import type { DataFrame } from "danfojs-node";
import type { ColumnData, ColumnSpec, Table } from "../table/table";

type Danfo = typeof import("danfojs-node");
type Value = number | string | boolean;
type SeriesOptions = NonNullable<ConstructorParameters<Danfo["Series"]>[1]>;
export type Dtype = "float32" | "int32" | "string" | "boolean";

/** The number of leading values danfo's dtype inference looks at (danfojs-base/shared/config.js dtypeTestLim). */
const DTYPE_TEST_LIM = 500;

let danfo: Danfo | undefined;

/** The version of danfojs-node godebug-lab is tested with. */
export const DANFO_VERSION = "1.1.2";
/**
 * The pure-JS TensorFlow.js that danfojs-node 1.1.2 loads: its node build requires `@tensorflow/tfjs` itself
 * (danfojs-base/shared/tensorflowlib.js), which it does not depend on, so it must be installed beside it.
 */
export const TFJS_VERSION = "3.21.0";
/** The npm override that replaces `@tensorflow/tfjs-node` (a binary downloaded at install time) by the same. */
export const TFJS_OVERRIDE = { "@tensorflow/tfjs-node": `npm:@tensorflow/tfjs@${TFJS_VERSION}` } as const;

/**
 * What to do when danfojs-node cannot be loaded. godebug-lab does not install it (it is an optional peer
 * dependency): it brings TensorFlow.js, hundreds of MiB that the CLI, the analyses and the charts never use, and its
 * `@tensorflow/tfjs-node` downloads a binary from outside the npm registry at install time. npm `overrides` apply
 * only to the project that declares them, so the user's own package.json needs the entry.
 */
export function danfoInstallHint(): string {
  return [
    `Install it in your project: npm install danfojs-node@${DANFO_VERSION} @tensorflow/tfjs@${TFJS_VERSION}`,
    "On a machine that reaches only the npm registry, first add this to your package.json, so npm installs the",
    "pure-JS TensorFlow.js instead of @tensorflow/tfjs-node (whose install script downloads a binary):",
    `  "overrides": ${JSON.stringify(TFJS_OVERRIDE)}`,
    "(`npx godebug-lab init <dir>` makes a workspace with both.) Everything else in godebug-lab (tables, analyses,",
    "charts, rendering) works without danfojs-node.",
  ].join("\n");
}

/**
 * danfojs-node loads TensorFlow.js (about 2 s), so it is required on the first DataFrame, not on import. When it
 * is missing, or present but unloadable, throws one error saying what to install. `load` is the require used
 * (tests pass one that resolves from elsewhere).
 */
export function loadDanfo(load: (id: string) => unknown = require): Danfo {
  if (danfo !== undefined && load === require) return danfo;
  let loaded: Danfo;
  try {
    loaded = load("danfojs-node") as Danfo;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const missing = err.code === "MODULE_NOT_FOUND" && /['"]danfojs-node['"]/.test(err.message);
    const what = missing
      ? "DataFrames (trace.frame(), toDataFrame) need danfojs-node, which is not installed."
      : `DataFrames (trace.frame(), toDataFrame) need danfojs-node, which failed to load: ${err.message.split("\n")[0]}`;
    throw new Error(`${what}\n${danfoInstallHint()}`, { cause: error });
  }
  if (load === require) danfo = loaded;
  return loaded;
}

/** The internals of a danfo NDframe that the fast path fills (danfojs-base/core/generic.js). */
interface FrameInternals {
  $data: Value[][];
  $dataIncolumnFormat: Value[][];
  $index: number[];
  $dtypes: Dtype[];
  $columns: string[];
  $config: { isLowMemoryMode: boolean };
  $getColumnData(column: string, returnSeries?: boolean): unknown;
}

/** A DataFrame with the table's columns, in schema order, with the same values, dtypes and index as danfo's own. */
export function toDataFrame(table: Table): DataFrame {
  const { DataFrame } = loadDanfo();
  const names = table.schema.map((c) => c.name);
  const dtypes = table.schema.map((c) => dtypeOf(c, table.columns[c.name]));
  const df = new DataFrame([], { columns: names, dtypes });
  const n = table.length;
  if (n === 0) return df;
  const source = table.schema.map((c) => table.columns[c.name]);
  const cols = new Array<Value[]>(source.length);
  for (let c = 0; c < source.length; c++) lazy(cols, String(c), () => plainArray(source[c], n));
  (df as unknown as FrameInternals).$dataIncolumnFormat = cols;
  const index = range(n);
  lazy(df, "$index", () => index);
  fastColumn(df as unknown as FrameInternals, index);
  lazy(
    df,
    "$data",
    () => transpose(source, n),
    () => Reflect.deleteProperty(df, "shape"),
  );
  Object.defineProperty(df, "shape", { configurable: true, get: () => [n, source.length] });
  return df;
}

/**
 * Gives the frame a `$getColumnData` that skips the Series constructor's duplicate-index check while the index is
 * `unique` (the 0..n-1 range the frame was built with), and is danfo's own method otherwise.
 */
function fastColumn(frame: FrameInternals, unique: number[]): void {
  // danfo's $getColumnData makes a danfojs-base Series, the class that danfojs-node's exported Series extends.
  const Series = Object.getPrototypeOf(loadDanfo().Series.prototype).constructor as Danfo["Series"];
  const danfos = frame.$getColumnData;
  Object.defineProperty(frame, "$getColumnData", {
    configurable: true,
    writable: true,
    value(this: FrameInternals, column: string, returnSeries = true): unknown {
      if (!returnSeries || this.$index !== unique || this.$config.isLowMemoryMode) {
        return danfos.call(this, column, returnSeries);
      }
      const k = this.$columns.indexOf(column);
      if (k < 0) return danfos.call(this, column, returnSeries); // danfo's column-not-found error
      // As danfo's $getColumnData: dtype of the column, a copy of the index, the column's name, a config copy.
      const config = { ...this.$config } as SeriesOptions["config"];
      const s = new Series([], { columns: [column], dtypes: [this.$dtypes[k]], config });
      const internals = s as unknown as { $data: Value[]; $dataIncolumnFormat: Value[]; $index: number[] };
      const data = this.$dataIncolumnFormat[k];
      internals.$data = data;
      internals.$dataIncolumnFormat = data; // danfo: utils.transposeArray(data), which returns a 1-D array as is
      internals.$index = this.$index.slice();
      return s;
    },
  });
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

/**
 * Defines `key` on `obj` as a value computed on first read. The first read or any write replaces the accessor by
 * a plain data property (and calls `settled`), so code that reads or assigns it sees an ordinary property.
 */
function lazy<T>(obj: object, key: string, compute: () => T, settled?: () => void): void {
  const settle = (value: T): void => {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    settled?.();
  };
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get(): T {
      const value = compute();
      settle(value);
      return value;
    },
    set(value: T) {
      settle(value);
    },
  });
}

/** How many of the frame's lazy parts (columns, index, rows) are still unbuilt (for tests and benchmarks). */
export function pendingParts(df: DataFrame): { columns: number; index: boolean; rows: boolean } {
  const pending = (obj: object, key: string) => Object.getOwnPropertyDescriptor(obj, key)?.get !== undefined;
  const cols = (df as unknown as FrameInternals).$dataIncolumnFormat;
  let columns = 0;
  for (let c = 0; c < cols.length; c++) if (pending(cols, String(c))) columns++;
  return { columns, index: pending(df, "$index"), rows: pending(df, "$data") };
}

function range(n: number): number[] {
  const index = new Array<number>(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return index;
}

function plainArray(data: ColumnData, n: number): Value[] {
  if (Array.isArray(data)) return data.slice(0, n);
  // An index loop into a pre-sized array: 3-5x faster than Array.from on a Float64Array (measured, Node 20).
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = data[i];
  return out;
}

/** Rows straight from the table's columns (typed arrays read fast; no column copy is forced). */
function transpose(source: readonly ColumnData[], n: number): Value[][] {
  const k = source.length;
  const rows = new Array<Value[]>(n);
  for (let i = 0; i < n; i++) {
    const row = new Array<Value>(k);
    for (let c = 0; c < k; c++) row[c] = source[c][i];
    rows[i] = row;
  }
  return rows;
}
