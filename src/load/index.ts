export { type HeyLoad, type HeyOptions, loadHey, looksLikeHey, parseHey } from "./hey";
export { HEY_CSV_HEADER, HEY_REQUEST_COLUMNS } from "./heyCsv";
export {
  HEY_PERCENTS,
  type HeyBucket,
  type HeyPercentile,
  type HeyPhase,
  type HeySummary,
  heyHistogram,
  heyPercentiles,
  summaryFromRequests,
} from "./heySummary";
