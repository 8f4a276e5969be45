/**
 * One measured process of the end-to-end bench (bench/e2e.ts starts it, so each measurement has a process — and a
 * peak RSS — of its own). It writes what it measured as JSON to the file named by BENCH_RESULT.
 *
 *   node e2eChild.js cli <command> <args...>   the `godebug-lab` command line as a user runs it (src/cli/main.ts),
 *                                              stdout and stderr as given by the parent
 *   node e2eChild.js stages <trace> <out.html> the report's stages timed one by one in this process: loadTrace alone,
 *                                              the analyses, the chart specs, the page, then every chart rendered to
 *                                              SVG (not part of the report: what `chart -o x.svg` would write)
 */
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { main } from "../src/cli/main";
import { toSVG } from "../src/render/svg";
import { buildReport } from "../src/report/page";
import { loadTrace } from "../src/trace/doors";

export interface CliResult {
  code: number;
  maxRssBytes: number;
}

export interface StagesResult {
  loadMs: number;
  /** Stage name (as buildReport reports it) → ms. */
  stagesMs: Record<string, number>;
  pageBytes: number;
  charts: number;
  svgMs: number;
  /** Every chart's SVG size, by page section name (busiest-… for the busiest window's). */
  svgBytes: Record<string, number>;
  /** Charts not rendered because their spec is larger than SVG_MAX_SPEC_BYTES: the spec's size. */
  skipped: Record<string, number>;
  maxRssBytes: number;
}

/** Specs larger than this (JSON) are not rendered to SVG (BENCH_SVG_MAX_SPEC_MB, default 20). */
const SVG_MAX_SPEC_BYTES = Number(process.env.BENCH_SVG_MAX_SPEC_MB ?? 20) * 2 ** 20;

function result(value: CliResult | StagesResult): void {
  const file = process.env.BENCH_RESULT;
  if (!file) throw new Error("e2eChild: BENCH_RESULT is not set");
  writeFileSync(file, JSON.stringify(value));
}

const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function stages(file: string, out: string): Promise<StagesResult> {
  let t = performance.now();
  const trace = await loadTrace(file);
  const loadMs = performance.now() - t;
  const stagesMs: Record<string, number> = {};
  let current = "";
  t = performance.now();
  const mark = (next: string) => {
    const now = performance.now();
    if (current !== "") stagesMs[current] = (stagesMs[current] ?? 0) + now - t;
    current = next;
    t = now;
  };
  const report = buildReport(trace, { onStage: mark });
  mark("");
  writeFileSync(out, report.html);
  const all = [
    ...report.charts.map((c) => ({ name: c.name as string, spec: c.spec })),
    ...(report.detail?.charts ?? []).map((c) => ({ name: `busiest-${c.name}`, spec: c.spec })),
  ];
  const svgBytes: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  t = performance.now();
  for (const c of all) {
    // a spec that carries every row of a long trace takes minutes and gigabytes to draw: say so instead
    const specBytes = Buffer.byteLength(JSON.stringify(c.spec));
    if (specBytes > SVG_MAX_SPEC_BYTES) skipped[c.name] = specBytes;
    else svgBytes[c.name] = Buffer.byteLength(await toSVG(c.spec));
  }
  const svgMs = performance.now() - t;
  return {
    loadMs,
    stagesMs,
    pageBytes: Buffer.byteLength(report.html),
    charts: all.length,
    svgMs,
    svgBytes,
    skipped,
    maxRssBytes: maxRss(),
  };
}

async function run(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "cli") {
    const code = await main(rest, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      onInterrupt: () => () => {},
    });
    result({ code, maxRssBytes: maxRss() });
    process.exit(code);
  }
  if (mode === "stages") {
    result(await stages(rest[0], rest[1]));
    process.exit(0);
  }
  throw new Error(`e2eChild: unknown mode ${mode}`);
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
