/**
 * The report page's latency section (`godebug-lab report trace.log --load hey.csv`): what the users felt, next to
 * the runtime's queues and GC cycles on the trace's clock. It runs the latency analyses and builds their charts,
 * so it lives in the report layer (chart/ only draws).
 */
import { gcPhases } from "../analysis/gcPhases";
import { latencySummary, latencyWindows, summarize } from "../analysis/latency";
import { gcHitPlacebo, gcHitSummary, requestsHitByGc } from "../analysis/latencyGc";
import { latencyVsRunnable, littleCheck } from "../analysis/latencyLittle";
import { schedSeries } from "../analysis/scheduler";
import { latencyGcChart, latencyRunsChart } from "../chart/latencyEcdfChart";
import { latencyRunnableChart } from "../chart/latencyRunnableChart";
import { latencyTimelineChart } from "../chart/latencyTimelineChart";
import { type HeyLoad, loadHey } from "../load/hey";
import type { HtmlChart } from "../render/html";
import { numbers, strings } from "../table/columns";
import { selectRun } from "../table/runs";
import { filterRows } from "../table/selectRows";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import type { ReportSection, SectionSource } from "./page";

export interface LatencySection extends ReportSection {
  /** Plain text for the page's summary. */
  readonly summary: string;
  readonly charts: readonly HtmlChart[];
}

/**
 * The report page's latency section (report/page.ts `sections`) for hey's output in `file` (`loadHey`: CSV or text,
 * plain or gzip, its .meta.json beside it): read now, so a bad file fails before the trace is charted.
 */
