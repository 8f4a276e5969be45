/**
 * Every chart a trace supports, by name: what `godebug-lab report` draws and `godebug-lab chart --chart`
 * picks from. Each entry says when the trace has what it needs and builds its spec from the analyses of
 * the trace's main process run (a `go run` trace also holds the go command's own short runs).
 */
import { gcCpuPerCycle, gcCpuWindows } from "../analysis/gcCpu";
import { goroutineCounts, leakSignals } from "../analysis/goroutines";
import { heapCycles } from "../analysis/heap";
import { mmuCurve } from "../analysis/mmu";
import { pacerCycles } from "../analysis/pacer";
import { niceStep, pauseEcdf, pauseHistogram, pauseQuantiles } from "../analysis/pauses";
import { loadPeriods } from "../analysis/queueDrain";
import { scavengerSeries } from "../analysis/scavenger";
import { perPRunqueue, schedSeries } from "../analysis/scheduler";
import { max } from "../analysis/stats";
import { allocRateChart } from "../chart/allocRateChart";
import { gcCpuChart } from "../chart/gcCpuChart";
import { goroutinesByWaitReasonChart } from "../chart/goroutinesByWaitReasonChart";
import { heapTimelineChart } from "../chart/heapTimelineChart";
import { initWaterfallChart } from "../chart/initWaterfallChart";
import { mmuChart } from "../chart/mmuChart";
import { pacerChart } from "../chart/pacerChart";
import { pauseEcdfChart } from "../chart/pauseEcdfChart";
import { pauseHistogramChart } from "../chart/pauseHistogramChart";
import { perPHeatmapChart } from "../chart/perPHeatmapChart";
import { queueDrainChart } from "../chart/queueDrainChart";
import { runQueueChart } from "../chart/runQueueChart";
import { scavengerChart } from "../chart/scavengerChart";
import type { TopLevelSpec } from "../chart/spec";
import { whatIfChart } from "../chart/whatIfChart";
import { booleans, numbers } from "../table/columns";
import { busiestRun, mainRun, selectRun } from "../table/runs";
import type { Table } from "../table/table";
import type { Trace } from "../trace/trace";
import { calibrateGcModel } from "../whatif/gcModel";
import { predictSweep } from "../whatif/gcSweep";

/** A chart of a trace: a stable name (for `--chart`), a heading and the spec. */
export interface NamedChart {
  readonly name: ChartName;
  readonly heading: string;
  readonly spec: TopLevelSpec;
}

/** The GOGC values the what-if chart sweeps. */
export const WHATIF_GOGC = [25, 50, 75, 100, 150, 200, 300, 400, 800] as const;

/** The slices of a trace the charts read, computed once per trace. */
class TraceParts {
  /** The main run's gc cycles. */
  readonly gc: Table;
  /** Of them, the cycles with an `@` time (go1.5+): what time-axis GC charts need. */
  readonly timedCycles: number;
  /** The run with the most SCHED lines, and its SCHED rows. */
  readonly schedRun: number;
  readonly sched: Table;
  /** Per-P rows of that run: the detail dump's P lines, or the summary lines' bracket lists (undefined: none). */
  readonly perP: Table | undefined;
  /** analysis/scheduler.ts schedSeries of that run. */
  readonly series: Table;

  constructor(readonly trace: Trace) {
    this.gc = mainRun(trace.tables.gctrace);
    this.timedCycles = numbers(this.gc, "timeMs").filter(Number.isFinite).length;
    this.schedRun = busiestRun(trace.tables.schedtrace);
    this.sched = selectRun(trace.tables.schedtrace, this.schedRun);
    const detail = booleans(this.sched, "detail").some(Boolean);
    const perP = selectRun(trace.tables[detail ? "scheddetailP" : "schedtraceP"], this.schedRun);
    this.perP = perP.length > 0 ? perP : undefined;
    this.series = schedSeries(this.sched, this.perP);
  }
}

interface ChartEntry {
  readonly name: string;
  readonly heading: string;
  /** True when the trace has the rows this chart needs. */
  supports(parts: TraceParts): boolean;
  build(parts: TraceParts): TopLevelSpec;
}

