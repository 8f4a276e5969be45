/**
 * `godebug-lab export <file|-> --kind <kind|table|all> [--format csv|json] [-o <file|dir>]`: one table of a
 * trace (to stdout or a file), or every table with rows into a folder, with the column names as the header. The
 * kinds with one table are named by the kind; the others by table (schedtraceP, scheddetailP/M/G, gcforced,
 * gcscan). tableRows formats, the command writes.
 */
import { accessSync, constants, createWriteStream, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { HeyLoad } from "../load/hey";
import { TABLE_NAMES, type TableName } from "../parse/tables";
import { safeJson, safeLines } from "../safeText";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { DATASET_OPTIONS, DATASET_USAGE, runDatasetExport, wantsDataset } from "./exportDataset";
import { loadStartOption, refuseHeyWindow, sniffInput } from "./heyInput";
import { describeFsError, readTrace } from "./input";
import { progressFor } from "./progress";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The table a --kind value names; a kind whose lines fill several tables must be named by table. */
export function resolveTableName(kind: string): TableName {
  if ((TABLE_NAMES as readonly string[]).includes(kind)) return kind as TableName;
  if (kind === "scheddetail") {
    throw new UsageError(
      "scheddetail fills three tables: use --kind scheddetailP, scheddetailM or scheddetailG (its SCHED headers are in --kind schedtrace)",
    );
  }
  throw new UsageError(`unknown kind '${kind}': expected one of ${TABLE_NAMES.join(", ")}`);
}

export function resolveFormat(format: string): ExportFormat {
  if ((EXPORT_FORMATS as readonly string[]).includes(format)) return format as ExportFormat;
  throw new UsageError(`unknown format '${format}': expected csv or json`);
}

/** Rows per yielded chunk: large tables are written in pieces, never as one string. */
const CHUNK_ROWS = 4096;

/**
 * The table as text in chunks: CSV (RFC 4180; a number the Go version does not print is an empty
 * field) or a JSON array of row objects (null for those numbers).
 */
export function* tableRows(table: Table, format: ExportFormat): Generator<string> {
  const names = table.schema.map((c) => c.name);
  const columns = names.map((name) => table.columns[name]);
  const cell = format === "csv" ? csvCell : jsonCell;
  const rowText =
    format === "csv"
      ? (i: number) => columns.map((c) => cell(c[i])).join(",")
      : (i: number) => `{${columns.map((c, j) => `${JSON.stringify(names[j])}:${cell(c[i])}`).join(",")}}`;
  if (format === "csv") yield `${names.map(csvCell).join(",")}\n`;
  else yield table.length === 0 ? "[" : "[\n";
  for (let start = 0; start < table.length; start += CHUNK_ROWS) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + CHUNK_ROWS, table.length); i++) {
      lines.push(format === "csv" ? rowText(i) : `${i > 0 ? "," : ""}${rowText(i)}`);
    }
    yield `${lines.join("\n")}\n`;
  }
  if (format === "json") yield "]\n";
}

function csvCell(value: number | string | boolean): string {
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(value);
  if (typeof value === "boolean") return String(value);
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function jsonCell(value: number | string | boolean): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  return JSON.stringify(value);
}

export function exportTable(trace: Trace, name: TableName): Table {
  return trace.tables[name];
}

/** A hey file's `requests` table (its only one); a UsageError for another kind, or a text summary (no rows). */
function heyTable(hey: HeyLoad, kind: string | undefined): Table {
  if (kind !== undefined && kind !== "requests" && kind !== ALL_TABLES) {
    throw new UsageError(`${hey.source} is hey output: its one table is --kind requests, not '${kind}'`);
  }
  if (hey.format === "text") {
    throw new UsageError(
      `${hey.source} is hey's text summary: it has no per-request rows (run hey with -o csv); godebug-lab summary reads its figures`,
    );
  }
  return hey.requests;
}

/** `--kind all` for a hey file: its requests table as <dir>/requests.<format>. */
async function exportHeyAll(
  hey: HeyLoad,
  dir: string,
  format: ExportFormat,
): Promise<{ written: { name: string; rows: number; path: string }[]; empty: string[] }> {
  const table = heyTable(hey, ALL_TABLES);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot make the folder ${dir}: ${describeFsError(err)}`);
  }
  const path = join(dir, `requests.${format}`);
  await writeTableFile(path, table, format);
  return { written: [{ name: "requests", rows: table.length, path }], empty: [] };
}

/** `--kind all`: every table of the trace, one file each, into the folder -o names. */
export const ALL_TABLES = "all";

/** The chunks, each passed through `f`, as they are needed. */
function* mapChunks(chunks: Iterable<string>, f: (chunk: string) => string): Generator<string> {
  for (const chunk of chunks) yield f(chunk);
}

/** Writes the chunks to `out` with backpressure. */
async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
  }
}

/** Writes the table to the file `path` (replacing it); a UsageError names the file when it cannot be written. */
async function writeTableFile(path: string, table: Table, format: ExportFormat): Promise<void> {
  const file = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => file.once("error", reject));
  failed.catch(() => {}); // observed below; never an unhandled rejection
  try {
    await Promise.race([
      (async () => {
        await writeChunks(file, tableRows(table, format));
        file.end();
        await finished(file);
      })(),
      failed,
    ]);
  } catch (err) {
    file.destroy();
    throw new UsageError(`cannot write ${path}: ${describeFsError(err)}`);
  }
}

/**
 * Every table with rows as `<dir>/<table>.<format>` (the folder is made if missing; files of the same names are
 * replaced). Returns the tables written and those left out because the trace has no rows for them.
 */
export async function exportAll(
  trace: Trace,
  dir: string,
  format: ExportFormat,
): Promise<{ written: { name: TableName; rows: number; path: string }[]; empty: TableName[] }> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot make the folder ${dir}: ${describeFsError(err)}`);
  }
  const written: { name: TableName; rows: number; path: string }[] = [];
  const empty: TableName[] = [];
  for (const name of TABLE_NAMES) {
    const table = trace.tables[name];
    if (table.length === 0) {
      empty.push(name);
      continue;
    }
    const path = join(dir, `${name}.${format}`);
    await writeTableFile(path, table, format);
    written.push({ name, rows: table.length, path });
  }
  return { written, empty };
}

