/**
 * Many traces into one dataset, on every core: a pool of worker threads, each loading one trace at a time and
 * writing its tables (exportJob.ts), so the columns never cross threads and a worker holds one trace at most.
 * A file that fails (unreadable, binary, a bug) is reported in its result and the others go on; a worker that dies
 * is replaced. From TypeScript sources (tests), where no compiled worker exists, the jobs run in this thread.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { DatasetFormat } from "../columnar/dataset";
import { checkOptional } from "../columnar/optional";
import type { TableName } from "../parse/tables";
import { type ExportJob, type ExportJobResult, runExportJob } from "./exportJob";
import type { TraceInput } from "./inputs";
import { type LabelPattern, labelsFor } from "./labels";

export interface FleetExportOptions {
  readonly format?: DatasetFormat;
  readonly tables?: readonly TableName[];
  /** Labels for every trace (`{ release: "1.19" }`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels read from each source's path. */
  readonly labelPattern?: LabelPattern;
  /** Worker threads; default the machine's parallelism (never more than the files). */
  readonly threads?: number;
  /** Called after each file, in completion order. */
  readonly onFile?: (result: ExportJobResult, done: number, total: number) => void;
}

export interface FleetExportResult {
  /** One result per input, in input order. */
  readonly files: readonly ExportJobResult[];
  readonly failed: number;
  readonly threads: number;
  readonly seconds: number;
}

export async function exportFleet(
  inputs: readonly TraceInput[],
  dir: string,
  opts: FleetExportOptions = {},
): Promise<FleetExportResult> {
  const start = performance.now();
  // A missing optional package is one error before any work, not one failure per file.
  const format = opts.format ?? "parquet";
  if (format === "arrow") checkOptional("apache-arrow", "--format arrow");
  const threads = Math.max(1, Math.min(inputs.length, opts.threads ?? availableParallelism()));
  // As many files as threads: one thread each. Fewer files than cores (one large trace): each is read and encoded
  // on several threads (loadTrace's reader in src/parse/parallel/, writeDatasetParallel), as outside a fleet.
  const perTrace = inputs.length >= (opts.threads ?? availableParallelism()) ? 1 : undefined;
  const jobs: ExportJob[] = inputs.map((input) => ({
    path: input.path,
    source: input.source,
    labels: labelsFor(input.source, opts.labels ?? {}, opts.labelPattern),
    dir,
    format,
    tables: opts.tables,
    threads: perTrace,
  }));
  const results = new Array<ExportJobResult>(jobs.length);
  const script = join(__dirname, "exportWorker.js");
  let next = 0;
  let done = 0;
  const finish = (i: number, r: ExportJobResult) => {
    results[i] = r;
    opts.onFile?.(r, ++done, jobs.length);
  };
  // One trace: this thread runs it (reading and encoding on their own worker threads); a lane worker would only
  // add its start-up (loading the modules again) to the command's time.
  const inThread = !existsSync(script) || jobs.length === 1;
  if (inThread) {
    for (let i = 0; i < jobs.length; i++) finish(i, await runExportJob(jobs[i]));
  } else {
    const lane = async () => {
      let worker: Worker | null = null;
      try {
        while (next < jobs.length) {
          const i = next++;
          worker ??= new Worker(script);
          const w = worker;
          const r = await new Promise<ExportJobResult>((resolve) => {
            const failed = (e: unknown) => {
              worker = null; // this one is gone or broken: the next job gets a new worker
              void w.terminate();
              const message = e instanceof Error ? e.message : `worker exited with code ${e}`;
              resolve({ ok: false, path: jobs[i].path, source: jobs[i].source, message });
            };
            w.once("message", (m: ExportJobResult) => {
              w.off("error", failed).off("exit", failed);
              resolve(m);
            });
            w.once("error", failed).once("exit", failed);
            w.postMessage(jobs[i]);
          });
          finish(i, r);
        }
      } finally {
        await (worker as Worker | null)?.terminate();
      }
    };
    await Promise.all(Array.from({ length: threads }, lane));
  }
  return {
    files: results,
    failed: results.filter((r) => !r.ok).length,
    threads: !existsSync(script) ? 1 : jobs.length === 1 ? (perTrace ?? availableParallelism()) : threads,
    seconds: (performance.now() - start) / 1000,
  };
}
