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
  type InitHeadline,
  type PacerHeadline,
  type ScavengerHeadline,
  type SchedHeadline,
} from "./headline";
export { type RunSummary, summarizeTrace, type TraceSummary } from "./summary";
export { type FormatSummaryOptions, formatSummary } from "./summaryFormat";
export { compareText, type SummaryTextOptions, summaryText } from "./summaryText";
export {
  CHART_NAMES,
  type ChartName,
  type NamedChart,
  supportedCharts,
  traceChart,
  traceCharts,
  WHATIF_GOGC,
} from "./traceCharts";
