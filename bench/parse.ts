/**
 * `npm run bench`: parse throughput of a 1,000,000-line gctrace file (bench/gen-gctrace.ts), in ONE process:
 *   (a) a plain regex-per-line baseline: read the file, split it into lines, one regex per line, parseFloat every
 *       group into arrays;
 *   (b) godebug-lab to columns through the public API loadTrace(path) (or, while src/parse/trace.ts is still a
 *       skeleton, the gctrace scanner behind a minimal local driver; the output says which);
 *   (c) the danfo DataFrame built from the gctrace columns (src/frame), when that module is implemented;
 *   (d) peak RSS (the process's maxRSS) after (b)+(c), measured before the baseline runs.
 * Prints the ratios against the targets of issue 2: ≥ 6× the baseline to columns, DataFrame ≤ 2 s more, peak ≤ 1 GB.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createGctraceScanner, looksLikeGctrace } from "../src/parse/gctrace";
import { loadTrace } from "../src/parse/trace";
import type { RunTracker, Table } from "../src/parse/types";
import { generateGctrace } from "./gen-gctrace";

const REPO = join(__dirname, "..", "..");
const LINES = 1_000_000;
const FILE = join(REPO, "bench", "out", `gctrace-${LINES}.txt`);

/** The straightforward way: one regex for the go1.18+ line, every group parsed with parseFloat into arrays. */
const BASELINE_RE =
  /^gc (\d+) @([\d.]+)s (\d+)%: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ([\d.]+)\+([\d.]+)\/([\d.]+)\/([\d.]+)\+([\d.]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P( \(forced\))?$/;

function baseline(path: string): number {
  const text = readFileSync(path, "utf8");
  const cols: number[][] = Array.from({ length: 18 }, () => []);
  const forced: boolean[] = [];
  for (const line of text.split("\n")) {
    const m = BASELINE_RE.exec(line);
    if (!m) continue;
    for (let k = 0; k < 18; k++) cols[k].push(Number.parseFloat(m[k + 1]));
    forced.push(m[19] !== undefined);
  }
  return cols[0].length;
}

/** The baseline's regex loop alone, on lines already in memory. */
function baselineParseOnly(lines: readonly string[]): number {
  const cols: number[][] = Array.from({ length: 18 }, () => []);
  for (const line of lines) {
    const m = BASELINE_RE.exec(line);
    if (!m) continue;
    for (let k = 0; k < 18; k++) cols[k].push(Number.parseFloat(m[k + 1]));
  }
  return cols[0].length;
}

/** The gctrace scanner alone, on the same lines. */
function scannerParseOnly(lines: readonly string[]): number {
  const scanner = createGctraceScanner();
  const ctx = { lineNo: 0, runs: new OneRun() };
  for (const line of lines) {
    ctx.lineNo++;
    if (looksLikeGctrace(line, 0)) scanner.scan(line, 0, ctx);
  }
  return scanner.tables()[0].length;
}

/**
 * The floor of any columnar parse: storing 22 Float64 columns (the gctrace numbers of a go1.18+ line) for every
 * row into arrays allocated at their exact final size, with no parsing at all. Fresh memory is faulted in page by
 * page, which is expensive on a VM.
 */
function storeFloor(rows: number): number {
  const cols = Array.from({ length: 22 }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) for (let k = 0; k < 22; k++) cols[k][r] = r;
  return cols[21][rows - 1];
}

/** A run tracker good enough for one process's gc lines (the real one is src/parse/runs.ts). */
class OneRun implements RunTracker {
  run = 0;
  lastGcNum = Number.NaN;
  lastGcTimeMs = Number.NaN;
  lastSchedTimeMs = Number.NaN;
  gc(gcNum: number, timeMs: number): number {
    if (gcNum <= this.lastGcNum) this.run++;
    this.lastGcNum = gcNum;
    this.lastGcTimeMs = timeMs;
    return this.run;
  }
  sched(): number {
    return this.run;
  }
  init(): number {
    return this.run;
  }
  current(): number {
    return this.run;
  }
}

/** Minimal driver: the file as one string, lines cut with indexOf, each gctrace line handed to the scanner. */
function localDriver(path: string): Table {
  const text = readFileSync(path, "utf8");
  const scanner = createGctraceScanner();
  const ctx = { lineNo: 0, runs: new OneRun() };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    ctx.lineNo++;
    const line = text.slice(start, end);
    if (looksLikeGctrace(line, 0)) scanner.scan(line, 0, ctx);
    start = end + 1;
  }
  return scanner.tables()[0];
}

