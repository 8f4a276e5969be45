/**
 * Building tables: `makeTable` so every analysis that returns rows returns a `Table` with a documented schema
 * (src/frame/toDataFrame turns it into a DataFrame), and `rowsTable` for small results a notebook computes.
 */
import { bool, num, str } from "./columnSpec";
import type { ColumnData, ColumnSpec, Table } from "./table";

/** Builds a Table, checking that every schema column is present with the same length. */
export function makeTable(
  name: string,
  schema: readonly ColumnSpec[],
  columns: Record<string, ColumnData>,
): Table {
  const length = schema.length === 0 ? 0 : columns[schema[0].name]?.length;
  for (const spec of schema) {
    const c = columns[spec.name];
    if (c === undefined) throw new Error(`table ${name}: column ${spec.name} missing`);
    if (c.length !== length) {
      throw new Error(`table ${name}: column ${spec.name} has ${c.length} rows, expected ${length}`);
    }
  }
  return { name, schema, length: length ?? 0, columns };
}

/**
 * Plain objects as a table, for show(): one row per object, one column per key of the first (numbers, strings or
 * booleans; a missing or mistyped value throws). For small results a notebook computes, instead of an object dump.
 */
export function rowsTable(rows: readonly Record<string, number | string | boolean>[], name = "rows"): Table {
  const keys = rows.length === 0 ? [] : Object.keys(rows[0]);
  const schema: ColumnSpec[] = keys.map((k) => {
    const v = rows[0][k];
    return typeof v === "number" ? num(k, "", "") : typeof v === "string" ? str(k, "") : bool(k, "");
  });
  const columns: Record<string, ColumnData> = {};
  for (const spec of schema) {
    const values = rows.map((r, i) => {
      const v = r[spec.name];
      if (typeof v !== (spec.type === "number" ? "number" : spec.type)) {
        throw new Error(`rowsTable: row ${i} ${spec.name} is ${JSON.stringify(v)}, not a ${spec.type}`);
      }
      return v;
    });
    columns[spec.name] =
      spec.type === "number" ? Float64Array.from(values as number[]) : (values as string[]);
  }
  return makeTable(name, schema, columns);
}
