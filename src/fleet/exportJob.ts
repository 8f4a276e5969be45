/** One trace of a fleet export: load it, write its tables into the dataset. Runs in a worker thread or in-process. */
import { type DatasetFormat, type WrittenPart, writeDataset } from "../columnar/dataset";
import type { Labels } from "../columnar/schema";
import type { TableName } from "../parse/tables";
import { loadTrace } from "../trace/doors";

export interface ExportJob {
  readonly path: string;
  readonly source: string;
  readonly labels: Labels;
  readonly dir: string;
  readonly format: DatasetFormat;
  readonly tables?: readonly TableName[];
  /** loadTrace's threads: 1 when the pool already keeps every core busy, else loadTrace's own default. */
  readonly loadThreads?: number;
}

export type ExportJobResult =
  | {
      readonly ok: true;
      readonly path: string;
      readonly source: string;
      readonly parts: readonly WrittenPart[];
      readonly lines: number;
      readonly malformed: number;
      /** What loadTrace skipped as damaged (binary runs, a cut-off or corrupt gzip stream), `file:line: reason`. */
      readonly damage: readonly string[];
      readonly seconds: number;
    }
  | { readonly ok: false; readonly path: string; readonly source: string; readonly message: string };

/** Never throws: a failure is a result naming the file and the reason. */
export async function runExportJob(job: ExportJob): Promise<ExportJobResult> {
  const start = performance.now();
  try {
    const trace = await loadTrace(job.path, { threads: job.loadThreads });
    const parts = writeDataset(trace, job.dir, {
      format: job.format,
      source: job.source,
      labels: job.labels,
      tables: job.tables,
    });
    return {
      ok: true,
      path: job.path,
      source: job.source,
      parts,
      lines: trace.lines,
      malformed: trace.malformed.length,
      damage: trace.describeDamage(),
      seconds: (performance.now() - start) / 1000,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, path: job.path, source: job.source, message };
  }
}
