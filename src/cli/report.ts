/**
 * `godebug-lab report <file|-> [-o <page.html|->] [--force]`: one standalone HTML page with the trace's summary and every
 * chart it supports (src/chart/traceCharts.ts), vega inlined so it opens offline. buildReport returns the
 * page; the command writes it.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { headline } from "../analysis/headline";
import { summaryText } from "../analysis/summaryText";
import { type NamedChart, traceCharts } from "../chart/traceCharts";
import type { Trace } from "../parse/trace";
import { toHTML } from "../render/html";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError, readTrace } from "./input";
import { formatSummary, summarizeTrace } from "./summary";

/** Malformed lines quoted in the summary (all are counted; `godebug-lab summary` lists every reason). */
const QUOTED_MALFORMED = 20;

export interface Report {
  readonly html: string;
  readonly charts: readonly NamedChart[];
  /** The plain-text summary at the top of the page. */
  readonly summary: string;
}

/** The report page of a parsed trace. */
export function buildReport(trace: Trace): Report {
  const charts = traceCharts(trace);
  const parts = [formatSummary(summarizeTrace(trace)).trimEnd(), summaryText(headline(trace)).trimEnd()];
  if (trace.malformed.length > 0) {
    const quoted = trace.malformed.slice(0, QUOTED_MALFORMED).map((m) => `  line ${m.line}: ${m.text}`);
    const more =
      trace.malformed.length > QUOTED_MALFORMED
        ? [`  … ${trace.malformed.length - QUOTED_MALFORMED} more`]
        : [];
    parts.push(["the malformed lines as printed:", ...quoted, ...more].join("\n"));
  }
  if (charts.length === 0) parts.push("No chart: the input has no trace lines a chart can draw.");
  const summary = parts.filter((p) => p !== "").join("\n\n");
  const html = toHTML(
    charts.map((c) => ({ name: c.name, heading: c.heading, spec: c.spec })),
    { title: `godebug-lab report: ${basename(trace.source)}`, summaryText: summary },
  );
  return { html, charts, summary };
}

/** The page `report` writes without -o: the trace's name without .gz and its last extension, plus .report.html. */
export function defaultReportName(input: string): string {
  if (input === "-") return "stdin.report.html";
  const name = basename(input).replace(/\.gz$/i, "");
  const stem = name.includes(".", 1) ? name.slice(0, name.lastIndexOf(".")) : name;
  return `${stem}.report.html`;
}

export const reportCommand: Command = {
  name: "report",
  usage: "report <file|-> [-o <page.html|->] [--force]",
  description:
    "A standalone HTML page (works offline) with the trace's summary and every chart the trace supports.",
  options: [
    "  -o, --output <file>   where to write the page (- for stdout); it is replaced if it exists",
    "                        default: named after the trace in this folder (trace.log -> trace.report.html,",
    "                        stdin -> stdin.report.html), never replacing a file that exists unless --force",
    "  --force               replace the default page if it exists",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      reportCommand,
      args,
      { output: { type: "string", short: "o" }, force: { type: "boolean" } },
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
    const report = buildReport(await readTrace(parsed.positionals[0], io));
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
    io.stdout.write(`wrote ${out}: ${n} chart${n === 1 ? "" : "s"} (${names})\n`);
    return 0;
  },
};
