/**
 * `godebug-lab report <file|-> [-o <page.html|->] [--force] [--load <hey file>] [--from <t>] [--to <t>] [--run <n>]`: one standalone
 * HTML page with the trace's summary and every chart it supports, vega inlined so it opens offline; a long trace
 * also gets its busiest window in detail. src/report/page.ts buildReport makes the page; the command writes it.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { latencySource } from "../report/latency";
import { buildReport, type Report } from "../report/page";
import { describeWindow } from "../window/traceWindow";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError, readTrace } from "./input";
import { progressFor } from "./progress";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

/** The page `report` writes without -o: the trace's name without .gz and its last extension, plus .report.html. */
export function defaultReportName(input: string): string {
  if (input === "-") return "stdin.report.html";
  const name = basename(input).replace(/\.gz$/i, "");
  const stem = name.includes(".", 1) ? name.slice(0, name.lastIndexOf(".")) : name;
  return `${stem}.report.html`;
}

export const reportCommand: Command = {
  name: "report",
  usage: `report <file|-> [-o <page.html|->] [--force] [--load <hey.csv>] ${WINDOW_USAGE}`,
  description:
    "A standalone HTML page (works offline) with the trace's summary and every chart the trace supports; a long trace also gets its busiest window in detail.",
  options: [
    "  -o, --output <file>   where to write the page (- for stdout); it is replaced if it exists",
    "                        default: named after the trace in this folder (trace.log -> trace.report.html,",
    "                        stdin -> stdin.report.html), never replacing a file that exists unless --force",
    "  --force               replace the default page if it exists",
    "  --load <file>         hey's output for the same run (-o csv, or its text summary): a latency section on",
    "                        the trace's clock (the capture's .meta.json beside it gives hey's start)",
    WINDOW_HELP,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      reportCommand,
      args,
      {
        output: { type: "string", short: "o" },
        force: { type: "boolean" },
        load: { type: "string" },
        ...WINDOW_OPTIONS,
      },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(reportCommand, io);
    const named = parsed.values.output;
    const out = named ?? defaultReportName(parsed.positionals[0]);
    // A page the user did not name never silently replaces a file (checked before reading a large trace).
    const exclusive = named === undefined && !parsed.values.force;
    if (exclusive && existsSync(out)) {
      throw new UsageError(`${out} exists: pass --force to replace it, or -o <file> to write elsewhere`);
    }
    const window = windowFlags(parsed.values);
    const progress = progressFor(io, "report");
    let report: Report;
    try {
      const trace = applyWindow(await readTrace(parsed.positionals[0], io, {}, progress), window);
      const load = parsed.values.load;
      const sections = load === undefined ? [] : [await latencySource(load)];
      report = buildReport(trace, { onStage: (s) => progress.stage(s), sections });
    } finally {
      progress.done();
    }
    if (out === "-") {
      io.stdout.write(report.html);
      return 0;
    }
    try {
      writeFileSync(out, report.html, { flag: exclusive ? "wx" : "w" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST") {
        throw new UsageError(`${out} exists: pass --force to replace it, or -o <file> to write elsewhere`);
      }
      throw new UsageError(`cannot write ${out}: ${describeFsError(err)}`);
    }
    const names = report.charts.map((c) => c.name).join(", ") || "none";
    const n = report.charts.length;
    const detail =
      report.detail === null
        ? ""
        : `; the busiest window (${describeWindow(report.detail.window)}): ${report.detail.charts.length} more`;
    io.stdout.write(`wrote ${out}: ${n} chart${n === 1 ? "" : "s"} (${names})${detail}\n`);
    return 0;
  },
};
