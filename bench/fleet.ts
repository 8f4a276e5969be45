/**
 * `npm run bench` (last part, issue 14): the columnar export and the fleet, in one process of its own.
 *
 * (g) A fleet of 200 traces of 5,000 gc lines each (bench/gen-gctrace.ts, modelled on a real go1.19 capture, a
 *     different seed per trace; 1M lines in all, like a day of a service's gctrace per host), in folders
 *     `host<k>/<service>.log` for the label pattern, exported to a Parquet dataset by exportFleet with a worker per
 *     core and with one worker, paired: BENCH_RUNS rounds (default 3), the order swapped every round. Per round the
 *     ratio one / pool; the CPU time over wall time (how many cores were busy); the time per trace; the split of a
 *     trace's job into loadTrace and encoding; the time until the first trace is done (worker start-up). Target:
 *     ingest uses both cores. Then openFleet and three queries of notebook 06, and the process's peak RSS (worker
 *     threads included). The 3-second captures of data/fleet are too small to measure ingest: a few ms each.
 * (f) Parquet export of 1,000,000 gc lines (bench/out/gctrace-1000000-<generator>.txt, the file of bench/parse.ts), BENCH_RUNS
 *     rounds of, in turn: `loadTrace` of the file; the export step `writeParquet(trace, dir)` (every table: the
 *     columns encoded and compressed, the files written) on every core and on one thread; the whole command
 *     `godebug-lab export <file> --format parquet -o <dir>` (its own process: start-up, reading, encoding, writing).
 *     Target: the export step <= 1x loadTrace (wall, the ratio of each round, median); the command is given beside it.
 *     The size of the dataset against the text and `gzip -6` of it (target: <= 1/10 of the text).
 * BENCH_ONLY=f or g runs one of the two. The load average is printed with each round: the machine may be shared.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { writeParquet } from "../src/columnar/dataset";
import { exportFleet } from "../src/fleet/exportFleet";
import { expandInputs } from "../src/fleet/inputs";
import { parseLabelPattern } from "../src/fleet/labels";
import { openFleet } from "../src/fleet/openFleet";
import { loadTrace } from "../src/trace/doors";
import { gctraceBenchFile, generateGctrace } from "./gen-gctrace";

const REPO = join(__dirname, "..", "..");
const OUT = join(REPO, "bench", "out");
const CLI = join(__dirname, "..", "src", "cli", "main.js");
const LINES = 1_000_000;
const FILE = gctraceBenchFile(REPO, LINES);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ONLY = process.env.BENCH_ONLY;
const FLEET_SIZE = 200;
const FLEET_LINES = 5_000;
const SERVICES = ["api", "batch", "cache", "auth", "search"];

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg()[0].toFixed(1);
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

/** The CLI's export of `file` in a process of its own: wall ms, and its peak RSS when /usr/bin/time is there. */
function exportCommand(file: string, dir: string): { wall: number; rss: number | null } {
  const time = existsSync("/usr/bin/time");
  const args = [CLI, "export", file, "--format", "parquet", "-o", dir];
  const t0 = performance.now();
  const r = time
    ? spawnSync("/usr/bin/time", ["-f", "maxrss %M", process.execPath, ...args], { encoding: "utf8" })
    : spawnSync(process.execPath, args, { encoding: "utf8" });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`export command failed: ${r.stderr}`);
  const m = /maxrss (\d+)/.exec(r.stderr ?? "");
  return { wall, rss: m ? Number(m[1]) * 1024 : null };
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
  const cores = availableParallelism();
  const rows: Record<"load" | "all" | "one" | "cmd", { wall: number; cpu: number }[]> = {
    load: [],
    all: [],
    one: [],
    cmd: [],
  };
  let parquetBytes = 0;
  let parts = 0;
  let rss: number | null = null;
  console.log(`(f) Parquet export of ${LINES.toLocaleString("en")} gc lines (${mib(textBytes)} of text)`);
  for (let k = 0; k < RUNS; k++) {
    const loadAvg = load();
    await settle();
    const t = await timed(() => loadTrace(FILE));
    rows.load.push(t);
    for (const [name, threads] of [
      ["all", cores],
      ["one", 1],
    ] as const) {
      await settle();
      rmSync(dir, { recursive: true, force: true });
      const ex = await timed(() => writeParquet(t.value, dir, { threads }));
      rows[name].push(ex);
      parquetBytes = ex.value.reduce((n, p) => n + p.bytes, 0);
      parts = ex.value.length;
    }
    await settle();
    rmSync(dir, { recursive: true, force: true });
    const cmd = exportCommand(FILE, dir);
    rows.cmd.push({ wall: cmd.wall, cpu: Number.NaN });
    rss = cmd.rss ?? rss;
    const r = (x: number) => (x / t.wall).toFixed(2);
    console.log(
      `    round ${k + 1} (load average ${loadAvg}): loadTrace ${sec(t.wall)}; writeParquet ${cores} threads ` +
        `${r(rows.all[k].wall)}x, 1 thread ${r(rows.one[k].wall)}x; command ${r(cmd.wall)}x`,
    );
  }
  const m = (name: keyof typeof rows, f: "wall" | "cpu" = "wall") => median(rows[name].map((x) => x[f]));
  const ratio = (name: keyof typeof rows) => median(rows[name].map((x, k) => x.wall / rows.load[k].wall));
  const all = ratio("all");
  console.log(`    loadTrace:                  ${sec(m("load"))} wall, ${sec(m("load", "cpu"))} cpu`);
  console.log(
    `    writeParquet, ${cores} threads:   ${sec(m("all"))} wall, ${sec(m("all", "cpu"))} cpu; ` +
      `export step / loadTrace ${all.toFixed(2)}x (target <= 1x: ${all <= 1 ? "met" : "NOT met"})`,
  );
  console.log(
    `    writeParquet, 1 thread:     ${sec(m("one"))} wall, ${sec(m("one", "cpu"))} cpu; ${ratio("one").toFixed(2)}x loadTrace`,
  );
  console.log(
    `    export command (whole):     ${sec(m("cmd"))} wall = ${ratio("cmd").toFixed(2)}x loadTrace` +
      `${rss === null ? "" : `, peak RSS ${mib(rss)}`}`,
  );
  console.log(
    `    Parquet ${mib(parquetBytes)} in ${parts} files = 1/${(textBytes / parquetBytes).toFixed(1)} of the text ` +
      `(target <= 1/10: ${parquetBytes * 10 <= textBytes ? "met" : "NOT met"}), ` +
      `${(parquetBytes / gzBytes).toFixed(2)}x gzip -6 (${mib(gzBytes)})`,
  );
  rmSync(dir, { recursive: true, force: true });
}

