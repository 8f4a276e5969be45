/**
 * Reading the loader's tables and building the analyses' own: typed column access that throws for a
 * programmer mistake (a column that does not exist), run selection, and `makeTable` so every analysis that
 * returns rows returns a `Table` with a documented schema (src/frame/toDataFrame turns it into a DataFrame).
 */
import type { ColumnData, ColumnSpec, Table } from "../table/table";

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

/** The rows of one process run (the `run` column): views on the table's columns when they are one block. */
export function selectRun(table: Table, run: number): Table {
  const runs = numbers(table, "run");
  return selectRows(table, (r) => runs[r] === run).table;
}

/**
 * The run with the most rows in `table` (ties: the later run). A `go run` trace holds the go command's and the
 * compiler's short runs before the program's own; the program is almost always the busiest.
 */
export function busiestRun(table: Table): number {
  const runs = numbers(table, "run");
  const counts = new Map<number, number>();
  for (let r = 0; r < runs.length; r++) counts.set(runs[r], (counts.get(runs[r]) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [run, count] of counts) {
    if (count > bestCount || (count === bestCount && run > best)) {
      best = run;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The rows of run `run` when given, else of the busiest run; the table unchanged if it holds one run (or none).
 * In a `go run` trace the go command's own process can be busier than the program: pass the program's run.
 */
export function mainRun(table: Table, run?: number): Table {
  if (run !== undefined) return selectRun(table, run);
  if (table.length === 0) return table;
  const runs = numbers(table, "run");
  let single = true;
  for (let r = 1; r < runs.length && single; r++) single = runs[r] === runs[0];
  return single ? table : selectRun(table, busiestRun(table));
}

/** A number column spec, for the analyses' own schemas. */
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

/** The columns `names` of `table`, in that order, as a new table (columns shared, not copied): a narrower view. */
export function selectColumns(table: Table, names: readonly string[]): Table {
  const schema = names.map((n) => {
    const spec = table.schema.find((c) => c.name === n);
    if (spec === undefined) throw new Error(`table ${table.name}: no column ${JSON.stringify(n)}`);
    return spec;
  });
  const columns: Record<string, ColumnData> = {};
  for (const n of names) columns[n] = table.columns[n];
  return { name: table.name, schema, length: table.length, columns };
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
