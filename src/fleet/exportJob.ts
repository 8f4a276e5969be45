/** One trace of a fleet export: load it, write its tables into the dataset. Runs in a worker thread or in-process. */
import { type DatasetFormat, type WrittenPart, writeDatasetParallel } from "../columnar/dataset";
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
  /**
   * Threads for this one trace, reading (loadTrace) and encoding (writeDatasetParallel): 1 when the pool already
   * keeps every core busy with a trace each, else undefined: their own default, every core.
   */
  readonly threads?: number;
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
      /** Wall time of the whole job, and of its loadTrace (the rest is encoding and writing). */
      readonly seconds: number;
      readonly loadSeconds: number;
    }
  | { readonly ok: false; readonly path: string; readonly source: string; readonly message: string };

/** Never throws: a failure is a result naming the file and the reason. */
export async function runExportJob(job: ExportJob): Promise<ExportJobResult> {
  const start = performance.now();
  try {
    const trace = await loadTrace(job.path, { threads: job.threads });
    const loaded = performance.now();
    const parts = await writeDatasetParallel(trace, job.dir, {
      threads: job.threads,
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
      loadSeconds: (loaded - start) / 1000,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, path: job.path, source: job.source, message };
  }
}
