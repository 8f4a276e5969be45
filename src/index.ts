/**
 * godebug-lab's public API, in the order a notebook uses it:
 *   1. load a trace (or a window of it, or a pprof profile)   2. its tables   3. analyses   4. what-if models
 *   5. charts   6. render   7. report (a whole trace at once: headline, summary, every chart)   — then many traces
 *   at once (fleet, columnar export) and live capture.
 *
 *   const { loadTrace, heapCycles, heapTimelineChart, show } = require("godebug-lab");
 *   const trace = await loadTrace("trace.log");          // or parseTrace(text), parseTraceStream(process.stdin)
 *   trace.num("gctrace", "pauseMs");                      // a column (Float64Array); trace.frame("gctrace"): danfo
 *   await show(heapTimelineChart(heapCycles(trace)));     // an analysis, its chart, shown in Jupyter
 *
 * Only what a user of the notebooks and docs needs is here; everything else in src/ is internal and may move.
 * test/api.test.ts pins these names, so exporting one more (or one fewer) is a decision made in both places.
 */

// 1. Load: a trace from a file, a string or a stream; a window of it; a pprof profile as a table; the requests of a
//    load test (hey) on the trace's clock

export { type HeyLoad, type HeyOptions, loadHey, parseHey } from "./load/hey";
export {
  type HeyBucket,
  type HeyPercentile,
  type HeyPhase,
  type HeySummary,
  summaryFromRequests,
} from "./load/heySummary";
export type { Damage, MalformedLine, TraceData } from "./parse/traceData";
export { type LineClass, TRACE_KINDS, type TraceKind } from "./parse/types";
export { type ProfileTextOptions, parseGoroutineProfile, parseHeapProfile } from "./pprof/profileText";
export { loadTrace, type ParseOptions, parseTrace, parseTraceStream } from "./trace/doors";
export type { Trace } from "./trace/trace";
export { type BusiestOptions, type BusiestWindow, busiestWindow } from "./window/busiest";
export { formatDuration, parseGoDuration } from "./window/duration";
export { type TraceWindow, type WindowedTrace, windowTrace } from "./window/traceWindow";

// 2. Tables: what a trace holds, typed column readers, row selections, danfo DataFrames both ways, and column
//    statistics over the finite values (NaN is "not printed"; Math.max(...column) overflows the stack on a long one)

export type { TableInput, TraceInput } from "./analysis/input";
export { max, mean, median } from "./analysis/stats";
export type { DataFrameLike } from "./frame/dataFrameLike";
export { fromDataFrame } from "./frame/fromDataFrame";
export { toDataFrame } from "./frame/toDataFrame";
export { TABLE_INFO, TABLE_NAMES, TABLE_SCHEMAS, type TableInfo, type TableName } from "./parse/tables";
export { booleans, numbers, strings } from "./table/columns";
export { rowsTable } from "./table/makeTable";
export { busiestRun, mainRun, selectRun } from "./table/runs";
export { filterRows, selectColumns } from "./table/selectRows";
export type { ColumnData, ColumnSpec, Table } from "./table/table";

// 3. Analyses: each takes a Trace, one of its Tables or that table's DataFrame; the latency ones a load test's
//    requests (loadHey) on the trace's clock

export { type GcCpuWindowOptions, gcCpuPerCycle, gcCpuWindows } from "./analysis/gcCpu";
export { gcPhases } from "./analysis/gcPhases";
export {
  type GoroutineGrouping,
  goroutineCounts,
  type LeakOptions,
  type LeakSignal,
  leakSignals,
} from "./analysis/goroutines";
export {
  allocationRate,
  effectiveGogc,
  type HeapRegime,
  heapCycles,
  heapRegimes,
  inferGogc,
  type RegimeOptions,
} from "./analysis/heap";
export { type InitPackage, type InitSummary, initSummary } from "./analysis/initSummary";
export {
  type LatencySummary,
  type LatencyWindowOptions,
  latencySummary,
  latencyWindows,
} from "./analysis/latency";
export {
  type GcHitClass,
  type GcHitClassSummary,
  type GcHitOptions,
  type GcTailShare,
  gcHitPlacebo,
  gcHitSummary,
  latenciesOf,
  requestsHitByGc,
} from "./analysis/latencyGc";
export {
  type LittleCheck,
  type LittleOptions,
  latencyVsRunnable,
  littleCheck,
} from "./analysis/latencyLittle";
export { compareLatencyRuns, type LatencyRun } from "./analysis/latencyRuns";
export { type MmuOptions, mmuCurve } from "./analysis/mmu";
export { pacerCycles } from "./analysis/pacer";
export {
  gcPauses,
  type HistogramOptions,
  type PauseQuantiles,
  pauseEcdf,
  pauseHistogram,
  pauseQuantiles,
} from "./analysis/pauses";
export { type LoadPeriodOptions, loadPeriods } from "./analysis/queueDrain";
export { scavengerSeries } from "./analysis/scavenger";
export { mRoleCounts, pStatusCounts } from "./analysis/schedRoles";
export { perPRunqueue, type SchedSummary, schedSeries, schedSummary } from "./analysis/scheduler";

// 4. What-if: a GC model calibrated on a trace, M/M/c queueing for the run queue, request latency under more load

