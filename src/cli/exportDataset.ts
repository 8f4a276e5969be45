/**
 * `godebug-lab export <files|dirs|globs…> --format parquet|arrow|ndjson -o <dir>`: every table (or `--kind` some)
 * of every input into a hive-partitioned dataset (src/columnar/dataset.ts), the inputs read on every core
 * (src/fleet/exportFleet.ts). src/cli/export.ts hands these formats here. A file that fails is reported on its own line and
 * the rest go on; the status is 1 if any failed. Progress is one line on stderr when it is a terminal.
 */

import { DATASET_FORMATS, type DatasetFormat } from "../columnar/dataset";
import { checkOptional } from "../columnar/optional";
import { exportFleet } from "../fleet/exportFleet";
import { expandInputs } from "../fleet/inputs";
import { parseLabelArgs, parseLabelPattern } from "../fleet/labels";
import { TABLE_NAMES, type TableName } from "../parse/tables";
import type { CliIO, Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";

export const DATASET_USAGE =
  "export <files|dirs|globs…> --format parquet|arrow|ndjson -o <dir> [--kind <table,…>] [--label k=v] [--label-pattern <p>]";

export const DATASET_OPTIONS = [
  "  --format parquet|arrow|ndjson  a hive-partitioned dataset: <dir>/table=<table>/source=<file>/part-0.<ext>",
  "  -o, --output <dir>             the dataset folder (parts of the same sources are replaced)",
  "  --kind <table,…|all>           the tables to write (default all); repeatable",
  "  --label <name=value>           a string column with this value in every row of every input; repeatable",
  "  --label-pattern <pattern>      labels from each input's path, e.g. '{service}-gogc{gogc}.log.gz'",
  "  --threads <n>                  traces read at once (default: the machine's cores)",
].join("\n");

/** Whether the arguments ask for a dataset format (`--format parquet` or `--format=parquet`). */
export function wantsDataset(args: readonly string[]): boolean {
  return args.some(
    (a, i) =>
      (a === "--format" && (DATASET_FORMATS as readonly string[]).includes(args[i + 1] ?? "")) ||
      DATASET_FORMATS.some((f) => a === `--format=${f}`),
  );
}

export async function runDatasetExport(
  command: Command,
  args: readonly string[],
  io: CliIO,
): Promise<number> {
  const usage = { ...command, usage: DATASET_USAGE, options: DATASET_OPTIONS };
  const parsed = parseCommandArgs(
    usage,
    args,
    {
      format: { type: "string" },
      output: { type: "string", short: "o" },
      kind: { type: "string", multiple: true },
      label: { type: "string", multiple: true },
      "label-pattern": { type: "string" },
      threads: { type: "string" },
    },
    { min: 1, max: Number.POSITIVE_INFINITY, names: "<files|dirs|globs…>" },
  );
  if (!parsed) return printHelp(usage, io);
  const v = parsed.values;
  const format = v.format as DatasetFormat;
  if (v.output === undefined)
    throw new UsageError(`--format ${format} writes a folder: give it with -o <dir>`);
  const tables = resolveTables(v.kind ?? []);
  const threads = v.threads === undefined ? undefined : Number(v.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new UsageError(`--threads ${v.threads}: expected a whole number >= 1`);
  }
  let inputs: ReturnType<typeof expandInputs>;
  let labels: Record<string, string>;
  let labelPattern: ReturnType<typeof parseLabelPattern> | undefined;
  try {
    inputs = expandInputs(parsed.positionals);
    labels = parseLabelArgs(v.label ?? []);
    labelPattern = v["label-pattern"] === undefined ? undefined : parseLabelPattern(v["label-pattern"]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    if (format === "arrow") checkOptional("apache-arrow", "--format arrow");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const result = await exportFleet(inputs, v.output, {
    format,
    tables,
    labels,
    labelPattern,
    threads,
    onFile(r, done, total) {
      if (tty) io.stderr.write("\r\x1b[K");
      // loadTrace's errors already start with the file's name.
      if (!r.ok)
        io.stderr.write(`godebug-lab: ${r.message.startsWith(r.path) ? "" : `${r.path}: `}${r.message}\n`);
      else {
        for (const d of r.damage) io.stderr.write(`godebug-lab: warning: ${d}\n`);
        if (labelPattern !== undefined && labelPattern.match(r.source) === null) {
          io.stderr.write(`godebug-lab: ${r.path}: does not match --label-pattern; its labels are null\n`);
        }
      }
      if (tty && done < total) io.stderr.write(`export: ${done}/${total} traces, last ${r.source}`);
    },
  });
  const ok = result.files.filter((f) => f.ok);
  const parts = ok.reduce((n, f) => n + (f.ok ? f.parts.length : 0), 0);
  const bytes = ok.reduce((n, f) => n + (f.ok ? f.parts.reduce((b, p) => b + p.bytes, 0) : 0), 0);
  io.stderr.write(
    `godebug-lab: wrote ${ok.length} of ${inputs.length} traces to ${v.output} (${parts} ${format} files, ` +
      `${(bytes / 1048576).toFixed(1)} MiB) in ${result.seconds.toFixed(1)} s on ${result.threads} thread${result.threads === 1 ? "" : "s"}` +
      `${result.failed > 0 ? `; ${result.failed} failed (above)` : ""}\n`,
  );
  return result.failed > 0 ? 1 : 0;
}

/** `--kind gctrace,schedtrace --kind inittrace` or `all`: table names, checked. */
function resolveTables(kinds: readonly string[]): TableName[] | undefined {
  const names = kinds.flatMap((k) => k.split(",")).filter((k) => k !== "");
  if (names.length === 0 || names.includes("all")) return undefined;
  for (const name of names) {
    if (name === "scheddetail")
      return resolveTables(["scheddetailP,scheddetailM,scheddetailG", ...names.filter((n) => n !== name)]);
    if (!(TABLE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown table '${name}': expected all or some of ${TABLE_NAMES.join(", ")}`);
    }
  }
  return [...new Set(names)] as TableName[];
}
