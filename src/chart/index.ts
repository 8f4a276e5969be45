/** The Vega-Lite chart builders and the charts of a whole trace (re-exports only). */
export { allocRateChart } from "./allocRateChart";
export { type CompareRunsOptions, compareRunsChart } from "./compareRunsChart";
export { gcCpuChart } from "./gcCpuChart";
export { goroutinesByWaitReasonChart } from "./goroutinesByWaitReasonChart";
export { heapTimelineChart } from "./heapTimelineChart";
export { type InitWaterfallOptions, initWaterfallChart } from "./initWaterfallChart";
export { type LatencyGroup, latencyEcdfChart, latencyGcChart, latencyRunsChart } from "./latencyEcdfChart";
export { latencyRunnableChart } from "./latencyRunnableChart";
export { type LatencyTimelineData, latencyTimelineChart } from "./latencyTimelineChart";
export { mmuChart } from "./mmuChart";
export { pacerChart } from "./pacerChart";
export { pauseEcdfChart } from "./pauseEcdfChart";
export { pauseHistogramChart } from "./pauseHistogramChart";
export { perPHeatmapChart } from "./perPHeatmapChart";
export { type QueueDrainOptions, queueDrainChart } from "./queueDrainChart";
export { type QueueWaitOptions, queueWaitChart } from "./queueWaitChart";
export { type LoadWindow, type RunQueueChartData, runQueueChart } from "./runQueueChart";
export { scavengerChart } from "./scavengerChart";
export { mRolesChart, pStatusChart } from "./schedDetailCharts";
export { type ChartOptions, type TopLevelSpec, VEGA_LITE_SCHEMA } from "./spec";
export {
  CHART_NAMES,
  type ChartName,
  type NamedChart,
  supportedCharts,
  traceChart,
  traceCharts,
  WHATIF_GOGC,
} from "./traceCharts";
export { type ObservedGc, whatIfChart } from "./whatIfChart";
export { type WhatIfSliderOptions, whatIfSliderChart } from "./whatIfSliderChart";
