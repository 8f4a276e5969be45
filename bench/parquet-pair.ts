/**
 * The Parquet export of two builds, paired in one process: `node --expose-gc dist-bench/bench/parquet-pair.js
 * <rootA> <rootB> [rounds]` loads the bench's 1M-line file (bench/out/gctrace-1000000-<generator>.txt, made by
 * `npm run bench`) with B's `loadTrace` each round, then times A's and B's `writeParquet` of that same trace on every
 * core and on one thread, the order swapped each round. Prints each round (wall / CPU of all threads, dataset size)
 * and the median of the ratios B/A: on a shared machine the builds' speed drifts together, so a ratio of two runs made
 * a moment apart holds where absolute times do not. Used for "A Parquet writer of our own" in bench/README.md
 * (A: main at the start of session 5, apache-arrow + parquet-wasm; B: our own writer).
 */
import { rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { gctraceBenchFile } from "./gen-gctrace";

const REPO = join(__dirname, "..", "..");
const FILE = gctraceBenchFile(REPO, 1_000_000);

interface Api {
  loadTrace(path: string): Promise<unknown>;
  writeParquet(trace: unknown, dir: string, opts?: { threads?: number }): Promise<{ bytes: number }[]>;
}

const cpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

async function timed(api: Api, trace: unknown, threads: number | undefined) {
  const dir = join(tmpdir(), `godebug-lab-parquet-pair-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  (globalThis as { gc?: () => void }).gc?.();
  const [t, c] = [performance.now(), cpuSeconds()];
  const parts = await api.writeParquet(trace, dir, { threads });
  const out = { wall: (performance.now() - t) / 1000, cpu: cpuSeconds() - c, mib: 0 };
  out.mib = parts.reduce((n, p) => n + p.bytes, 0) / 2 ** 20;
  rmSync(dir, { recursive: true, force: true });
  return out;
}

async function main(): Promise<void> {
  const [rootA, rootB, rounds = "3"] = process.argv.slice(2);
  if (rootB === undefined) throw new Error("usage: parquet-pair.js <rootA> <rootB> [rounds]");
  const A = require(resolve(rootA, "dist", "index.js")) as Api;
  const B = require(resolve(rootB, "dist", "index.js")) as Api;
  const ratios: Record<string, number[]> = { "2 threads": [], "1 thread": [] };
  for (let r = 0; r < Number(rounds); r++) {
    const trace = await B.loadTrace(FILE);
    const line: string[] = [];
    for (const [label, threads] of [
      ["2 threads", undefined],
      ["1 thread", 1],
    ] as const) {
      const order = r % 2 === 0 ? [A, B] : [B, A];
      const [first, second] = [await timed(order[0], trace, threads), await timed(order[1], trace, threads)];
      const [a, b] = r % 2 === 0 ? [first, second] : [second, first];
      ratios[label].push(b.wall / a.wall);
      line.push(
        `${label}: A ${a.wall.toFixed(2)} s / ${a.cpu.toFixed(2)} cpu, ${a.mib.toFixed(1)} MiB; ` +
          `B ${b.wall.toFixed(2)} s / ${b.cpu.toFixed(2)} cpu, ${b.mib.toFixed(1)} MiB`,
      );
    }
    console.log(`round ${r + 1} (load average ${loadavg()[0].toFixed(1)}): ${line.join(" | ")}`);
  }
  for (const [label, v] of Object.entries(ratios)) {
    const sorted = [...v].sort((x, y) => x - y);
    console.log(
      `B/A, ${label}, wall: median ${sorted[sorted.length >> 1].toFixed(2)}x (${v.map((x) => x.toFixed(2)).join(", ")})`,
    );
  }
  process.exit(0); // idle encode workers are unreferenced, but say so
}

void main();
