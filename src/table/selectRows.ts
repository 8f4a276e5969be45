/**
 * Row and column selection: narrower tables over the same columns, copying as little as possible.
 */
import { columnMessage } from "./columns";
import type { ColumnData, Table } from "./table";

/** The rows of `table` for which `keep(row)` is true, as a new table with the same schema. */
export function filterRows(table: Table, keep: (row: number) => boolean): Table {
  const rows: number[] = [];
  for (let r = 0; r < table.length; r++) if (keep(r)) rows.push(r);
  const columns: Record<string, ColumnData> = {};
  for (const spec of table.schema) {
    const c = table.columns[spec.name];
    if (c instanceof Float64Array) {
      const out = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = c[rows[i]];
      columns[spec.name] = out;
    } else {
      columns[spec.name] = rows.map((r) => c[r]) as string[] | boolean[];
    }
  }
  return { name: table.name, schema: table.schema, length: rows.length, columns };
}

/**
 * The rows of `table` for which `keep(row)` is true, with the same schema, copying as little as it can: the table
 * itself when every row is kept; for one contiguous block of rows (the usual case: rows are in input order), number
 * columns as `subarray` views on the table's own and the others sliced when first read; otherwise gathered copies.
 * `copied` says whether the columns were copied.
 */
export function selectRows(t: Table, keep: (i: number) => boolean): { table: Table; copied: boolean } {
  let lo = -1;
  let hi = -1;
  let kept = 0;
  for (let i = 0; i < t.length; i++) {
    if (!keep(i)) continue;
    if (lo < 0) lo = i;
    hi = i;
    kept++;
  }
  if (kept === t.length) return { table: t, copied: false };
  if (kept === 0) return { table: sliceTable(t, 0, 0), copied: false };
  if (kept === hi - lo + 1) return { table: sliceTable(t, lo, hi + 1), copied: false };
  return { table: filterRows(t, keep), copied: true };
}

/** Rows [lo, hi) of `t`: number columns as subarrays, the others sliced on first read. */
function sliceTable(t: Table, lo: number, hi: number): Table {
  const columns: Record<string, ColumnData> = {};
  for (const spec of t.schema) {
    const c = t.columns[spec.name];
    if (c instanceof Float64Array) {
      columns[spec.name] = c.subarray(lo, hi);
      continue;
    }
    let sliced: ColumnData | undefined;
    Object.defineProperty(columns, spec.name, {
      enumerable: true,
      get: () => {
        sliced ??= (c as string[]).slice(lo, hi);
        return sliced;
      },
    });
  }
  return { name: t.name, schema: t.schema, length: hi - lo, columns };
}

/** The columns `names` of `table`, in that order, as a new table (columns shared, not copied): a narrower view. */
export function selectColumns(table: Table, names: readonly string[]): Table {
  const schema = names.map((n) => {
    const spec = table.schema.find((c) => c.name === n);
    if (spec === undefined) throw new Error(columnMessage(table, n));
    return spec;
  });
  const columns: Record<string, ColumnData> = {};
  for (const n of names) columns[n] = table.columns[n];
  return { name: table.name, schema, length: table.length, columns };
}
