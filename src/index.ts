/**
 * godebug-lab's public API: re-exports only.
 *
 *   const { loadTrace } = require("godebug-lab");
 *   const trace = await loadTrace("trace.log");          // or parseTrace(text), parseTraceStream(process.stdin)
 *   trace.counts;                                         // lines per kind, other, malformed
 *   trace.num("gctrace", "pauseMs");                      // a column (Float64Array)
 *   trace.frame("gctrace");                               // a danfo DataFrame
 */

export * from "./analysis";
export {
  type CaptureHandle,
  type CaptureOptions,
  type CaptureResult,
  capture,
  formatGodebug,
  type GodebugSettings,
} from "./capture";
export * from "./chart";
export * from "./columnar";
export * from "./fleet";
export type { DataFrameLike } from "./frame/dataFrameLike";
export { fromDataFrame } from "./frame/fromDataFrame";
export { type Dtype, toDataFrame } from "./frame/toDataFrame";
export { KEY_COLUMNS } from "./parse/columns";
export { GCPACERTRACE_COLUMNS } from "./parse/gcpacertrace";
export { GCFORCED_COLUMNS, GCSCAN_COLUMNS, GCTRACE_COLUMNS } from "./parse/gctrace";
export { INITTRACE_COLUMNS } from "./parse/inittrace";
export { SCAVTRACE_COLUMNS } from "./parse/scavtrace";
export { SCHEDDETAIL_G_COLUMNS, SCHEDDETAIL_M_COLUMNS, SCHEDDETAIL_P_COLUMNS } from "./parse/scheddetail";
export { SCHEDTRACE_COLUMNS, SCHEDTRACE_P_COLUMNS } from "./parse/schedtrace";
export {
  type Damage,
  LINE_CLASSES,
  loadTrace,
  MALFORMED_TEXT_CHARS,
  type MalformedLine,
  type ParseOptions,
  parseTrace,
  parseTraceStream,
  TABLE_INFO,
  TABLE_NAMES,
  TABLE_SCHEMAS,
  type TableInfo,
  type TableName,
  type Trace,
} from "./parse/trace";
export {
  type ColumnData,
  type ColumnSpec,
  type LineClass,
  type Table,
  TRACE_KINDS,
  type TraceKind,
} from "./parse/types";
export {
  GOROUTINE_PROFILE_SCHEMA,
  HEAP_PROFILE_SCHEMA,
  type ProfileTextOptions,
  parseGoroutineProfile,
  parseHeapProfile,
  scaleHeapSample,
} from "./pprof/profileText";
export * from "./render";
export * from "./whatif";
export * from "./window";
