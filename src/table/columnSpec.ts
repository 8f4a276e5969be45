/** Column specs: the one helper for each column type, and the key columns every trace table starts with. */
import type { ColumnSpec } from "./table";

/** A number column spec. */
export function num(name: string, unit: string, doc: string): ColumnSpec {
  return { name, type: "number", unit, doc };
}

/** A string column spec. */
export function str(name: string, doc: string): ColumnSpec {
  return { name, type: "string", unit: "", doc };
}

/** A boolean column spec. */
export function bool(name: string, doc: string): ColumnSpec {
  return { name, type: "boolean", unit: "", doc };
}

/** The three columns every table starts with. */
export const KEY_COLUMNS: readonly ColumnSpec[] = [
  {
    name: "run",
    type: "number",
    unit: "index",
    doc: "which process run of the input this row belongs to, from 0",
  },
  { name: "line", type: "number", unit: "line", doc: "1-based line number in the input" },
  {
    name: "timeMs",
    type: "number",
    unit: "ms",
    doc: "milliseconds since that process started (see the table's notes for how it is derived)",
  },
];