export { type CalibrateOptions, type CostFit, calibrateGcModel, type GcModel } from "./whatif/gcModel";
export { type GcPrediction, type GcScenario, predictGc, type TargetRegime } from "./whatif/gcPredict";
export {
  calibrateLatency,
  type LatencyCalibration,
  type LatencyPrediction,
  type LatencyScenario,
  type LoadStats,
  loadStats,
  predictLatency,
} from "./whatif/latencyModel";
export {
  type MmcInput,
  type MmcResult,
  mmc,
  type QueueScenario,
  type QueueWhatIf,
  queueWhatIf,
  type WaitCurveOptions,
  waitCurve,
} from "./whatif/queueing";
export { calibrateQueue, type QueueCalibration } from "./whatif/queueModel";

// 5. Charts: pure builders, from an analysis' result to a Vega-Lite spec

export { allocRateChart } from "./chart/allocRateChart";
export { type CompareRunsOptions, compareRunsChart } from "./chart/compareRunsChart";
export { gcCpuChart } from "./chart/gcCpuChart";
export { goroutinesByWaitReasonChart } from "./chart/goroutinesByWaitReasonChart";
export { heapTimelineChart } from "./chart/heapTimelineChart";
export { type InitWaterfallOptions, initWaterfallChart } from "./chart/initWaterfallChart";
export {
  type LatencyGroup,
  latencyEcdfChart,
  latencyGcChart,
  latencyRunsChart,
} from "./chart/latencyEcdfChart";
export { latencyRunnableChart } from "./chart/latencyRunnableChart";
export { type LatencyTimelineData, latencyTimelineChart } from "./chart/latencyTimelineChart";
export { mmuChart } from "./chart/mmuChart";
export { pacerChart } from "./chart/pacerChart";
export { pauseEcdfChart } from "./chart/pauseEcdfChart";
export { pauseHistogramChart } from "./chart/pauseHistogramChart";
export { perPHeatmapChart } from "./chart/perPHeatmapChart";
export { type QueueDrainOptions, queueDrainChart } from "./chart/queueDrainChart";
export { type QueueWaitOptions, queueWaitChart } from "./chart/queueWaitChart";
export { type LoadWindow, type RunQueueChartData, runQueueChart } from "./chart/runQueueChart";
export { scavengerChart } from "./chart/scavengerChart";
export { mRolesChart, pStatusChart } from "./chart/schedDetailCharts";
export type { ChartOptions, TopLevelSpec } from "./chart/spec";
export { type ObservedGc, whatIfChart } from "./chart/whatIfChart";
export { type WhatIfSliderOptions, whatIfSliderChart } from "./chart/whatIfSliderChart";

// 6. Render: in a notebook (show), or to SVG, PNG and a standalone HTML page

export { type HtmlChart, type HtmlOptions, toHTML } from "./render/html";
export { type PngOptions, toPNG } from "./render/png";
export { type ShowOptions, show } from "./render/show";
export { toSVG } from "./render/svg";

// 7. Report: a whole trace at once — its headline figures, the one summary the CLI prints, two runs compared, and
//    every chart the trace supports, by name

export { type ComparedFigure, compareFigures, compareRuns } from "./report/compareRuns";
export {
  type GcHeadline,
  type GoroutineHeadline,
  type Headline,
  type HeadlineOptions,
  headline,
  type InitHeadline,
  type PacerHeadline,
  type ScavengerHeadline,
  type SchedHeadline,
} from "./report/headline";
export { type RunSummary, summarizeTrace, type TraceSummary } from "./report/summary";
export { type FormatSummaryOptions, formatSummary } from "./report/summaryFormat";
export { compareText, type SummaryTextOptions, summaryText } from "./report/summaryText";
export {
  CHART_NAMES,
  type ChartName,
  type NamedChart,
  supportedCharts,
  traceChart,
  traceCharts,
} from "./report/traceCharts";

// Many traces at once: a Parquet dataset of a fleet, SQL over it (DuckDB), its charts; Arrow tables

export {
  type DatasetFormat,
  type DatasetOptions,
  type WrittenPart,
  writeDataset,
  writeParquet,
} from "./columnar/dataset";
export { MissingPackageError } from "./columnar/optional";
export type { Labels } from "./columnar/schema";
export { type ToArrowOptions, tableToArrow, toArrow } from "./columnar/toArrow";
export { exportFleet, type FleetExportOptions, type FleetExportResult } from "./fleet/exportFleet";
export type { ExportJobResult } from "./fleet/exportJob";
export {
  type BarChartFields,
  type FleetChartOptions,
  fleetBarChart,
  fleetStripChart,
  type GoalVsLiveFields,
  goalVsLiveChart,
  type StripChartFields,
} from "./fleet/fleetCharts";
export { expandInputs, type TraceInput as FleetInput } from "./fleet/inputs";
export { type LabelPattern, parseLabelPattern } from "./fleet/labels";
export { type Fleet, type OpenFleetOptions, openFleet } from "./fleet/openFleet";

// Live capture: run a program with GODEBUG set and parse its stderr as it arrives

export {
  type CaptureHandle,
  type CaptureOptions,
  type CaptureResult,
  capture,
  type GodebugSettings,
} from "./capture";
