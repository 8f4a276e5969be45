/**
 * The public API is a decision: src/index.ts re-exports, by name, what a user of the notebooks and docs needs, and
 * this list pins it, so an internal exported by accident (or a public name dropped by a move) fails here. To make a
 * name public, add it to src/index.ts and to its stage below. The notebooks, the solutions, the starter template,
 * the README and docs import only pinned names (tslab type-checks notebook cells against the built package).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { describe, expect, expectTypeOf, it } from "vitest";

const ROOT = path.join(__dirname, "..");

/** The public names by pipeline stage, as src/index.ts orders them; types are marked `type`. */
const PUBLIC: Record<string, readonly string[]> = {
  load: [
    "type BusiestOptions",
    "type BusiestWindow",
    "busiestWindow",
    "type Damage",
    "formatDuration",
    "type HeyBucket",
    "type HeyLoad",
    "type HeyOptions",
    "type HeyPercentile",
    "type HeyPhase",
    "type HeySummary",
    "type LineClass",
    "loadHey",
    "loadTrace",
    "type MalformedLine",
    "parseGoDuration",
    "parseGoroutineProfile",
    "parseHeapProfile",
    "parseHey",
    "type ParseOptions",
    "parseTrace",
    "parseTraceStream",
    "type ProfileTextOptions",
    "summaryFromRequests",
    "type Trace",
    "type TraceData",
    "TRACE_KINDS",
    "type TraceKind",
    "type TraceWindow",
    "type WindowedTrace",
    "windowTrace",
  ],
  tables: [
    "booleans",
    "busiestRun",
    "type ColumnData",
    "type ColumnSpec",
    "type DataFrameLike",
    "filterRows",
    "fromDataFrame",
    "mainRun",
    "max",
    "mean",
    "median",
    "numbers",
    "rowsTable",
    "selectColumns",
    "selectRun",
    "strings",
    "type Table",
    "TABLE_INFO",
    "TABLE_NAMES",
    "TABLE_SCHEMAS",
    "type TableInfo",
    "type TableInput",
    "type TableName",
    "toDataFrame",
    "type TraceInput",
  ],
  analyses: [
    "allocationRate",
    "compareLatencyRuns",
    "effectiveGogc",
    "gcCpuPerCycle",
    "type GcCpuWindowOptions",
    "gcCpuWindows",
    "type GcHitClass",
    "type GcHitClassSummary",
    "type GcHitOptions",
    "gcHitPlacebo",
    "gcHitSummary",
    "gcPauses",
    "gcPhases",
    "type GcTailShare",
    "goroutineCounts",
    "type GoroutineGrouping",
    "heapCycles",
    "type HeapRegime",
    "heapRegimes",
    "type HistogramOptions",
    "inferGogc",
    "type InitPackage",
    "initSummary",
    "type InitSummary",
    "latenciesOf",
    "type LatencyRun",
    "type LatencySummary",
    "latencySummary",
    "latencyVsRunnable",
    "type LatencyWindowOptions",
    "latencyWindows",
    "type LeakOptions",
    "type LeakSignal",
    "leakSignals",
    "type LittleCheck",
    "littleCheck",
    "type LittleOptions",
    "type LoadPeriodOptions",
    "loadPeriods",
    "mmuCurve",
    "type MmuOptions",
    "mRoleCounts",
    "pacerCycles",
    "pauseEcdf",
    "pauseHistogram",
    "type PauseQuantiles",
    "pauseQuantiles",
    "perPRunqueue",
    "pStatusCounts",
    "type RegimeOptions",
    "requestsHitByGc",
    "scavengerSeries",
    "schedSeries",
    "schedSummary",
    "type SchedSummary",
  ],
  whatIf: [
    "calibrateGcModel",
    "calibrateLatency",
    "type CalibrateOptions",
    "calibrateQueue",
    "type CostFit",
    "type GcModel",
    "type GcPrediction",
    "type GcScenario",
    "type LatencyCalibration",
    "type LatencyPrediction",
    "type LatencyScenario",
    "loadStats",
    "type LoadStats",
    "mmc",
    "type MmcInput",
    "type MmcResult",
    "predictGc",
    "predictLatency",
    "type QueueCalibration",
    "type QueueScenario",
    "type QueueWhatIf",
    "queueWhatIf",
    "type TargetRegime",
    "waitCurve",
    "type WaitCurveOptions",
  ],
  charts: [
    "allocRateChart",
    "type ChartOptions",
    "compareRunsChart",
    "type CompareRunsOptions",
    "gcCpuChart",
    "goroutinesByWaitReasonChart",
    "heapTimelineChart",
    "initWaterfallChart",
    "type InitWaterfallOptions",
    "latencyEcdfChart",
    "latencyGcChart",
    "type LatencyGroup",
    "latencyRunnableChart",
    "latencyRunsChart",
    "latencyTimelineChart",
    "type LatencyTimelineData",
    "type LoadWindow",
    "mmuChart",
    "mRolesChart",
    "type ObservedGc",
    "pacerChart",
    "pauseEcdfChart",
    "pauseHistogramChart",
    "perPHeatmapChart",
    "pStatusChart",
    "queueDrainChart",
    "type QueueDrainOptions",
    "queueWaitChart",
    "type QueueWaitOptions",
    "runQueueChart",
    "type RunQueueChartData",
    "scavengerChart",
    "type TopLevelSpec",
    "whatIfChart",
    "whatIfSliderChart",
    "type WhatIfSliderOptions",
  ],
  render: [
    "type HtmlChart",
    "type HtmlOptions",
    "type PngOptions",
    "show",
    "type ShowOptions",
    "toHTML",
    "toPNG",
    "toSVG",
  ],
  report: [
    "CHART_NAMES",
    "type ChartName",
    "type ComparedFigure",
    "compareFigures",
    "compareRuns",
    "compareText",
    "formatSummary",
    "type FormatSummaryOptions",
    "type GcHeadline",
    "type GoroutineHeadline",
    "type Headline",
    "headline",
    "type HeadlineOptions",
    "type InitHeadline",
    "type NamedChart",
    "type PacerHeadline",
    "type RunSummary",
    "type ScavengerHeadline",
    "type SchedHeadline",
    "summarizeTrace",
    "summaryText",
    "type SummaryTextOptions",
    "supportedCharts",
    "traceChart",
    "traceCharts",
    "type TraceSummary",
  ],
  fleet: [
    "type BarChartFields",
    "type DatasetFormat",
    "type DatasetOptions",
    "expandInputs",
    "exportFleet",
    "type ExportJobResult",
    "type Fleet",
    "fleetBarChart",
    "type FleetChartOptions",
    "type FleetExportOptions",
    "type FleetExportResult",
    "type FleetInput",
    "fleetStripChart",
    "goalVsLiveChart",
    "type GoalVsLiveFields",
    "type LabelPattern",
    "type Labels",
    "MissingPackageError",
    "openFleet",
    "type OpenFleetOptions",
    "parseLabelPattern",
    "type StripChartFields",
    "tableToArrow",
    "toArrow",
    "type ToArrowOptions",
    "writeDataset",
    "writeParquet",
    "type WrittenPart",
  ],
  capture: [
    "capture",
    "type CaptureHandle",
    "type CaptureOptions",
    "type CaptureResult",
    "type GodebugSettings",
  ],
};

