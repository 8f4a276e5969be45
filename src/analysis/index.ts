/** The analyses, re-exported for the public API (src/index.ts) and the notebooks. */
export {
  BACKGROUND_UTILIZATION_PCT,
  GC_CPU_SCHEMA,
  GC_CPU_WINDOWS_SCHEMA,
  type GcCpuWindowOptions,
  gcCpuPerCycle,
  gcCpuWindows,
} from "./gcCpu";
export { GC_PHASES_SCHEMA, gcPhases } from "./gcPhases";
export {
  GOROUTINE_COUNTS_SCHEMA,
  type GoroutineGrouping,
  goroutineCounts,
  type LeakOptions,
  type LeakSignal,
  leakSignals,
  NOT_LEAKS,
} from "./goroutines";
export {
  allocationRate,
  effectiveGogc,
  HEAP_CYCLES_SCHEMA,
  HEAP_MINIMUM_MB,
  type HeapRegime,
  heapCycles,
  heapRegimes,
  inferGogc,
  type RegimeOptions,
} from "./heap";
export { type InitPackage, type InitSummary, initSummary } from "./initSummary";
export { schedTablesOf, type TableInput, type TraceInput, tableOf } from "./input";
// what the users felt: latency from a load generator's per-request table (src/load/) on the trace's clock
export {
  defaultWindowMs,
  heyPercentile,
  LATENCY_WINDOWS_SCHEMA,
  type LatencySummary,
  type LatencyWindowOptions,
  latencySummary,
  latencyWindows,
} from "./latency";
export {
  GC_HIT_CLASSES,
  GC_HIT_PLACEBO_SCHEMA,
  GC_HITS_SCHEMA,
  type GcHitClass,
  type GcHitClassSummary,
  type GcTailShare,
  gcHitPlacebo,
  gcHitSummary,
  latenciesOf,
  requestsHitByGc,
} from "./latencyGc";
export {
  LATENCY_VS_RUNNABLE_SCHEMA,
  type LittleCheck,
  latencyVsRunnable,
  littleCheck,
} from "./latencyLittle";
export { compareLatencyRuns, LATENCY_RUNS_SCHEMA, type LatencyRun } from "./latencyRuns";
export { littleWaitMs } from "./littleLaw";
export {
  type LossInterval,
  MMU_SCHEMA,
  MMU_WINDOWS_MS,
  type MmuOptions,
  markIntervals,
  mmu,
  mmuCurve,
  stwIntervals,
} from "./mmu";
export { PACER_CYCLES_SCHEMA, pacerCycles } from "./pacer";
export {
  GC_PAUSES_SCHEMA,
  gcPauses,
  type HistogramOptions,
  PAUSE_ECDF_SCHEMA,
  PAUSE_HISTOGRAM_SCHEMA,
  type PauseQuantiles,
  pauseEcdf,
  pauseHistogram,
  pauseQuantiles,
} from "./pauses";
export {
  defaultMinGapMs,
  LOAD_PERIODS_SCHEMA,
  type LoadPeriodOptions,
  loadPeriods,
  MIN_GAP_FLOOR_MS,
  MIN_GAP_SAMPLES,
} from "./queueDrain";
export { SCAVENGER_SCHEMA, scavengerSeries } from "./scavenger";
export {
  M_ROLE_COUNTS_SCHEMA,
  M_ROLES,
  mRoleCounts,
  P_STATUS_COUNTS_SCHEMA,
  P_STATUS_NAMES,
  pStatusCounts,
} from "./schedRoles";
export {
  PER_P_SCHEMA,
  perPRunqueue,
  SCHED_SERIES_SCHEMA,
  type SchedSummary,
  schedSeries,
  schedSummary,
} from "./scheduler";
export { type LinearFit, linearFit, max, mean, median, quantileSorted } from "./stats";