async function ours(path: string): Promise<{ table: Table; via: string; frame?: () => unknown }> {
  try {
    const trace = await loadTrace(path);
    return { table: trace.tables.gctrace, via: "loadTrace(path)", frame: () => trace.frame("gctrace") };
  } catch (e) {
    if (!/not implemented/.test(String(e))) throw e;
    return { table: localDriver(path), via: "local driver (loadTrace is not implemented yet)" };
  }
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

const mb = (kib: number) => (kib / 1024).toFixed(0);

/** User + system CPU milliseconds of this process since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  if (!existsSync(FILE)) {
    mkdirSync(join(REPO, "bench", "out"), { recursive: true });
    const t = performance.now();
    await generateGctrace(REPO, FILE, LINES);
    console.log(`generated ${FILE} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`input: ${FILE}, ${(statSync(FILE).size / 2 ** 20).toFixed(0)} MiB, ${LINES} lines`);

  gc();
  let t = performance.now();
  let cpu0 = process.cpuUsage();
  const mine = await ours(FILE);
  const oursMs = performance.now() - t;
  const oursCpu = cpuMs(cpu0);
  if (mine.table.length !== LINES) throw new Error(`ours: ${mine.table.length} rows, expected ${LINES}`);
  let frameMs = Number.NaN;
  if (mine.frame) {
    try {
      t = performance.now();
      mine.frame();
      frameMs = performance.now() - t;
    } catch (e) {
      if (!/not implemented/.test(String(e))) throw e;
    }
  }
  const peakKiB = process.resourceUsage().maxRSS;

  gc();
  t = performance.now();
  cpu0 = process.cpuUsage();
  const rows = baseline(FILE);
  const baseMs = performance.now() - t;
  const baseCpu = cpuMs(cpu0);
  if (rows !== LINES) throw new Error(`baseline: ${rows} rows, expected ${LINES}`);

  // CPU time is reported beside wall time: on a shared machine wall time mostly measures the neighbours.
  const ratio = baseMs / oursMs;
  const cpuRatio = baseCpu / oursCpu;
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`(a) regex-per-line baseline:  ${sec(baseMs)} wall, ${sec(baseCpu)} cpu`);
  console.log(`(b) godebug-lab to columns:   ${sec(oursMs)} wall, ${sec(oursCpu)} cpu  via ${mine.via}`);
  console.log(
    `    ratio baseline / ours:    ${ratio.toFixed(1)}x wall, ${cpuRatio.toFixed(1)}x cpu  ` +
      `(target >= 6x: ${ratio >= 6 && cpuRatio >= 6 ? "met" : "NOT met"})`,
  );
  console.log(
    Number.isNaN(frameMs)
      ? "(c) DataFrame:                n/a (src/frame is not implemented yet)"
      : `(c) DataFrame from columns:   ${(frameMs / 1000).toFixed(2)} s  (target <= 2 s: ${frameMs <= 2000 ? "met" : "NOT met"})`,
  );
  console.log(
    `(d) peak RSS after (b)+(c):   ${mb(peakKiB)} MiB (target <= 1024 MiB: ${peakKiB <= 1 << 20 ? "met" : "NOT met"})`,
  );
  console.log(`    peak RSS incl. baseline:  ${mb(process.resourceUsage().maxRSS)} MiB`);

  // Where the time goes: the part both sides share (reading, decoding and splitting the file) bounds the
  // end-to-end ratio; the per-line parse alone compares the scanner with the regex.
  gc();
  cpu0 = process.cpuUsage();
  const lines = readFileSync(FILE, "utf8").split("\n");
  const ioCpu = cpuMs(cpu0);
  cpu0 = process.cpuUsage();
  baselineParseOnly(lines);
  const reCpu = cpuMs(cpu0);
  cpu0 = process.cpuUsage();
  scannerParseOnly(lines);
  const scanCpu = cpuMs(cpu0);
  gc();
  cpu0 = process.cpuUsage();
  storeFloor(LINES);
  const floorCpu = cpuMs(cpu0);
  console.log(`(e) read + decode + split:    ${sec(ioCpu)} cpu (shared by the baseline)`);
  console.log(`    storing 22 columns only:  ${sec(floorCpu)} cpu (exact-size Float64Arrays, no parsing)`);
  console.log(
    `    parse only, lines in memory: regex ${sec(reCpu)} cpu, scanner ${sec(scanCpu)} cpu: ` +
      `${(reCpu / scanCpu).toFixed(1)}x`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