const pinned = Object.values(PUBLIC).flat();
const bare = (entry: string) => entry.replace(/^type /, "");
const pinnedValues = pinned.filter((e) => !e.startsWith("type ")).sort();

/** The names src/index.ts exports, read from its syntax: `type X` where the export is type-only. */
function indexExports(): { names: string[]; exportStar: string[] } {
  const file = path.join(ROOT, "src", "index.ts");
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const exportStar: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement)) continue;
    const clause = statement.exportClause;
    if (clause === undefined || !ts.isNamedExports(clause)) {
      exportStar.push(statement.getText());
      continue;
    }
    for (const element of clause.elements) {
      const typeOnly = statement.isTypeOnly || element.isTypeOnly;
      names.push(`${typeOnly ? "type " : ""}${element.name.text}`);
    }
  }
  return { names, exportStar };
}

/** Every name a file imports from "godebug-lab" (import statements, and require() destructuring in prose). */
function importedFromPackage(text: string): string[] {
  const names: string[] = [];
  const lists = [
    ...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*["']godebug-lab["']/g),
    ...text.matchAll(/\{([^}]*)\}\s*=\s*(?:await\s+import|require)\(["']godebug-lab["']\)/g),
  ];
  for (const [, list] of lists) {
    for (const part of list.split(",")) {
      const name = part
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+|\s*:\s*/)[0];
      if (name !== "") names.push(name);
    }
  }
  return names;
}

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join(dir, f));
}

describe("the public API (src/index.ts)", () => {
  it("pins each name once", () => {
    expect(new Set(pinned.map(bare)).size).toBe(pinned.length);
  });

  it("re-exports exactly the pinned names, each by name (no `export *`, which would export internals unseen)", () => {
    const { names, exportStar } = indexExports();
    expect(exportStar).toEqual([]);
    expect([...names].sort()).toEqual([...pinned].sort());
  });

  it("at run time has exactly the pinned values", async () => {
    const api = await import("../src");
    expect(Object.keys(api).sort()).toEqual(pinnedValues);
    for (const name of pinnedValues) expect((api as Record<string, unknown>)[name], name).toBeDefined();
  });

  it("names a Trace's base type: TraceData (what a parse returns) is public and a Trace is one", async () => {
    const { parseTrace } = await import("../src");
    // a function a user writes against the plain data takes the Trace they got (tsc checks this file)
    const linesPerRun = (d: import("../src").TraceData) => d.lines / Math.max(1, d.runs);
    const trace = parseTrace(fs.readFileSync(path.join(ROOT, "data/gctrace-pacer-scav.log"), "utf8"));
    expect(linesPerRun(trace)).toBe(144);
    expectTypeOf<import("../src").Trace>().toExtend<import("../src").TraceData>();
  });

  it("covers every name the notebooks, solutions, starter template, README and docs import from godebug-lab", () => {
    const files = [
      "README.md",
      "notebooks/README.md",
      "templates/starter.md",
      ...markdownFiles("notebooks/src"),
      ...markdownFiles("notebooks/solutions/src"),
      ...markdownFiles("docs"),
      ...markdownFiles("templates/workspace"),
    ];
    const publicNames = new Set(pinned.map(bare));
    const used = new Map<string, string>();
    for (const file of files) {
      for (const name of importedFromPackage(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
        used.set(name, file);
      }
    }
    // the check reads real imports: the notebooks alone import dozens of names
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used]
      .filter(([name]) => !publicNames.has(name))
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
