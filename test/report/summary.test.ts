/**
 * The one summary (report/summary.ts), its text (report/summaryFormat.ts), `summary --json`'s former field names and
 * the report page built from sections (report/page.ts), on real captures.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSummary, headline, loadTrace, summarizeTrace, summaryText, traceChart } from "../../src";
import { summaryJson } from "../../src/cli/summary";
import { buildReport } from "../../src/report/page";

const DATA = join(__dirname, "..", "..", "data");
const GORUN = join(__dirname, "..", "data", "go1.19", "gctrace-gorun.txt");

/** Every field `summary --json` printed before the summary and the headline became one. */
const FORMER = {
  gc: [
    "cycles",
    "forcedCycles",
    "periodicForced",
    "pauseTotalMs",
    "pauseMaxMs",
    "heapPeakMB",
    "heapLiveLastMB",
    "heapGoalLastMB",
    "gcPctLast",
    "procs",
  ],
  sched: [
    "samples",
    "gomaxprocs",
    "runnableMax",
    "runqueueMax",
    "localRunqueueMax",
    "samplesWithQueue",
    "threadsMax",
    "detailDumps",
    "goroutinesMax",
  ],
  init: ["packages", "clockMsTotal", "bytesTotal", "slowestPkg", "slowestClockMs"],
} as const;

describe("the one summary", () => {
  it.each(["gctrace-pacer-scav.log", "case2-leak-scheddetail.log", "inittrace.log"])(
    "summary --json of %s keeps every former field, each the summary's own figure",
    async (file) => {
      const s = summarizeTrace(await loadTrace(join(DATA, file)));
      const json = JSON.parse(summaryJson(s));
      expect(Object.keys(json).slice(0, 4)).toEqual(["source", "lines", "counts", "runs"]);
      for (const [section, fields] of Object.entries(FORMER)) {
        if (json[section] === null) continue;
        for (const f of fields) expect(json[section], `${section}.${f}`).toHaveProperty(f);
      }
      if (s.gc !== null) {
        expect(json.gc.pauseTotalMs).toBe(s.gc.pauses.totalMs);
        expect(json.gc.pauseMaxMs).toBe(s.gc.pauses.max);
        expect(json.gc.heapPeakMB).toBe(s.gc.peakHeapMB);
        expect(json.gc.gcPctLast).toBe(s.gc.runtimeGcPct);
      }
      if (s.sched !== null) {
        expect(json.sched.runnableMax).toBe(s.sched.maxRunnable);
        expect(json.sched.detailDumps).toBe(s.goroutines?.dumps ?? 0);
      }
      if (s.init !== null) expect(json.init.slowestPkg).toBe(s.init.slowest[0].pkg);
    },
  );

  it("is the headline of the trace plus what the input holds", async () => {
    const trace = await loadTrace(join(DATA, "gctrace-pacer-scav.log"));
    const { lines, counts, runs, malformed, damage, ...figures } = summarizeTrace(trace);
    expect(figures).toEqual(headline(trace));
    expect(lines).toBe(trace.lines);
    expect(runs).toHaveLength(1);
    expect(counts.gctrace).toBe(36);
    expect(malformed).toEqual([]);
    expect(damage).toEqual([]);
  });

  it("of a go run trace: the figures are of the busiest run, and the text says which", async () => {
    const trace = await loadTrace(GORUN);
    const s = summarizeTrace(trace);
    expect(s.runs).toHaveLength(trace.runs);
    const busiest = s.runs.reduce((a, b) => (b.gcCycles >= a.gcCycles ? b : a));
    expect(s.gc?.run).toBe(busiest.run);
    expect(s.gc?.cycles).toBe(busiest.gcCycles);
    const text = formatSummary(s);
    expect(text).toContain("The figures below are of the run with the most lines of each kind");
    expect(text).toMatch(new RegExp(`\\nGC \\(run ${busiest.run}\\): ${busiest.gcCycles} cycles in `));
    // a window on one run is one run: no run named
    const one = summarizeTrace(trace, { run: 0 });
    expect(one.gc?.run).toBe(0);
    expect(summaryText(one)).toMatch(/^GC: 1 cycle in /);
  });

  it("prints each figure once: GC, heap and scheduler lines appear a single time", async () => {
    const trace = await loadTrace(
      join(__dirname, "..", "data", "go1.19", "gctrace-schedtrace-webservice.txt"),
    );
    const text = formatSummary(summarizeTrace(trace));
    for (const head of [/^GC: /gm, /^ {2}heap: peak /gm, /^Scheduler: /gm, /pauses/g]) {
      expect(text.match(head)?.length ?? 0, String(head)).toBe(1);
    }
  });
});

describe("the report page's sections", () => {
  it("a SectionSource adds its paragraph and charts after the whole-run charts and before the busiest window", async () => {
    const trace = await loadTrace(join(DATA, "workload-memlimit64.log"));
    const stages: string[] = [];
    const report = buildReport(trace, {
      detailRows: 8,
      onStage: (s) => stages.push(s),
      sections: [
        {
          stage: "adding the extra section",
          build: (t) => ({
            summary: `Extra: ${t.tables.gctrace.length} cycles seen`,
            charts: [{ name: "extra", heading: "An extra chart", spec: traceChart(t, "heap").spec }],
          }),
        },
        { stage: "adding nothing", build: () => null },
      ],
    });
    const names = [...report.html.matchAll(/data-chart="([^"]+)"/g)].map((m) => m[1]);
    const at = names.indexOf("extra");
    expect(at).toBe(report.charts.length);
    expect(names.slice(at + 1)).toEqual(report.detail?.charts.map((c) => `busiest-${c.name}`));
    const paragraphs = report.summary.split("\n\n");
    expect(paragraphs[0]).toBe(formatSummary(report.traceSummary).trimEnd());
    expect(paragraphs[1]).toBe(`Extra: ${trace.tables.gctrace.length} cycles seen`);
    expect(paragraphs[2]).toMatch(/^The busiest window/);
    expect(stages).toEqual([
      "building the charts",
      "summing up",
      "adding the extra section",
      "adding nothing",
      "finding the busiest window",
      "building the busiest window's charts",
      "writing the page",
    ]);
  });
});