const CHARTS = [
  {
    name: "heap",
    heading: "Heap and goal per GC cycle",
    supports: (t) => t.gc.length > 0,
    build: (t) => heapTimelineChart(heapCycles(t.gc)),
  },
  {
    name: "alloc-rate",
    heading: "Allocation rate",
    supports: (t) => t.timedCycles >= 2,
    build: (t) => allocRateChart(heapCycles(t.gc)),
  },
  {
    name: "gc-cpu",
    heading: "GC CPU over time",
    supports: (t) => t.timedCycles >= 2,
    // 1 s windows, widened by the analysis (its one cap, GC_CPU_MAX_WINDOWS) over a long trace
    build: (t) => gcCpuChart(gcCpuWindows(t.gc)),
  },
  {
    name: "pause-histogram",
    heading: "Stop-the-world pauses",
    supports: (t) => numbers(t.gc, "pauseMs").some(Number.isFinite),
    build: (t) => {
      const pauses = numbers(t.gc, "pauseMs");
      // about 30 bins over the range: pauses are skewed, and Sturges' handful of bins would hide the body
      return pauseHistogramChart(
        pauseHistogram(pauses, { binWidthMs: niceStep(max(pauses) / 30) }),
        pauseQuantiles(pauses),
      );
    },
  },
  {
    name: "pause-ecdf",
    heading: "Pause distribution (ECDF)",
    supports: (t) => numbers(t.gc, "pauseMs").some(Number.isFinite),
    build: (t) => {
      const pauses = numbers(t.gc, "pauseMs");
      return pauseEcdfChart(pauseEcdf(pauses), pauseQuantiles(pauses));
    },
  },
  {
    name: "mmu",
    heading: "Minimum mutator utilisation",
    supports: (t) => t.timedCycles > 0,
    build: (t) => mmuChart(mmuCurve(t.gc)),
  },
  {
    name: "whatif",
    heading: "What if GOGC were different",
    // whatif/gcModel.ts calibrateGcModel needs 3 unforced cycles with times and CPU figures
    supports: (t) => {
      const time = numbers(t.gc, "timeMs");
      const cpu = numbers(t.gc, "cpuAssistMs");
      const forced = booleans(t.gc, "forced");
      let usable = 0;
      for (let i = 0; i < t.gc.length; i++) if (!forced[i] && Number.isFinite(time[i] + cpu[i])) usable++;
      return usable >= 3;
    },
    build: (t) => {
      const model = calibrateGcModel(t.gc);
      return whatIfChart(
        predictSweep(
          model,
          WHATIF_GOGC.map((gogc) => ({ gogc })),
        ),
        {
          gogc: model.observedGogc,
          gcPerSec: model.observed.gcPerSec,
          peakHeapMB: model.observed.peakHeapMB,
        },
      );
    },
  },
  {
    name: "pacer",
    heading: "The GC pacer",
    supports: (t) => pacerCycles(mainRun(t.trace.tables.gcpacertrace)).length > 0,
    build: (t) =>
      pacerChart(
        pacerCycles(mainRun(t.trace.tables.gcpacertrace)),
        t.gc.length > 0 ? gcCpuPerCycle(t.gc) : undefined,
      ),
  },
  {
    name: "scavenger",
    heading: "The scavenger",
    supports: (t) => scavengerSeries(mainRun(t.trace.tables.scavtrace)).length > 0,
    build: (t) => scavengerChart(scavengerSeries(mainRun(t.trace.tables.scavtrace))),
  },
  {
    name: "runqueue",
    heading: "Run queue over time",
    supports: (t) => t.trace.tables.schedtrace.length > 0,
    build: (t) => {
      const perP = t.perP;
      const gc = t.trace.tables.gctrace;
      // GC rules only when the gc lines come from the same process run as the SCHED lines
      const gcRun = gc.length > 0 ? selectRun(gc, t.schedRun) : gc;
      return runQueueChart({
        series: t.series,
        perP: perP && perPRunqueue(t.sched, perP),
        gcStartMs: gcRun.length > 0 ? numbers(gcRun, "timeMs") : undefined,
      });
    },
  },
  {
    name: "queue-drain",
    heading: "Run queue drain",
    supports: (t) => t.trace.tables.schedtrace.length > 0 && loadPeriods(t.series).length > 0,
    build: (t) => queueDrainChart(t.series, loadPeriods(t.series)),
  },
  {
    name: "per-p-heatmap",
    heading: "Local run queue per P",
    supports: (t) => t.trace.tables.schedtrace.length > 0 && t.perP !== undefined,
    build: (t) => perPHeatmapChart(perPRunqueue(t.sched, t.perP as Table)),
  },
  {
    name: "goroutines",
    heading: "Goroutines by wait reason",
    supports: (t) => t.trace.tables.scheddetailG.length > 0,
    build: (t) => {
      const counts = goroutineCounts(mainRun(t.trace.tables.scheddetailG), "waitReason");
      // the leak must outlast the load: the queues' last emptying, when the trace has SCHED samples
      const periods = loadPeriods(t.series);
      const empty = periods.length > 0 ? numbers(periods, "emptyMs")[periods.length - 1] : Number.NaN;
      return goroutinesByWaitReasonChart(
        counts,
        leakSignals(counts, Number.isFinite(empty) ? { loadEndMs: empty } : {}),
      );
    },
  },
  {
    name: "init",
    heading: "Package init",
    supports: (t) => t.trace.tables.inittrace.length > 0,
    build: (t) => initWaterfallChart(mainRun(t.trace.tables.inittrace)),
  },
] as const satisfies readonly ChartEntry[];

/** Every chart name, in report order. */
export const CHART_NAMES = CHARTS.map((c) => c.name);
export type ChartName = (typeof CHARTS)[number]["name"];

/** The names of the charts this trace supports, in report order. */
export function supportedCharts(trace: Trace): ChartName[] {
  const parts = new TraceParts(trace);
  return CHARTS.filter((c) => c.supports(parts)).map((c) => c.name);
}

/** Every chart the trace supports (or those of them named in `only`), built, in report order. */
export function traceCharts(trace: Trace, only?: readonly ChartName[]): NamedChart[] {
  const parts = new TraceParts(trace);
  const wanted = only === undefined ? CHARTS : CHARTS.filter((c) => only.includes(c.name));
  return wanted
    .filter((c) => c.supports(parts))
    .map((c) => ({
      name: c.name,
      heading: c.heading,
      spec: c.build(parts),
    }));
}

/** One chart by name; throws when the name is unknown or the trace lacks what the chart needs. */
export function traceChart(trace: Trace, name: string): NamedChart {
  const entry = CHARTS.find((c) => c.name === name);
  if (entry === undefined)
    throw new RangeError(`unknown chart ${JSON.stringify(name)}; charts: ${CHART_NAMES.join(", ")}`);
  const parts = new TraceParts(trace);
  if (!entry.supports(parts)) {
    const supported = CHARTS.filter((c) => c.supports(parts)).map((c) => c.name);
    throw new RangeError(
      `${trace.source} has no data for the ${name} chart; it supports: ${supported.join(", ") || "none"}`,
    );
  }
  return { name: entry.name, heading: entry.heading, spec: entry.build(parts) };
}
