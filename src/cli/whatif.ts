/**
 * `godebug-lab whatif <file|-> --gogc <n|off> [--memlimit <size>] [--nonheap <size>] [--json]`: calibrates the GC
 * model on the trace's gctrace and predicts GC cycles, peak heap and GC CPU for another GOGC / GOMEMLIMIT over
 * the trace's duration. whatif() returns the data; formatWhatif() prints it for people; --json prints the data.
 */

import { fmt } from "../report/format";
import type { Trace } from "../trace/trace";
import { calibrateGcModel, type GcModel, LIVE_UNDER_1MIB_MB } from "../whatif/gcModel";
import { type GcPrediction, type GcScenario, predictGc } from "../whatif/gcPredict";
import type { CliIO, Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { readTrace } from "./input";

/** The calibration as printed: the model without its curves. */
export type Calibration = Omit<GcModel, "curve">;

export interface WhatifResult extends GcPrediction {
  source: string;
  calibration: Calibration;
}

export interface WhatifOptions extends GcScenario {
  /** Non-heap memory in MiB for the memory-limit goal; default: the model's estimate. */
  nonHeapMB?: number;
  /** The process run to calibrate on; default: the busiest (`go run` traces: pass the program's, the last). */
  run?: number;
}

/** Calibrates on `trace` and predicts `options`. Throws a UsageError when the trace has too few gc cycles. */
export function whatif(trace: Trace, options: WhatifOptions): WhatifResult {
  let model: GcModel;
  try {
    model = calibrateGcModel(trace.tables.gctrace, { nonHeapMB: options.nonHeapMB, run: options.run });
  } catch (err) {
    throw new UsageError(`${trace.source}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { curve: _curve, ...calibration } = model;
  return { source: trace.source, calibration, ...predictGc(model, options) };
}

const UNITS: Record<string, number> = { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };

/**
 * A size as GOMEMLIMIT takes it (runtime/string.go parseByteCount: ^[0-9]+(([KMGT]i)?B)?$, no suffix = bytes),
 * in MiB. Throws a UsageError otherwise.
 */
export function parseSizeMB(text: string, flag: string): number {
  const m = /^(\d+)(B|KiB|MiB|GiB|TiB)?$/.exec(text);
  if (m === null) {
    throw new UsageError(`${flag} '${text}': expected a size like 160MiB (units B, KiB, MiB, GiB, TiB)`);
  }
  return (Number(m[1]) * UNITS[m[2] ?? "B"]) / 2 ** 20;
}

/** GOGC as the runtime reads it: a non-negative integer or "off" (runtime/mgcpacer.go readGOGC). */
export function parseGogc(text: string): number | "off" {
  if (text === "off") return "off";
  if (!/^\d+$/.test(text)) throw new UsageError(`--gogc '${text}': expected a non-negative integer or off`);
  return Number(text);
}

function parseRun(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--run '${text}': expected a run number (0, 1, ...)`);
  return Number(text);
}

const COST_METHOD_TEXT: Record<Exclude<Calibration["costFit"]["method"], "leastSquares">, string> = {
  ratio: "ratio of means: marked heap too steady to regress",
  fixed: "fixed cost per cycle only: every marked heap printed 0 MB, under 1 MiB, too small to put a cost on",
};

function regimesText(r: WhatifResult["regimes"]): string {
  const parts = Object.entries(r)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** The result as text lines for people. */
export function formatWhatif(r: WhatifResult): string {
  const c = r.calibration;
  const limit = r.memLimitMB === null ? "no memory limit" : `GOMEMLIMIT=${fmt(r.memLimitMB)}MiB`;
  const ss = r.steadyState;
  return [
    `Calibration on ${r.source}: ${c.gcCount} gc cycles (${c.cycles} unforced used) over ${fmt(c.durationSec)} s, GOMAXPROCS ${c.procs}`,
    `  allocation ${fmt(c.allocRateMBPerSec)} MiB/s (least squares, R² ${fmt(c.allocFitR2, 4)}); live heap ${fmt(c.liveHeapMB)} MiB${c.liveUnder1MiBCount > 0 ? ` (${c.liveUnder1MiBCount} cycles printed 0 MB, under 1 MiB: taken as ${LIVE_UNDER_1MIB_MB})` : ""} + stacks ${fmt(c.stacksMB)} + globals ${fmt(c.globalsMB)} MiB (medians)`,
    `  GC CPU per cycle ${fmt(c.fixedCostMs)} ms + ${fmt(c.markCostMsPerMB)} ms per MiB marked (${c.costFit.method === "leastSquares" ? `least squares, R² ${fmt(c.costFit.r2, 2)}` : COST_METHOD_TEXT[c.costFit.method]})`,
    `  runway used ${fmt(c.runwayRatio * 100)} % of goal − live; non-heap memory ${fmt(c.nonHeapMB)} MiB (${c.nonHeapSource})`,
    `  observed: ${fmt(c.observed.gcPerSec)} cycles/s, peak heap ${fmt(c.observed.peakHeapMB)} MiB, GC CPU ${fmt(c.observed.gcCpuPct)} %, effective GOGC ≈ ${c.observedGogc}`,
    `Prediction for GOGC=${r.gogc}, ${limit}, over ${fmt(r.durationSec)} s:`,
    `  ${r.gcCount} cycles (${fmt(r.gcPerSec)}/s), peak heap ${fmt(r.peakHeapMB)} MiB, GC CPU ${fmt(r.gcCpuPct)} %`,
    `  targets set by: ${regimesText(r.regimes)}${r.regimes.cpuLimited > 0 ? " — GC CPU limited: the program would thrash; outside the model's validity" : ""}`,
    `  steady state (GC guide closed form): goal ${fmt(ss.heapGoalMB)} MiB (${ss.regime}), ${fmt(ss.gcPerSec)} cycles/s, GC CPU ${fmt(ss.gcCpuPct)} %, peak ${fmt(ss.peakHeapMB)} MiB`,
  ].join("\n");
}

/** JSON cannot hold Infinity/NaN: they become null. */
function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}

export const whatifCommand: Command = {
  name: "whatif",
  usage: "whatif <file|-> --gogc <n|off> [--memlimit <size>] [--nonheap <size>] [--run <n>] [--json]",
  description:
    "Calibrates a GC model on the trace's gctrace and predicts GC cycles, peak heap and GC CPU for another GOGC / GOMEMLIMIT over the trace's duration.",
  options: [
    "  --gogc <n|off>      the GOGC to predict for (required)",
    "  --memlimit <size>   a GOMEMLIMIT to predict under, e.g. 160MiB (units B, KiB, MiB, GiB, TiB)",
    "  --nonheap <size>    the runtime's non-heap memory for the limit (default: estimated from the trace;",
    "                      MemStats Sys − HeapIdle − HeapAlloc of the traced run is better)",
    "  --run <n>           the process run to calibrate on, from 0 (default: the one with the most gc cycles)",
    "  --json              print the data as JSON (gcCount, gcPerSec, peakHeapMB, gcCpuPct, calibration...)",
  ].join("\n"),
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const parsed = parseCommandArgs(
      this,
      args,
      {
        gogc: { type: "string" },
        memlimit: { type: "string" },
        nonheap: { type: "string" },
        run: { type: "string" },
        json: { type: "boolean" },
      },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (parsed === null) return printHelp(this, io);
    const { gogc, memlimit, nonheap, run, json } = parsed.values as {
      gogc?: string;
      memlimit?: string;
      nonheap?: string;
      run?: string;
      json?: boolean;
    };
    if (gogc === undefined) throw new UsageError(`missing --gogc <n|off>\nusage: godebug-lab ${this.usage}`);
    const options: WhatifOptions = {
      gogc: parseGogc(gogc),
      memLimitMB: memlimit !== undefined ? parseSizeMB(memlimit, "--memlimit") : undefined,
      nonHeapMB: nonheap !== undefined ? parseSizeMB(nonheap, "--nonheap") : undefined,
      run: run !== undefined ? parseRun(run) : undefined,
    };
    const trace = await readTrace(parsed.positionals[0], io);
    if (options.run !== undefined && options.run >= trace.runs) {
      throw new UsageError(
        `--run ${options.run}: ${trace.source} holds ${trace.runs} run(s), numbered from 0`,
      );
    }
    const result = whatif(trace, options);
    io.stdout.write(json ? `${JSON.stringify(result, jsonSafe, 2)}\n` : `${formatWhatif(result)}\n`);
    return 0;
  },
};
