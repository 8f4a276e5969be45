/**
 * Typed column readers: a column of a table as the type its spec says, throwing for a programmer mistake (a column
 * that does not exist, or holds another type). A notebook reads `numbers(table, "timeMs")` instead of casting.
 */
import type { Table } from "./table";

/** The numeric column `name` of `table`; throws if the table has no such numeric column. */
export function numbers(table: Table, name: string): Float64Array {
  const c = table.columns[name];
  if (!(c instanceof Float64Array)) {
    throw new Error(`table ${table.name}: no numeric column ${JSON.stringify(name)}`);
  }
  return c;
}

/** The string column `name` of `table`; throws if the table has no such string column. */
export function strings(table: Table, name: string): readonly string[] {
  const c = table.columns[name];
  if (!Array.isArray(c) || (c.length > 0 && typeof c[0] !== "string")) {
    throw new Error(`table ${table.name}: no string column ${JSON.stringify(name)}`);
  }
  return c as string[];
}

/** The boolean column `name` of `table`; throws if the table has no such boolean column. */
export function booleans(table: Table, name: string): readonly boolean[] {
  const c = table.columns[name];
  if (!Array.isArray(c) || (c.length > 0 && typeof c[0] !== "boolean")) {
    throw new Error(`table ${table.name}: no boolean column ${JSON.stringify(name)}`);
  }
  return c as boolean[];
}
