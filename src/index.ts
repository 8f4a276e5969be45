/** godebug-lab's public API: re-exports only. */
export { toDataFrame } from "./frame/toDataFrame";
export type { MalformedLine, ParseOptions, TableName, Trace } from "./parse/trace";
export { loadTrace, parseTrace, parseTraceStream, TABLE_NAMES } from "./parse/trace";
export type {
  ColumnData,
  ColumnSpec,
  LineClass,
  Table,
  TraceKind,
} from "./parse/types";
export { TRACE_KINDS } from "./parse/types";