interface FleetRun {
  wall: number;
  cpu: number;
  firstMs: number;
  jobSeconds: number;
  loadSeconds: number;
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
  const runs: Record<"pool" | "one", FleetRun[]> = { pool: [], one: [] };
  console.log(
    `(g) fleet of ${FLEET_SIZE} traces (${lines.toLocaleString("en")} gc lines, ${mib(dirBytes(inDir))} of text) to a Parquet dataset`,
  );
  for (let k = 0; k < RUNS; k++) {
    const loadAvg = load();
    const order = k % 2 === 0 ? (["pool", "one"] as const) : (["one", "pool"] as const);
    for (const name of order) {
      await settle();
      rmSync(dir, { recursive: true, force: true });
      const t0 = performance.now();
      let firstMs = 0;
      const r = await timed(() =>
        exportFleet(inputs, dir, {
          labelPattern: pattern,
          threads: name === "pool" ? cores : 1,
          onFile: (_r, done) => {
            if (done === 1) firstMs = performance.now() - t0;
          },
        }),
      );
      if (r.value.failed > 0) throw new Error(`${r.value.failed} traces failed`);
      const ok = r.value.files.flatMap((f) => (f.ok ? [f] : []));
      runs[name].push({
        wall: r.wall,
        cpu: r.cpu,
        firstMs,
        jobSeconds: ok.reduce((n, f) => n + f.seconds, 0),
        loadSeconds: ok.reduce((n, f) => n + f.loadSeconds, 0),
      });
    }
    const p = runs.pool[k];
    const o = runs.one[k];
    console.log(
      `    round ${k + 1} (load average ${loadAvg}, ${order.join(" then ")}): ${cores} workers ${sec(p.wall)} ` +
        `(cpu/wall ${(p.cpu / p.wall).toFixed(2)}), 1 worker ${sec(o.wall)} (cpu/wall ${(o.cpu / o.wall).toFixed(2)}): ` +
        `speed-up ${(o.wall / p.wall).toFixed(2)}x`,
    );
  }
  const m = (name: "pool" | "one", f: keyof FleetRun) => median(runs[name].map((x) => x[f]));
  const speedup = median(runs.pool.map((p, k) => runs.one[k].wall / p.wall));
  for (const [name, label] of [
    ["pool", `${cores} workers`],
    ["one", "1 worker "],
  ] as const) {
    const job = m(name, "jobSeconds") / FLEET_SIZE;
    const loadShare = m(name, "loadSeconds") / m(name, "jobSeconds");
    console.log(
      `    exportFleet, ${label}: ${sec(m(name, "wall"))} wall = ${(m(name, "wall") / FLEET_SIZE).toFixed(1)} ms per trace, ` +
        `${sec(m(name, "cpu"))} cpu (cpu/wall ${(m(name, "cpu") / m(name, "wall")).toFixed(2)}); a trace's job ` +
        `${(job * 1000).toFixed(1)} ms (${Math.round(loadShare * 100)} % loadTrace, the rest encoding); ` +
        `first trace done after ${sec(m(name, "firstMs"))}`,
    );
  }
  console.log(
    `    speed-up of ${cores} workers over 1 (median of the rounds' ratios): ${speedup.toFixed(2)}x ` +
      `(target: both cores used: ${cores > 1 && speedup >= 1.3 ? "met" : "NOT met"})`,
  );
  console.log(`    dataset: ${mib(dirBytes(dir))}`);
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
      .join(" ")}; ${RUNS} rounds, medians`,
  );
  if (ONLY !== "f") await fleet();
  if (ONLY !== "g") await parquetExport();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
