/**
 * `godebug-lab chart <file|-> --chart <name> -o <out.svg|out.png|out.html|out.vl.json|->`: one chart of a
 * trace, as SVG, PNG, a standalone HTML page or its Vega-Lite spec (JSON; `-` = stdout), picked by the output's
 * extension. `--chart compare --with <file2>` draws two
 * runs side by side. renderChart returns the bytes; the command writes them.
 */
import { writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { compareRunsChart } from "../chart/compareRunsChart";
import type { TopLevelSpec } from "../chart/spec";
import { toHTML } from "../render/html";
import { toPNG } from "../render/png";
import { toSVG } from "../render/svg";
import { compareRuns } from "../report/compareRuns";
import { headline } from "../report/headline";
import { CHART_NAMES, traceChart } from "../report/traceCharts";
import type { Trace } from "../trace/trace";
import { describeWindow } from "../window/traceWindow";
import type { Command } from "./command";
import { parseCommandArgs, printHelp, UsageError } from "./command";
import { describeFsError, readTrace } from "./input";
import { progressFor } from "./progress";
import { applyWindow, WINDOW_HELP, WINDOW_OPTIONS, WINDOW_USAGE, windowFlags } from "./windowFlags";

export const OUTPUT_FORMATS = ["svg", "png", "html", "vl.json"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The two-run chart, beside the ones traceCharts lists. */
export const COMPARE = "compare";

/** The format an output file's extension names; `-` (stdout) and any `.json` are the Vega-Lite spec. */
export function outputFormat(file: string): OutputFormat {
  if (file === "-" || file.toLowerCase().endsWith(".json")) return "vl.json";
  const ext = extname(file).slice(1).toLowerCase();
  if ((OUTPUT_FORMATS as readonly string[]).includes(ext)) return ext as OutputFormat;
  throw new UsageError(
    `cannot tell the format of '${file}': the output must end in .svg, .png, .html or .vl.json (- for the spec on stdout)`,
  );
}

/** The spec and heading of the chart `name` of `trace` (and `other`, for compare); UsageError when it cannot be drawn. */
export function pickChart(
  trace: Trace,
  name: string,
  other?: { trace: Trace; labels: readonly [string, string] },
): { heading: string; spec: TopLevelSpec } {
  if (name === COMPARE) {
    if (other === undefined) throw new UsageError("--chart compare needs the second trace: --with <file>");
    const spec = compareRunsChart(compareRuns(headline(trace), headline(other.trace)), {
      labels: other.labels,
    });
    return { heading: `${other.labels[1]} compared with ${other.labels[0]}`, spec };
  }
  if (other !== undefined) throw new UsageError("--with is only for --chart compare");
  if (!(CHART_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`unknown chart '${name}': expected one of ${[...CHART_NAMES, COMPARE].join(", ")}`);
  }
  try {
    return traceChart(trace, name);
  } catch (err) {
    // the trace lacks what this chart needs; the message names the charts it supports
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
}

/** The chart rendered in `format`. */
export async function renderChart(
  chart: { heading: string; spec: TopLevelSpec },
  format: OutputFormat,
  title: string,
): Promise<string | Buffer> {
  if (format === "svg") return toSVG(chart.spec);
  if (format === "png") return toPNG(chart.spec);
  // The spec as built, data inline: Vega-Lite 6 JSON that the Vega editor, Observable or Altair take as is.
  if (format === "vl.json") return `${JSON.stringify(chart.spec, null, 2)}\n`;
  return toHTML([{ name: "chart", heading: chart.heading, spec: chart.spec }], { title });
}

export const chartCommand: Command = {
  name: "chart",
  usage: `chart <file|-> --chart <name> -o <out.svg|out.png|out.html|out.vl.json|-> [--with <file2>] [--labels <a>,<b>] ${WINDOW_USAGE}`,
  description:
    "One chart of a trace as SVG, PNG, a standalone HTML page or its Vega-Lite spec (by the output's extension).",
  options: [
    `  --chart <name>        one of: ${[...CHART_NAMES, COMPARE].join(", ")}`,
    "  -o, --output <file>   the file to write: .svg, .png (2x), .html, or .vl.json (the Vega-Lite spec with its",
    "                        data, for the Vega editor, Observable or Altair); - writes the spec to stdout",
    "  --with <file2>        the second trace, for --chart compare",
    "  --labels <a>,<b>      names of the two runs for --chart compare (default: the file names)",
    WINDOW_HELP,
    "                        (with --with, the same window of both traces)",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseCommandArgs(
      chartCommand,
      args,
      {
        chart: { type: "string" },
        output: { type: "string", short: "o" },
        with: { type: "string" },
        labels: { type: "string" },
        ...WINDOW_OPTIONS,
      },
      { min: 1, max: 1, names: "<file|->" },
    );
    if (!parsed) return printHelp(chartCommand, io);
    const { chart: name, output, labels } = parsed.values;
    if (name === undefined)
      throw new UsageError(`missing --chart <name>; charts: ${[...CHART_NAMES, COMPARE].join(", ")}`);
    if (output === undefined) throw new UsageError("missing -o <out.svg|out.png|out.html|out.vl.json|->");
    const format = outputFormat(output);
    const window = windowFlags(parsed.values);
    const file = parsed.positionals[0];
    const progress = progressFor(io, "chart");
    const trace = applyWindow(await readTrace(file, io, {}, progress).finally(() => progress.done()), window);
    let other: { trace: Trace; labels: readonly [string, string] } | undefined;
    if (parsed.values.with !== undefined) {
      const pair = labels?.split(",") ?? [basename(file), basename(parsed.values.with)];
      if (pair.length !== 2 || pair.some((l) => l === ""))
        throw new UsageError(`--labels needs two names: <a>,<b>, got '${labels}'`);
      other = {
        trace: applyWindow(
          await readTrace(parsed.values.with, io, {}, progress).finally(() => progress.done()),
          window,
        ),
        labels: [pair[0], pair[1]],
      };
    } else if (labels !== undefined) {
      throw new UsageError("--labels is only for --chart compare --with <file2>");
    }
    const where = window === undefined ? "" : ` (${describeWindow(window)})`;
    let chart: ReturnType<typeof pickChart>;
    let bytes: string | Buffer;
    try {
      progress.stage(`building the ${name} chart`);
      chart = pickChart(trace, name, other);
      progress.stage(`rendering ${format.toUpperCase()}`);
      bytes = await renderChart(chart, format, `godebug-lab ${name}: ${basename(trace.source)}${where}`);
    } finally {
      progress.done();
    }
    if (output === "-") {
      io.stdout.write(bytes);
      return 0;
    }
    try {
      writeFileSync(output, bytes);
    } catch (err) {
      throw new UsageError(`cannot write ${output}: ${describeFsError(err)}`);
    }
    io.stdout.write(`wrote ${output}: ${chart.heading} (${format})\n`);
    return 0;
  },
};
