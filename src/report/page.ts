/**
 * The report page of a trace: the one summary (report/summary.ts) at the top, then sections of charts — the whole
 * run (report/traceCharts.ts), any sections a caller adds (one `SectionSource` each), and for a long trace its
 * busiest window in detail (src/window/busiest.ts). One standalone HTML page (src/render/html.ts).
 */
import { basename } from "node:path";
import { withAnalysisCache } from "../analysis/memo";
import { type HtmlChart, toHTML } from "../render/html";
import type { Trace } from "../trace/trace";
import { type BusiestWindow, busiestWindow } from "../window/busiest";
import { formatDuration } from "../window/duration";
import { describeWindow, isWindow, windowTrace } from "../window/traceWindow";
import { summarizeTrace, type TraceSummary } from "./summary";
import { formatSummary } from "./summaryFormat";
import { type ChartName, type NamedChart, traceCharts } from "./traceCharts";

/** Malformed lines listed (with their text) on the page; all are counted, `godebug-lab summary` lists every one. */
export const QUOTED_MALFORMED = 20;

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

/** One part of the page: a paragraph for the summary block at the top, and charts drawn in order. */
export interface ReportSection {
  readonly summary?: string;
  readonly charts: readonly HtmlChart[];
}

/** A section the page builds (inside its analysis cache, shown as a progress stage); null: nothing to show. */
export interface SectionSource {
  readonly stage: string;
  build(trace: Trace): ReportSection | null;
}

export interface Report {
  readonly html: string;
  /** The whole-run charts. */
  readonly charts: readonly NamedChart[];
  /** The busiest window and its charts, for a long trace (null otherwise). */
  readonly detail: { readonly window: BusiestWindow; readonly charts: readonly NamedChart[] } | null;
  /** The plain-text summary block at the top of the page. */
  readonly summary: string;
  /** The summary's data (what `godebug-lab summary --json` prints). */
  readonly traceSummary: TraceSummary;
}

export interface ReportOptions {
  /** Called as each stage starts (the command shows it as progress on a terminal). */
  readonly onStage?: (stage: string) => void;
  /** Draw the busiest window in detail when the trace is long (default true). */
  readonly detail?: boolean;
  /** About how many gc cycles or SCHED samples the busiest window holds (busiestWindow's `rows`, default 1000). */
  readonly detailRows?: number;
  /** Sections drawn after the whole-run charts, before the busiest window (e.g. the latency of a load test). */
  readonly sections?: readonly SectionSource[];
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
  const traceSummary = summarizeTrace(trace);
  const overview: ReportSection = {
    summary: [
      formatSummary(traceSummary, { shownMalformed: QUOTED_MALFORMED, printed: trace.malformed }).trimEnd(),
      ...(charts.length === 0 ? ["No chart: the input has no trace lines a chart can draw."] : []),
    ].join("\n\n"),
    charts: charts.map((c) => ({ name: c.name, heading: c.heading, spec: c.spec })),
  };
  const sections = [overview];
  for (const source of options.sections ?? []) {
    stage(source.stage);
    const section = source.build(trace);
    if (section !== null) sections.push(section);
  }
  let detail: Report["detail"] = null;
  if (options.detail ?? true) {
    stage("finding the busiest window");
    const window = busiestWindow(trace, { rows: options.detailRows });
    if (window !== null) {
      stage("building the busiest window's charts");
      detail = { window, charts: traceCharts(windowTrace(trace, window), DETAIL_CHARTS) };
      sections.push(busiestSection(detail.window, detail.charts));
    }
  }
  stage("writing the page");
  const summary = sections.flatMap((s) => (s.summary ? [s.summary] : [])).join("\n\n");
  const html = toHTML(
    sections.flatMap((s) => s.charts),
    {
      title: `godebug-lab report: ${basename(trace.source)}${isWindow(trace) ? ` (${describeWindow(trace.window)})` : ""}`,
      summaryText: summary,
    },
  );
  return { html, charts, detail, summary, traceSummary };
}

/** The busiest window's charts, each heading naming the window, and a paragraph saying how to draw it alone. */
function busiestSection(w: BusiestWindow, charts: readonly NamedChart[]): ReportSection {
  const flags = `--run ${w.run} --from ${formatDuration(w.fromMs)} --to ${formatDuration(w.toMs)}`;
  const where = `busiest ${formatDuration(w.lengthMs)} window (${describeWindow(w)})`;
  return {
    summary:
      `The busiest window, drawn in detail after the whole-run charts:\n  ${w.description}\n` +
      `  (godebug-lab report ${flags} draws that window alone)`,
    charts: charts.map((c, i) => ({
      name: `busiest-${c.name}`,
      heading: `${c.heading} — ${where}`,
      note: i === 0 ? `${w.description} Every cycle and sample of the window is drawn.` : undefined,
      spec: c.spec,
    })),
  };
}
