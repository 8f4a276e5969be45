/** Many traces at once: the parallel dataset export, DuckDB over the dataset, fleet charts (re-exports only). */

export { exportFleet, type FleetExportOptions, type FleetExportResult } from "./exportFleet";
export type { ExportJobResult } from "./exportJob";
export {
  type BarChartFields,
  type FleetChartOptions,
  fleetBarChart,
  fleetStripChart,
  type GoalVsLiveFields,
  goalVsLiveChart,
  type StripChartFields,
} from "./fleetCharts";
export { expandInputs, type TraceInput as FleetInput } from "./inputs";
export { type LabelPattern, labelsFor, parseLabelArgs, parseLabelPattern } from "./labels";
export { type Fleet, type OpenFleetOptions, openFleet } from "./openFleet";
