/**
 * `godebug-lab export <file|-> --kind <kind|table> [--format csv|json]`: one table of a trace, with its
 * column names as the header. The kinds with one table are named by the kind; the others by table
 * (schedtraceP, scheddetailP/M/G, gcforced, gcscan). tableRows formats, the command writes.
 */
import { TABLE_NAMES, type TableName, type Trace } from "../parse/trace";
import type { Table } from "../parse/types";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { readTrace } from "./input";
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

export const exportCommand: Command = {
  name: "export",
  usage: `export <file|-> --kind <kind> [--format csv|json] ${WINDOW_USAGE}`,
  description: "Writes one table of the trace to stdout, with its column names as the header.",
  options: [
    `  --kind <kind>      one of ${TABLE_NAMES.join(", ")}`,
    "  --format csv|json  csv (default) or a JSON array of rows; numbers a Go version does not print are empty / null",
    WINDOW_HELP,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      exportCommand,
      args,
      { kind: { type: "string" }, format: { type: "string", default: "csv" }, ...WINDOW_OPTIONS },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(exportCommand, io);
    if (parsed.values.kind === undefined) {
      throw new UsageError(`--kind is required\nusage: godebug-lab ${exportCommand.usage}`);
    }
    // Check the cheap things before reading a possibly large input.
    const name = resolveTableName(parsed.values.kind);
    const format = resolveFormat(parsed.values.format ?? "csv");
    const window = windowFlags(parsed.values);
    const progress = progressFor(io, "export");
    const trace = await readTrace(parsed.positionals[0], io, progress).finally(() => progress.done());
    const table = exportTable(applyWindow(trace, window), name);
    for (const chunk of tableRows(table, format)) {
      if (!io.stdout.write(chunk)) await new Promise((resolve) => io.stdout.once("drain", resolve));
    }
    return 0;
  },
};
