/** The what-if models, re-exported for the public API (src/index.ts) and the notebooks. */
export {
  type CalibrateOptions,
  type CostFit,
  calibrateGcModel,
  type GcModel,
  LIVE_UNDER_1MIB_MB,
} from "./gcModel";
export {
  cycleCpuMs,
  GC_CPU_LIMIT,
  type GcPrediction,
  type GcScenario,
  type GcTarget,
  heapTarget,
  MEMORY_LIMIT_HEADROOM_MB,
  predictGc,
  type TargetRegime,
} from "./gcPredict";
export {
  calibrateLatency,
  type LatencyCalibration,
  type LatencyPrediction,
  type LatencyScenario,
  type LoadStats,
  loadStats,
  predictLatency,
} from "./latencyModel";
export {
  allenCunneenWaitMs,
  drainTimeMs,
  erlangB,
  erlangC,
  type MmcInput,
  type MmcResult,
  mmc,
  mmcWaitQuantileMs,
  type QueueScenario,
  type QueueWhatIf,
  queueWhatIf,
  type WaitCurveOptions,
  waitCurve,
} from "./queueing";
export { calibrateQueue, type QueueCalibration } from "./queueModel";
