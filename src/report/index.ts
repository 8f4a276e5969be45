/** The report layer: headline figures, the one trace summary and its text, two runs compared, the whole-trace charts. */
export {
  COMPARE_SCHEMA,
  COMPARED_FIGURES,
  type ComparedFigure,
  compareFigures,
  compareRuns,
} from "./compareRuns";
export { fmt } from "./format";
export {
  type GcHeadline,
  type GoroutineHeadline,
  type Headline,
  type HeadlineOptions,
  headline,
  type SchedHeadline,
} from "./headline";
export { compareText, summaryText } from "./summaryText";
export {
  CHART_NAMES,
  type ChartName,
  type NamedChart,
  supportedCharts,
  traceChart,
  traceCharts,
  WHATIF_GOGC,
} from "./traceCharts";
