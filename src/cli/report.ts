/**
 * `godebug-lab report <file|-> [-o <page.html|->] [--force] [--from <t>] [--to <t>] [--run <n>]`: one standalone
 * HTML page with the trace's summary and every chart it supports (src/chart/traceCharts.ts), vega inlined so it opens
 * offline. A long trace also gets its busiest window in detail (src/window/busiest.ts) after the whole-run overview.
 * buildReport returns the page; the command writes it.
 */
import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { headline } from "../analysis/headline";
import { withAnalysisCache } from "../analysis/memo";
import { summaryText } from "../analysis/summaryText";
import { type ChartName, type NamedChart, traceCharts } from "../chart/traceCharts";
import { type HtmlChart, toHTML } from "../render/html";
import type { Trace } from "../trace/trace";
import { type BusiestWindow, busiestWindow } from "../window/busiest";
import { formatDuration } from "../window/duration";
import { describeWindow, isWindow, windowTrace } from "../window/traceWindow";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError, readTrace } from "./input";
import { progressFor } from "./progress";
import { formatSummary, summarizeTrace } from "./summary";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

/** Malformed lines quoted in the summary (all are counted; `godebug-lab summary` lists every reason). */
const QUOTED_MALFORMED = 20;

/** The charts drawn again for the busiest window: those with time on their x axis. */
export const DETAIL_CHARTS: readonly ChartName[] = [
  "heap",
  "alloc-rate",
  "gc-cpu",
  "pacer",
  "scavenger",
  "runqueue",
  "per-p-heatmap",
  "goroutines",
];

export interface Report {
  readonly html: string;
  /** The whole-run charts. */
  readonly charts: readonly NamedChart[];
  /** The busiest window and its charts, for a long trace (null otherwise). */
  readonly detail: { readonly window: BusiestWindow; readonly charts: readonly NamedChart[] } | null;
  /** The plain-text summary at the top of the page. */
  readonly summary: string;
}

export interface ReportOptions {
  /** Called as each stage starts (the command shows it as progress on a terminal). */
  readonly onStage?: (stage: string) => void;
  /** Draw the busiest window in detail when the trace is long (default true). */
  readonly detail?: boolean;
  /** About how many gc cycles or SCHED samples the busiest window holds (busiestWindow's `rows`, default 1000). */
  readonly detailRows?: number;
}

/** The report page of a parsed trace (or of a window on one). */
export function buildReport(trace: Trace, options: ReportOptions = {}): Report {
  // the charts and the headline ask for the same per-cycle tables: each is computed once for the page
  return withAnalysisCache(() => reportOf(trace, options));
}

function reportOf(trace: Trace, options: ReportOptions): Report {
  const stage = options.onStage ?? (() => {});
  // the charts first: the headline then finds what they computed of the same tables (the MMU) already done
  stage("building the charts");
  const charts = traceCharts(trace);
  stage("summing up");
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

  let detail: Report["detail"] = null;
  if (options.detail ?? true) {
    stage("finding the busiest window");
    const window = busiestWindow(trace, { rows: options.detailRows });
    if (window !== null) {
      stage("building the busiest window's charts");
      const view = windowTrace(trace, window);
      detail = { window, charts: traceCharts(view, DETAIL_CHARTS) };
      const flags = `--run ${window.run} --from ${formatDuration(window.fromMs)} --to ${formatDuration(window.toMs)}`;
      parts.push(
        `The busiest window, drawn in detail after the whole-run charts:\n  ${window.description}\n` +
          `  (godebug-lab report ${flags} draws that window alone)`,
      );
    }
  }

  stage("writing the page");
  const summary = parts.filter((p) => p !== "").join("\n\n");
  const sections: HtmlChart[] = charts.map((c) => ({ name: c.name, heading: c.heading, spec: c.spec }));
  if (detail !== null) {
    const w = detail.window;
    const where = `busiest ${formatDuration(w.lengthMs)} window (${describeWindow(w)})`;
    for (const [i, c] of detail.charts.entries()) {
      sections.push({
        name: `busiest-${c.name}`,
        heading: `${c.heading} — ${where}`,
        note: i === 0 ? `${w.description} Every cycle and sample of the window is drawn.` : undefined,
        spec: c.spec,
      });
    }
  }
  const html = toHTML(sections, {
    title: `godebug-lab report: ${basename(trace.source)}${isWindow(trace) ? ` (${describeWindow(trace.window)})` : ""}`,
    summaryText: summary,
  });
  return { html, charts, detail, summary };
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
  usage: `report <file|-> [-o <page.html|->] [--force] ${WINDOW_USAGE}`,
  description:
    "A standalone HTML page (works offline) with the trace's summary and every chart the trace supports; a long trace also gets its busiest window in detail.",
  options: [
    "  -o, --output <file>   where to write the page (- for stdout); it is replaced if it exists",
    "                        default: named after the trace in this folder (trace.log -> trace.report.html,",
    "                        stdin -> stdin.report.html), never replacing a file that exists unless --force",
    "  --force               replace the default page if it exists",
    WINDOW_HELP,
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      reportCommand,
      args,
      { output: { type: "string", short: "o" }, force: { type: "boolean" }, ...WINDOW_OPTIONS },
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
      report = buildReport(trace, { onStage: (s) => progress.stage(s) });
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
