/**
 * danfo DataFrames back to columnar Tables, so the analyses (which compute on typed columns) also take the frames
 * that `trace.frame(name)` / `toDataFrame` hand to users, including frames a user filtered or rebuilt with danfo.
 *
 * Only danfo's public API is read: `df.columns`, `df.dtypes`, `df.shape` and `df.column(name).values`, so a frame
 * made by danfo's own constructor or by one of its operations converts like a `toDataFrame` one (whose `column()`
 * reads one lazy column without building the rows). Nothing here loads danfojs-node: the frame comes in built.
 *
 * Column types come from `schema` where it names the column (the loader's TABLE_SCHEMAS), else from danfo's dtype
 * ("string", "boolean", otherwise a number). Missing values: in a number column null and undefined become NaN (the
 * tables' "not printed"), NaN stays NaN; in a string column they become "" (the parsers' empty string for an
 * unprinted label); a boolean column has no missing value, so null there throws, as does a value of the wrong type.
 */
import type { ColumnData, ColumnSpec, Table } from "../table/table";
import type { DataFrameLike } from "./dataFrameLike";

/** A Table with the frame's columns, in the frame's order; `name` names it in the analyses' error messages. */
export function fromDataFrame(
  frame: DataFrameLike,
  name = "frame",
  schema: readonly ColumnSpec[] = [],
): Table {
  const names = frame.columns;
  const n = frame.shape[0] ?? 0;
  const known = new Map(schema.map((s) => [s.name, s]));
  const specs: ColumnSpec[] = [];
  const columns: Record<string, ColumnData> = {};
  names.forEach((column, k) => {
    const spec = known.get(column) ?? inferredSpec(column, frame.dtypes[k]);
    // An empty frame's column() goes through danfo's row data, which an empty frame does not have.
    const values = n === 0 ? [] : (frame.column(column).values as ArrayLike<unknown>);
    if (values.length !== n) {
      throw new Error(
        `fromDataFrame ${name}: column ${column} has ${values.length} values, the frame ${n} rows`,
      );
    }
    specs.push(spec);
    columns[column] = convert(values, spec, name);
  });
  return { name, schema: specs, length: n, columns };
}

function inferredSpec(name: string, dtype: string | undefined): ColumnSpec {
  const type = dtype === "string" ? "string" : dtype === "boolean" ? "boolean" : "number";
  return { name, type, unit: "", doc: `from a DataFrame column of dtype ${dtype}` };
}

function convert(values: ArrayLike<unknown>, spec: ColumnSpec, table: string): ColumnData {
  const n = values.length;
  const bad = (r: number, want: string): Error =>
    new TypeError(
      `fromDataFrame ${table}: column ${spec.name} row ${r} holds ${String(values[r])} (${typeof values[r]}), ` +
        `expected ${want}`,
    );
  if (spec.type === "number") {
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (typeof v === "number") out[r] = v;
      else if (v === null || v === undefined) out[r] = Number.NaN;
      else throw bad(r, "a number, NaN or null");
    }
    return out;
  }
  if (spec.type === "string") {
    const out = new Array<string>(n);
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (typeof v === "string") out[r] = v;
      else if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) out[r] = "";
      else throw bad(r, "a string");
    }
    return out;
  }
  const out = new Array<boolean>(n);
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (typeof v !== "boolean") throw bad(r, "true or false");
    out[r] = v;
  }
  return out;
}
