/**
 * The columnar types of the tables' columns (docs/schema.md gives each column's unit). One mapping for every file
 * of a dataset, so that the parts of one table, written from different traces, have the same schema (Spark and
 * DuckDB refuse or widen parts whose types differ).
 *
 * A number column whose unit is counted in whole numbers (line numbers, counts, ids, MiB and KiB, which the runtime
 * prints as integers: `heap_live>>20` in runtime/mgc.go gcMarkTermination, `>>10` in runtime/mgcscavenge.go) is an
 * integer column: Parquet stores those with delta and dictionary encodings, several times smaller than doubles.
 * Everything else (ms, %, ratios, fractions) stays a double. A number the Go version of a line does not print (NaN
 * in the in-memory table) is a null.
 */
import type { ColumnSpec, Table } from "../table/table";

export type ColumnarType = "float64" | "int32" | "int64" | "bool" | "utf8";

/** Units printed as whole numbers that fit 32 bits (a count of Ps, a cycle number, MiB up to 2 PiB). */
const INT32_UNITS = new Set([
  "index",
  "line",
  "count",
  "cycle",
  "pass",
  "generation",
  "Ps",
  "Ms",
  "flag",
  "goroutines",
  "code",
  "id",
  "timers",
  "pages",
  "MiB",
]);
/** Whole numbers that may pass 2^31: byte counts, KiB of a large heap, goroutine ids of a long-lived process. */
const INT64_UNITS = new Set(["bytes", "KiB", "goid"]);

export function columnarType(spec: ColumnSpec): ColumnarType {
  if (spec.type === "boolean") return "bool";
  if (spec.type === "string") return "utf8";
  if (INT32_UNITS.has(spec.unit)) return "int32";
  if (INT64_UNITS.has(spec.unit)) return "int64";
  return "float64";
}

/** The columns of a label (`service`, `host`, ... given by --label or a path pattern): strings, null if absent. */
export type Labels = Readonly<Record<string, string | null>>;

/** Label names must not collide with a table's columns nor with the dataset's partition keys. */
export const PARTITION_KEYS = ["table", "source"] as const;

export function checkLabelName(name: string, table?: Table): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`label '${name}': a label name is a letter or _ followed by letters, digits or _`);
  }
  if ((PARTITION_KEYS as readonly string[]).includes(name)) {
    throw new Error(`label '${name}': ${name} is a partition key of the dataset (from the folder names)`);
  }
  if (table?.schema.some((c) => c.name === name)) {
    throw new Error(`label '${name}': table ${table.name} has a column of that name`);
  }
}

/**
 * An integer column's values as Int32Array / BigInt64Array plus the positions of nulls. Throws, naming the
 * table, column and input line, if a value is not a whole number in range: the mapping above would be wrong.
 */
export function integerValues(
  table: Table,
  spec: ColumnSpec,
  type: "int32" | "int64",
): { values: Int32Array | BigInt64Array; valid: Uint8Array | null; nulls: number } {
  const v = table.columns[spec.name] as Float64Array;
  const n = v.length;
  const out = type === "int32" ? new Int32Array(n) : new BigInt64Array(n);
  const max = type === "int32" ? 2 ** 31 : 2 ** 63;
  let valid: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      if (valid === null) valid = allValid(n);
      valid[i >> 3] &= ~(1 << (i & 7));
      nulls++;
      continue;
    }
    if (!Number.isInteger(x) || x < -max || x >= max) {
      const line = (table.columns.line as Float64Array | undefined)?.[i];
      throw new Error(
        `${table.name}.${spec.name} (${spec.unit}): ${x} at input line ${line} is not a whole ${type} number`,
      );
    }
    if (type === "int32") (out as Int32Array)[i] = x;
    else (out as BigInt64Array)[i] = BigInt(x);
  }
  return { values: out, valid, nulls };
}

/** The validity bitmap (Arrow's LSB order) of a double column: NaN is null. Null when no value is NaN. */
export function floatValidity(v: Float64Array): { valid: Uint8Array | null; nulls: number } {
  let valid: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isNaN(v[i])) continue;
    if (valid === null) valid = allValid(v.length);
    valid[i >> 3] &= ~(1 << (i & 7));
    nulls++;
  }
  return { valid, nulls };
}

/** A bitmap of n bits, all set. */
function allValid(n: number): Uint8Array {
  return new Uint8Array((n + 7) >> 3).fill(0xff);
}