export async function latencySource(file: string): Promise<SectionSource> {
  const load = await loadHey(file);
  return { stage: "building the latency section", build: (trace) => latencySectionOf(load, trace) };
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} %` : "–");

/** The section for a loaded hey file and the trace of the same run. */
export function latencySectionOf(load: HeyLoad, trace: Trace): LatencySection {
  const head = `Latency (${load.source}):`;
  const problems =
    load.malformed.length + load.damage.length > 0
      ? [
          `  ${load.malformed.length} malformed row(s), ${load.damage.length} damaged part(s): ${[...load.describeMalformed(), ...load.describeDamage()].slice(0, 5).join("; ")}`,
        ]
      : [];
  if (load.requests.length === 0) {
    const s = load.summary;
    const p = (n: number) => f1(s.percentiles.find((x) => x.percent === n)?.latencyMs ?? Number.NaN);
    return {
      summary: [
        head,
        `  hey's summary only (no per-request rows): ${s.responses} responses, ${s.errors} errors, p50 ${p(50)} ms, p99 ${p(99)} ms, slowest ${f1(s.slowestMs)} ms; run hey with -o csv to see latency on the trace's time axis`,
        ...problems,
      ].join("\n"),
      charts: [],
    };
  }
  const requests = inTraceWindow(load.requests, trace);
  const s = latencySummary(requests);
  const lines = [
    head,
    `  ${s.requests.toLocaleString("en-US")} requests, ${Math.round(s.throughputPerSec).toLocaleString("en-US")}/s: p50 ${f1(s.p50Ms)} ms, p90 ${f1(s.p90Ms)}, p99 ${f1(s.p99Ms)}, max ${f1(s.maxMs)} (hey's percentiles)`,
    ...problems,
  ];
  const windows = latencyWindows(requests);
  if (load.clock !== "process") {
    lines.push(
      "  no load start on the trace's clock (no .meta.json with load.startMs beside the hey file): latency is drawn alone",
    );
    return {
      summary: lines.join("\n"),
      charts: [
        { name: "latency-timeline", heading: "Latency over time", spec: latencyTimelineChart({ windows }) },
        {
          name: "latency-ecdf",
          heading: "Latency distribution",
          spec: latencyRunsChart([{ label: "all requests", requests }]),
        },
      ],
    };
  }
  const run = numbers(requests, "run")[0] ?? 0;
  const sched =
    trace.tables.schedtrace.length > 0 ? schedSeries(runOf(trace.tables.schedtrace, run)) : undefined;
  const phases = trace.tables.gctrace.length > 0 ? gcPhases(runOf(trace.tables.gctrace, run)) : undefined;
  const charts: HtmlChart[] = [
    {
      name: "latency-timeline",
      heading: "What the users felt: latency over time",
      spec: latencyTimelineChart({ windows, series: sched, phases }),
    },
  ];
  if (sched !== undefined) {
    const l = littleCheck(requests, sched);
    lines.push(
      `  Little's law: λW = ${f1(l.inFlight)} requests in flight on average; the trace shows ${f1(l.meanRunnable)} runnable + ${f1(l.meanRunning)} running goroutines (${l.samples} samples), a wait for a P of ${f1(l.queueWaitMs)} ms per request by W = L/λ (${pct(l.queueSharePct)} of the mean latency ${f1(l.meanLatencyMs)} ms)`,
    );
    const v = latencyVsRunnable(windows, sched);
    if (v.length > 1)
      charts.push({
        name: "latency-runnable",
        heading: "Latency against the run queue",
        spec: latencyRunnableChart([{ label: "this run", windows: v }]),
      });
  }
  if (phases !== undefined && phases.length > 0) {
    const hits = requestsHitByGc(requests, phases);
    const { classes, tail } = gcHitSummary(hits);
    const share = (c: string) => classes.find((x) => x.hit === c)?.sharePct ?? Number.NaN;
    const placebo = numbers(gcHitPlacebo(requests, phases), "tailHitPct").slice(1);
    const lo = pct(Math.min(...placebo));
    const hi = pct(Math.max(...placebo));
    const range = placebo.length === 0 ? "–" : lo === hi ? lo : `${lo}–${hi}`;
    // by start: a request's start does not depend on its own length, so this split has no length bias
    const byStart = requestsHitByGc(requests, phases, { match: "start" });
    const hit = strings(byStart, "hit");
    const inside = (yes: boolean) =>
      summarize(
        numbers(byStart, "startMs"),
        numbers(byStart, "latencyMs"),
        Uint8Array.from(hit, (h) => ((h !== "no GC") === yes ? 1 : 0)),
      );
    const [inGc, noGc] = [inside(true), inside(false)];
    lines.push(
      `  GC: ${pct(tail.allHitPct)} of the requests overlapped a GC cycle (a STW pause ${pct(share("STW pause"))}, concurrent mark only ${pct(share("mark phase"))}); of the ${tail.tailRequests} slower than the p99, ${pct(tail.tailHitPct)} did; without the GC-hit requests the p99 is ${f1(tail.p99NoGcMs)} ms (${pct(tail.p99ExplainedPct)} lower)`,
      `  with the requests shifted against the cycles, the slowest overlap GC ${range} of the time: overlap alone does not prove GC made them slow (a slow request spans more cycles)`,
      `  by start, which has no such bias: ${inGc.requests.toLocaleString("en-US")} requests started inside a GC cycle (p50 ${f1(inGc.p50Ms)} ms, p99 ${f1(inGc.p99Ms)}), ${noGc.requests.toLocaleString("en-US")} outside (p50 ${f1(noGc.p50Ms)} ms, p99 ${f1(noGc.p99Ms)})`,
    );
    charts.push({
      name: "latency-gc",
      heading: "Requests hit by GC against the rest",
      spec: latencyGcChart(hits),
    });
  }
  return { summary: lines.join("\n"), charts };
}

/** The rows of `table` from process run `run`, when the trace has several. */
function runOf(table: Table, run: number): Table {
  return table.columns.run instanceof Float64Array && new Set(table.columns.run).size > 1
    ? selectRun(table, run)
    : table;
}

/** The requests inside the trace's window when the report is of one (--from/--to), all of them otherwise. */
function inTraceWindow(requests: Table, trace: Trace): Table {
  const w = (trace as { window?: { fromMs?: number; toMs?: number } }).window;
  if (w === undefined || (w.fromMs === undefined && w.toMs === undefined)) return requests;
  const time = numbers(requests, "timeMs");
  const from = w.fromMs ?? Number.NEGATIVE_INFINITY;
  const to = w.toMs ?? Number.POSITIVE_INFINITY;
  return filterRows(requests, (r) => time[r] >= from && time[r] < to);
}
