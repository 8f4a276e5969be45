/**
 * `npm run bench` (second part, issue 14): the columnar export and the fleet, in one process of its own.
 *
 * (f) Parquet export of 1,000,000 gc lines (bench/out/gctrace-1000000.txt, the file of bench/parse.ts): the time of
 *     `writeParquet(trace, dir)` (every table: Arrow columns, Parquet encoding in parquet-wasm, the file written)
 *     beside the time of `loadTrace` of the same file in the same run (target: export <= 1x loadTrace), and the
 *     size of the Parquet file against the text and against `gzip -6` of the text (target: <= 1/10 of the text).
 *     Medians of BENCH_RUNS (default 3) alternating runs.
 * (g) A fleet of 200 traces of 5,000 gc lines each (bench/gen-gctrace.ts, modelled on a real go1.19 capture, a
 *     different seed per trace; 1M lines in all, like a day of a service's gctrace per host), in folders
 *     `host<k>/<service>.log` for the label pattern, exported to a Parquet dataset with exportFleet on every core and
 *     on one thread (target: ingest uses both cores: the ratio of the two, and CPU time over wall time), then opened
 *     with openFleet and queried (three queries of notebook 06). Time per trace, and the process's peak RSS (worker
 *     threads included). The 3-second captures of data/fleet are too small to measure ingest: a few ms each.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { writeParquet } from "../src/columnar/dataset";
import { exportFleet } from "../src/fleet/exportFleet";
import { expandInputs } from "../src/fleet/inputs";
import { parseLabelPattern } from "../src/fleet/labels";
import { openFleet } from "../src/fleet/openFleet";
import { loadTrace } from "../src/trace/doors";
import { generateGctrace } from "./gen-gctrace";

const REPO = join(__dirname, "..", "..");
const OUT = join(REPO, "bench", "out");
const LINES = 1_000_000;
const FILE = join(OUT, `gctrace-${LINES}.txt`);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const FLEET_SIZE = 200;
const FLEET_LINES = 5_000;
const SERVICES = ["api", "batch", "cache", "auth", "search"];

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const settle = () => new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS ?? 1000)));

async function timed<T>(f: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, value };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const s = statSync(join(dir, f));
    if (s.isFile()) n += s.size;
  }
  return n;
}

async function parquetExport(): Promise<void> {
  if (!existsSync(FILE)) {
    mkdirSync(OUT, { recursive: true });
    await generateGctrace(REPO, FILE, LINES);
  }
  const textBytes = statSync(FILE).size;
  const gzBytes = Number(
    execFileSync("bash", ["-c", `gzip -6 -c '${FILE}' | wc -c`], { encoding: "utf8" }).trim(),
  );
  const dir = join(OUT, "parquet-1m");
  const loads: number[] = [];
  const loadCpu: number[] = [];
  const exports: number[] = [];
  const exportCpu: number[] = [];
  let parquetBytes = 0;
  for (let k = 0; k < RUNS; k++) {
    await settle();
    const load = await timed(() => loadTrace(FILE));
    loads.push(load.wall);
    loadCpu.push(load.cpu);
    await settle();
    rmSync(dir, { recursive: true, force: true });
    const ex = await timed(() => writeParquet(load.value, dir));
    exports.push(ex.wall);
    exportCpu.push(ex.cpu);
    parquetBytes = ex.value.reduce((n, p) => n + p.bytes, 0);
  }
  const l = median(loads);
  const e = median(exports);
  console.log(`(f) Parquet export of ${LINES.toLocaleString("en")} gc lines (${mib(textBytes)} of text)`);
  console.log(
    `    loadTrace:            ${sec(l)} wall, ${sec(median(loadCpu))} cpu (runs: ${loads.map(sec).join(", ")})`,
  );
  console.log(
    `    writeParquet (all tables): ${sec(e)} wall, ${sec(median(exportCpu))} cpu (runs: ${exports.map(sec).join(", ")})`,
  );
  console.log(
    `    export / loadTrace:   ${(e / l).toFixed(2)}x wall (target <= 1x: ${e <= l ? "met" : "NOT met"}), ` +
      `${(median(exportCpu) / median(loadCpu)).toFixed(2)}x cpu`,
  );
  console.log(
    `    Parquet ${mib(parquetBytes)} = 1/${(textBytes / parquetBytes).toFixed(1)} of the text ` +
      `(target <= 1/10: ${parquetBytes * 10 <= textBytes ? "met" : "NOT met"}), ` +
      `${(parquetBytes / gzBytes).toFixed(2)}x gzip -6 (${mib(gzBytes)})`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function fleet(): Promise<void> {
  const inDir = join(OUT, `fleet-${FLEET_SIZE}x${FLEET_LINES}`);
  if (!existsSync(inDir)) {
    for (let i = 0; i < FLEET_SIZE; i++) {
      const host = join(inDir, `host${String(i).padStart(3, "0")}`);
      mkdirSync(host, { recursive: true });
      await generateGctrace(REPO, join(host, `${SERVICES[i % SERVICES.length]}.log`), FLEET_LINES, 1000 + i);
    }
  }
  const inputs = expandInputs([inDir]);
  const pattern = parseLabelPattern("host{host}/{service}.log");
  const lines = FLEET_SIZE * FLEET_LINES;
  const dir = join(OUT, "fleet-200.parquet");
  const cores = availableParallelism();
  const runs: Record<string, { wall: number; cpu: number }[]> = { all: [], one: [] };
  for (let k = 0; k < RUNS; k++) {
    for (const [name, threads] of [
      ["all", cores],
      ["one", 1],
    ] as const) {
      await settle();
      rmSync(dir, { recursive: true, force: true });
      const r = await timed(() => exportFleet(inputs, dir, { labelPattern: pattern, threads }));
      if (r.value.failed > 0) throw new Error(`${r.value.failed} traces failed`);
      runs[name].push({ wall: r.wall, cpu: r.cpu });
    }
  }
  const all = median(runs.all.map((r) => r.wall));
  const one = median(runs.one.map((r) => r.wall));
  const allCpu = median(runs.all.map((r) => r.cpu));
  const oneCpu = median(runs.one.map((r) => r.cpu));
  console.log(
    `(g) fleet of ${FLEET_SIZE} traces (${lines.toLocaleString("en")} gc lines, ${mib(dirBytes(inDir))} of text) to a Parquet dataset (${mib(dirBytes(dir))})`,
  );
  console.log(
    `    exportFleet on ${cores} threads: ${sec(all)} wall = ${(all / FLEET_SIZE).toFixed(1)} ms per trace, ${sec(allCpu)} cpu (cpu/wall ${(allCpu / all).toFixed(2)})`,
  );
  console.log(
    `    exportFleet on 1 thread:  ${sec(one)} wall = ${(one / FLEET_SIZE).toFixed(1)} ms per trace, ${sec(oneCpu)} cpu; speed-up ${(one / all).toFixed(2)}x ` +
      `(target: both cores used: ${cores > 1 && one / all > 1.3 ? "met" : "NOT met"})`,
  );
  await settle();
  const q = await timed(async () => {
    const f = await openFleet(dir);
    const a = await f.sql(
      "SELECT service, host, 100 * sum(cpuSweepTermMs + cpuAssistMs + cpuBackgroundMs + cpuMarkTermMs) / (max(timeMs + clockSweepTermMs + clockMarkMs + clockMarkTermMs) * any_value(procs)) AS pct FROM gctrace GROUP BY ALL",
    );
    const b = await f.sql("SELECT service, quantile_cont(pauseMs, 0.99) FROM gctrace GROUP BY ALL");
    const c = await f.sql(
      "SELECT service, median(heapGoalMB / l) FROM (SELECT service, heapGoalMB, lag(heapLiveMB) OVER (PARTITION BY source, run ORDER BY gcNum) AS l FROM gctrace) WHERE l > 0 GROUP BY ALL",
    );
    f.close();
    return a.length + b.length + c.length;
  });
  console.log(`    openFleet + 3 queries of notebook 06: ${sec(q.wall)} wall (${q.value} result rows)`);
  console.log(
    `    peak RSS of this process (worker threads included): ${mib(process.resourceUsage().maxRSS * 1024)}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(
    `bench/fleet: node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${RUNS} runs each, medians`,
  );
  await fleet();
  await parquetExport();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