export const exportCommand: Command = {
  name: "export",
  usage: `export <file|-> --kind <kind|all> [--format csv|json] [-o <file|dir>] ${WINDOW_USAGE}\n       godebug-lab ${DATASET_USAGE}`,
  description:
    "Writes one table of the trace (to stdout or -o <file>), or every table into a folder (--kind all -o <dir>), " +
    "with the column names as the header; or many traces into a Parquet, Arrow or NDJSON dataset (--format parquet|arrow|ndjson).",
  options: [
    `  --kind <kind>        one of ${TABLE_NAMES.join(", ")}`,
    "  A hey output file (hey -o csv, plain or .gz, from a file or -) is recognised by its content: its one table is",
    "  --kind requests (the default for it): a row per request, timeMs on the trace's clock when the capture's",
    "  <name>.meta.json is beside <name>.hey.csv[.gz] (else on hey's clock); hey's text summary has no rows.",
    "  --load-start <time>  hey output only: when hey started on the traced program's clock (seconds or a Go",
    "                       duration, e.g. 1.2 or 1200ms); timeMs = that + hey's offset (overrides a .meta.json)",
    "  --kind all           every table with rows, as <dir>/<table>.csv (or .json); needs -o <dir>",
    "  --format csv|json    csv (default) or a JSON array of rows; numbers a Go version does not print are empty / null",
    "  -o, --output <path>  the file to write (- or none: stdout); with --kind all, the folder (made if missing)",
    WINDOW_HELP,
    "",
    DATASET_OPTIONS,
  ].join("\n"),
  async run(args, io) {
    if (wantsDataset(args)) return runDatasetExport(exportCommand, args, io);
    const parsed = parseCommandArgs(
      exportCommand,
      args,
      {
        kind: { type: "string" },
        "load-start": { type: "string" },
        format: { type: "string", default: "csv" },
        output: { type: "string", short: "o" },
        ...WINDOW_OPTIONS,
      },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(exportCommand, io);
    const { kind, output } = parsed.values;
    // a hey file (by its content) has one table, `requests`: --kind may be left out
    const input = await sniffInput(parsed.positionals[0], io, loadStartOption(parsed.values["load-start"]));
    if (!input.hey && parsed.values["load-start"] !== undefined) {
      throw new UsageError(
        "--load-start places hey's requests on a trace's clock: it is for hey output, not a trace",
      );
    }
    if (kind === undefined && !input.hey) {
      throw new UsageError(`--kind is required\nusage: godebug-lab ${exportCommand.usage}`);
    }
    // Check the cheap things before reading a possibly large input.
    const format = resolveFormat(parsed.values.format ?? "csv");
    const window = windowFlags(parsed.values);
    if (input.hey) refuseHeyWindow(window, "export");
    const progress = progressFor(io, "export");
    const read = async () =>
      applyWindow(
        await readTrace(parsed.positionals[0], input.io ?? io, {}, progress).finally(() => progress.done()),
        window,
      );
    if (kind === ALL_TABLES) {
      if (output === undefined || output === "-") {
        throw new UsageError("--kind all writes one file per table: name a folder with -o <dir>");
      }
      const { written, empty } = input.hey
        ? await exportHeyAll(input.hey, output, format)
        : await exportAll(await read(), output, format);
      for (const w of written) io.stdout.write(`wrote ${w.path}: ${w.rows} row${w.rows === 1 ? "" : "s"}\n`);
      if (written.length === 0)
        io.stdout.write(`wrote nothing to ${output}: the trace has no table with rows\n`);
      if (empty.length > 0 && written.length > 0)
        io.stdout.write(`no rows, not written: ${empty.join(", ")}\n`);
      return 0;
    }
    const name = input.hey ? undefined : resolveTableName(kind ?? "");
    if (input.hey) heyTable(input.hey, kind);
    if (output !== undefined && output !== "-") {
      // Fail before reading the trace if the file cannot be written (without making it yet).
      try {
        accessSync(existsSync(output) ? output : dirname(resolve(output)), constants.W_OK);
        if (existsSync(output) && statSync(output).isDirectory())
          throw Object.assign(new Error(), { code: "EISDIR" });
      } catch (err) {
        throw new UsageError(`cannot write ${output}: ${describeFsError(err)}`);
      }
    }
    const table = input.hey ? heyTable(input.hey, kind) : exportTable(await read(), name as TableName);
    if (output === undefined || output === "-") {
      // On a terminal the rows are read, not processed: trace text there gets visible escapes (src/safeText.ts),
      // so no escape sequence from a trace reaches it; a pipe or file gets the data as it is.
      const rows = tableRows(table, format);
      const tty = (io.stdout as { isTTY?: boolean }).isTTY === true;
      await writeChunks(io.stdout, tty ? mapChunks(rows, format === "json" ? safeJson : safeLines) : rows);
      return 0;
    }
    await writeTableFile(output, table, format);
    io.stdout.write(`wrote ${output}: ${table.length} row${table.length === 1 ? "" : "s"}\n`);
    return 0;
  },
};
