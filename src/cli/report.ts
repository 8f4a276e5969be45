/**
 * `godebug-lab report <file|-> [-o report.html]`: one standalone HTML page with the trace's summary and every
 * chart it supports (src/chart/traceCharts.ts), vega inlined so it opens offline. buildReport returns the
 * page; the command writes it.
 */
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { headline } from "../analysis/headline";
import { summaryText } from "../analysis/summaryText";
import { type NamedChart, traceCharts } from "../chart/traceCharts";
import type { Trace } from "../parse/trace";
import { toHTML } from "../render/html";
import { describeWindow, isWindow } from "../window/traceWindow";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError, readTrace } from "./input";
import { formatSummary, summarizeTrace } from "./summary";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

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
    {
      title: `godebug-lab report: ${basename(trace.source)}${isWindow(trace) ? ` (${describeWindow(trace.window)})` : ""}`,
      summaryText: summary,
    },
  );
  return { html, charts, summary };
}

export const reportCommand: Command = {
  name: "report",
  usage: `report <file|-> [-o report.html] ${WINDOW_USAGE}`,
  description:
    "A standalone HTML page (works offline) with the trace's summary and every chart the trace supports.",
  options: [
    "  -o, --output <file>   where to write the page (default report.html; - for stdout)",
    WINDOW_HELP,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      reportCommand,
      args,
      { output: { type: "string", short: "o" }, ...WINDOW_OPTIONS },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(reportCommand, io);
    const out = parsed.values.output ?? "report.html";
    const window = windowFlags(parsed.values);
    const report = buildReport(applyWindow(await readTrace(parsed.positionals[0], io), window));
    if (out === "-") {
      io.stdout.write(report.html);
      return 0;
    }
    try {
      writeFileSync(out, report.html);
    } catch (err) {
      throw new UsageError(`cannot write ${out}: ${describeFsError(err)}`);
    }
    const names = report.charts.map((c) => c.name).join(", ") || "none";
    const n = report.charts.length;
    io.stdout.write(`wrote ${out}: ${n} chart${n === 1 ? "" : "s"} (${names})\n`);
    return 0;
  },
};
