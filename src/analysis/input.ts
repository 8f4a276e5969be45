/**
 * What the analyses accept: the whole Trace the loader returns, one of its Tables, or that table as a danfo
 * DataFrame (`trace.frame("gctrace")`, or a frame the user filtered). Every analysis calls one of these once at its
 * top and then computes on the Table's typed columns.
 *
 * A Trace gives its table by name, unchanged (all process runs, as `trace.tables[name]`); a Table is used as it is;
 * a DataFrame is converted back to columns once (src/frame/fromDataFrame.ts, types from the loader's schema).
 * The three are told apart structurally, so the analyses never import danfojs-node (only src/frame/ does).
 */
import type { DataFrameLike } from "../frame/dataFrameLike";
import { fromDataFrame } from "../frame/fromDataFrame";
import { TABLE_SCHEMAS, type TableName } from "../parse/tables";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";

/** One table: a Table or its danfo DataFrame (danfojs-node's, or a danfojs-base one from iloc/query/head). */
export type TableInput = Table | DataFrameLike;
/** A trace table: the whole Trace (the table is picked by name), the Table, or its DataFrame. */
export type TraceInput = Trace | TableInput;

function isTrace(x: object): x is Trace {
  const tables = (x as Partial<Trace>).tables;
  return typeof tables === "object" && tables !== null && !Array.isArray(tables);
}

function isTable(x: object): x is Table {
  const t = x as Partial<Table>;
  return Array.isArray(t.schema) && typeof t.columns === "object" && typeof t.length === "number";
}

function isDataFrame(x: object): x is DataFrameLike {
  const f = x as { columns?: unknown; column?: unknown };
  return Array.isArray(f.columns) && typeof f.column === "function";
}

/** The table `name` of a Trace, a Table as is, or a DataFrame's columns; throws for anything else. */
export function tableOf(input: TraceInput, name: TableName): Table {
  if (typeof input === "object" && input !== null) {
    if (isTable(input)) return input;
    if (isTrace(input)) {
      const t = input.tables[name];
      if (t === undefined) throw new Error(`trace ${input.source}: no table ${name}`);
      return t;
    }
    if (isDataFrame(input)) return fromDataFrame(input, name, TABLE_SCHEMAS[name]);
  }
  throw new TypeError(`expected a Trace, the ${name} Table or its DataFrame, got ${describe(input)}`);
}

function describe(x: unknown): string {
  if (x === null || typeof x !== "object") return String(x);
  const keys = Object.keys(x).slice(0, 6).join(", ");
  return `an object with keys ${keys || "(none)"}`;
}

/**
 * The scheduler's two tables: schedtrace and its per-P rows. From a Trace without `perP`: scheddetailP when the
 * trace holds scheddetail dumps (their P lines carry runqsize and schedtick), else schedtraceP (the summary lines'
 * bracket lists). A per-P DataFrame is read with scheddetailP's schema when it has a `runqsize` column.
 */
export function schedTablesOf(
  schedtraceInput: TraceInput,
  perPInput?: TableInput,
): { schedtrace: Table; perP: Table | undefined } {
  const schedtrace = tableOf(schedtraceInput, "schedtrace");
  if (perPInput !== undefined) return { schedtrace, perP: perPOf(perPInput) };
  if (typeof schedtraceInput !== "object" || !isTrace(schedtraceInput))
    return { schedtrace, perP: undefined };
  const detail = schedtrace.columns.detail as boolean[] | undefined;
  const name = detail?.some(Boolean) ? "scheddetailP" : "schedtraceP";
  return { schedtrace, perP: schedtraceInput.tables[name] };
}

/** schedTablesOf for a function that needs the per-P rows: throws (naming `fn`) when none was given or found. */
export function schedTablesWithPerP(
  schedtraceInput: TraceInput,
  perPInput: TableInput | undefined,
  fn: string,
): { schedtrace: Table; perP: Table } {
  const { schedtrace, perP } = schedTablesOf(schedtraceInput, perPInput);
  if (perP === undefined) {
    throw new TypeError(
      `${fn}: with a schedtrace table, pass its per-P table (schedtraceP or scheddetailP) too`,
    );
  }
  return { schedtrace, perP };
}

function perPOf(input: TableInput): Table {
  if (isTable(input)) return input;
  const name = isDataFrame(input) && input.columns.includes("runqsize") ? "scheddetailP" : "schedtraceP";
  return tableOf(input, name);
}
