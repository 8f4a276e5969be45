/** Columnar export: Arrow tables, Parquet / Arrow IPC / NDJSON datasets (re-exports only). */
export {
  DATASET_FORMATS,
  type DatasetFormat,
  type DatasetOptions,
  datasetTables,
  escapePartitionValue,
  type ParallelDatasetOptions,
  partitionDir,
  type WrittenPart,
  writeDataset,
  writeDatasetParallel,
  writeParquet,
} from "./dataset";
export { MissingPackageError, OPTIONAL_PACKAGES } from "./optional";
export { type ColumnarType, columnarType, type Labels } from "./schema";
export { type ToArrowOptions, tableToArrow, toArrow } from "./toArrow";
