/**
 * Typed column readers: a column of a table as the type its spec says, throwing for a programmer mistake (a column
 * that does not exist, or holds another type). A notebook reads `numbers(table, "timeMs")` instead of casting.
 * Every reader — these three, Trace.num/str/bool, selectColumns — throws the one message of columnMessage.
 */
import type { ColumnData, ColumnSpec, Table } from "./table";

type ColumnType = ColumnSpec["type"];

/** The numeric column `name` of `table`; throws (columnMessage) if the table has no such numeric column. */
export function numbers(table: Table, name: string): Float64Array {
  return columnOf(table, name, "number") as Float64Array;
}

/** The string column `name` of `table`; throws (columnMessage) if the table has no such string column. */
export function strings(table: Table, name: string): readonly string[] {
  return columnOf(table, name, "string") as string[];
}

/** The boolean column `name` of `table`; throws (columnMessage) if the table has no such boolean column. */
export function booleans(table: Table, name: string): readonly boolean[] {
  return columnOf(table, name, "boolean") as boolean[];
}

/** The column `name` of `table` if it holds `type`; else throws an Error with columnMessage. */
export function columnOf(table: Table, name: string, type: ColumnType): ColumnData {
  const c = table.columns[name];
  if (c !== undefined && typeOf(table, name, c) === type) return c;
  throw new Error(columnMessage(table, name, type));
}

/**
 * The one message for a column that is missing or holds another type than asked: the table, what was asked, why
 * not (the type the column holds, or the closest name as a did-you-mean), and the columns of the asked type, e.g.
 * `table gctrace: no number column "heapLiveMb" (did you mean "heapLiveMB"?); number columns: run, line, …`.
 * Without `type` (any column asked for, as selectColumns does) it lists every column.
 */
export function columnMessage(table: Table, name: string, type?: ColumnType): string {
  const types = columnTypes(table);
  const held = types.get(name);
  const what = type === undefined ? "column" : `${type} column`;
  let why: string;
  if (held !== undefined) {
    why = `it holds ${held}s`;
  } else {
    const near = closestName(name, [...types.keys()]);
    const nearType = near === undefined ? undefined : types.get(near);
    why =
      near === undefined
        ? "no column of that name"
        : `did you mean ${JSON.stringify(near)}${type !== undefined && nearType !== type ? `, which holds ${nearType}s` : ""}?`;
  }
  const listed = [...types].filter(([, t]) => type === undefined || t === type).map(([n]) => n);
  const list = listed.length === 0 ? "none" : listed.join(", ");
  return `table ${table.name}: no ${what} ${JSON.stringify(name)} (${why}); ${type === undefined ? "columns" : `${type} columns`}: ${list}`;
}

/**
 * The name of `names` closest to `name` for a did-you-mean: the same letters in another case first, else the
 * fewest single-character edits (Levenshtein), at most a third of the name's length (at least 1); undefined when
 * none is that close. Ties go to the first in `names`.
 */
export function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = names.find((n) => n.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestEdits = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const n of names) {
    const edits = editDistance(lower, n.toLowerCase());
    if (edits < bestEdits) {
      best = n;
      bestEdits = edits;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Every column's type, in schema order (then any column the schema leaves out, typed by its values). */
function columnTypes(table: Table): Map<string, ColumnType> {
  const types = new Map<string, ColumnType>();
  for (const spec of table.schema) if (spec.name in table.columns) types.set(spec.name, spec.type);
  for (const name of Object.keys(table.columns)) {
    if (types.has(name)) continue;
    const t = typeOf(table, name, table.columns[name]);
    if (t !== undefined) types.set(name, t);
  }
  return types;
}

/** What a column holds: a Float64Array numbers; an array what its spec says, else what its first value is. */
function typeOf(table: Table, name: string, c: ColumnData): ColumnType | undefined {
  if (c instanceof Float64Array) return "number";
  const spec = table.schema.find((s) => s.name === name);
  if (spec !== undefined && spec.type !== "number") return spec.type;
  const first = typeof c[0];
  return first === "string" || first === "boolean" ? first : undefined;
}
